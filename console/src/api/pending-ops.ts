/**
 * Operations the `ops` branch adds to the shared contract (operator accounts, sessions, audit, person
 * look-up, 窗口办理), declared here in the contract's shape until that branch is merged. At the merge this
 * file is replaced by re-exports of `API.x` and the shared types; nothing else in the console changes.
 */
import { fillPath, type AnyOperation, type OperatorRole } from '@puhui/shared';

export interface OperatorView {
  id: string;
  username: string;
  displayName: string;
  role: OperatorRole;
  disabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}
export interface SessionResponse {
  token: string;
  expiresAt: string;
  operator: OperatorView;
}
export interface AuditEntryView {
  id: string;
  at: string;
  operator: { id: string; username: string; displayName: string } | null;
  action: string;
  target: string;
  summary: string;
  ip: string;
}
export interface AuditQuery {
  operator?: string;
  action?: string;
  target?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}
/** The look-up answer is rendered generically (masked by the server), so only its outline is typed. */
export interface PersonLookupResponse {
  person: Record<string, unknown>;
  account: Record<string, unknown> | null;
  bindings: Array<Record<string, unknown>>;
  policies: Array<Record<string, unknown>>;
  renewals: Array<Record<string, unknown>>;
}

function pending<T extends { body?: unknown; query?: object; response: unknown }>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  roles: OperatorRole[],
) {
  return {
    method,
    path,
    caller: 'admin',
    idempotent: false,
    roles,
    toPath: (params?: Record<string, string | number>) => fillPath(path, params),
    types: undefined as T | undefined,
  } as unknown as AnyOperation & { types?: T };
}

export const PENDING = {
  login: pending<{ body: { username: string; password: string }; response: SessionResponse }>(
    'POST',
    '/admin/session',
    ['OPERATIONS', 'REGISTRY', 'COUNTER', 'AUDITOR'],
  ),
  logout: pending<{ response: void }>('DELETE', '/admin/session', [
    'OPERATIONS',
    'REGISTRY',
    'COUNTER',
    'AUDITOR',
  ]),
  currentSession: pending<{ response: { operator: OperatorView; expiresAt: string } }>(
    'GET',
    '/admin/session',
    ['OPERATIONS', 'REGISTRY', 'COUNTER', 'AUDITOR'],
  ),
  listOperators: pending<{ response: OperatorView[] }>('GET', '/admin/operators', []),
  createOperator: pending<{
    body: { username: string; displayName: string; password: string; role: OperatorRole };
    response: OperatorView;
  }>('POST', '/admin/operators', []),
  updateOperator: pending<{
    body: { displayName?: string; role?: OperatorRole; disabled?: boolean; password?: string };
    response: OperatorView;
  }>('PATCH', '/admin/operators/:id', []),
  listAudit: pending<{ query: AuditQuery; response: { items: AuditEntryView[]; nextCursor: string | null } }>(
    'GET',
    '/admin/audit',
    ['AUDITOR'],
  ),
  auditCsv: pending<{ query: AuditQuery; response: string }>('GET', '/admin/audit.csv', ['AUDITOR']),
  lookupPerson: pending<{ body: { idNumber: string; reason: string }; response: PersonLookupResponse }>(
    'POST',
    '/admin/persons/lookup',
    ['COUNTER'],
  ),
  counterBinding: pending<{
    body: {
      authorizerIdNumber: string;
      relativeIdNumber: string;
      relationship: string;
      documentsSeen: string[];
    };
    response: { binding: Record<string, unknown> };
  }>('POST', '/admin/counter/bindings', ['COUNTER']),
};
