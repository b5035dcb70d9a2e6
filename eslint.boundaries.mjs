/**
 * The import boundaries of the repository as one ESLint rule (`boundaries/imports`). Relative imports
 * are resolved against the importing file, so `../../family/api` from inside a feature is caught as
 * well as `../../features/family`. What each boundary allows is written in the messages below.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

/** Parts of a feature that pages and subpackages may import (besides the entries of `entries`). */
const FEATURE_PUBLIC = /^(|index|api|api\/.*|components\/.*|hooks\/.*)$/;

function repoPath(file) {
  return path.relative(ROOT, file).split(path.sep).join('/');
}

/** Where a repository path sits; `null` outside the areas that have rules. */
function areaOf(p) {
  const feature = /^miniapp\/src\/features\/([^/]+)(?:\/(.*))?$/.exec(p);
  if (feature)
    return { kind: 'feature', feature: feature[1], rest: (feature[2] ?? '').replace(/\.tsx?$/, '') };
  if (/^miniapp\/src\/(lib|components)(\/|$)/.test(p)) return { kind: 'ui-base' };
  if (/^miniapp\/src\/(pages|packages)(\/|$)/.test(p)) return { kind: 'screen' };
  if (/^e2e(\/|$)/.test(p)) return { kind: 'e2e' };
  if (/^server\/src\/lib(\/|$)/.test(p)) return { kind: 'server-lib' };
  return null;
}

export const importsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps features, the UI base, the browser tests and server/src/lib in their lanes' },
    schema: [
      {
        type: 'object',
        properties: {
          /** Per feature, the extra files (without extension) that subpackage pages import. */
          entries: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      crossFeature:
        'features/{{from}} imports features/{{to}}: a feature does not import another feature. Move what both need to lib/ or components/, or compose the two in a page.',
      baseImportsFeature:
        '{{area}} imports features/{{to}}: lib/ and components/ sit below the features and import none of them.',
      featureInternals:
        'features/{{to}}/{{rest}} is internal to the feature. Pages and subpackages import a feature through its index, api/, components/, hooks/{{entries}}.',
      e2eImportsServer:
        'e2e/ imports {{target}}: the browser tests drive the built server over HTTP and do not load its code. Put fixtures in e2e/support.',
      libImportsModule:
        'server/src/lib imports {{target}}: lib/ holds the small pieces the modules build on and imports no module.',
    },
  },
  create(context) {
    const entries = context.options[0]?.entries ?? {};
    const filename = context.filename;
    const from = areaOf(repoPath(filename));
    if (!from) return {};

    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = repoPath(path.resolve(path.dirname(filename), source));
      const to = areaOf(target);
      const report = (messageId, data) => context.report({ node, messageId, data });

      if (from.kind === 'e2e') {
        if (/^server(\/|$)/.test(target)) report('e2eImportsServer', { target });
        return;
      }
      if (from.kind === 'server-lib') {
        if (/^server\/src\/modules(\/|$)/.test(target)) report('libImportsModule', { target });
        return;
      }
      if (to?.kind !== 'feature') return;
      if (from.kind === 'feature' && from.feature !== to.feature)
        report('crossFeature', { from: from.feature, to: to.feature });
      else if (from.kind === 'ui-base')
        report('baseImportsFeature', {
          area: repoPath(filename).split('/').slice(0, 3).join('/'),
          to: to.feature,
        });
      else if (from.kind === 'screen') {
        const allowed = entries[to.feature] ?? [];
        if (!FEATURE_PUBLIC.test(to.rest) && !allowed.includes(to.rest))
          report('featureInternals', {
            to: to.feature,
            rest: to.rest,
            entries: allowed.length ? `, ${allowed.map((e) => `${e}.ts`).join(', ')}` : '',
          });
      }
    }

    const fromLiteral = (node) => (node?.type === 'Literal' ? node.value : undefined);
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => check(node, fromLiteral(node.source)),
      TSImportType: (node) => check(node, fromLiteral(node.argument?.literal ?? node.argument)),
      TSExternalModuleReference: (node) => check(node, fromLiteral(node.expression)),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require')
          check(node, fromLiteral(node.arguments[0]));
      },
    };
  },
};

export const boundariesPlugin = { rules: { imports: importsRule } };
