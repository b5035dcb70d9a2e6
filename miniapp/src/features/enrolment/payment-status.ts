import type { OrderView } from '@puhui/shared';
import { fetchOrder } from './api';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * After WeChat Pay: the order turns PAID when the gateway's notification arrives, which may take a
 * moment. Asks a few times, a second apart, and answers the order as it stands then (the result page
 * says 确认中 and offers a refresh if it is still pending).
 */
export async function waitUntilPaid(orderId: string, attempts = 5, intervalMs = 1000): Promise<OrderView> {
  let order = await fetchOrder(orderId);
  for (let attempt = 1; attempt < attempts && order.status === 'PENDING_PAYMENT'; attempt++) {
    await delay(intervalMs);
    order = await fetchOrder(orderId);
  }
  return order;
}
