import { startTestApp } from './support/app';

/**
 * Closing the app (SIGTERM, a rolling restart) while handlers still run their statements: a handler
 * whose client has gone keeps running after the HTTP server has closed. The pool must not be torn down
 * under it: TypeORM's destroy hands connections that are still running a query back to the pool, where
 * the next handler's transaction would be sent on the same session (its BEGIN inside another's work).
 */
describe('closing the app', () => {
  it('lets the statements under way finish before the pool is closed', async () => {
    const t = await startTestApp();
    const running = t.app.db.query(`SELECT pg_sleep(0.3), 'finished' AS outcome`);
    // The query is on the wire before close begins.
    await new Promise((resolve) => setImmediate(resolve));
    const closed = t.close();
    await expect(running).resolves.toEqual([{ pg_sleep: '', outcome: 'finished' }]);
    await closed;
    expect(t.app.db.isInitialized).toBe(false);
  });
});
