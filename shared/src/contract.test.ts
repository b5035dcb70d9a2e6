import { API, OPS, fillPath, type AnyOperation } from './contract';

const operations: Array<[string, AnyOperation]> = [...Object.entries(API), ...Object.entries(OPS)];

/** The parameter names of a template, in order. */
function paramNames(template: string): string[] {
  return template
    .split('/')
    .filter((segment) => segment.startsWith(':'))
    .map((segment) => segment.slice(1));
}

describe('the API contract', () => {
  it('lists every route the server serves (under /api/v1, health under /api)', () => {
    // 43 before this session, + 1 national rules, + 9 privacy, + 10 operators, + 1 WeChat refunds, + 4 notices, + 5 医保钱包,
    // + 4 registry imports, + 1 demo operators, + 4 console gaps, + 2 医保钱包 pays its owner's resident premium,
    // + 4 短信提醒 (a mobile number proven by an SMS code).
    expect(Object.keys(API)).toHaveLength(43 + 1 + 9 + 10 + 1 + 4 + 5 + 4 + 1 + 4 + 2 + 4);
    expect(Object.keys(OPS)).toEqual(['health']);
  });

  it.each(operations)('%s has a Fastify path template', (_, operation) => {
    expect(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).toContain(operation.method);
    // Absolute, no trailing slash, no query, each segment a literal (a download may end in a file
    // extension: `/admin/audit.csv`) or one whole `:param`.
    expect(operation.path).toMatch(/^(\/([a-z0-9-]+(\.[a-z]+)?|:[A-Za-z][A-Za-z0-9]*))+$/);
    const names = paramNames(operation.path);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(operations)('%s builds the path its template describes', (_, operation) => {
    const names = paramNames(operation.path);
    const args = Object.fromEntries(names.map((name, i) => [name, `v${i} /?#`]));
    const built = (operation.toPath as (params?: Record<string, string>) => string)(args);

    // Read the parameters back the way the router does: each `:param` is one whole segment.
    const pattern = new RegExp(`^${operation.path.replace(/:[A-Za-z0-9]+/g, '([^/]+)')}$`);
    const match = pattern.exec(built);
    expect(match).not.toBeNull();
    expect(match!.slice(1).map(decodeURIComponent)).toEqual(names.map((name) => args[name]));
    if (names.length === 0) expect(built).toBe(operation.path);
  });

  it('has no two operations on the same method and route', () => {
    // Fastify treats routes that differ only in parameter names as the same route.
    const keys = operations.map(([, o]) => `${o.method} ${o.path.replace(/:[A-Za-z0-9]+/g, ':')}`);
    const duplicates = keys.filter((key, i) => keys.indexOf(key) !== i);
    expect(duplicates).toEqual([]);
  });

  it('marks the money-moving POSTs as idempotent, and only POSTs', () => {
    const idempotent = operations.filter(([, o]) => o.idempotent).map(([name]) => name);
    expect(idempotent.sort()).toEqual(
      [
        'cancelPolicy',
        'createOrder',
        'creditAccounts',
        'payOrder',
        'payResidentPremium',
        'reverseSettlement',
        'settle',
        // 医保钱包
        'sendWalletTransfer',
        'acceptWalletTransfer',
        'payResidentPremiumFromWallet',
      ].sort(),
    );
    for (const [, o] of operations) if (o.idempotent) expect(o.method).toBe('POST');
  });

  it('refuses to build a path without its parameter', () => {
    expect(() => fillPath(API.payOrder.path, {})).toThrow('missing path parameter id');
    expect(API.putResidentTariff.toPath({ regionCode: '110000', year: 2027 })).toBe(
      '/admin/resident-tariffs/110000/2027',
    );
  });
});
