// Which texts of a drawn chart overlap each other, or lie across its data line or a target line. The chart is
// laid out by vega itself (the View's scenegraph after runAsync), with the DejaVu Sans widths draw.ts installs
// into vega.textMetrics: the very layout the SVG and the PNG are drawn from, so what this finds is what the
// picture shows. (A browser would measure with whatever font it has; this runs in CI without one.)
import { layOut } from "../../src/charts/draw.ts";

type Chart = Parameters<typeof layOut>[0];
type LayoutOptions = Parameters<typeof layOut>[1];
interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}
interface SceneItem {
  x?: number;
  y?: number;
  x2?: number;
  y2?: number;
  text?: unknown;
  opacity?: number;
  fillOpacity?: number;
  bounds?: Box;
  items?: SceneMark[];
}
interface SceneMark {
  marktype: string;
  role?: string;
  items: SceneItem[];
}
export interface PlacedText {
  text: string;
  role: string;
  box: Box;
}

/** Texts shorter than this much in both directions do not count as an overlap: anti-aliasing, not a clash. */
const TOLERANCE = 1;

const textOf = (t: unknown) => (Array.isArray(t) ? t.join(" / ") : t == null ? "" : String(t)).trim();

/** Every visible text of the laid-out chart, its data line's segments, its target rules and its points, in the picture's coordinates. */
export function sceneOf(root: SceneMark) {
  const texts: PlacedText[] = [];
  const segments: Box[] = [];
  const points: Box[] = [];
  const walk = (mark: SceneMark, dx: number, dy: number) => {
    if (mark.marktype === "text") {
      for (const item of mark.items) {
        const text = textOf(item.text);
        if (!text || item.opacity === 0 || item.fillOpacity === 0 || !item.bounds) continue;
        const b = item.bounds;
        texts.push({ text, role: mark.role ?? "", box: { x1: b.x1 + dx, y1: b.y1 + dy, x2: b.x2 + dx, y2: b.y2 + dy } });
      }
    }
    // The data line and the target rules (the marks' own, not the axes' grid).
    if (mark.marktype === "line" && mark.role === "mark") {
      mark.items.forEach((item, i) => {
        const next = mark.items[i + 1];
        if (next) segments.push({ x1: item.x! + dx, y1: item.y! + dy, x2: next.x! + dx, y2: next.y! + dy });
      });
    }
    if (mark.marktype === "symbol" && mark.role === "mark") {
      for (const item of mark.items) if (item.bounds) points.push({ x1: item.bounds.x1 + dx, y1: item.bounds.y1 + dy, x2: item.bounds.x2 + dx, y2: item.bounds.y2 + dy });
    }
    if (mark.marktype === "rule" && mark.role === "mark") {
      for (const item of mark.items) segments.push({ x1: item.x! + dx, y1: item.y! + dy, x2: (item.x2 ?? item.x!) + dx, y2: (item.y2 ?? item.y!) + dy });
    }
    if (mark.marktype === "group") {
      for (const item of mark.items) for (const child of item.items ?? []) walk(child, dx + (item.x ?? 0), dy + (item.y ?? 0));
    }
  };
  walk(root, 0, 0);
  return { texts, segments, points };
}

/** Whether a segment passes through a box (Liang–Barsky clipping). */
function crosses(s: Box, b: Box): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = s.x2 - s.x1;
  const dy = s.y2 - s.y1;
  for (const [p, q] of [
    [-dx, s.x1 - b.x1],
    [dx, b.x2 - s.x1],
    [-dy, s.y1 - b.y1],
    [dy, b.y2 - s.y1],
  ] as const) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
}

const shrunk = (b: Box): Box => ({ x1: b.x1 + TOLERANCE, y1: b.y1 + TOLERANCE, x2: b.x2 - TOLERANCE, y2: b.y2 - TOLERANCE });
const overlap = (a: Box, b: Box) => Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) > TOLERANCE && Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) > TOLERANCE;

/**
 * The clashes in a chart as it is drawn (at the default layout, or as `options` lay it out, a Teams card's 480 px):
 * "“19.3% Red Amber” over “target 20.4%”", "a line through “target 4”", "a point under “1.3”".
 */
export async function textClashes(chart: Chart, options?: LayoutOptions): Promise<{ clashes: string[]; texts: number }> {
  const view = await layOut(chart, options);
  try {
    const { texts, segments, points } = sceneOf(view.scenegraph().root as SceneMark);
    const clashes: string[] = [];
    texts.forEach((a, i) => {
      for (const b of texts.slice(i + 1)) if (overlap(a.box, b.box)) clashes.push(`“${a.text}” (${a.role}) over “${b.text}” (${b.role})`);
      if (segments.some((s) => crosses(s, shrunk(a.box)))) clashes.push(`a line through “${a.text}” (${a.role})`);
      if (points.some((p) => overlap(p, a.box))) clashes.push(`a point under “${a.text}” (${a.role})`);
    });
    return { clashes, texts: texts.length };
  } finally {
    view.finalize();
  }
}
