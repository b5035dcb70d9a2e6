import type { OperatorRole } from '@puhui/shared';
import { ADMIN_TOKEN, type TestApp } from './app';

export const BOOTSTRAP: [string, string] = ['authorization', `Bearer ${ADMIN_TOKEN}`];

export interface TestOperator {
  id: string;
  username: string;
  password: string;
  role: OperatorRole;
}

let seq = 0;

/** A named operator created through the API with the bootstrap token. */
export async function createOperator(t: TestApp, role: OperatorRole, name?: string): Promise<TestOperator> {
  const username = name ?? `op.${role.toLowerCase()}.${process.pid}.${seq++}`;
  const password = `Passw0rd-${role}-${seq}`;
  const res = await t.http
    .post('/api/v1/admin/operators')
    .set(...BOOTSTRAP)
    .send({ username, displayName: `${role} 测试员`, role, password });
  if (res.status !== 201) throw new Error(`operator failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, username, password, role };
}

/** A fresh session of the operator: the header pair for supertest's `.set(...)`. */
export async function operatorSession(t: TestApp, op: TestOperator): Promise<[string, string]> {
  const res = await t.http
    .post('/api/v1/admin/session')
    .send({ username: op.username, password: op.password });
  if (res.status !== 200) throw new Error(`operator login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return ['authorization', `Bearer ${res.body.token}`];
}

/** The audit rows as the database holds them, oldest first (tests only; the app reads them via the API). */
export async function auditRows(t: TestApp): Promise<
  Array<{
    id: string;
    action: string;
    target: string;
    summary: string;
    operator_username: string;
    operator_id: string | null;
    ip: string;
  }>
> {
  return t.app.db.query(`SELECT * FROM audit_log ORDER BY id`);
}
