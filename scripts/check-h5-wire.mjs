#!/usr/bin/env node
// The H5 build as a phone on slow 4G meets it (quality.md): loads 首页 from a running server in Chromium
// with the network at 150 ms latency and 1.6 Mbps down, the CPU slowed 4×, an empty cache, and checks
//  - the bytes transferred for the first load (what the server sends, compressed): ≤ 170 KB, a budget
//    that fails the check;
//  - the time until 首页's edition facts are painted, the median of three loads, against its goal of
//    2.5 s: reported, not failed on, since a shared machine's timing is no verdict (docs/performance.md).
// Usage: node scripts/check-h5-wire.mjs http://127.0.0.1:3000/
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const url = process.argv[2];
if (!url) {
  console.error('usage: node scripts/check-h5-wire.mjs <url of the running server>');
  process.exit(2);
}
const BYTES_LIMIT = 170 * 1024;

const PAINT_GOAL_MS = 2500;
const LOADS = 3;

/** One first load with an empty cache in a fresh browser: bytes on the wire, requests, time to the facts. */
async function firstLoad() {
  const profile = mkdtempSync(path.join(tmpdir(), 'puhui-wire-chromium-'));
  try {
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      viewport: { width: 390, height: 844 },
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
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6 * 1024 * 1024) / 8,
      uploadThroughput: (750 * 1024) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    let transferred = 0;
    let requests = 0;
    cdp.on('Network.loadingFinished', (e) => {
      transferred += e.encodedDataLength;
      requests += 1;
    });
    const started = Date.now();
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForSelector('[data-testid="product-facts"]', { state: 'visible', timeout: 30_000 });
    const painted = Date.now() - started;
    await page.waitForLoadState('networkidle');
    await browser.close();
    return { transferred, requests, painted };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

const loads = [];
for (let i = 0; i < LOADS; i++) loads.push(await firstLoad());
const { transferred, requests } = loads[0];
const painted = loads.map((l) => l.painted).sort((x, y) => x - y);
const median = painted[Math.floor(LOADS / 2)];
console.log(
  `H5 首页 on slow 4G (150 ms, 1.6 Mbps, CPU 4×): ${(transferred / 1024).toFixed(1)} KB transferred in ${requests} requests (budget ${BYTES_LIMIT / 1024} KB); edition facts painted after ${median} ms, median of ${painted.join(' / ')} ms (goal ${PAINT_GOAL_MS} ms${median > PAINT_GOAL_MS ? ': missed' : ''})`,
);
if (transferred > BYTES_LIMIT) {
  console.error('H5 wire budget exceeded');
  process.exit(1);
}
