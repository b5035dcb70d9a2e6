import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { PAGES } from '../../../lib/pages';
import type { ApiError } from '../../../lib/request';
import { useAsync } from '../../../lib/use-async';
import { fetchOrder, sandboxWechatPay } from '../api';
import { clearDraft } from '../draft';
import { waitUntilPaid } from '../payment-status';

/**
 * The sandbox cashier: the order's amount, then 确认支付 → the WeChat Pay emulator notifies the server →
 * wait for PAID → the result page (in place of the cashier, so 返回 does not come back here).
 */
export function useCashier(orderId: string, prepayId: string) {
  const order = useAsync(() => fetchOrder(orderId));
  const [paying, setPaying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);

  async function pay() {
    if (inFlight.current) return;
    inFlight.current = true;
    setPaying(true);
    setError(null);
    try {
      await sandboxWechatPay(prepayId);
    } catch (caught) {
      setError(`${(caught as ApiError).message}。请重新点击“确认支付”，不会重复扣款。`);
      inFlight.current = false;
      setPaying(false);
      return;
    }
    // Paid: whatever the wait answers, the result page shows the order as it stands (or 确认中).
    await waitUntilPaid(orderId).catch(() => undefined);
    clearDraft();
    await Taro.redirectTo({ url: `${PAGES.enrolResult}?orderId=${orderId}` });
  }

  return { order, paying, error, pay };
}
