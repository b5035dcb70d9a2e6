/**
 * Privacy (PIPL 个人信息保护法, issue 18): the versioned texts, the separate consents, 我的信息 and its
 * export, 账号注销. Types only, shared by the server and the mini-program.
 */
import type {
  AuthorizerView,
  BindingView,
  Instant,
  LedgerEntryView,
  NotificationView,
  PersonView,
  PolicyView,
  ResidentPaymentView,
} from './api';

/**
 * The documents, each versioned on its own: 隐私保护指引 (with the 个人信息处理规则 as its sections), the
 * separate consent to sensitive personal information for 实名认证 (PIPL art. 29), and the separate consent
 * to providing a relative's data for 家庭共济.
 */
export const PRIVACY_DOCUMENT_KINDS = ['PRIVACY_POLICY', 'SENSITIVE_INFO', 'RELATIVE_INFO'] as const;
export type PrivacyDocumentKind = (typeof PRIVACY_DOCUMENT_KINDS)[number];

/** What each consent allows, and so what a withdrawal stops. */
export const CONSENTS_NEEDED = {
  /** 实名认证 takes the ID number. */
  identity: ['PRIVACY_POLICY', 'SENSITIVE_INFO'],
  /** 添加亲属 processes the relative's name, ID number and insurance status. */
  bindRelative: ['PRIVACY_POLICY', 'SENSITIVE_INFO', 'RELATIVE_INFO'],
} as const satisfies Record<string, readonly PrivacyDocumentKind[]>;

export interface PrivacySection {
  title: string;
  body: string;
}

export interface PrivacyDocumentView {
  kind: PrivacyDocumentKind;
  version: string;
  title: string;
  sections: PrivacySection[];
  publishedAt: Instant;
}

/** `GET /privacy/current`: the documents in force, one per kind. */
export interface PrivacyCurrentResponse {
  documents: PrivacyDocumentView[];
}

/** `PUT /admin/privacy-documents/:kind`: publishes a new version (a version is never changed). */
export interface PutPrivacyDocumentRequest {
  version: string;
  title: string;
  sections: PrivacySection[];
}
export interface PrivacyDocumentResponse {
  document: PrivacyDocumentView;
}

export interface GiveConsentRequest {
  kind: PrivacyDocumentKind;
  /** The version the user read; must be the one in force. */
  version: string;
}

/** One append-only consent record: given or withdrawn, for one version, at one time. */
export interface ConsentRecordView {
  id: string;
  kind: PrivacyDocumentKind;
  version: string;
  action: 'GIVEN' | 'WITHDRAWN';
  at: Instant;
}
export interface ConsentResponse {
  consent: ConsentRecordView;
}

/**
 * Where a consent stands for the version in force: `OUTDATED` when only an older version was agreed to
 * (a new version asks again).
 */
export type ConsentState = 'GIVEN' | 'NOT_GIVEN' | 'WITHDRAWN' | 'OUTDATED';

export interface ConsentStatusView {
  kind: PrivacyDocumentKind;
  title: string;
  currentVersion: string;
  state: ConsentState;
  /** When the current version was agreed to (state GIVEN). */
  givenAt: Instant | null;
  /** What withdrawing this consent stops, as shown before the user confirms. */
  withdrawalStops: string;
}

export interface ConsentsResponse {
  consents: ConsentStatusView[];
  /** Every record, newest first. */
  records: ConsentRecordView[];
}

/** One kind of data held about me, as 我的信息 lists it. */
export interface HeldDataItem {
  category: string;
  /** The value as shown (masked), or a count/summary. */
  shown: string;
  purpose: string;
  retention: string;
}

/** 被共济: who processes my data because an authoriser's 个账 may pay for me. */
export interface SharingAsRelative {
  bindingId: string;
  relationship: AuthorizerView['relationship'];
  authorizer: PersonView;
  processors: string[];
}

export interface MyDataResponse {
  items: HeldDataItem[];
  /** Whether the export with my own full numbers can be asked for (it takes the 个账 payment password). */
  canExportFull: boolean;
  asRelative: SharingAsRelative[];
}

/**
 * `GET /me/data-export`: everything held about me. `full` is true only when the payment password came
 * along: then `identity` carries my own full name and ID number.
 */
export interface DataExportResponse {
  exportedAt: Instant;
  full: boolean;
  user: { id: string; createdAt: Instant };
  identity: { name: string; idNumber: string } | null;
  person: PersonView | null;
  account: { balanceFen: number; entries: LedgerEntryView[] } | null;
  relatives: BindingView[];
  authorizers: AuthorizerView[];
  policies: PolicyView[];
  residentPayments: ResidentPaymentView[];
  notifications: NotificationView[];
  consents: ConsentRecordView[];
}
