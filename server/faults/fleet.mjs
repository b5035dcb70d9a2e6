// The servers under test in the fault run: one server on PostgreSQL directly (npm run test:faults), or
// — for npm run test:replicas — several replicas through PgBouncer (transaction pooling) behind HAProxy.
// Either way the harness talks to one port and asks the fleet for faults: SIGKILL a server (one replica
// at a time, the others keep serving), restart PgBouncer, notice a server that died on its own.
import { setTimeout as delay } from 'node:timers/promises';
import { freePort, startServer } from '../bench/lib.mjs';
import { startHaproxy, startPgBouncer } from '../replicas/pooling.mjs';
import { cpuSeconds, isAlive } from './procs.mjs';

/**
 * Starts `replicas` servers at the same moment (so their migration runs race, as in a deployment) on
 * `cluster`, through PgBouncer when `pooled`, and HAProxy in front when more than one.
 */
export async function startFleet(cluster, env, { replicas = 1, pooled = false, poolSize = 20, log }) {
  const pool = pooled ? await startPgBouncer(cluster.url, { poolSize, log }) : null;
  const dbUrl = pool ? pool.url : cluster.url;
  const ports = await Promise.all(Array.from({ length: replicas }, () => freePort()));
  const servers = ports.map(() => null);
  const starts = [];
  let cpuOfKilled = 0;
  let next = 0;

  /** Starts replica `i`, retrying while it cannot (PostgreSQL or PgBouncer may be restarting). */
  async function boot(i) {
    const began = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        servers[i] = await startServer(dbUrl, { ...env, PORT: String(ports[i]) });
        starts.push(Date.now() - began);
        return;
      } catch (err) {
        if (attempt >= 120) throw err;
        await delay(500);
      }
    }
  }
  async function kill(i) {
    const { pid } = servers[i];
    cpuOfKilled += cpuSeconds(pid);
    process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await delay(10);
  }

  await Promise.all(ports.map((_, i) => boot(i)));
  const lb = replicas > 1 ? await startHaproxy(ports, { log }) : null;
  const port = lb ? lb.port : ports[0];
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    replicas,
    /** Direct addresses of the replicas (to start something on each at once). */
    replicaUrls: ports.map((p) => `http://127.0.0.1:${p}`),
    pool,
    /** HAProxy's pid (null with one server). */
    balancerPid: lb?.pid ?? null,
    /** Start times in ms, the first `replicas` being the cold starts. */
    starts,
    /** SIGKILLs the next replica (round robin) and starts it again; returns its index. */
    async killOne() {
      const i = next++ % replicas;
      await kill(i);
      await boot(i);
      return i;
    },
    /** Starts again every replica that exited without the harness killing it; returns how many. */
    async reviveExited() {
      const dead = servers.map((s, i) => (isAlive(s.pid) ? -1 : i)).filter((i) => i >= 0);
      for (const i of dead) await boot(i);
      return dead.length;
    },
    async restartAll() {
      for (let i = 0; i < replicas; i++) {
        await kill(i);
        await boot(i);
      }
    },
    cpuSeconds: () => cpuOfKilled + servers.reduce((sum, s) => sum + (s ? cpuSeconds(s.pid) : 0), 0),
    pids: () => servers.map((s) => s.pid),
    async stop() {
      await Promise.all(servers.map((s) => (s && isAlive(s.pid) ? s.stop() : undefined)));
      await lb?.stop();
      await pool?.stop();
    },
  };
}
