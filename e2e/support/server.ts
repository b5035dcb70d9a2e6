import { rmSync } from 'node:fs';
import os from 'node:os';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { createTestDatabase } from './database';

const ROOT = path.resolve(__dirname, '../..');
export const E2E_ADMIN_TOKEN = 'e2e-admin-token-0123456789';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * The built server (server/dist) as production runs it, on a fresh database with the demo data, serving
 * the H5 build (miniapp/dist/h5) at `/`.
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const db = await createTestDatabase();
  const port = await freePort();
  const keyDir = path.join(os.tmpdir(), `puhui-e2e-wechatpay-${process.pid}-${port}`);
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'server/dist/main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      AUTH_MODE: 'dev',
      DEMO_DATA: 'true',
      ADMIN_TOKEN: E2E_ADMIN_TOKEN,
      SECRET_KEY: 'e2e-secret-key-that-is-long-enough-0123456789',
      LOG_LEVEL: 'warn',
      // WeChat Pay emulator keys outside the working tree (issue #14)
      WECHAT_PAY_KEY_DIR: keyDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (output.includes('is running:')) resolve();
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      await db.drop();
      rmSync(keyDir, { recursive: true, force: true });
    },
  };
}
