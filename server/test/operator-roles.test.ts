import { API, OPERATOR_ROLES, type AnyOperation, type OperatorRole } from '@puhui/shared';
import { startTestApp, type TestApp } from './support/app';
import { fillPath, openApiRoutes, type OpenApiRoute } from './support/openapi';
import { BOOTSTRAP, createOperator, operatorSession, type TestOperator } from './support/operators';

/**
 * product.md §9 / quality.md: every admin route of the OpenAPI document, tried with a session of every
 * role. Exactly ADMIN and the operation's declared `roles` pass; every other role gets 403
 * OPERATOR_FORBIDDEN. New admin routes are covered as they are added (a route the contract does not
 * declare fails the test).
 */
describe('operator roles sweep', () => {
  let t: TestApp;
  const operators = {} as Record<OperatorRole, TestOperator>;
  const sessions = {} as Record<OperatorRole, [string, string]>;

  beforeAll(async () => {
    t = await startTestApp();
    for (const role of OPERATOR_ROLES) {
      operators[role] = await createOperator(t, role);
      sessions[role] = await operatorSession(t, operators[role]);
    }
  });
  afterAll(() => t.close());

  const adminOps = (Object.values(API) as AnyOperation[]).filter((o) => o.caller === 'admin');
  const contractOf = (route: OpenApiRoute) =>
    adminOps.find(
      (o) =>
        o.method.toLowerCase() === route.method &&
        `/api/v1${o.path.replace(/:(\w+)/g, '{$1}')}` === route.path,
    );

  const placeholder = (param: string) =>
    ({ code: 'SWEEP', regionCode: '110000', year: '2030' })[param] ?? '00000000-0000-0000-0000-000000000000';

  /** A request that passes the role check and is then refused by validation (or reads only). */
  function send(route: OpenApiRoute, auth: [string, string]) {
    const values = Object.fromEntries(route.pathParams.map((p) => [p, placeholder(p)]));
    const req = t.http[route.method](fillPath(route.path, values)).set(...auth);
    return route.method === 'get' || route.method === 'delete' ? req : req.send({});
  }

  it('lets exactly ADMIN and the declared roles through every admin route', async () => {
    const routes = (await openApiRoutes(t)).filter((r) => r.security.includes('admin'));
    const seen: Record<string, OperatorRole[]> = {};
    const declared: Record<string, OperatorRole[]> = {};
    for (const route of routes) {
      const op = contractOf(route);
      if (!op) throw new Error(`${route.key} is an admin route the contract does not declare`);
      declared[route.key] = ['ADMIN', ...op.roles].sort() as OperatorRole[];
      seen[route.key] = [];
      for (const role of OPERATOR_ROLES) {
        // Logging out ends the session the sweep shares: that route gets a session of its own.
        const logout = route.key === 'DELETE /api/v1/admin/session';
        const auth = logout ? await operatorSession(t, operators[role]) : sessions[role];
        const res = await send(route, auth);
        expect([route.key, role, res.status === 401]).toEqual([route.key, role, false]);
        if (res.status === 403) {
          expect([route.key, role, res.body.error.code]).toEqual([route.key, role, 'OPERATOR_FORBIDDEN']);
        } else seen[route.key].push(role);
      }
      seen[route.key].sort();
      // The bootstrap ADMIN_TOKEN is ADMIN.
      if (route.key !== 'DELETE /api/v1/admin/session')
        expect((await send(route, BOOTSTRAP)).status).not.toBe(403);
    }
    expect(seen).toEqual(declared);
    // Every admin operation of the contract is served and was swept.
    expect(Object.keys(seen).length).toBe(adminOps.length);
    expect(declared).toMatchObject({
      'PUT /api/v1/admin/persons': ['ADMIN', 'REGISTRY'],
      'POST /api/v1/admin/accounts/credits': ['ADMIN', 'REGISTRY'],
      'PUT /api/v1/admin/products/{code}': ['ADMIN', 'OPERATIONS'],
      'POST /api/v1/admin/renewals/run': ['ADMIN', 'OPERATIONS'],
      'GET /api/v1/admin/stats': ['ADMIN', 'AUDITOR', 'OPERATIONS'],
      'GET /api/v1/admin/audit': ['ADMIN', 'AUDITOR'],
      'POST /api/v1/admin/persons/lookup': ['ADMIN', 'COUNTER'],
      'POST /api/v1/admin/counter/bindings': ['ADMIN', 'COUNTER'],
      'POST /api/v1/admin/operators': ['ADMIN'],
      'PATCH /api/v1/admin/operators/{id}': ['ADMIN'],
    });
  });

  it('refuses the user-side token and no token on every admin route with 401', async () => {
    const routes = (await openApiRoutes(t)).filter((r) => r.security.includes('admin'));
    for (const route of routes) {
      const res = await send(route, ['authorization', 'Bearer not-a-session']);
      expect([route.key, res.status, res.body.error.code]).toEqual([route.key, 401, 'UNAUTHENTICATED']);
    }
  });
});
