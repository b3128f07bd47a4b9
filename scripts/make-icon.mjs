// Draws the extension icon, images/icon.png: a 128x128 RGBA PNG of a navy shield with an amber
// lambda (λ) on it, on a transparent background. No dependencies: the shapes are sampled 4x4 per
// pixel (anti-aliasing) and the PNG is written with node:zlib. The output is deterministic.
//   node scripts/make-icon.mjs            writes images/icon.png
//   node scripts/make-icon.mjs OUT.png    writes OUT.png
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SS = 4; // samples per pixel along each axis
const NAVY = [0x1e, 0x3a, 0x5f];
const AMBER = [0xf5, 0xa6, 0x23];

// Shield: a slightly arched top edge, straight sides down to y=66, then sides that narrow to a
// point at the bottom.
const CX = 64;
const HALF = 48;
const TOP = 10;
const SHOULDER = 66;
const TIP = 120;
function inShield(x, y) {
  const dx = Math.abs(x - CX);
  if (dx > HALF) return false;
  const top = TOP + 6 * (dx / HALF) ** 2; // the corners sit a little lower than the middle
  if (y < top || y > TIP) return false;
  if (y <= SHOULDER) {
    // round the two top corners (radius 8)
    const r = 8;
    const cx = HALF - r;
    const cy = TOP + 6 + r;
    if (dx > cx && y < cy) return (dx - cx) ** 2 + (y - cy) ** 2 <= r * r;
    return true;
  }
  const t = (y - SHOULDER) / (TIP - SHOULDER);
  return dx <= HALF * (1 - t * t);
}

// Lambda: a long stroke from the top left to the bottom right and a short leg from its middle to
// the bottom left, both with round ends.
const STROKE = 6; // half the stroke width
const LONG = [44, 32, 84, 98];
const MID = [44 + (84 - 44) * 0.45, 32 + (98 - 32) * 0.45];
const SHORT = [MID[0], MID[1], 42, 98];
function segDist2(x, y, [ax, ay, bx, by]) {
  const vx = bx - ax;
  const vy = by - ay;
  let t = ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy);
  t = Math.max(0, Math.min(1, t));
  const px = ax + t * vx - x;
  const py = ay + t * vy - y;
  return px * px + py * py;
}
const inLambda = (x, y) => segDist2(x, y, LONG) <= STROKE * STROKE || segDist2(x, y, SHORT) <= STROKE * STROKE;

function render() {
  const rowBytes = 1 + SIZE * 4;
  const raw = Buffer.alloc(rowBytes * SIZE); // filter byte 0 (None) on every row
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const x = px + (sx + 0.5) / SS;
          const y = py + (sy + 0.5) / SS;
          if (!inShield(x, y)) continue;
          const c = inLambda(x, y) ? AMBER : NAVY;
          r += c[0];
          g += c[1];
          b += c[2];
          a++;
        }
      }
      const o = py * rowBytes + 1 + px * 4;
      if (a) {
        raw[o] = Math.round(r / a);
        raw[o + 1] = Math.round(g / a);
        raw[o + 2] = Math.round(b / a);
        raw[o + 3] = Math.round((255 * a) / (SS * SS));
      }
    }
  }
  return raw;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export function makeIcon() {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter
  ihdr[12] = 0; // no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(render(), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const out = path.resolve(process.argv[2] ?? path.join(root, 'images', 'icon.png'));
  mkdirSync(path.dirname(out), { recursive: true });
  const png = makeIcon();
  writeFileSync(out, png);
  console.log(`${path.relative(process.cwd(), out) || out}: ${SIZE}x${SIZE}, ${png.length} bytes`);
}
