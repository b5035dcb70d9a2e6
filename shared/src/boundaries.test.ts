import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * The import boundaries of eslint.config.mjs, proven on in-memory snippets: each forbidden import is
 * reported by `boundaries/imports` with its message, each allowed one is not. ESLint runs in a child
 * Node process with the repository's own config, because its config loader uses a dynamic `import()`
 * that Jest's module sandbox refuses.
 */
const ROOT = path.resolve(__dirname, '../..');

interface Case {
  file: string;
  code: string;
}
interface Finding {
  ruleId: string | null;
  message: string;
}

const LINT = `
import { ESLint } from 'eslint';
const cases = JSON.parse(process.argv[1]);
const eslint = new ESLint({ cwd: process.cwd() });
const out = [];
for (const c of cases) {
  const [result] = await eslint.lintText(c.code, { filePath: c.file });
  out.push(result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })));
}
process.stdout.write(JSON.stringify(out));
`;

function lint(cases: Case[]): Finding[][] {
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', LINT, JSON.stringify(cases)], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(output) as Finding[][];
}

const use = (source: string) => `import * as m from '${source}';\nexport { m };\n`;

const forbidden: Array<[string, Case, string]> = [
  [
    'a feature imports another feature',
    { file: 'miniapp/src/features/enrolment/hooks/use-x.ts', code: use('../../family/api') },
    'features/enrolment imports features/family',
  ],
  [
    'a feature imports another feature by a path through features/',
    { file: 'miniapp/src/features/policies/renewal.ts', code: use('../../features/resident') },
    'features/policies imports features/resident',
  ],
  [
    'a feature re-exports another feature',
    { file: 'miniapp/src/features/account/index.ts', code: "export { fetchMe } from '../profile/api';\n" },
    'features/account imports features/profile',
  ],
  [
    'a feature loads another feature lazily',
    {
      file: 'miniapp/src/features/auth/hooks/use-y.ts',
      code: "export const load = () => import('../../messages/unread');\n",
    },
    'features/auth imports features/messages',
  ],
  [
    'lib/ imports a feature',
    { file: 'miniapp/src/lib/navigation.ts', code: use('../features/auth') },
    'miniapp/src/lib imports features/auth',
  ],
  [
    'components/ imports a feature',
    { file: 'miniapp/src/components/Card.tsx', code: use('../features/product/api') },
    'miniapp/src/components imports features/product',
  ],
  [
    'a page imports a feature’s internals',
    { file: 'miniapp/src/pages/enroll/index.tsx', code: use('../../features/enrolment/draft') },
    'features/enrolment/draft is internal to the feature',
  ],
  [
    'a subpackage imports another feature’s entry',
    { file: 'miniapp/src/packages/family/index.tsx', code: use('../../features/family/labels') },
    'features/family/labels is internal to the feature',
  ],
  [
    'a browser test imports server/src',
    { file: 'e2e/family.e2e.ts', code: use('../server/src/modules/demo/demo-data') },
    'e2e/ imports server/src/modules/demo/demo-data',
  ],
  [
    'e2e support imports the server’s test support (which builds the app from server/src)',
    { file: 'e2e/support/server.ts', code: use('../../server/test/support/app') },
    'e2e/ imports server/test/support/app',
  ],
  [
    'server/src/lib imports a module',
    { file: 'server/src/lib/paging.ts', code: use('../modules/registry/registry.service') },
    'server/src/lib imports server/src/modules/registry/registry.service',
  ],
];

const allowed: Array<[string, Case]> = [
  [
    'a feature imports itself, lib/ and components/',
    {
      file: 'miniapp/src/features/enrolment/hooks/use-x.ts',
      code: `${use('../api')}import * as l from '../../../lib/request';\nimport * as c from '../../../components';\nexport { l, c };\n`,
    },
  ],
  [
    'a page imports a feature’s index, api, components and hooks',
    {
      file: 'miniapp/src/pages/me/index.tsx',
      code:
        `${use('../../features/profile')}import * as a from '../../features/account/api';\n` +
        `import * as c from '../../features/family/components/RelativeList';\n` +
        `import * as h from '../../features/family/hooks/use-binding';\nexport { a, c, h };\n`,
    },
  ],
  [
    'a subpackage imports a declared entry',
    {
      file: 'miniapp/src/packages/enrol/confirm.tsx',
      code: `${use('../../features/enrolment/checkout')}`,
    },
  ],
  [
    'lib/ imports lib/ and the shared contract',
    {
      file: 'miniapp/src/lib/request.ts',
      code: `${use('./session')}import { API } from '@puhui/shared';\nexport { API };\n`,
    },
  ],
  [
    'e2e imports its own support and the shared package',
    {
      file: 'e2e/family.e2e.ts',
      code: `${use('./support/demo')}import { API } from '@puhui/shared';\nexport { API };\n`,
    },
  ],
  ['server/src/lib imports lib/', { file: 'server/src/lib/limits.ts', code: use('./errors') }],
  [
    'a module imports lib/',
    { file: 'server/src/modules/family/family.service.ts', code: use('../../lib/errors') },
  ],
];

describe('import boundaries (eslint.config.mjs)', () => {
  const cases = [...forbidden.map(([, c]) => c), ...allowed.map(([, c]) => c)];
  let results: Finding[][];
  beforeAll(() => {
    results = lint(cases);
  });

  it.each(forbidden.map(([name, , message], i) => [name, message, i] as const))(
    'refuses: %s',
    (_, message, i) => {
      const findings = results[i].filter((f) => f.ruleId === 'boundaries/imports');
      expect(findings).toHaveLength(1);
      expect(findings[0].message).toContain(message);
    },
  );

  it.each(allowed.map(([name], i) => [name, forbidden.length + i] as const))('allows: %s', (_, i) => {
    expect(results[i].filter((f) => f.ruleId === 'boundaries/imports')).toEqual([]);
  });
});
