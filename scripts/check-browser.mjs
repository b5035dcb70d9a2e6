#!/usr/bin/env node
// Before the long stages of npm test: the browser tests need Debian's Chromium (and CJK fonts for
// readable screenshots). Say so at once, with the install command, instead of failing minutes later.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(
    `Chromium not found at ${chromium}: the browser tests need it.\n` +
      '  Install it with: apt-get install -y chromium fonts-noto-cjk\n' +
      '  or point CHROMIUM_PATH at a Chromium or Chrome binary.',
  );
  process.exit(1);
}
let fonts = '';
try {
  fonts = execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
} catch {
  // No fontconfig: Chromium will say more if it cannot render.
}
if (!fonts.trim()) {
  console.warn(
    'No CJK font found: screenshots will show boxes. Install one with: apt-get install -y fonts-noto-cjk',
  );
}
