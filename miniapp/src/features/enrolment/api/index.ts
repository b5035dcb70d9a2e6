import {
  API,
  type AccountResponse,
  type BindingView,
  type CreateOrderRequest,
  type MeResponse,
  type OrderView,
  type PayOrderRequest,
  type PayOrderResponse,
  type QuoteRequest,
  type QuoteResponse,
  type SandboxPayResponse,
} from '@puhui/shared';
import { call } from '../../../lib/request';

export function fetchMe(): Promise<MeResponse> {
  return call(API.me, { silent: true });
}

/** Relatives I bound (家庭共济); only ACTIVE ones can be insured by `{bindingId}`. */
export function fetchRelatives(): Promise<BindingView[]> {
  return call(API.listRelatives, { silent: true });
}

/** Refusals (a person not found, 投保已截止…) are shown in the page, so no toast. */
export function quote(body: QuoteRequest): Promise<QuoteResponse> {
  return call(API.quote, { body, silent: true, loading: '正在核验' });
}

/** The same quote asked quietly for the picker's rows (who is 已投保 already), without a loading toast. */
export function quoteQuietly(body: QuoteRequest): Promise<QuoteResponse> {
  return call(API.quote, { body, silent: true });
}

export async function createOrder(body: CreateOrderRequest, idempotencyKey: string): Promise<OrderView> {
  const { order } = await call(API.createOrder, { body, idempotencyKey, silent: true, loading: '正在下单' });
  return order;
}

/** 个账 with the payment password, or WeChat Pay with `{}` (answers the prepay). */
export function payOrder(
  orderId: string,
  body: PayOrderRequest,
  idempotencyKey: string,
): Promise<PayOrderResponse> {
  return call(API.payOrder, { params: { id: orderId }, body, idempotencyKey, silent: true });
}

export async function fetchOrder(orderId: string): Promise<OrderView> {
  return (await call(API.getOrder, { params: { id: orderId }, silent: true })).order;
}

/** The browser build's stand-in for WeChat's cashier (served only when the sandbox gateway is on). */
export function sandboxWechatPay(prepayId: string): Promise<SandboxPayResponse> {
  return call(API.sandboxWechatPay, { body: { prepayId }, silent: true, loading: '支付中' });
}

export function fetchBalance(): Promise<AccountResponse> {
  return call(API.account, { silent: true });
}
