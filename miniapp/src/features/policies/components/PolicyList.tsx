import Taro from '@tarojs/taro';
import type { PolicyView } from '@puhui/shared';
import { Card, EmptyState, Loading } from '../../../components';
import { PAGES } from '../../../lib/pages';
import type { ApiError } from '../../../lib/request';
import { PolicyCard } from './PolicyCard';
import './policies.css';

interface PolicyListProps {
  policies: PolicyView[] | undefined;
  loading: boolean;
  error: ApiError | undefined;
  onRetry: () => void;
  /** 我的保单's actions (see PolicyCard); the policy being switched or cancelled, if any. */
  onToggleAutoRenew?: (policy: PolicyView) => void;
  onCancel?: (policy: PolicyView) => void;
  busyPolicyNo?: string | null;
  /** See useFamilyLinks. */
  bindingEnded?: (policy: PolicyView) => boolean;
}

/** 我的保单 with its loading, empty (去投保) and error states. */
export function PolicyList({
  policies,
  loading,
  error,
  onRetry,
  onToggleAutoRenew,
  onCancel,
  busyPolicyNo,
  bindingEnded,
}: PolicyListProps) {
  if (!policies && loading) {
    return (
      <Card>
        <Loading text="正在加载保单…" />
      </Card>
    );
  }
  if (error) {
    return (
      <Card testId="policies-error">
        <EmptyState
          title="保单加载失败"
          description={error.message}
          action={{ text: '重新加载', onClick: onRetry, testId: 'policies-retry' }}
        />
      </Card>
    );
  }
  if (!policies || policies.length === 0) {
    return (
      <Card testId="policies-empty">
        <EmptyState
          title="暂无保单"
          description="为自己和家人投保北京普惠健康保，保单会显示在这里"
          action={{
            text: '去投保',
            onClick: () => Taro.switchTab({ url: PAGES.enroll }),
            testId: 'policies-enrol',
          }}
        />
      </Card>
    );
  }
  return (
    <>
      {policies.map((policy) => (
        <PolicyCard
          key={policy.policyNo}
          policy={policy}
          onToggleAutoRenew={onToggleAutoRenew}
          onCancel={onCancel}
          busy={busyPolicyNo === policy.policyNo}
          bindingEnded={bindingEnded?.(policy)}
        />
      ))}
    </>
  );
}
