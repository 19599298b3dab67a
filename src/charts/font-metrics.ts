// Text widths from the TTF that resvg draws with. Without a canvas, vega guesses every character at 0.8 em,
// which lays text out far wider than DejaVu Sans draws it (about 0.6 em): titles and legends then squeeze
// the plot. Reading the font's own advance widths (its cmap and hmtx tables) makes the layout match the picture.
import { readFileSync } from "node:fs";

export interface FontMetrics {
  /** The width of `text` at `size` pixels. */
  width(text: string, size: number): number;
}

export function readFontMetrics(path: string): FontMetrics {
  const font = readFileSync(path);
  const tables = new Map<string, number>();
  const count = font.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    tables.set(font.toString("latin1", at, at + 4), font.readUInt32BE(at + 8));
  }
  const table = (tag: string) => {
    const offset = tables.get(tag);
    if (offset === undefined) throw new Error(`${path} has no ${tag} table`);
    return offset;
  };
  const unitsPerEm = font.readUInt16BE(table("head") + 18);
  const metricsCount = font.readUInt16BE(table("hhea") + 34);
  const hmtx = table("hmtx");
  const advance = (glyph: number) => font.readUInt16BE(hmtx + 4 * Math.min(glyph, metricsCount - 1));
  const glyphOf = cmapFormat4(font, table("cmap"));
  const widths = new Map<number, number>();
  const fallback = advance(glyphOf(0x78) || 0) / unitsPerEm; // "x": a middling width for a character the font lacks
  const em = (code: number) => {
    let w = widths.get(code);
    if (w === undefined) {
      const glyph = glyphOf(code);
      widths.set(code, (w = glyph ? advance(glyph) / unitsPerEm : fallback));
    }
    return w;
  };
  return {
    width(text, size) {
      let total = 0;
      for (const ch of text) total += em(ch.codePointAt(0)!);
      return total * size;
    },
  };
}

/** The glyph of a character, by the Unicode BMP subtable (platform 3, encoding 1, format 4); 0 where there is none. */
function cmapFormat4(font: Buffer, cmap: number): (code: number) => number {
  const subtables = font.readUInt16BE(cmap + 2);
  let sub = -1;
  for (let i = 0; i < subtables; i++) {
    const at = cmap + 4 + i * 8;
    const platform = font.readUInt16BE(at);
    const encoding = font.readUInt16BE(at + 2);
    const offset = cmap + font.readUInt32BE(at + 4);
    if (((platform === 3 && encoding === 1) || platform === 0) && font.readUInt16BE(offset) === 4) sub = offset;
  }
  if (sub < 0) return () => 0;
  const segments = font.readUInt16BE(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  return (code) => {
    if (code > 0xffff) return 0;
    for (let i = 0; i < segments; i++) {
      if (font.readUInt16BE(ends + i * 2) < code) continue;
      const start = font.readUInt16BE(starts + i * 2);
      if (start > code) return 0;
      const delta = font.readInt16BE(deltas + i * 2);
      const rangeAt = rangeOffsets + i * 2;
      const range = font.readUInt16BE(rangeAt);
      if (range === 0) return (code + delta) & 0xffff;
      const glyph = font.readUInt16BE(rangeAt + range + (code - start) * 2);
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}
