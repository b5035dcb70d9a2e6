import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Card, EmptyState, Loading, Page } from '../../components';
import { RelativeSummary, SpendingList, useBinding, useSpending, useUnbind } from '../../features/family';
import { useRequireLogin } from '../../lib/use-require-login';

/** 共济消费记录 of one relative I bound, and 解除绑定. */
export default function SpendingPage() {
  const loggedIn = useRequireLogin();
  const bindingId = useRouter().params.bindingId;
  if (!loggedIn) return <Page />;
  return (
    <Page>
      {bindingId ? (
        <SpendingView bindingId={bindingId} />
      ) : (
        <Card>
          <EmptyState
            testId="family-not-found"
            title="未找到该共济亲属"
            description="请返回共济办理重新选择"
          />
        </Card>
      )}
    </Page>
  );
}

function SpendingView({ bindingId }: { bindingId: string }) {
  const binding = useBinding(bindingId);
  const spending = useSpending(bindingId);
  const { unbinding, unbind } = useUnbind(() => void binding.reload());

  useReachBottom(() => {
    if (!spending.error) spending.loadMore();
  });
  usePullDownRefresh(async () => {
    await Promise.all([binding.reload(), spending.reload()]);
    Taro.stopPullDownRefresh();
  });

  return (
    <>
      {binding.data ? (
        <RelativeSummary
          binding={binding.data}
          unbinding={unbinding}
          onUnbind={() => void unbind(binding.data!)}
        />
      ) : (
        <Card>
          {binding.error ? (
            <EmptyState
              testId="family-relative-error"
              title="共济亲属信息加载失败"
              description={binding.error.message}
              action={{ text: '重新加载', onClick: () => void binding.reload() }}
            />
          ) : (
            <Loading />
          )}
        </Card>
      )}
      <SpendingList
        items={spending.items}
        loaded={spending.loaded}
        loadingMore={spending.loadingMore}
        hasMore={spending.hasMore}
        error={spending.error}
        onLoadMore={spending.loadMore}
        onRetry={() => void spending.reload()}
      />
    </>
  );
}
