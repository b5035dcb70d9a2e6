import {
  API,
  type MeResponse,
  type PayResidentPremiumRequest,
  type ResidentPayableView,
  type ResidentPaymentResponse,
  type ResidentPaymentView,
  type ResidentYearsResponse,
} from '@puhui/shared';
import { call } from '../../../lib/request';

/** The 缴费年度 open for collection today and the one to choose first. The page shows a failure itself. */
export function fetchOpenYears(): Promise<ResidentYearsResponse> {
  return call(API.residentYears, { silent: true });
}

/** Bound relatives in 城乡居民医保 and what the year costs for each. The page shows a failure itself. */
export function fetchPayable(year: number): Promise<ResidentPayableView[]> {
  return call(API.residentPayable, { query: { year }, silent: true });
}

/**
 * 确认缴费 with the 6-digit password. Silent: the keypad or the page shows the refusal. The key is made
 * once per tap of 确认缴费 and sent again when the same payment is retried.
 */
export function payResidentPremium(
  body: PayResidentPremiumRequest,
  idempotencyKey: string,
): Promise<ResidentPaymentResponse> {
  return call(API.payResidentPremium, { body, idempotencyKey, silent: true });
}

/** 缴费记录: my payments for relatives, newest first. */
export function fetchPayments(): Promise<ResidentPaymentView[]> {
  return call(API.listResidentPayments, { silent: true });
}

/** The payer (me), shown as 缴费人 on the confirm page. */
export function fetchMe(): Promise<MeResponse> {
  return call(API.me, { silent: true });
}
