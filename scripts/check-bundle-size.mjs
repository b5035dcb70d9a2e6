#!/usr/bin/env node
// Checks the mini-program's size budgets (quality.md): the weapp main package ≤ 1.5 MB and the H5
// first-load JS ≤ 170 KB gzipped, measured by loading the H5 build's first page in Chromium.
import {
  createReadStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');
const WEAPP_LIMIT = 1.5 * 1024 * 1024;
const H5_LIMIT = 170 * 1024;
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

const h5 = path.join(root, 'miniapp/dist/h5');
const server = createServer((req, res) => {
  const file = path.join(h5, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  const target = existsSync(file) && statSync(file).isFile() ? file : path.join(h5, 'index.html');
  res.setHeader(
    'content-type',
    target.endsWith('.js') ? 'text/javascript' : target.endsWith('.css') ? 'text/css' : 'text/html',
  );
  createReadStream(target).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const profile = mkdtempSync(path.join(tmpdir(), 'size-chromium-'));
// playwright-core wants the profile folder as launchPersistentContext's argument, not --user-data-dir.
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const page = browser.pages()[0] ?? (await browser.newPage());
const scripts = new Set();
page.on('request', (r) => {
  if (r.resourceType() === 'script') scripts.add(new URL(r.url()).pathname);
});
await page.goto(`http://127.0.0.1:${server.address().port}/`, { waitUntil: 'networkidle' });
await browser.close();
server.close();
rmSync(profile, { recursive: true, force: true });
let gz = 0;
for (const s of scripts) gz += gzipSync(readFileSync(path.join(h5, s)), { level: 9 }).length;
console.log(
  `H5 first-load JS: ${(gz / 1024).toFixed(1)} KB gzipped in ${scripts.size} files (limit ${H5_LIMIT / 1024} KB)`,
);
if (gz > H5_LIMIT || scripts.size === 0) failed = true;

if (failed) {
  console.error('size budget exceeded');
  process.exit(1);
}
