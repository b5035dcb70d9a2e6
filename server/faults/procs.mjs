// Process facts from /proc for the fault and replicas runs: alive or not, CPU seconds.
import { readdirSync, readFileSync } from 'node:fs';

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The fields of /proc/<pid>/stat after the command name (field 3 onwards), or null when gone. */
export function procStat(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
  } catch {
    return null;
  }
}

/** CPU seconds of a process; with `tree`, also of its children, live (PostgreSQL's backends) and reaped. */
export function cpuSeconds(pid, tree = false) {
  const f = procStat(pid);
  if (!f) return 0;
  let ticks = f[11] + f[12];
  if (tree) {
    ticks += f[13] + f[14];
    for (const entry of readdirSync('/proc')) {
      const c = /^\d+$/.test(entry) && Number(entry) !== pid ? procStat(entry) : null;
      if (c && c[1] === pid) ticks += c[11] + c[12];
    }
  }
  return ticks / 100;
}
