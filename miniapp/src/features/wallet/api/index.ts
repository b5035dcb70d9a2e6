import {
  API,
  type WalletActivateResponse,
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
