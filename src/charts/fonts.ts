// The font every picture is drawn and measured with (DejaVu Sans, shipped by npm: no system font), its inks,
// and fitting text to a width as that font draws it. Shared by draw.ts and the specs beside it.
import { createRequire } from "node:module";
import { readFontMetrics, type FontMetrics } from "./font-metrics.ts";

export const FONT = "DejaVu Sans";
export const INK = "#222222";
export const MUTED = "#5b5b5b";

/** The frame of a picture laid out in pixels and drawn by vega directly (the wheel, a comparison): white, unpadded, its text in FONT, described by its alt text. */
export const pixelFrame = (width: number, height: number, alt: string) => ({
  $schema: "https://vega.github.io/schema/vega/v6.json",
  width,
  height,
  padding: 0,
  autosize: "none",
  background: "#ffffff",
  description: alt,
  config: { text: { font: FONT } },
});

const FONT_FILES = { regular: "DejaVuSans.ttf", bold: "DejaVuSans-Bold.ttf", italic: "DejaVuSans-Oblique.ttf" };

export interface Fonts {
  paths: string[];
  regular: FontMetrics;
  bold: FontMetrics;
}

let fonts: Fonts | null = null;

/** The TTFs resvg draws with, found through the package (no system font), and their widths, read once. */
export function loadFonts(): Fonts {
  if (!fonts) {
    const require = createRequire(import.meta.url);
    const path = (file: string) => require.resolve(`dejavu-fonts-ttf/ttf/${file}`);
    fonts = { paths: Object.values(FONT_FILES).map(path), regular: readFontMetrics(path(FONT_FILES.regular)), bold: readFontMetrics(path(FONT_FILES.bold)) };
  }
  return fonts;
}

/** Splits a text into at most `lines` lines no wider than `width` as `measure` measures, the last ending in … where cut. */
export function wrapToWidth(text: string, width: number, measure: (t: string) => number, lines: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const longer = line ? `${line} ${word}` : word;
    if (line && measure(longer) > width) {
      out.push(line);
      line = word;
    } else line = longer;
  }
  if (line) out.push(line);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  let last = `${kept[lines - 1]} ${out.slice(lines).join(" ")}`;
  while (last.length > 1 && measure(`${last}…`) > width) last = last.slice(0, -1);
  kept[lines - 1] = `${last.trimEnd()}…`;
  return kept;
}
