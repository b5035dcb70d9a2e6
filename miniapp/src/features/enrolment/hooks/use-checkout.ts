import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import type { OrderView, PaymentMethod, QuoteItem } from '@puhui/shared';
import { PAGES } from '../../../lib/pages';
import { ApiError, newIdempotencyKey } from '../../../lib/request';
import { createOrder, payOrder } from '../api';
import { clearDraft, type EnrolmentDraft, type PickedInsured } from '../draft';
import { describePayRefusal, type PayProblem } from '../pay-refusal';
import { personalAccountUnavailableReason } from '../payment-rules';
import { waitUntilPaid } from '../payment-status';
import { askForNotices } from '../../../lib/subscribe';

/** One line of the quote with the person as the applicant picked them. */
export interface QuotedInsured {
  item: QuoteItem;
  picked: PickedInsured;
}

/**
 * An order created by 确认支付, kept while the choices it was made for stand, so that closing the
 * password keypad and tapping again pays the same order. `payKey` is its payment's Idempotency-Key:
 * a retry after a lost answer or a corrected password cannot pay twice.
 */
interface PendingOrder {
  view: OrderView;
  choice: string;
  payKey: string;
}

const resultUrl = (orderId: string) => `${PAGES.enrolResult}?orderId=${orderId}`;

/**
 * The confirm page: payment method, 次年自动投保缴费 per person (个账 only, unticked by default),
 * 投保须知, then 确认支付 → order → 个账 password or WeChat Pay. One request at a time: taps while one
 * runs are ignored.
 */
export function useCheckout(draft: EnrolmentDraft) {
  const quoted: QuotedInsured[] = draft.quote.items.map((item, index) => ({
    item,
    picked: draft.insured[index],
  }));
  const eligible = quoted.filter(({ item }) => item.eligible);
  const accountUnavailable = personalAccountUnavailableReason(
    draft.applicant,
    eligible.map(({ item }) => item),
  );
  const personalAccountOffered = eligible.length > 0 && accountUnavailable === null;

  const [method, setMethod] = useState<PaymentMethod>(
    personalAccountOffered ? 'PERSONAL_ACCOUNT' : 'WECHAT_PAY',
  );
  const [autoRenew, setAutoRenew] = useState<ReadonlySet<string>>(() => new Set());
  const [accepted, setAccepted] = useState(false);
  const [termsMissing, setTermsMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [keypadOpen, setKeypadOpen] = useState(false);
  const [problem, setProblem] = useState<PayProblem | null>(null);
  const inFlight = useRef(false);
  const pending = useRef<PendingOrder | null>(null);

  // 次年自动投保缴费 is a 个账 feature; the ticks only count while 个账 is chosen.
  const renewing =
    method === 'PERSONAL_ACCOUNT' ? eligible.filter(({ item }) => autoRenew.has(item.person.id)) : [];
  const choice = `${method}|${renewing.map(({ item }) => item.person.id).join(',')}`;

  function chooseMethod(next: PaymentMethod) {
    if (next === 'PERSONAL_ACCOUNT' && !personalAccountOffered) return;
    setMethod(next);
    setProblem(null);
  }

  function toggleAutoRenew(personId: string) {
    setAutoRenew((previous) => {
      const next = new Set(previous);
      if (next.has(personId)) next.delete(personId);
      else next.add(personId);
      return next;
    });
  }

  function toggleAccepted() {
    setAccepted(!accepted);
    setTermsMissing(false);
  }

  function refuse(error: unknown) {
    const described = describePayRefusal(error as ApiError);
    if (described.orderSpent) pending.current = null;
    setProblem(described);
    return described;
  }

  /** The order for the current choices: the one made before, or a new one (one key per tap). */
  async function orderForChoice(): Promise<PendingOrder> {
    if (pending.current?.choice === choice) return pending.current;
    const view = await createOrder(
      {
        productCode: draft.product.code,
        insured: eligible.map(({ picked }) => picked.ref),
        paymentMethod: method,
        autoRenew: renewing.map(({ item }) => item.person.id),
      },
      newIdempotencyKey(),
    );
    pending.current = { view, choice, payKey: newIdempotencyKey() };
    return pending.current;
  }

  async function payWithWechat(order: PendingOrder) {
    const { prepay } = await payOrder(order.view.id, {}, order.payKey);
    if (!prepay) throw new ApiError('HTTP_ERROR', 0, '未获取到微信支付信息，请稍后重试');
    if (process.env.TARO_ENV === 'h5') {
      // The browser build has no WeChat: its sandbox cashier page stands in.
      await Taro.navigateTo({
        url: `${PAGES.enrolCashier}?orderId=${order.view.id}&prepayId=${encodeURIComponent(prepay.prepayId)}`,
      });
      return;
    }
    try {
      await Taro.requestPayment({
        timeStamp: prepay.timeStamp,
        nonceStr: prepay.nonceStr,
        package: prepay.package,
        signType: prepay.signType,
        paySign: prepay.paySign,
      });
    } catch {
      setProblem({
        code: 'HTTP_ERROR',
        title: '支付未完成',
        message: '微信支付已取消或未成功，未扣款。可重新点击“确认支付”。',
        remedies: ['RETRY'],
        orderSpent: false,
      });
      return;
    }
    // Paid: whatever the wait answers, the result page shows the order as it stands (or 确认中).
    await waitUntilPaid(order.view.id).catch(() => undefined);
    clearDraft();
    await Taro.redirectTo({ url: resultUrl(order.view.id) });
  }

  /** 确认支付. */
  async function confirm() {
    if (inFlight.current || eligible.length === 0) return;
    if (!accepted) {
      setTermsMissing(true);
      Taro.showToast({ title: '请先阅读并同意投保须知', icon: 'none' });
      return;
    }
    inFlight.current = true;
    setBusy(true);
    setProblem(null);
    try {
      await askForNotices(); // 订阅消息 for the renewal notice and the payment result (lib/subscribe.ts)
      const order = await orderForChoice();
      if (method === 'PERSONAL_ACCOUNT') setKeypadOpen(true);
      else await payWithWechat(order);
    } catch (error) {
      refuse(error);
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  /**
   * The keypad's 6 digits. True when paid (the result page opens); false to clear the digits for
   * another try (wrong password) or after the keypad closed on a refusal shown in the page.
   */
  async function submitPassword(password: string): Promise<boolean> {
    const order = pending.current;
    if (!order || inFlight.current) return false;
    inFlight.current = true;
    try {
      await payOrder(order.view.id, { password }, order.payKey);
      clearDraft();
      await Taro.redirectTo({ url: resultUrl(order.view.id) });
      return true;
    } catch (error) {
      if (refuse(error).code !== 'PASSWORD_INCORRECT') setKeypadOpen(false);
      return false;
    } finally {
      inFlight.current = false;
    }
  }

  return {
    quoted,
    eligible,
    totalFen: draft.quote.totalFen,
    personalAccountOffered,
    accountUnavailable,
    method,
    chooseMethod,
    autoRenew,
    toggleAutoRenew,
    accepted,
    toggleAccepted,
    termsMissing,
    busy,
    confirm,
    keypadOpen,
    closeKeypad: () => setKeypadOpen(false),
    submitPassword,
    problem,
  };
}
