// Types of pooling.mjs for the TypeScript that starts these too (the API tests in replicas mode).
export interface PgBouncer {
  url: string;
  port: number;
  pid: () => number;
  restart: () => Promise<void>;
  stop: () => Promise<void>;
  logTail: () => string;
}
export function startPgBouncer(
  url: string,
  opts?: { poolSize?: number; anyDatabase?: boolean; log?: (msg: string) => void },
): Promise<PgBouncer>;

export interface Haproxy {
  url: string;
  port: number;
  pid: number;
  stop: () => Promise<void>;
}
export function startHaproxy(backends: number[], opts?: { log?: (msg: string) => void }): Promise<Haproxy>;
