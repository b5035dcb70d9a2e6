import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { API, API_BASE, OPS, OPS_BASE } from '@puhui/shared';
import { startTestApp, type TestApp } from './support/app';

/** The server serves exactly the shared contract, which the mini-program's request layer calls through. */
describe('the server and the shared contract', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Demo routes exist only with demo data in dev mode.
    t = await startTestApp({ DEMO_DATA: 'true' });
  });
  afterAll(() => t.close());

  it('serves every operation of the contract at its method and path', () => {
    const missing = [
      ...Object.entries(API).map(([name, op]) => [name, op.method, `${API_BASE}${op.path}`] as const),
      ...Object.entries(OPS).map(([name, op]) => [name, op.method, `${OPS_BASE}${op.path}`] as const),
    ].filter(([, method, url]) => !t.app.hasRoute({ method, url }));
    expect(missing).toEqual([]);
  });

  it('registers its routes only from the contract: no path written in a route file', () => {
    const dir = path.join(__dirname, '../src/routes');
    const literal = readdirSync(dir).flatMap((f) =>
      readFileSync(path.join(dir, f), 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${f}:${i + 1}`, line }))
        .filter(({ line }) => /\bapp\.(get|post|put|delete|patch|route)\(/.test(line)),
    );
    expect(literal).toEqual([]);
  });
});
