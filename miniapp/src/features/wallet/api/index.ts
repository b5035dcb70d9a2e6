import {
  API,
  type ResidentYearsResponse,
  type WalletActivateResponse,
  type WalletResidentPayableView,
  type WalletResidentPremiumResponse,
  type WalletResponse,
  type WalletTransferRequest,
  type WalletTransferResponse,
} from '@puhui/shared';
import { call } from '../../../lib/request';

/** My wallet, transfers to and from me, and the sending limits. The page shows a failure itself. */
export function fetchWallet(): Promise<WalletResponse> {
  return call(API.wallet, { silent: true });
}

export function activateWallet(): Promise<WalletActivateResponse> {
  return call(API.activateWallet, { loading: '开通中' });
}

/** 转账申请 with the 6-digit password. Silent: the keypad or the page shows the refusal. */
export function sendTransfer(
  body: WalletTransferRequest,
  idempotencyKey: string,
): Promise<WalletTransferResponse> {
  return call(API.sendWalletTransfer, { body, idempotencyKey, silent: true });
}

/** 确认收款 (receiver only). */
export function acceptTransfer(id: string, idempotencyKey: string): Promise<WalletTransferResponse> {
  return call(API.acceptWalletTransfer, { params: { id }, idempotencyKey, silent: true });
}

/** The 缴费年度 to choose first (the one being collected now). Silent: the panel shows a failure itself. */
export function fetchOpenYears(): Promise<ResidentYearsResponse> {
  return call(API.residentYears, { silent: true });
}

/** My own resident premium for a year from my wallet: amount, 待遇等待期, balance. */
export function fetchOwnPremium(year: number): Promise<WalletResidentPayableView> {
  return call(API.walletResidentPayable, { query: { year }, silent: true });
}

/** 缴居民医保 from my wallet (no password: the verified owner confirms). Silent: the panel shows a refusal. */
export function payOwnPremium(year: number, idempotencyKey: string): Promise<WalletResidentPremiumResponse> {
  return call(API.payResidentPremiumFromWallet, { body: { year }, idempotencyKey, silent: true });
}
