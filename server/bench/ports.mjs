// Free ports for the servers the benchmarks, fault runs and replica tests start (no import.meta here: the
// API tests load it too, through server/replicas/pooling.mjs).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * A free port below the kernel's ephemeral range. A server killed and started again on the same port (a
 * replica, PgBouncer, PostgreSQL in the fault runs) would otherwise find it taken, now and then, by some
 * outgoing connection's local port: the kernel hands those out of that range (seen in CI as EADDRINUSE on
 * every restart of one replica).
 */
const handedOut = new Set();
export async function freePort() {
  let low = 32768;
  try {
    low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  } catch {
    // not Linux: the usual default
  }
  const from = Math.max(1024, Math.min(20000, low - 2000));
  for (;;) {
    const port = from + Math.floor(Math.random() * (low - from));
    if (handedOut.has(port)) continue;
    const free = await new Promise((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) {
      handedOut.add(port);
      return port;
    }
  }
}
