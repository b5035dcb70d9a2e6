import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The server's layering, checked by machine (docs/architecture.md): a module reaches another module
 * only through its service or repository files; only a table's owning module names it in SQL; flows,
 * routes, plugins and lib name no table; lib imports no module, flow or route; modules import
 * no flow, route or plugin. Each failure names file and line.
 */
const SRC = path.join(__dirname, '../src');

/** table → owning module, one line per `CREATE TABLE` of the migrations (checked below). */
const OWNER: Record<string, string> = {
  'core.persons': 'registry',
  'core.accounts': 'registry',
  'core.ledger_entries': 'registry',
  'core.region_settings': 'family',
  'core.family_bindings': 'family',
  'core.resident_tariffs': 'resident',
  'core.resident_collection_periods': 'resident',
  'core.resident_premium_payments': 'resident',
  'core.institutions': 'settlement',
  'core.settlements': 'settlement',
  'core.settlement_parts': 'settlement',
  users: 'auth',
  idempotency_keys: 'idempotency',
  products: 'enrolment',
  orders: 'enrolment',
  order_items: 'enrolment',
  policies: 'enrolment',
  auto_renew_consents: 'enrolment',
  enterprise_registrations: 'enterprise',
  notifications: 'notification',
  renewals: 'renewal',
  // privacy (issue 18)
  privacy_documents: 'privacy',
  privacy_consents: 'privacy',
  // operators and audit log (issue 15)
  operators: 'operators',
  operator_sessions: 'operators',
  audit_log: 'audit',
  // WeChat Pay API v3 (issue #14)
  wechat_trades: 'payment',
  wechat_refunds: 'payment',
  wechat_notify_nonces: 'payment',
  // notify: notices that leave the app
  notice_subscriptions: 'notification',
  notice_contacts: 'notification',
  mobile_codes: 'notification',
  notice_deliveries: 'notification',
  notice_delivery_attempts: 'notification',
  // replicas (issue 17)
  renewal_run_leases: 'renewal',
  // 医保钱包
  'core.wallets': 'wallet',
  'core.wallet_entries': 'wallet',
  'core.wallet_transfers': 'wallet',
  // console: registry import jobs, statistics rollups
  'core.registry_imports': 'registry',
  'core.registry_import_files': 'registry',
  'core.registry_import_errors': 'registry',
  stats_policy_daily: 'stats',
  stats_renewal_failures: 'stats',
  renewal_runs: 'renewal',
  stats_binding_daily: 'stats',
  enterprise_registration_notes: 'enterprise',
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

const rel = (file: string) => path.relative(path.join(SRC, '..'), file);
const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** The contents of the string and template literals of a source file, each with its offset. */
function literals(text: string): Array<{ value: string; at: number }> {
  const out: Array<{ value: string; at: number }> = [];
  let i = 0;
  // Template nesting: each entry is the brace depth at which a `${` opened.
  const templates: number[] = [];
  let depth = 0;
  /** Reads a string's text from `start` up to its closing `quote`, or up to a template's `${`. */
  const scan = (start: number, quote: string) => {
    let j = start;
    let value = '';
    while (j < text.length && text[j] !== quote) {
      if (text[j] === '\\') j++;
      else if (quote === '`' && text[j] === '$' && text[j + 1] === '{') {
        out.push({ value, at: start });
        templates.push(depth);
        depth++;
        i = j + 2;
        return;
      } else value += text[j];
      j++;
    }
    out.push({ value, at: start });
    i = j + 1;
  };
  const readString = (quote: string) => scan(i + 1, quote);
  const resumeTemplate = () => scan(i, '`');
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/')
      i = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
    else if (c === '/' && text[i + 1] === '*') i = text.indexOf('*/', i + 2) + 2;
    else if (c === "'" || c === '"' || c === '`') readString(c);
    else if (c === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      depth--;
      i++;
      if (templates.length > 0 && templates[templates.length - 1] === depth) {
        templates.pop();
        resumeTemplate();
      }
    } else i++;
  }
  return out;
}

const TABLE_NAMES = Object.keys(OWNER).sort((a, b) => b.length - a.length);
const SQL_TABLE = new RegExp(
  `\\b(?:FROM|JOIN|INTO|UPDATE|TABLE|ANALYZE)\\s+(${TABLE_NAMES.map((t) => t.replace('.', '\\.')).join('|')})\\b(?!\\s*\\()` +
    `|(?:,\\s*)(core\\.[a-z_]+)\\b(?!\\s*\\()`,
  'g',
);

/** Tables named in SQL in a file, with their lines. */
function tablesNamed(file: string): Array<{ table: string; line: number }> {
  const text = readFileSync(file, 'utf8');
  return literals(text).flatMap(({ value, at }) =>
    [...value.matchAll(SQL_TABLE)].map((m) => ({
      table: (m[1] ?? m[2])!,
      line: lineOf(text, at + m.index!),
    })),
  );
}

/** Relative imports of a file, resolved to paths under src/, with their lines. */
function imports(file: string): Array<{ target: string; line: number }> {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s+'(\.[^']+)'/g)].map((m) => ({
    target: path.relative(SRC, path.resolve(path.dirname(file), m[1])),
    line: lineOf(text, m.index!),
  }));
}

const layer = (file: string) => path.relative(SRC, file).split(path.sep)[0];
const moduleOf = (p: string) => (p.startsWith(`modules${path.sep}`) ? p.split(path.sep)[1] : null);

describe('server boundaries', () => {
  it('every table of the migrations has exactly one owning module', () => {
    const created = files(path.join(SRC, 'db/migrations')).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/CREATE TABLE (?:IF NOT EXISTS )?([a-z_.]+)/g)].map((m) => m[1]),
    );
    expect([...new Set(created)].sort()).toEqual(Object.keys(OWNER).sort());
    const modules = readdirSync(path.join(SRC, 'modules'));
    expect(Object.values(OWNER).filter((m) => !modules.includes(m))).toEqual([]);
  });

  it('only the owning module names a table in SQL', () => {
    const violations = files(SRC)
      .filter((f) => !['db', 'app.ts', 'main.ts', 'config.ts'].includes(layer(f)))
      .flatMap((f) => {
        const own = moduleOf(path.relative(SRC, f));
        return tablesNamed(f)
          .filter((n) => OWNER[n.table] !== own)
          .map((n) => `${rel(f)}:${n.line} names ${n.table} (owned by ${OWNER[n.table] ?? 'nobody'})`);
      });
    expect(violations).toEqual([]);
  });

  it('a module or flow reaches another module only through its service or repository files', () => {
    const violations = files(SRC)
      .filter((f) => ['modules', 'flows'].includes(layer(f)))
      .flatMap((f) => {
        const own = moduleOf(path.relative(SRC, f));
        return imports(f)
          .filter(({ target }) => {
            const other = moduleOf(target);
            return other !== null && other !== own && !/\.(service|repository)$/.test(target);
          })
          .map(({ target, line }) => `${rel(f)}:${line} imports ${target}`);
      });
    expect(violations).toEqual([]);
  });

  it('modules import no flow, route or plugin; lib imports nothing above it', () => {
    const above: Record<string, string[]> = {
      modules: ['flows', 'routes', 'plugins'],
      lib: ['modules', 'flows', 'routes', 'plugins'],
    };
    const violations = files(SRC)
      .filter((f) => layer(f) in above)
      .flatMap((f) =>
        imports(f)
          .filter(({ target }) => above[layer(f)].includes(target.split(path.sep)[0]))
          .map(({ target, line }) => `${rel(f)}:${line} imports ${target}`),
      );
    expect(violations).toEqual([]);
  });
});
