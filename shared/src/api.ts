/**
 * Request and response shapes of the REST API v1 (see shared/spec/api.md). The server's DTO
 * classes `implements` the request types; the mini-program reads the response types.
 */
import type {
  BindingStatus,
  Gender,
  InsuranceType,
  LedgerKind,
  PaymentMethod,
  PersonStatus,
  Relationship,
  ResidentCategory,
} from './index';

/** Instant in ISO-8601 with offset. */
export type Instant = string;
/** Calendar date `YYYY-MM-DD`. */
export type IsoDate = string;

// ---- auth and identity ----

export interface LoginRequest {
  code: string;
}
export interface UserView {
  id: string;
  verified: boolean;
}
export interface LoginResponse {
  token: string;
  expiresAt: Instant;
  user: UserView;
}

export interface VerifyIdentityRequest {
  name: string;
  idNumber: string;
}

/** A registry person as every response shows one: the ID number masked, never in full. */
export interface PersonView {
  id: string;
  name: string;
  idNumberMasked: string;
  gender: Gender;
  birthDate: IsoDate;
  insuranceType: InsuranceType;
  regionCode: string;
  status: PersonStatus;
  hasPersonalAccount: boolean;
}
export interface VerifyIdentityResponse {
  person: PersonView;
}
export interface MeResponse {
  user: UserView;
  person: PersonView | null;
}

// ---- personal account ----

export interface AccountResponse {
  balanceFen: number;
  updatedAt: Instant;
}
export interface PersonRef {
  name: string;
  idNumberMasked: string;
}
export interface LedgerEntryView {
  id: string;
  amountFen: number;
  kind: LedgerKind;
  beneficiary: PersonRef;
  reference: string;
  balanceAfterFen: number;
  createdAt: Instant;
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export interface PageQuery {
  limit?: number;
  cursor?: string;
}

// ---- 家庭共济 ----

export interface BindRelativeRequest {
  name: string;
  idNumber: string;
  relationship: Relationship;
}
export interface BindingView {
  bindingId: string;
  relationship: Relationship;
  status: BindingStatus;
  boundAt: Instant;
  endedAt: Instant | null;
  /** Why an ENDED/REVOKED binding stopped: REVOKED_BY_AUTHORIZER, RELATIVE_NOT_INSURED, RELATIVE_OTHER_REGION, AUTHORIZER_NOT_EMPLOYEE. */
  endReason: string | null;
  relative: { person: PersonView };
}
export interface AuthorizerView {
  bindingId: string;
  relationship: Relationship;
  priority: number;
  authorizer: { person: PersonView };
}
export interface ReorderAuthorizersRequest {
  bindingIds: string[];
}

// ---- operator ----

export interface AdminPersonRow {
  name: string;
  idNumber: string;
  insuranceType: InsuranceType;
  status: PersonStatus;
  regionCode: string;
  beijingHukou?: boolean;
  beijingResidencePermit?: boolean;
  residentCategory?: ResidentCategory | null;
  balanceFen?: number;
  paymentPassword?: string;
}
export interface AdminPersonsResponse {
  created: number;
  updated: number;
}
export interface AdminCreditRow {
  idNumber: string;
  amountFen: number;
  memo: string;
}
export interface AdminCreditsResponse {
  credited: number;
}
export interface RegionSettingsRequest {
  allowedRelationships: Relationship[];
  maxRelatives: number;
  crossRegionSharing: boolean;
}
export interface RegionView extends RegionSettingsRequest {
  regionCode: string;
}

export interface PaymentMethodOption {
  method: PaymentMethod;
  payerPersonId: string | null;
}

export interface HealthResponse {
  status: 'ok';
  database: 'ok';
}
