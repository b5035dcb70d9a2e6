// Draws the tab-bar icons (首页 / 立即投保 / 个人中心) as small PNGs, so that no image is downloaded or
// hand-edited. Run `node miniapp/scripts/make-tab-icons.mjs` after changing a shape; the PNGs are committed.
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZE = 81; // WeChat recommends 81×81 px for tab-bar icons
const SUPERSAMPLE = 4;
const COLORS = { normal: [0x99, 0x99, 0x99], active: [0x07, 0xc1, 0x60] };
const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '../src/assets/tab');

// Shapes on a 0..1 square; each returns whether a point is painted.
const inPolygon = (points, x, y) => {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
};
const inRect = (x0, y0, x1, y1, x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const inEllipse = (cx, cy, rx, ry, x, y) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;

const shapes = {
  // a house: roof, walls, a door cut out
  home: (x, y) =>
    (inPolygon(
      [
        [0.5, 0.12],
        [0.9, 0.48],
        [0.1, 0.48],
      ],
      x,
      y,
    ) ||
      inRect(0.2, 0.44, 0.8, 0.88, x, y)) &&
    !inRect(0.42, 0.62, 0.58, 0.88, x, y),
  // a shield with a plus cut out (投保)
  enroll: (x, y) => {
    const shield =
      inRect(0.16, 0.14, 0.84, 0.5, x, y) ||
      inPolygon(
        [
          [0.16, 0.5],
          [0.84, 0.5],
          [0.5, 0.9],
        ],
        x,
        y,
      ) ||
      (inEllipse(0.5, 0.5, 0.34, 0.36, x, y) && y > 0.5);
    const topNotch = y < 0.2 && inEllipse(0.5, 0.06, 0.4, 0.12, x, y);
    const plus = inRect(0.45, 0.3, 0.55, 0.64, x, y) || inRect(0.33, 0.42, 0.67, 0.52, x, y);
    return shield && !topNotch && !plus;
  },
  // a person: head and shoulders
  me: (x, y) =>
    inEllipse(0.5, 0.32, 0.18, 0.18, x, y) || (inEllipse(0.5, 0.9, 0.36, 0.34, x, y) && y <= 0.88),
};

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

function png(shape, [r, g, b]) {
  const rows = [];
  for (let py = 0; py < SIZE; py++) {
    const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0, then RGBA
    for (let px = 0; px < SIZE; px++) {
      let covered = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++)
        for (let sx = 0; sx < SUPERSAMPLE; sx++)
          if (shape((px + (sx + 0.5) / SUPERSAMPLE) / SIZE, (py + (sy + 0.5) / SUPERSAMPLE) / SIZE))
            covered++;
      row.set([r, g, b, Math.round((255 * covered) / SUPERSAMPLE ** 2)], 1 + px * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(OUT_DIR, { recursive: true });
for (const [name, shape] of Object.entries(shapes)) {
  for (const [state, color] of Object.entries(COLORS)) {
    const file = join(OUT_DIR, `${name}${state === 'active' ? '-active' : ''}.png`);
    writeFileSync(file, png(shape, color));
    console.log(file);
  }
}
