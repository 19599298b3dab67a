// An opaque picture as an 8-bit palette PNG. resvg writes RGBA (4 bytes a pixel); a chart is a few flat colours
// and the shades their anti-aliased edges make, so 256 colours keep it as it looks at about a third of the
// bytes: under Teams' size for a data: URI. Written with node:zlib alone (pngjs cannot write a palette).
import { deflateSync } from "node:zlib";

const MAX_COLOURS = 256;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * `rgba` (width × height pixels, as resvg renders them over an opaque background) as a palette PNG: the 256
 * commonest colours, every other one drawn as the nearest of them (only the faintest edge shades move).
 */
export function encodePalettePng(rgba: Uint8Array, width: number, height: number): Buffer {
  const pixels = width * height;
  // One 32-bit word a pixel (alpha ignored: the background is opaque); runs of one colour (most of a chart
  // is white) are looked up once, which is what keeps this to milliseconds.
  const words = rgba.byteOffset % 4 === 0 ? new Uint32Array(rgba.buffer, rgba.byteOffset, pixels) : new Uint32Array(rgba.slice(0, pixels * 4).buffer);
  const rgb = (word: number) => word & 0xffffff;
  const counts = new Map<number, number>();
  for (let i = 0; i < pixels; ) {
    const colour = rgb(words[i]!);
    let run = 1;
    while (i + run < pixels && rgb(words[i + run]!) === colour) run++;
    counts.set(colour, (counts.get(colour) ?? 0) + run);
    i += run;
  }
  const palette = [...counts].sort((a, b) => b[1] - a[1]).slice(0, MAX_COLOURS).map(([colour]) => colour);
  const index = new Map<number, number>(palette.map((colour, i) => [colour, i]));
  // Little-endian words: red is the low byte.
  const channels = (c: number) => [c & 0xff, (c >> 8) & 0xff, (c >> 16) & 0xff] as const;
  const nearest = (colour: number) => {
    let best = 0;
    let bestDistance = Number.POSITIVE_INFINITY;
    const [r, g, b] = channels(colour);
    palette.forEach((p, i) => {
      const [pr, pg, pb] = channels(p);
      const d = (r - pr) ** 2 + (g - pg) ** 2 + (b - pb) ** 2;
      if (d < bestDistance) [best, bestDistance] = [i, d];
    });
    return best;
  };
  for (const colour of counts.keys()) if (!index.has(colour)) index.set(colour, nearest(colour));

  // One filter byte (none) before each row of indices.
  const raw = Buffer.alloc((width + 1) * height);
  let last = -1;
  let lastIndex = 0;
  for (let y = 0; y < height; y++) {
    const row = y * (width + 1) + 1;
    const from = y * width;
    for (let x = 0; x < width; x++) {
      const colour = rgb(words[from + x]!);
      if (colour !== last) [last, lastIndex] = [colour, index.get(colour)!];
      raw[row + x] = lastIndex;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 3, 0, 0, 0], 8); // 8 bits, palette colour, deflate, adaptive filtering, no interlace
  const plte = Buffer.alloc(palette.length * 3);
  palette.forEach((p, i) => plte.set(channels(p), i * 3));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("PLTE", plte),
    chunk("IDAT", deflateSync(raw, { level: 6 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}
