import { useShareAppMessage, useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { Card, EmptyState, Loading, Page } from '../../components';
import {
  ContentLinks,
  PolicyDocumentCard,
  ShareLink,
  usePolicyDocument,
} from '../../features/product/content-pages';
import { PAGES } from '../../lib/pages';
import { useRequireLogin } from '../../lib/use-require-login';

/** 电子保单 (我的保单 and the purchase result): one policy's document, shareable within the app. */
export default function PolicyDocumentPage() {
  const loggedIn = useRequireLogin();
  const { policyNo } = useRouter().params;
  const path = `${PAGES.policyDocument}?policyNo=${encodeURIComponent(policyNo ?? '')}`;
  // Shared inside WeChat: the receiver opens the same page and sees it if they are on the policy.
  useShareAppMessage(() => ({ title: '北京普惠健康保 电子保单', path }));
  return <Page>{loggedIn && <PolicyDocumentView policyNo={policyNo} path={path} />}</Page>;
}

function PolicyDocumentView({ policyNo, path }: { policyNo?: string; path: string }) {
  const state = usePolicyDocument(policyNo);
  switch (state.status) {
    case 'loading':
      return (
        <Card>
          <Loading text="正在加载电子保单…" />
        </Card>
      );
    case 'not-found':
      return (
        <Card testId="policy-doc-missing">
          <EmptyState
            title="未找到该保单"
            description="电子保单仅投保人、缴费人和被保险人可以查看。请登录本人账号，或在“我的保单”中查看。"
          />
        </Card>
      );
    case 'error':
      return (
        <Card testId="policy-doc-error">
          <EmptyState
            title={state.message}
            description="请检查网络后重新加载。"
            action={{ text: '重新加载', onClick: state.retry, testId: 'policy-doc-retry' }}
          />
        </Card>
      );
    case 'ready':
      return (
        <>
          <PolicyDocumentCard policy={state.policy} />
          <View className="actions">
            <ShareLink path={path} testId="policy-doc-share" />
          </View>
          <ContentLinks
            code={state.policy.productCode}
            links={['cover', 'claims', 'terms']}
            testIdPrefix="policy-doc-link"
          />
        </>
      );
  }
}
