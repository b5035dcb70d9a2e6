#!/usr/bin/env node
// Checks the console's first-load budget (quality.md: ≤ 500 KB gzipped): the JavaScript an operator's
// browser loads to show the first page after logging in — the entry chunk, the 概览 page (the landing
// page, with ECharts) and every chunk they import statically — gzipped as the server sends it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'console/dist');
const LIMIT = 500 * 1024;
const manifestFile = path.join(dist, '.vite/manifest.json');
if (!existsSync(manifestFile)) {
  console.error('console build not found (run npm run build)');
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
const loaded = new Set();
function load(key) {
  const chunk = manifest[key];
  if (!chunk || loaded.has(chunk.file)) return;
  loaded.add(chunk.file);
  for (const dep of chunk.imports ?? []) load(dep);
}
load('index.html');
load(Object.keys(manifest).find((k) => k.endsWith('src/pages/Overview.tsx')));
let total = 0;
for (const file of loaded)
  if (file.endsWith('.js')) total += gzipSync(readFileSync(path.join(dist, file))).length;
console.log(
  `console first load: ${(total / 1024).toFixed(1)} KB gzipped JS in ${loaded.size} chunks (limit ${LIMIT / 1024} KB)`,
);
if (total > LIMIT) {
  console.error('console size budget exceeded');
  process.exit(1);
}
