import { View } from '@tarojs/components';
import { AppButton, Card, EmptyState, Loading, Page } from '../../components';
import { AuthorizerList, useAuthorizers } from '../../features/family';
import { useRequireLogin } from '../../lib/use-require-login';

/** 可使用的共济账户: relatives' accounts that pay for me once my own is empty, and their order. */
export default function AuthorizersPage() {
  const loggedIn = useRequireLogin();
  return <Page>{loggedIn && <AuthorizersView />}</Page>;
}

function AuthorizersView() {
  const { state, saving, changed, move, save, reload } = useAuthorizers();

  if (state.status === 'loading') {
    return (
      <Card>
        <Loading />
      </Card>
    );
  }
  if (state.status === 'error') {
    return (
      <Card>
        <EmptyState
          testId="authorizers-error"
          title="共济账户加载失败"
          description={state.error.message}
          action={{ text: '重新加载', onClick: () => void reload() }}
        />
      </Card>
    );
  }
  if (state.order.length === 0) {
    return (
      <Card>
        <EmptyState
          testId="authorizers-empty"
          title="暂无可使用的共济账户"
          description="需由参加北京职工医保的近亲属（配偶、父母、子女等）在其「共济办理」中添加您为共济亲属后，其个账才能为您支付。"
        />
      </Card>
    );
  }
  return (
    <>
      <View className="tip" data-testid="authorizers-rule">
        本人个账余额为零时才使用共济账户：就医结算先扣本人个账，再按以下顺序使用亲属的个账。
      </View>
      <AuthorizerList order={state.order} disabled={saving} onMove={move} />
      {state.order.length > 1 && (
        <View className="actions">
          <AppButton
            type="primary"
            disabled={!changed}
            loading={saving}
            onClick={() => void save()}
            testId="save-order"
          >
            保存顺序
          </AppButton>
        </View>
      )}
    </>
  );
}
