#!/usr/bin/env node
// Writes brotli and gzip siblings (file.js.br, file.js.gz) of the H5 build's text assets, so that the
// server sends them compressed without compressing on every request (@fastify/static `preCompressed`).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = path.resolve(process.argv[2] ?? 'dist/h5');
const TEXT = /\.(js|css|html|svg|json|txt)$/;
// Below this, a compressed copy saves less than the headers it costs.
const MIN_BYTES = 1024;

let files = 0;
let raw = 0;
let brotli = 0;
function walk(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (TEXT.test(entry.name) && statSync(full).size >= MIN_BYTES) compress(full);
  }
}
function compress(file) {
  const body = readFileSync(file);
  const br = brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  writeFileSync(`${file}.br`, br);
  writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
  files += 1;
  raw += body.length;
  brotli += br.length;
}
walk(dir);
console.log(
  `precompressed ${files} files in ${path.relative(process.cwd(), dir) || '.'}: ${(raw / 1024).toFixed(1)} KB → ${(brotli / 1024).toFixed(1)} KB brotli`,
);
