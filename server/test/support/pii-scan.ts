import type { FastifyInstance } from 'fastify';
import { idNumberCheckChar, maskIdNumber, maskMobile, maskName, parseIdBirthDate } from '@puhui/shared';

/**
 * Finds personal data where quality.md says it must never be: full 居民身份证号 (any valid one, known or
 * not), full names of known persons, full mobile numbers and known secrets (passwords, tokens, keys).
 * Used on every response of the API tests (`watchResponses`) and on captured log lines.
 */

export type PiiKind = 'ID_NUMBER' | 'NAME' | 'MOBILE' | 'SECRET';

export interface PiiFinding {
  kind: PiiKind;
  /** The offending value, in full: for the test's own use only, never print it (see `excerpt`). */
  value: string;
  index: number;
}

export interface ScanOptions {
  /** Full names to look for (one-character strings are ignored). */
  names?: Iterable<string>;
  /** Look for any 11-digit mainland mobile number too (logs; the operator legitimately sees them). */
  mobiles?: boolean;
  /** Exact strings that must not appear (tokens, keys); digit-only ones must stand alone. */
  secrets?: Iterable<string>;
}

/** A valid full ID number: 17 digits, the GB 11643 check character and a real birth date. */
export function isFullIdNumber(candidate: string): boolean {
  const id = candidate.toUpperCase();
  return (
    /^\d{17}[\dX]$/.test(id) && idNumberCheckChar(id.slice(0, 17)) === id[17] && parseIdBirthDate(id) !== null
  );
}

/**
 * Every full ID number inside `text`. Each 18-character window of a longer digit run is checked too,
 * so that two numbers written back to back, or a number glued to other digits, are still found.
 */
export function findIdNumbers(text: string): PiiFinding[] {
  const found: PiiFinding[] = [];
  for (const run of text.matchAll(/\d{17,}[\dXx]?/g)) {
    const digits = run[0];
    for (let i = 0; i + 18 <= digits.length; i++) {
      const window = digits.slice(i, i + 18);
      if (isFullIdNumber(window)) found.push({ kind: 'ID_NUMBER', value: window, index: run.index! + i });
    }
  }
  return found;
}

export function findNames(text: string, names: Iterable<string>): PiiFinding[] {
  const found: PiiFinding[] = [];
  for (const name of names) {
    if (name.length < 2 || name.length > text.length) continue;
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
      found.push({ kind: 'NAME', value: name, index: at });
    }
  }
  return found;
}

export function findMobiles(text: string): PiiFinding[] {
  return [...text.matchAll(/(?<!\d)1[3-9]\d{9}(?!\d)/g)].map((m) => ({
    kind: 'MOBILE' as const,
    value: m[0],
    index: m.index!,
  }));
}

export function findSecrets(text: string, secrets: Iterable<string>): PiiFinding[] {
  const found: PiiFinding[] = [];
  for (const secret of secrets) {
    if (!secret) continue;
    const pattern = /^\d+$/.test(secret)
      ? new RegExp(`(?<!\\d)${secret}(?!\\d)`, 'g')
      : new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g');
    for (const m of text.matchAll(pattern)) found.push({ kind: 'SECRET', value: secret, index: m.index! });
  }
  return found;
}

export function scanText(text: string, opts: ScanOptions = {}): PiiFinding[] {
  return [
    ...findIdNumbers(text),
    ...findNames(text, opts.names ?? []),
    ...(opts.mobiles ? findMobiles(text) : []),
    ...findSecrets(text, opts.secrets ?? []),
  ].sort((a, b) => a.index - b.index);
}

/** The finding's surroundings with every finding in them masked, safe to print in a failure message. */
export function maskedExcerpt(
  text: string,
  finding: PiiFinding,
  opts: ScanOptions = {},
  radius = 24,
): string {
  let start = Math.max(0, finding.index - radius);
  let end = Math.min(text.length, finding.index + finding.value.length + radius);
  // Never cut through another finding: half an ID number would escape the mask.
  for (const f of scanText(text, opts)) {
    if (f.index < start && f.index + f.value.length > start) start = f.index;
    if (f.index < end && f.index + f.value.length > end) end = f.index + f.value.length;
  }
  return `${start > 0 ? '…' : ''}${maskAll(text.slice(start, end), opts)}${end < text.length ? '…' : ''}`;
}

/** `text` with every finding replaced by its masked form (secrets by a marker). */
export function maskAll(text: string, opts: ScanOptions = {}): string {
  let out = '';
  let at = 0;
  for (const f of scanText(text, opts)) {
    if (f.index < at) continue;
    out += text.slice(at, f.index) + maskOf(f);
    at = f.index + f.value.length;
  }
  return out + text.slice(at);
}

function maskOf(f: PiiFinding): string {
  switch (f.kind) {
    case 'ID_NUMBER':
      return maskIdNumber(f.value);
    case 'NAME':
      return maskName(f.value);
    case 'MOBILE':
      return maskMobile(f.value);
    case 'SECRET':
      return '[secret]';
  }
}

export interface JsonLeak {
  /** JSON path of the offending string (`items[0].person.name`), or `<body>` for non-JSON text. */
  field: string;
  kind: PiiKind;
  excerpt: string;
}

/** Walks a parsed JSON value: every string (and key) is scanned, and leaks are named by their path. */
export function scanJson(value: unknown, opts: ScanOptions = {}, path = ''): JsonLeak[] {
  if (typeof value === 'string') {
    return scanText(value, opts).map((f) => ({
      field: path || '<root>',
      kind: f.kind,
      excerpt: maskedExcerpt(value, f, opts),
    }));
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => scanJson(v, opts, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => {
      const field = path ? `${path}.${k}` : k;
      return [
        ...scanText(k, opts).map((f) => ({
          field,
          kind: f.kind,
          excerpt: `key ${maskedExcerpt(k, f, opts)}`,
        })),
        ...scanJson(v, opts, field),
      ];
    });
  }
  if (typeof value === 'number' && Number.isSafeInteger(value)) {
    // An ID number cannot be a safe integer (18 digits), but a mobile number can.
    return scanJson(String(value), opts, path);
  }
  return [];
}

/** A response body as text: JSON is parsed so that leaks are named by field; anything else is scanned raw. */
export function scanBody(text: string, opts: ScanOptions = {}): JsonLeak[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return scanText(text, opts).map((f) => ({
      field: '<body>',
      kind: f.kind,
      excerpt: maskedExcerpt(text, f, opts),
    }));
  }
  const leaks = scanJson(parsed, opts);
  // A number written as a bare JSON number loses digits in JSON.parse: look at the raw text as well.
  const raw = findIdNumbers(text);
  if (raw.length > leaks.filter((l) => l.kind === 'ID_NUMBER').length) {
    for (const f of raw) leaks.push({ field: '<body>', kind: f.kind, excerpt: maskedExcerpt(text, f, opts) });
  }
  return leaks;
}

/**
 * A name as the API accepts it (2–30 汉字, letters, ·) with at least one 汉字: fuzzed junk in a name
 * field (`ab`, `12`, `<script>`) is not taken for a name, or every response containing it would fail.
 */
const LIKE_A_NAME = /^(?=.*[\u3400-\u9fff])[\u3400-\u9fff\u00b7· A-Za-z]{2,30}$/u;

/**
 * What one test app has seen: the full names sent to it, and the response leaks found.
 * Names come from the test helpers (importPersons, loginAs) and from every request body that pairs a
 * name with an ID number (`name`/`idNumber`, `patientName`/`patientIdNumber`, import rows, …).
 */
export class PiiWatch {
  readonly names = new Set<string>();
  readonly violations: string[] = [];
  scanned = 0;
  skipped = 0;

  /** Names as the API accepts them (2–30 characters); fuzzed junk in a name field is not one. */
  rememberPerson(name: string): void {
    const trimmed = name.trim();
    if (trimmed.length >= 2 && trimmed.length <= 30) this.names.add(trimmed);
  }

  /** Collects the names paired with an ID number in a request body (objects at any depth, arrays of rows). */
  rememberFromBody(body: unknown): void {
    if (Array.isArray(body)) {
      for (const row of body) this.rememberFromBody(row);
      return;
    }
    if (!body || typeof body !== 'object') return;
    const entries = Object.entries(body as Record<string, unknown>);
    if (entries.some(([k, v]) => /idnumber$/i.test(k) && typeof v === 'string')) {
      for (const [k, v] of entries) {
        if (/name$/i.test(k) && typeof v === 'string' && LIKE_A_NAME.test(v.trim())) this.rememberPerson(v);
      }
    }
    for (const [, v] of entries) if (v && typeof v === 'object') this.rememberFromBody(v);
  }

  /** Scans one response; `where` names it (method, route, status) in the failure message. */
  checkResponse(where: string, body: string, headers: Record<string, unknown> = {}): void {
    this.scanned++;
    const opts: ScanOptions = { names: this.names };
    const leaks = scanBody(body, opts);
    for (const [name, value] of Object.entries(headers)) {
      for (const v of Array.isArray(value) ? value : [value]) {
        if (typeof v !== 'string') continue;
        for (const f of scanText(v, opts)) {
          leaks.push({ field: `header ${name}`, kind: f.kind, excerpt: maskedExcerpt(v, f, opts) });
        }
      }
    }
    for (const leak of leaks) {
      this.violations.push(`${where}: full ${leak.kind} in ${leak.field}: ${leak.excerpt}`);
    }
  }

  /**
   * Removes and returns the leaks found in responses of `where` (`GET /api/v1/me/data-export → 200`):
   * for the one answer that carries full numbers on purpose — the owner's own, after the payment
   * password (issue 18) — whose test asserts exactly what it carries.
   */
  takeViolations(where: string): string[] {
    const taken = this.violations.filter((v) => v.startsWith(`${where}:`));
    const kept = this.violations.filter((v) => !v.startsWith(`${where}:`));
    this.violations.splice(0, this.violations.length, ...kept);
    return taken;
  }

  /** Throws with every leak found (masked), so that the test file fails. */
  assertClean(): void {
    if (this.violations.length === 0) return;
    const shown = this.violations.slice(0, 30).join('\n  ');
    const more = this.violations.length > 30 ? `\n  … and ${this.violations.length - 30} more` : '';
    throw new Error(
      `personal data in ${this.violations.length} response(s) of ${this.scanned} (quality.md: masked in every response):\n  ${shown}${more}`,
    );
  }
}

/**
 * Scans every response the app sends (bodies after serialisation, and headers) for full ID numbers and
 * the full names the app was given. Request bodies legitimately carry them and are only read to learn
 * the names. Must be called before `app.ready()`.
 */
export function watchResponses(app: FastifyInstance, watch: PiiWatch): void {
  app.addHook('onSend', async (request, reply, payload) => {
    try {
      watch.rememberFromBody(request.body);
      const where = `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]} → ${reply.statusCode}`;
      const text =
        typeof payload === 'string'
          ? payload
          : Buffer.isBuffer(payload)
            ? payload.toString('utf8')
            : payload == null
              ? ''
              : null;
      if (text === null) watch.skipped++;
      else watch.checkResponse(where, text, reply.getHeaders());
    } catch (err) {
      watch.violations.push(`response scan failed: ${(err as Error).message}`);
    }
    return payload;
  });
}
