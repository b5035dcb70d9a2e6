import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { breakCostText, formatFen, type PolicyView } from '@puhui/shared';
import { newIdempotencyKey, type ApiError } from '../../../lib/request';
import { cancelPolicy, setAutoRenew } from '../api';
import { describePasswordRefusal } from '../renewal';
import { askForNotices } from '../../../lib/subscribe';

/** Where switching 次年自动投保缴费 on stands: reading the consent, then typing the password. */
export type SwitchOnStep = { policy: PolicyView; step: 'consent' | 'password'; error: string | null } | null;

/**
 * The payer's actions in 我的保单: auto-renew off after one confirmation that says what a break in
 * 连续参保 costs (product.md §5); on after the consent wording and the
 * 个账 password; 退保 of an auto-renewed policy after a confirmation.
 */
export function usePolicyActions(onUpdated: (policy: PolicyView) => void, onCancelled: () => void) {
  const [switchOn, setSwitchOn] = useState<SwitchOnStep>(null);
  const [busyPolicyNo, setBusyPolicyNo] = useState<string | null>(null);
  const busy = useRef(false);

  async function run(policyNo: string, action: () => Promise<void>) {
    if (busy.current) return;
    busy.current = true;
    setBusyPolicyNo(policyNo);
    try {
      await action();
    } finally {
      busy.current = false;
      setBusyPolicyNo(null);
    }
  }

  function toggle(policy: PolicyView) {
    if (!policy.autoRenew) {
      setSwitchOn({ policy, step: 'consent', error: null });
      return;
    }
    void switchOff(policy);
  }

  async function switchOff(policy: PolicyView) {
    const { confirm } = await Taro.showModal({
      title: '关闭次年自动投保缴费',
      content: breakCostText(policy.continuousYears),
      confirmText: '确认关闭',
      cancelText: '保持开通',
    });
    if (!confirm) return;
    await run(policy.policyNo, async () => {
      try {
        onUpdated(await setAutoRenew(policy.policyNo, { enabled: false }));
        Taro.showToast({ title: '已关闭', icon: 'success' });
      } catch {
        // Toasted by request().
      }
    });
  }

  function agree() {
    void askForNotices(); // 订阅消息 for the renewal notice (lib/subscribe.ts)
    setSwitchOn((current) => current && { ...current, step: 'password' });
  }

  function dismiss() {
    setSwitchOn(null);
  }

  /** Called by the keypad at the sixth digit: true when switched on, false to type again. */
  async function submitPassword(password: string): Promise<boolean> {
    if (!switchOn) return false;
    const { policy } = switchOn;
    try {
      onUpdated(await setAutoRenew(policy.policyNo, { enabled: true, password }));
      setSwitchOn(null);
      Taro.showToast({ title: '已开通', icon: 'success' });
      return true;
    } catch (caught) {
      const error = caught as ApiError;
      if (error.code === 'PASSWORD_INCORRECT' || error.code === 'PASSWORD_LOCKED') {
        setSwitchOn({ policy, step: 'password', error: describePasswordRefusal(error) });
        return false;
      }
      // BINDING_ENDED, AUTO_RENEW_NOT_ALLOWED …: typing again would not help.
      setSwitchOn(null);
      Taro.showToast({ title: error.message, icon: 'none', duration: 3000 });
      return false;
    }
  }

  async function cancel(policy: PolicyView) {
    const where =
      policy.paymentMethod === 'WECHAT_PAY'
        ? '原路退回您的微信支付（付款时的零钱或银行卡）'
        : '全额退回缴费人的医保个人账户';
    const { confirm } = await Taro.showModal({
      title: '确认退保',
      content: `退保后保单 ${policy.policyNo} 立即终止，保费 ${formatFen(policy.premiumFen)} ${where}。`,
      confirmText: '确认退保',
      confirmColor: '#c93030',
    });
    if (!confirm) return;
    // One key per confirmation: a retried request cannot refund twice.
    const key = newIdempotencyKey();
    await run(policy.policyNo, async () => {
      try {
        const { refund } = await cancelPolicy(policy.policyNo, key);
        Taro.showToast({
          title:
            refund.method === 'WECHAT_PAY'
              ? `已退保，${formatFen(refund.amountFen)} 退款处理中`
              : `已退保，${formatFen(refund.amountFen)} 已退回个账`,
          icon: 'none',
          duration: 3000,
        });
        onCancelled();
      } catch {
        // Toasted by request().
      }
    });
  }

  return { switchOn, busyPolicyNo, toggle, agree, dismiss, submitPassword, cancel };
}
