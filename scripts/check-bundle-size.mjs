#!/usr/bin/env node
// Checks the weapp main package's size budget (quality.md): ≤ 1.5 MB. The H5 build's budget is checked
// on the wire, as the server sends it, by check-h5-wire.mjs.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const WEAPP_LIMIT = 1.5 * 1024 * 1024;
let failed = false;

function dirSize(dir, skip = new Set()) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (skip.has(full)) continue;
    total += entry.isDirectory() ? dirSize(full, skip) : statSync(full).size;
  }
  return total;
}

const weapp = path.join(root, 'miniapp/dist/weapp');
if (existsSync(weapp)) {
  const app = JSON.parse(readFileSync(path.join(weapp, 'app.json'), 'utf8'));
  const subRoots = (app.subPackages ?? app.subpackages ?? []).map((s) => path.join(weapp, s.root));
  const main = dirSize(weapp, new Set(subRoots));
  const total = dirSize(weapp);
  console.log(
    `weapp main package: ${(main / 1024).toFixed(1)} KB (limit ${WEAPP_LIMIT / 1024} KB); all packages ${(total / 1024).toFixed(1)} KB`,
  );
  if (main > WEAPP_LIMIT) failed = true;
} else {
  console.log('weapp build not found (run npm run build:weapp)');
  failed = true;
}

if (failed) {
  console.error('size budget exceeded');
  process.exit(1);
}
