import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Page } from '../../components';
import { PasswordKeypad } from '../../components/PasswordKeypad';
import {
  AutoRenewConsent,
  PolicyList,
  useFamilyLinks,
  usePolicies,
  usePolicyActions,
} from '../../features/policies';
import { usePageData } from '../../lib/use-page-data';
import { useRequireLogin } from '../../lib/use-require-login';

/** 我的保单: policies I applied for, paid for, or am covered by; the payer's 次年自动投保缴费 and 退保. */
export default function PoliciesPage() {
  const loggedIn = useRequireLogin();
  return <Page>{loggedIn && <PoliciesView />}</Page>;
}

function PoliciesView() {
  const { data, error, loading, reload, update } = usePolicies();
  const actions = usePolicyActions(update, () => void reload());
  const { switchOn } = actions;
  const links = useFamilyLinks();
  usePageData(() => void links.reload());
  usePullDownRefresh(async () => {
    await Promise.all([reload(), links.reload()]);
    Taro.stopPullDownRefresh();
  });
  return (
    <>
      <PolicyList
        policies={data}
        loading={loading}
        error={error}
        onRetry={() => void reload()}
        onToggleAutoRenew={actions.toggle}
        onCancel={(policy) => void actions.cancel(policy)}
        busyPolicyNo={actions.busyPolicyNo}
        bindingEnded={links.bindingEnded}
      />
      {switchOn?.step === 'consent' && (
        <AutoRenewConsent policy={switchOn.policy} onAgree={actions.agree} onDismiss={actions.dismiss} />
      )}
      {switchOn?.step === 'password' && (
        <PasswordKeypad
          amountFen={switchOn.policy.premiumFen}
          subtitle={`开通次年自动投保缴费（本次不扣费）· 被保险人 ${switchOn.policy.insured.person.name}`}
          error={switchOn.error}
          onSubmit={actions.submitPassword}
          onClose={actions.dismiss}
        />
      )}
    </>
  );
}
