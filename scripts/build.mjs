#!/usr/bin/env node
// Builds shared, server, the H5 mini-program and the console, each only when its inputs changed since its last build
// (a content hash kept beside the output), printing one line per step; a failing step prints its output.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const h5Out = process.env.MINIAPP_OUT || 'dist/h5';
const common = [
  'package-lock.json',
  'tsconfig.base.json',
  'shared/src',
  'shared/package.json',
  'shared/tsconfig.json',
];
const STEPS = [
  { name: 'shared', args: ['run', 'build', '-w', 'shared'], out: 'shared/dist', inputs: common },
  {
    name: 'server',
    args: ['run', 'build', '-w', 'server'],
    out: 'server/dist',
    inputs: [...common, 'server/src', 'server/package.json', 'server/tsconfig.json'],
  },
  {
    name: 'mini-program (H5)',
    args: ['run', 'build:h5', '-w', 'miniapp'],
    out: path.join('miniapp', h5Out),
    inputs: [
      ...common,
      'miniapp/src',
      'miniapp/config',
      'miniapp/package.json',
      'miniapp/tsconfig.json',
      'miniapp/types',
      'miniapp/babel.config.js',
      'scripts/precompress.mjs',
    ],
  },
  // console: the operators' web console (Vite), served at /console/
  {
    name: 'console',
    args: ['run', 'build', '-w', 'console'],
    out: 'console/dist',
    inputs: [
      ...common,
      'console/src',
      'console/index.html',
      'console/package.json',
      'console/tsconfig.json',
      'console/vite.config.ts',
      'scripts/precompress.mjs',
    ],
  },
];

function files(rel) {
  const full = path.join(root, rel);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [rel];
  return readdirSync(full, { withFileTypes: true })
    .filter((e) => e.name !== 'node_modules' && e.name !== 'dist')
    .flatMap((e) => files(path.join(rel, e.name)));
}

function inputsHash(inputs) {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap(files).sort()) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(root, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

for (const step of STEPS) {
  const stamp = path.join(root, step.out, '.build-inputs');
  const hash = inputsHash(step.inputs);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) {
    console.log(`build ${step.name}: up to date`);
    continue;
  }
  const started = Date.now();
  const run = spawnSync('npm', step.args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  if (run.status !== 0) {
    process.stdout.write(run.stdout);
    process.stderr.write(run.stderr);
    console.error(`build ${step.name}: failed`);
    process.exit(run.status ?? 1);
  }
  writeFileSync(stamp, hash);
  console.log(`build ${step.name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
