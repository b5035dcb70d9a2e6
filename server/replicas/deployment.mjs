// Part 4 of npm run test:replicas: the deployment's own files run with Debian's packages, the way
// docker-compose.yml wires them, without Docker: deploy/pgbouncer's entrypoint writes its auth file and
// [databases] line from the environment and starts PgBouncer with deploy/pgbouncer/pgbouncer.ini; two
// replicas take requests through it and migrate on PostgreSQL directly (MIGRATION_DATABASE_URL);
// nginx runs deploy/nginx/nginx.conf in front, serving the H5 build and the console. Only addresses and
// paths are changed (container names and ports to loopback ones, /tmp and /usr/share to temp dirs and
// the builds): each replacement must find its text, so a changed file fails here instead of passing
// unchecked. Then, through nginx: the pages with their cache headers, a paid enrolment, and every
// request still answered with server-1 SIGKILLed.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, ROOT, startServer } from '../bench/lib.mjs';
import { PASSWORD, seedWorld } from '../faults/world.mjs';
import { stopped, tempDir, unprivileged, waitForPort } from './pooling.mjs';

/** `text` with each [from, to] replaced once; a missing `from` means the deploy file changed. */
function adapted(file, text, replacements) {
  for (const [from, to] of replacements) {
    if (!text.includes(from)) throw new Error(`${file} no longer contains "${from}": update deployment.mjs`);
    text = text.replace(from, to);
  }
  return text;
}

const deployFile = (name) => readFileSync(path.join(ROOT, 'deploy', name), 'utf8');

function spawned(command, args, opts, what, log) {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...opts });
  child.stderr.on('data', (d) => {
    for (const line of String(d).split('\n'))
      if (/(FATAL|ERROR|emerg|\[alert\]|\[crit\])/.test(line)) log(`${what}: ${line}`);
  });
  return child;
}

/** deploy/pgbouncer: the entrypoint and pgbouncer.ini, pointed at `cluster`. */
async function startDeployedPgBouncer(cluster, log) {
  const dir = tempDir('puhui-deploy-pgbouncer-');
  const port = await freePort();
  const target = new URL(cluster.url);
  const ini = path.join(dir, 'pgbouncer.ini');
  writeFileSync(
    ini,
    adapted('deploy/pgbouncer/pgbouncer.ini', deployFile('pgbouncer/pgbouncer.ini'), [
      ['%include /tmp/pgbouncer/databases.ini', `%include ${dir}/databases.ini`],
      ['auth_file = /tmp/pgbouncer/userlist.txt', `auth_file = ${dir}/userlist.txt`],
      ['listen_addr = 0.0.0.0', 'listen_addr = 127.0.0.1'],
      ['listen_port = 6432', `listen_port = ${port}`],
    ]),
  );
  const entrypoint = path.join(dir, 'entrypoint.sh');
  writeFileSync(
    entrypoint,
    adapted('deploy/pgbouncer/entrypoint.sh', deployFile('pgbouncer/entrypoint.sh'), [
      ['dir=/tmp/pgbouncer', `dir=${dir}`],
      ['host=db port=5432', `host=127.0.0.1 port=${target.port}`],
      ['/etc/pgbouncer/pgbouncer.ini', ini],
    ]),
  );
  const env = {
    PATH: process.env.PATH,
    POSTGRES_USER: decodeURIComponent(target.username),
    POSTGRES_PASSWORD: decodeURIComponent(target.password),
    POSTGRES_DB: target.pathname.slice(1),
  };
  const child = spawned('sh', [entrypoint], { ...unprivileged(), env }, 'pgbouncer', log);
  await waitForPort(port, child, 'deploy/pgbouncer');
  const pooled = new URL(cluster.url);
  pooled.port = String(port);
  log(`deploy/pgbouncer (its entrypoint and pgbouncer.ini) on 127.0.0.1:${port}`);
  return {
    url: pooled.toString(),
    stop: async () => {
      await stopped(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** deploy/nginx/nginx.conf in front of `replicaPorts`, serving the builds of this tree. */
async function startDeployedNginx(replicaPorts, log) {
  const dir = tempDir('puhui-deploy-nginx-');
  const port = await freePort();
  const site = path.join(dir, 'default.conf');
  writeFileSync(
    site,
    adapted('deploy/nginx/nginx.conf', deployFile('nginx/nginx.conf'), [
      ['server server-1:3000', `server 127.0.0.1:${replicaPorts[0]}`],
      ['server server-2:3000', `server 127.0.0.1:${replicaPorts[1]}`],
      ['listen 80;', `listen 127.0.0.1:${port};`],
      ['root /usr/share/nginx/html;', `root ${path.join(ROOT, 'miniapp/dist/h5')};`],
      ['alias /usr/share/nginx/console/;', `alias ${path.join(ROOT, 'console/dist')}/;`],
    ]),
  );
  // What the nginx image's own nginx.conf gives the site: the http block, MIME types, temp paths.
  const main = path.join(dir, 'nginx.conf');
  writeFileSync(
    main,
    [
      'daemon off;',
      process.getuid?.() === 0 ? 'user root;' : '',
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      'events { worker_connections 512; }',
      'http {',
      '  include /etc/nginx/mime.types;',
      '  default_type application/octet-stream;',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`),
      `  include ${site};`,
      '}',
      '',
    ].join('\n'),
  );
  const child = spawned('nginx', ['-e', `${dir}/error.log`, '-p', dir, '-c', main], {}, 'nginx', log);
  await waitForPort(port, child, 'deploy/nginx');
  log(`deploy/nginx/nginx.conf on 127.0.0.1:${port}, upstreams ${replicaPorts.join(' and ')}`);
  return {
    base: `http://127.0.0.1:${port}`,
    stop: async () => {
      await stopped(child, 'SIGQUIT');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One paid enrolment through `base` for `employee` (seeded by seedWorld); the payment's status. */
async function enrol(base, employee, productCode, tag) {
  const headers = { authorization: employee.auth, 'content-type': 'application/json' };
  const order = await fetch(`${base}/api/v1/orders`, {
    method: 'POST',
    headers: { ...headers, 'idempotency-key': `deploy-o-${tag}` },
    body: JSON.stringify({
      productCode,
      insured: [{ self: true }],
      paymentMethod: 'PERSONAL_ACCOUNT',
      autoRenew: [],
    }),
  });
  if (order.status !== 201) return order.status;
  const { order: created } = await order.json();
  const paid = await fetch(`${base}/api/v1/orders/${created.id}/pay`, {
    method: 'POST',
    headers: { ...headers, 'idempotency-key': `deploy-p-${tag}` },
    body: JSON.stringify({ password: PASSWORD }),
  });
  return paid.status;
}

/** The checks (name, violations, detail) of the deployment's files on `cluster`. */
export async function deploymentShape(cluster, { log }) {
  const h5 = path.join(ROOT, 'miniapp/dist/h5/index.html');
  const console_ = path.join(ROOT, 'console/dist/index.html');
  if (!existsSync(h5) || !existsSync(console_))
    return [{ name: 'the H5 and console builds exist (run npm run build first)', violations: 1 }];
  const checks = [];
  const check = (name, ok, detail) => checks.push({ name, violations: ok ? 0 : 1, detail });
  const pool = await startDeployedPgBouncer(cluster, log);
  const ports = [await freePort(), await freePort()];
  const env = (port) => ({
    PORT: String(port),
    MIGRATION_DATABASE_URL: cluster.url,
    AUTH_MODE: 'dev',
    TRUST_PROXY: '127.0.0.1',
    RATE_LIMIT_IDENTITY: '1000000',
  });
  const servers = await Promise.all(ports.map((port) => startServer(pool.url, env(port))));
  let nginx = null;
  let killed = null;
  try {
    nginx = await startDeployedNginx(ports, log);
    const base = nginx.base;
    const page = await fetch(`${base}/`);
    const html = await page.text();
    check(
      'nginx serves the H5 build at /, revalidated',
      page.status === 200 &&
        html.includes('<div id="app"') &&
        page.headers.get('cache-control') === 'no-cache',
      `${page.status}, cache-control ${page.headers.get('cache-control')}`,
    );
    const script = readdirSync(path.join(ROOT, 'miniapp/dist/h5/js')).find((f) => f.endsWith('.js'));
    const asset = await fetch(`${base}/js/${script}`);
    await asset.arrayBuffer();
    check(
      'a hashed H5 asset is cached for a year',
      asset.status === 200 && /immutable/.test(asset.headers.get('cache-control') ?? ''),
      `${asset.status}, cache-control ${asset.headers.get('cache-control')}`,
    );
    const consolePage = await fetch(`${base}/console/operators`);
    const consoleHtml = await consolePage.text();
    check(
      'nginx serves the console at /console/ (a deep link gets its index.html)',
      consolePage.status === 200 && consoleHtml === readFileSync(console_, 'utf8'),
      String(consolePage.status),
    );
    const world = await seedWorld(base, { employees: 8, editions: 1, log });
    const product = world.products[0].code;
    const first = await enrol(base, world.employees[0], product, 'a');
    check(
      'a paid enrolment through nginx, both replicas and deploy/pgbouncer',
      first === 200,
      `payment ${first}`,
    );
    process.kill(servers[0].pid, 'SIGKILL');
    killed = servers[0];
    const answers = [];
    for (let i = 1; i < 7; i++) answers.push(await enrol(base, world.employees[i], product, `k${i}`));
    for (let i = 0; i < 6; i++) answers.push((await fetch(`${base}/api/health`)).status);
    check(
      'with server-1 SIGKILLed, nginx sends every request to server-2 (proxy_next_upstream)',
      answers.every((s) => s === 200),
      `answers ${answers.join(' ')}`,
    );
  } finally {
    await nginx?.stop();
    await Promise.all(servers.filter((s) => s !== killed).map((s) => s.stop()));
    await pool.stop();
  }
  return checks;
}
