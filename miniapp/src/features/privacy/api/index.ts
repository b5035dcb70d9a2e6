import {
  API,
  type ConsentResponse,
  type ConsentsResponse,
  type DataExportResponse,
  type GiveConsentRequest,
  type MyDataResponse,
  type PrivacyCurrentResponse,
  type PrivacyDocumentKind,
} from '@puhui/shared';
import { call } from '../../../lib/request';

export function fetchPrivacyTexts(): Promise<PrivacyCurrentResponse> {
  return call(API.privacyCurrent);
}

export function fetchConsents(): Promise<ConsentsResponse> {
  return call(API.listConsents);
}

export function giveConsent(body: GiveConsentRequest): Promise<ConsentResponse> {
  return call(API.giveConsent, { body, loading: '提交中' });
}

export function withdrawConsent(kind: PrivacyDocumentKind): Promise<ConsentResponse> {
  return call(API.withdrawConsent, { params: { kind }, loading: '撤回中' });
}

export function fetchMyData(): Promise<MyDataResponse> {
  return call(API.myData);
}

/** The export, masked; with the payment password it carries my own full name and ID number. */
export function fetchExport(paymentPassword?: string): Promise<DataExportResponse> {
  return call(API.dataExport, {
    loading: '生成中',
    // A wrong password is shown on the keypad, not as a toast.
    silent: paymentPassword !== undefined,
    headers: paymentPassword ? { 'X-Payment-Password': paymentPassword } : undefined,
  });
}

export function closeAccount(): Promise<undefined> {
  return call(API.closeAccount, { loading: '注销中' });
}

export function endBindingAsRelative(bindingId: string) {
  return call(API.endBindingAsRelative, { params: { bindingId }, loading: '解除中' });
}
