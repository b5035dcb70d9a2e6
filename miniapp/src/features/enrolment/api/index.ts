import {
  ROUTES,
  type AccountResponse,
  type BindingView,
  type CreateOrderRequest,
  type MeResponse,
  type OrderResponse,
  type OrderView,
  type PayOrderResponse,
  type QuoteRequest,
  type QuoteResponse,
} from '@puhui/shared';
import { request } from '../../../lib/request';

/** The browser build's stand-in for WeChat's cashier (served only when the sandbox gateway is on). */
const SANDBOX_WECHAT_PAY = '/sandbox/wechat/pay';

export function fetchMe(): Promise<MeResponse> {
  return request<MeResponse>(ROUTES.me, { silent: true });
}

/** Relatives I bound (家庭共济); only ACTIVE ones can be insured by `{bindingId}`. */
export function fetchRelatives(): Promise<BindingView[]> {
  return request<BindingView[]>(ROUTES.relatives, { silent: true });
}

/** Refusals (a person not found, 投保已截止…) are shown in the page, so no toast. */
export function quote(body: QuoteRequest): Promise<QuoteResponse> {
  return request<QuoteResponse>(ROUTES.quote, { method: 'POST', body, silent: true, loading: '正在核验' });
}

/** The same quote asked quietly for the picker's rows (who is 已投保 already), without a loading toast. */
export function quoteQuietly(body: QuoteRequest): Promise<QuoteResponse> {
  return request<QuoteResponse>(ROUTES.quote, { method: 'POST', body, silent: true });
}

export async function createOrder(body: CreateOrderRequest, idempotencyKey: string): Promise<OrderView> {
  const { order } = await request<OrderResponse>(ROUTES.orders, {
    method: 'POST',
    body,
    idempotencyKey,
    silent: true,
    loading: '正在下单',
  });
  return order;
}

/** 个账 with the payment password, or WeChat Pay with `{}` (answers the prepay). */
export function payOrder(
  orderId: string,
  body: { password?: string },
  idempotencyKey: string,
): Promise<PayOrderResponse> {
  return request<PayOrderResponse>(ROUTES.payOrder(orderId), {
    method: 'POST',
    body,
    idempotencyKey,
    silent: true,
  });
}

export async function fetchOrder(orderId: string): Promise<OrderView> {
  return (await request<OrderResponse>(ROUTES.order(orderId), { silent: true })).order;
}

export function sandboxWechatPay(prepayId: string): Promise<{ delivered: boolean }> {
  return request<{ delivered: boolean }>(SANDBOX_WECHAT_PAY, {
    method: 'POST',
    body: { prepayId },
    silent: true,
    loading: '支付中',
  });
}

export function fetchBalance(): Promise<AccountResponse> {
  return request<AccountResponse>(ROUTES.account, { silent: true });
}
