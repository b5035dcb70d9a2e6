import type { OrderView } from '@puhui/shared';
import { useAsync } from '../../../lib/use-async';
import { fetchBalance, fetchOrder } from '../api';

export interface OrderResult {
  order: OrderView;
  /** The 个账 balance after a 个账 payment; null for WeChat Pay or when it could not be read. */
  balanceFen: number | null;
}

async function loadResult(orderId: string): Promise<OrderResult> {
  const order = await fetchOrder(orderId);
  const paidFromAccount = order.status === 'PAID' && order.paymentMethod === 'PERSONAL_ACCOUNT';
  const balanceFen = paidFromAccount
    ? await fetchBalance().then(
        (a) => a.balanceFen,
        () => null,
      )
    : null;
  return { order, balanceFen };
}

/** 投保结果: the order with its policies, and the balance left for a 个账 payment. */
export function useOrderResult(orderId: string) {
  return useAsync(() => loadResult(orderId));
}
