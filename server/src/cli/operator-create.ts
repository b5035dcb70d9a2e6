import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { OPERATOR_ROLES } from '@puhui/shared';
import { ConfigError, loadConfig } from '../config';
import { createDataSource } from '../db/data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded';
import { parseDto } from '../lib/validation';
import { AppError } from '../lib/errors';
import { CreateOperatorDto } from '../modules/operators/dto';
import { insertOperator } from '../modules/operators/operator.service';
import { hashPassword } from '../modules/operators/password';
import { AuditService } from '../modules/audit/audit.service';

const USAGE = `npm run operator:create -- --username <name> --display-name <姓名> --role <${OPERATOR_ROLES.join('|')}>
  The password is read from OPERATOR_PASSWORD, or else from the first line of standard input
  (e.g. \`read -rs P && echo "$P" | npm run operator:create -- …\`), so that it stays out of the shell history.
  Uses DATABASE_URL, or the embedded PostgreSQL under DATA_DIR, like the server; creates the schema if needed.`;

async function readLine(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password: ');
  let data = '';
  for await (const chunk of process.stdin) {
    data += String(chunk);
    if (data.includes('\n')) break;
  }
  return data.split(/\r?\n/)[0];
}

/**
 * `npm run operator:create`: creates a named operator on a server without `ADMIN_TOKEN` (the first ADMIN of
 * a production install), with the same validation as `POST /admin/operators`, audited as the command line.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      username: { type: 'string' },
      'display-name': { type: 'string' },
      role: { type: 'string', default: 'ADMIN' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || !values.username || !values['display-name']) {
    console.error(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const config = loadConfig();
  const password = process.env.OPERATOR_PASSWORD || (await readLine());
  const req = parseDto(CreateOperatorDto, {
    username: values.username,
    displayName: values['display-name'],
    role: values.role,
    password,
  });
  let embedded: EmbeddedDatabase | null = null;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(config.dataDir, (msg) => console.error(msg));
    url = embedded.url;
  }
  const ds = createDataSource(url, 2);
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    const passwordHash = await hashPassword(req.password);
    const audit = new AuditService(ds);
    const row = await ds.transaction(async (tx) => {
      const created = await insertOperator(tx, req, passwordHash);
      await audit.record(tx, {
        operatorId: null,
        username: 'cli',
        displayName: '命令行 operator:create',
        ip: 'local',
        action: 'operator.create',
        target: `operator:${created.id}`,
        summary: `新建: username=${JSON.stringify(created.username)}, role=${JSON.stringify(created.role)}`,
      });
      return created;
    });
    console.log(`operator ${row.username} (${row.role}) created: ${row.id}`);
  } finally {
    await ds.destroy().catch(() => undefined);
    await embedded?.stop();
  }
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(`Invalid setting: ${err.message}`);
  else if (err instanceof AppError) console.error(`${err.code}: ${err.message}`);
  else console.error(err);
  process.exit(1);
});
