import type { PropsWithChildren } from 'react';
import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import type { PrivacyDocumentKind } from '@puhui/shared';
import { AppButton, Card, EmptyState, Loading } from '../../../components';
import { openPage } from '../../../lib/navigation';
import { PAGES } from '../../../lib/pages';
import { useConsentGate } from '../hooks/use-consent-gate';
import { PrivacyText } from './PrivacyText';
import './privacy.css';

/**
 * The separate consent before the first collection (PIPL arts. 29–31): the texts in full, an agree
 * button and a decline that leaves; `children` (the form that collects) only once each is given.
 */
export function ConsentGate({
  kinds,
  onAgreed,
  children,
}: PropsWithChildren<{ kinds: readonly PrivacyDocumentKind[]; onAgreed?: () => void }>) {
  const gate = useConsentGate(kinds);
  if (gate.state.status === 'given') return <>{children}</>;
  if (gate.state.status === 'loading')
    return (
      <Card>
        <Loading />
      </Card>
    );
  if (gate.state.status === 'error')
    return (
      <Card>
        <EmptyState
          title="加载失败"
          description={gate.state.message}
          action={{ text: '重新加载', onClick: () => void gate.reload() }}
        />
      </Card>
    );
  return (
    <View data-testid="consent-gate">
      <Card title="请阅读并同意">
        <View className="privacy-intro">
          办理前需要您的单独同意。我们只为下列目的处理您的信息，您可随时在 个人中心-我的信息 撤回。
        </View>
        {gate.state.missing.map((doc) => (
          <PrivacyText key={doc.kind} doc={doc} />
        ))}
        <View
          className="privacy-link"
          data-testid="consent-read-policy"
          onClick={() => openPage(PAGES.privacyPolicy)}
        >
          阅读完整的《隐私保护指引》
        </View>
      </Card>
      <View className="actions">
        <AppButton
          type="primary"
          loading={gate.busy}
          testId="consent-agree"
          onClick={() => void gate.agree().then(() => onAgreed?.())}
        >
          同意并继续
        </AppButton>
        <AppButton testId="consent-decline" onClick={() => void Taro.navigateBack().catch(() => undefined)}>
          暂不同意
        </AppButton>
      </View>
    </View>
  );
}
