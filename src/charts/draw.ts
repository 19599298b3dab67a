// Draws the chart view models to SVG (vega-lite, compiled and rendered by vega without a browser) and to
// PNG (resvg, with the DejaVu Sans font shipped by npm: no system font, so every machine draws the same
// picture). vega and resvg load on the first drawing, never on start-up or on a /kpi answer's path.
import type { ChartPoint, IndicatorChart, SummaryChart, WheelChart } from "../core/charts.ts";
import type { ComparisonChart } from "../core/comparison-chart.ts";
import { comparisonSpec } from "./comparison-spec.ts";
import { axisValueText } from "../core/chart-axis.ts";
import type { Unit } from "../core/figures.ts";
import { DIRECTION_ARROW } from "../core/objectives.ts";
import { contrast } from "./colour-vision.ts";
import { FONT, INK, loadFonts, MUTED, pixelFrame, wrapToWidth, type Fonts } from "./fonts.ts";
import { encodePalettePng } from "./png-palette.ts";
import { numberText } from "../core/number-text.ts";

export interface DrawnChart {
  svg: string;
  png: Buffer;
  width: number;
  height: number;
}

type Chart = IndicatorChart | SummaryChart | WheelChart | ComparisonChart;
type Spec = Record<string, unknown>;

/**
 * The width a spec is laid out at unless asked otherwise; the asked width scales it, so text keeps its
 * proportion at any size. A picture shown smaller (a Teams card's, about 480 px) is laid out at the width it is
 * shown at, so that its text is the size it is drawn at there, and drawn at twice that for sharp screens.
 */
export const LAYOUT_WIDTH = 640;

// The rating colours: green, yellow, orange, dark red, grey, an ordered scale whose every pair a deuteranope
// or protanope tells apart (ΔE2000 of 17 or more between the levels a picture shows together, checked in
// tests/charts/colours.test.ts; Okabe–Ito's orange and vermilion were 2 apart). A shape per level besides, and
// the level in words, so that the rating never rests on colour alone. `ink`: what is written on the colour.
export const LEVEL_STYLE: Readonly<Record<string, { colour: string; ink: string; shape: string; short: string }>> = {
  Green: { colour: "#20755E", ink: "#ffffff", shape: "circle", short: "G" },
  "Green Amber": { colour: "#E6CD23", ink: INK, shape: "diamond", short: "GA" },
  Amber: { colour: "#F1BD2D", ink: INK, shape: "diamond", short: "A" },
  "Red Amber": { colour: "#D16E02", ink: INK, shape: "triangle-down", short: "RA" },
  Red: { colour: "#911919", ink: "#ffffff", shape: "square", short: "R" },
  "Not rated": { colour: "#A7A6A7", ink: INK, shape: "cross", short: "NR" },
};


type TextItem = { fontSize?: number; fontWeight?: string | number; limit?: number };
/** vega-scenegraph's `textMetrics`, re-exported by vega but missing from its typings. */
type WithTextMetrics = { textMetrics: { width: (item: TextItem, text: unknown) => number } };
let measuring = false;

/** Vega measures text as DejaVu Sans draws it (its documented hook for a custom measure, as vl-convert uses). */
function measureWithFont(vega: WithTextMetrics, metrics: Fonts) {
  if (measuring) return;
  measuring = true;
  vega.textMetrics.width = (item, text) => {
    const line = text == null ? "" : String(text).trim();
    const bold = item.fontWeight === "bold" || Number(item.fontWeight) >= 600;
    const width = (bold ? metrics.bold : metrics.regular).width(line, item.fontSize ?? 11);
    // A limited text is cut to its limit when drawn.
    return item.limit && item.limit > 0 ? Math.min(width, item.limit) : width;
  };
}

/** How a chart is drawn: `width` pixels wide, laid out for `layout` pixels (default LAYOUT_WIDTH) and scaled to it. */
export interface DrawOptions {
  width: number;
  layout?: number;
  /** A wheel's key of titles (default true): left out where the picture's card lists them in text beside it. */
  wheelKey?: boolean;
}

/** vega's View, as far as this module and its tests use it. */
export type LaidOutView = { runAsync(): Promise<unknown>; signal(name: string): unknown; toSVG(scale?: number): Promise<string>; scenegraph(): { root: unknown }; finalize(): void };

/**
 * The chart laid out by vega at the layout width, with the text widths DejaVu Sans draws (the picture's own
 * layout: what the SVG and PNG show). An indicator chart is laid out twice: the first pass gives the plot's
 * size, the second places its labels apart in it. The caller finalizes the view.
 */
export async function layOut(chart: Chart, options: Omit<DrawOptions, "width"> = {}): Promise<LaidOutView> {
  const layout = options.layout ?? LAYOUT_WIDTH;
  if (!Number.isInteger(layout) || layout < 320 || layout > 1200) throw new RangeError(`A chart is laid out 320 to 1200 pixels wide, not ${layout}.`);
  const [{ compile }, vega] = await Promise.all([import("vega-lite"), import("vega")]);
  measureWithFont(vega as unknown as WithTextMetrics, loadFonts());
  const run = async (spec: Spec) => {
    const view = new vega.View(vega.parse(spec as never), { renderer: "none" }) as unknown as LaidOutView;
    await view.runAsync();
    return view;
  };
  const lite = (spec: Spec) => compile(spec as unknown as Parameters<typeof compile>[0]).spec as unknown as Spec;
  // The wheel is laid out here and drawn by vega directly: vega-lite has no room for a ring beside its key.
  if (chart.kind === "wheel_chart") return run(wheelSpec(chart, layout, options.wheelKey ?? true));
  if (chart.kind === "summary_chart") return run(lite(summarySpec(chart, layout)));
  // The comparison's dot plot is laid out in pixels (comparison-spec.ts) and drawn by vega directly, as the wheel is.
  if (chart.kind === "comparison_chart") return run(comparisonSpec(chart, layout));
  const first = await run(lite(narrowLegend(indicatorSpec(chart, layout), layout)));
  const plot = { width: Number(first.signal("width")), height: Number(first.signal("height")) };
  first.finalize();
  return run(lite(narrowLegend(indicatorSpec(chart, layout, plot), layout)));
}

/** The chart as SVG, `width` pixels wide. */
export async function drawSvg(chart: Chart, options: DrawOptions): Promise<{ svg: string; width: number; height: number }> {
  const width = checkedWidth(options.width);
  const layout = options.layout ?? LAYOUT_WIDTH;
  const view = await layOut(chart, options);
  try {
    // Scaled as a whole: the SVG keeps the layout's viewBox and takes the asked size.
    const svg = await view.toSVG(width / layout);
    const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
    return { svg, width, height: size ? Math.round(Number(size[2])) : Math.round(width / 2) };
  } finally {
    view.finalize();
  }
}

/** A legend in rows of three where the layout is narrower than the default, so that none runs off the picture. */
function narrowLegend(spec: Spec, layout: number): Spec {
  if (layout >= LAYOUT_WIDTH) return spec;
  const config = (spec.config ?? {}) as Spec;
  return { ...spec, config: { ...config, legend: { ...(config.legend as Spec | undefined), columns: 3 } } };
}

/** The chart as SVG and as PNG, `width` pixels wide. */
export async function drawChart(chart: Chart, options: DrawOptions): Promise<DrawnChart> {
  const drawn = await drawSvg(chart, options);
  const { renderAsync } = await import("@resvg/resvg-js");
  // Rendered on libuv's thread pool, not the event loop: a server keeps answering, and a report's next chart
  // is laid out by vega while this one is rasterised.
  const rendered = await renderAsync(drawn.svg, {
    fitTo: { mode: "width", value: drawn.width },
    background: "#ffffff",
    font: { loadSystemFonts: false, fontFiles: loadFonts().paths, defaultFontFamily: FONT },
  });
  // A palette PNG: about a third of resvg's RGBA one, small enough for Teams' data: URIs (see bench/charts.ts).
  return { svg: drawn.svg, png: encodePalettePng(rendered.pixels, rendered.width, rendered.height), width: rendered.width, height: rendered.height };
}

function checkedWidth(width: number): number {
  if (!Number.isInteger(width) || width < 200 || width > 4000) throw new RangeError(`A chart is 200 to 4000 pixels wide, not ${width}.`);
  return width;
}

/** Splits a title into at most `lines` lines of about `chars` characters, the last ending in … where cut. */
function wrap(text: string, chars: number, lines: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > chars) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  kept[lines - 1] = `${kept[lines - 1]!.slice(0, chars - 1)}…`;
  return kept;
}


const withUnit = (value: number, unit: Unit) => {
  const digits = numberText(value, 1);
  return unit === "%" ? `${digits}%` : unit === "£" ? `£${digits}` : unit === "days" ? `${digits} days` : digits;
};

/** The label at a point: as printed where that is short (its bracket aside), else the number with its unit; and the wave it was taken in ("19.8% (Sep 2015)"). */
const pointLabel = (p: ChartPoint, unit: Unit) => {
  if (p.value === null) return p.display;
  const printed = p.display.replace(/\s*\([^()]*\)\s*$/, "");
  const figure = printed.length <= 9 ? printed : withUnit(p.value, unit);
  return p.wave && !figure.includes(p.wave) ? `${figure} (${p.wave})` : figure;
};

const RATING_LEGEND = { title: "Rating", orient: "top", direction: "horizontal", titleOrient: "left", offset: 6 };

const baseConfig = {
  font: FONT,
  background: "#ffffff",
  padding: { left: 8, right: 16, top: 8, bottom: 8 },
  view: { stroke: null },
  axis: { labelFont: FONT, titleFont: FONT, labelFontSize: 12, titleFontSize: 12, labelColor: INK, titleColor: MUTED, domainColor: "#999999", tickColor: "#999999", gridColor: "#e4e4e4" },
  legend: { labelFont: FONT, titleFont: FONT, labelFontSize: 12, titleFontSize: 12, labelColor: INK, titleColor: MUTED, symbolSize: 110, symbolStrokeWidth: 2 },
  title: { font: FONT, fontSize: 17, fontWeight: "bold", color: INK, subtitleFont: FONT, subtitleFontSize: 13, subtitleColor: MUTED, anchor: "start", offset: 10, subtitlePadding: 4 },
  text: { font: FONT },
};

const DAY = 86_400_000;
/** A day as a number on the time axis: days since 1970. */
const dayNumber = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);

/** The plot's size inside the picture, as vega laid it out (the first pass), at the layout width. */
export interface PlotSize {
  width: number;
  height: number;
}
/** What the first pass assumes: about the plot of a two-line title at the layout width. */
const plotGuess = (layout: number): PlotSize => ({ width: layout - 80, height: 200 });

type Box = { x1: number; y1: number; x2: number; y2: number };
type Segment = { x1: number; y1: number; x2: number; y2: number };
interface TextStyle {
  size: number;
  bold?: boolean;
  italic?: boolean;
  colour?: string;
}
interface LabelAsked extends TextStyle {
  text: string;
  /** Centres to try, best first. */
  at: { x: number; y: number }[];
  /** What a screen reader hears for it. */
  about: string;
  /** Left out where none of its centres is clear (a figure's value among many: the alt text has it), rather than put on something. */
  optional?: boolean;
}
interface LabelPlaced extends TextStyle {
  text: string;
  x: number;
  y: number;
  about: string;
}

const overlaps = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

/** Whether a segment crosses a box (clipped to it: Liang–Barsky). */
function crosses(s: Segment, b: Box): boolean {
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

/**
 * Places labels one by one, each at the first of its centres that stays inside the plot and clear of the
 * labels placed before it, the lines and the points; where none is clear, at the one with the fewest clashes.
 */
function placeLabels(asked: LabelAsked[], plot: PlotSize, lines: Segment[], marks: Box[]): LabelPlaced[] {
  const { regular, bold } = loadFonts();
  const placed: Box[] = [];
  const out: LabelPlaced[] = [];
  const margin = 2;
  for (const label of asked) {
    const width = (label.bold ? bold : regular).width(label.text, label.size);
    const height = label.size * 1.15;
    let best: { box: Box; at: { x: number; y: number }; cost: number } | null = null;
    for (const at of label.at) {
      const box = { x1: at.x - width / 2 - margin, x2: at.x + width / 2 + margin, y1: at.y - height / 2 - margin, y2: at.y + height / 2 + margin };
      const outside = box.x1 < -margin || box.x2 > plot.width + margin || box.y1 < -margin || box.y2 > plot.height + margin;
      const cost = (outside ? 100 : 0) + placed.filter((b) => overlaps(b, box)).length * 10 + lines.filter((l) => crosses(l, box)).length * 3 + marks.filter((m) => overlaps(m, box)).length * 3;
      if (!best || cost < best.cost) best = { box, at, cost };
      if (cost === 0) break;
    }
    if (!best || (label.optional && best.cost > 0)) continue;
    placed.push(best.box);
    out.push({ text: label.text, x: best.at.x, y: best.at.y, about: label.about, size: label.size, bold: label.bold, italic: label.italic, colour: label.colour });
  }
  return out;
}

/** How many of `aroundPoint`'s centres are right beside the point. */
const NEAR_CENTRES = 12;

/** Centres around a point of radius `r` for a text `w` by `h`: `first` side first, then the other, the sides, the corners, further out. */
function aroundPoint(x: number, y: number, w: number, h: number, first: "above" | "below", r = 8): { x: number; y: number }[] {
  const gap = 4;
  const up = y - r - gap - h / 2;
  const down = y + r + gap + h / 2;
  const vertical = first === "above" ? [up, down] : [down, up];
  const out: { x: number; y: number }[] = [];
  for (const vy of vertical) out.push({ x, y: vy }, { x: x - w / 2 + r, y: vy }, { x: x + w / 2 - r, y: vy });
  // Beside the point, level with it or half a line above or below.
  for (const dy of [0, -h / 2 - 2, h / 2 + 2]) out.push({ x: x + r + gap + w / 2, y: y + dy }, { x: x - r - gap - w / 2, y: y + dy });
  for (const step of [1, 2]) for (const vy of vertical) for (const dx of [0, -w / 2 + r, w / 2 - r]) out.push({ x: x + dx, y: vy + (vy < y ? -1 : 1) * step * (h + 2) });
  return out;
}

/** Runs of consecutive periods with the same target: each drawn once, across its periods, and labelled once. */
function targetRuns(points: ChartPoint[]) {
  const runs: { first: ChartPoint; last: ChartPoint; target: NonNullable<ChartPoint["target"]> }[] = [];
  for (const p of points) {
    const t = p.target;
    const previous = runs.at(-1);
    // The same height is the same target, however it was written ("20.4% (2015/16)", "20.4%"): the latest words label it.
    const same = previous && t && previous.last === points[points.indexOf(p) - 1] && previous.target.value === t.value && previous.target.low === t.low && previous.target.high === t.high && previous.target.toDate === t.toDate;
    if (same) {
      previous.last = p;
      previous.target = t;
    }
    else if (t && (t.value !== null || (t.low !== null && t.high !== null))) runs.push({ first: p, last: p, target: t });
  }
  return runs;
}

const targetText = (t: NonNullable<ChartPoint["target"]>) => (t.value === null ? `target range ${t.display}` : t.toDate ? `target to date ${t.display}` : `target ${t.display}`);

/**
 * The vega-lite spec of an indicator's figures against target: time to scale (each figure at its period's
 * end, or its survey wave's), no line across a period without a figure, the value axis as the chart model
 * sets it, laid out `layout` pixels wide (Teams' card: 480). Given the plot's size (the first pass's layout
 * at that width), the labels are placed apart in pixels.
 */
export function indicatorSpec(chart: IndicatorChart, layout = LAYOUT_WIDTH, plot?: PlotSize): Spec {
  const size = plot ?? plotGuess(layout);
  const levels = [...chart.levels, "Not rated"];
  const figures = chart.points.filter((p) => p.value !== null);
  const { regular, bold } = loadFonts();
  const axisFont = chart.points.length > 8 ? 10 : 12;
  // The time axis: period ends (and waves), with room at each side for half its outermost label and a point.
  const ends = chart.points.map((p) => dayNumber(p.end));
  const days = [...ends, ...chart.points.map((p) => dayNumber(p.at))];
  const first = days.length ? Math.min(...days) : 0;
  const last = days.length ? Math.max(...days) : 1;
  const edgeLabel = Math.max(14, ...[chart.points[0], chart.points.at(-1)].flatMap((p) => (p ? [regular.width(p.period, axisFont) / 2 + 4] : [])));
  const span = last - first;
  const padDays = span ? (span * edgeLabel) / Math.max(1, size.width - 2 * edgeLabel) : 92;
  const xDomain = [first - padDays, last + padDays];
  const { low, high } = chart.axis;
  const sx = (day: number) => ((day - xDomain[0]!) / (xDomain[1]! - xDomain[0]!)) * size.width;
  const sy = (v: number) => size.height * (1 - (v - low) / (high - low));
  const periodNames = `{${chart.points.map((p) => `'${dayNumber(p.end)}': '${p.period.replace(/'/g, "\\'")}'`).join(", ")}}['' + datum.value]`;
  const tickNames = `{${chart.axis.ticks.map((t) => `'${t}': '${axisValueText(t, chart.unit).replace(/'/g, "\\'")}'`).join(", ")}}['' + datum.value]`;
  const xScale = { domain: xDomain, nice: false, zero: false };
  const xAxis = { title: null, values: [...new Set(ends)], labelExpr: periodNames, labelFontSize: axisFont, labelOverlap: "greedy", labelSeparation: 8, labelLimit: 120, ticks: true, tickSize: 4, domain: true, grid: false };
  const x = (field: string) => ({ field, type: "quantitative", scale: xScale, axis: xAxis });
  const yScale = { domain: [low, high], nice: false, zero: false };
  const y = (field: string) => ({ field, type: "quantitative", scale: yScale, axis: { title: null, values: chart.axis.ticks, labelExpr: tickNames, grid: true, domain: false, ticks: false } });
  // The line breaks at a period shown without a figure ("Not Applicable", "New", "Q not included"): a gap stays a gap.
  let piece = 0;
  const rows = chart.points.map((p, index) => {
    if (p.value === null) piece++;
    return { period: p.period, index, at: dayNumber(p.at), value: p.value, piece, rating: p.rating ?? "Not rated" };
  });
  const runs = targetRuns(chart.points);
  // A target is drawn across its periods, cut at the ends of the axis (the first period starts before it).
  const inside = (day: number) => Math.min(xDomain[1]!, Math.max(xDomain[0]!, day));
  const ruleRows = runs.filter((r) => r.target.value !== null).map((r) => ({ from: inside(dayNumber(r.first.start)), to: inside(dayNumber(r.last.end)), value: r.target.value, about: `${targetText(r.target)}, ${r.first.period === r.last.period ? r.first.period : `${r.first.period} to ${r.last.period}`}` }));
  const bandRows = runs.filter((r) => r.target.value === null).map((r) => ({ from: inside(dayNumber(r.first.start)), to: inside(dayNumber(r.last.end)), low: r.target.low, high: r.target.high, about: `${targetText(r.target)}, ${r.first.period} to ${r.last.period}` }));
  const year = chart.yearTarget;
  // The year's line starts after the year's periods whose own target line is already at its height: one line there, not two.
  const yearFrom = year ? Math.max(dayNumber(year.start), ...chart.points.filter((p) => p.target?.value === year.value && p.start >= year.start && p.end <= year.end).map((p) => dayNumber(p.end))) : 0;
  const yearRow = year ? { from: inside(yearFrom), to: inside(dayNumber(year.end)), value: year.value, about: `${year.period} target ${year.display}` } : null;
  const layers: Spec[] = [];
  if (bandRows.length) layers.push({ data: { values: bandRows }, mark: { type: "rect", color: LEVEL_STYLE.Green!.colour, opacity: 0.13, clip: true }, encoding: { x: x("from"), x2: { field: "to" }, y: y("low"), y2: { field: "high" }, description: { field: "about" } } });
  if (ruleRows.length) layers.push({ data: { values: ruleRows }, mark: { type: "rule", color: INK, strokeDash: [7, 4], strokeWidth: 1.8, clip: true }, encoding: { x: x("from"), x2: { field: "to" }, y: y("value"), description: { field: "about" } } });
  if (yearRow) layers.push({ data: { values: [yearRow] }, mark: { type: "rule", color: MUTED, strokeDash: [2, 3], strokeWidth: 1.6, clip: true }, encoding: { x: x("from"), x2: { field: "to" }, y: y("value"), description: { field: "about" } } });
  layers.push(
    { transform: [{ filter: "datum.value !== null" }], mark: { type: "line", color: "#4d4d4d", strokeWidth: 2.2 }, encoding: { x: x("at"), y: y("value"), detail: { field: "piece" }, order: { field: "index" } } },
    {
      transform: [{ filter: "datum.value !== null" }],
      mark: { type: "point", filled: true, size: 150, stroke: "#ffffff", strokeWidth: 1, opacity: 1 },
      encoding: {
        x: x("at"),
        y: y("value"),
        color: { field: "rating", type: "nominal", scale: { domain: levels, range: levels.map((l) => LEVEL_STYLE[l]!.colour) }, legend: RATING_LEGEND },
        shape: { field: "rating", type: "nominal", scale: { domain: levels, range: levels.map((l) => LEVEL_STYLE[l]!.shape) }, legend: RATING_LEGEND },
      },
    },
  );
  // What the lines and points cover, in pixels: labels keep off them.
  const at = (p: ChartPoint) => ({ x: sx(dayNumber(p.at)), y: sy(p.value!) });
  const lines: Segment[] = [];
  rows.forEach((r, i) => {
    const next = rows[i + 1];
    if (r.value !== null && next && next.value !== null && next.piece === r.piece) lines.push({ x1: at(chart.points[i]!).x, y1: at(chart.points[i]!).y, x2: at(chart.points[i + 1]!).x, y2: at(chart.points[i + 1]!).y });
  });
  for (const r of [...ruleRows, ...(yearRow ? [yearRow] : [])]) lines.push({ x1: Math.max(0, sx(r.from)), x2: Math.min(size.width, sx(r.to)), y1: sy(r.value!), y2: sy(r.value!) });
  const marks = figures.map((p) => ({ x1: at(p).x - 8, x2: at(p).x + 8, y1: at(p).y - 8, y2: at(p).y + 8 }));
  const asked: LabelAsked[] = [];
  const measure = (text: string, style: TextStyle) => ({ w: (style.bold ? bold : regular).width(text, style.size), h: style.size * 1.15 });
  if (chart.message) {
    const style = { size: 16, bold: true, colour: MUTED };
    const { w, h } = measure(chart.message, style);
    const ys = [0.5, 0.3, 0.7, 0.15, 0.85, 0.4, 0.6, 0.05, 0.95].map((f) => Math.min(size.height - h / 2, Math.max(h / 2, f * size.height)));
    asked.push({ text: chart.message, ...style, about: chart.message, at: ys.flatMap((cy) => [{ x: size.width / 2, y: cy }, { x: w / 2 + 4, y: cy }, { x: size.width - w / 2 - 4, y: cy }]) });
  }
  const latest = chart.latest;
  const values = chart.points.map((p) => p.value);
  const nearest = (from: number, step: -1 | 1) => {
    for (let i = from + step; i >= 0 && i < values.length; i += step) if (values[i] !== null) return values[i]!;
    return null;
  };
  // A label sits above a peak and below a dip, off the line: against the mean of the neighbouring figures.
  const side = (i: number): "above" | "below" => {
    const neighbours = [nearest(i, -1), nearest(i, 1)].filter((v): v is number => v !== null);
    const v = values[i]!;
    return neighbours.length > 0 && v < neighbours.reduce((a, b) => a + b, 0) / neighbours.length ? "below" : "above";
  };
  const pointAsk = (p: ChartPoint, text: string, style: TextStyle, first: "above" | "below") => {
    const { w, h } = measure(text, style);
    const { x: px, y: py } = at(p);
    return { text, ...style, about: `${p.period}: ${text}`, at: aroundPoint(px, py, w, h, first) };
  };
  // A restated figure says so in its label.
  const restated = (p: ChartPoint) => (p.restatedFrom !== null ? " restated" : "");
  if (latest) {
    const i = chart.points.indexOf(latest);
    const under = latest.target?.value != null && latest.value! < latest.target.value;
    asked.push(pointAsk(latest, `${pointLabel(latest, chart.unit)}  ${latest.rating ?? "not rated"}${restated(latest)}`, { size: 13, bold: true }, figures.length === 1 ? (under ? "below" : "above") : side(i)));
  }
  // A run at the year's height that the year's line continues is labelled by the year's label: one line, one label.
  const joined = year ? (runs.find((r) => r.target.value === year.value && dayNumber(r.last.end) === yearFrom) ?? null) : null;
  // Each run of one target labelled once, at its right end where it can be, on the side away from its figure.
  [...runs].reverse().forEach((r) => {
    if (r === joined) return;
    const text = targetText(r.target);
    const style = { size: 12 };
    const { w, h } = measure(text, style);
    const top = sy(r.target.value ?? r.target.high!);
    const bottom = sy(r.target.value ?? r.target.low!);
    const figure = r.last.value;
    const figureUnder = figure !== null && figure < (r.target.value ?? ((r.target.low ?? 0) + (r.target.high ?? 0)) / 2);
    const ups = [top - h / 2 - 3, top - h * 1.5 - 5];
    const downs = [bottom + h / 2 + 3, bottom + h * 1.5 + 5];
    const ordered = figureUnder || r.target.value === null ? [...ups, ...downs] : [...downs, ...ups];
    const right = sx(inside(dayNumber(r.last.end))) - w / 2 - 2;
    const left = sx(inside(dayNumber(r.first.start))) + w / 2 + 2;
    const xs = [right, left, (left + right) / 2];
    // Along its own line first, above or below; only then out at the plot's right edge.
    const at = [...ordered.flatMap((cy) => xs.map((cx) => ({ x: cx, y: cy }))), ...ordered.map((cy) => ({ x: size.width - w / 2 - 2, y: cy }))];
    asked.push({ text, ...style, about: `${text}, ${r.first.period === r.last.period ? r.first.period : `${r.first.period} to ${r.last.period}`}`, at });
  });
  if (yearRow) {
    const text = `${year!.period} target ${year!.display}`;
    const style = { size: 12, colour: MUTED };
    const { w, h } = measure(text, style);
    const ty = sy(yearRow.value);
    const from = sx(joined ? inside(dayNumber(joined.first.start)) : yearRow.from);
    // Over the joined run too, ending short of the figure where the two lines meet.
    const xs = [sx(yearRow.to) - w / 2 - 2, from + w / 2 + 2, (from + sx(yearRow.to)) / 2, size.width - w / 2 - 2, ...(joined ? [sx(yearRow.from) - w / 2 - 12] : [])];
    const ys = [ty - h / 2 - 3, ty + h / 2 + 3, ty - h * 1.5 - 5, ty + h * 1.5 + 5];
    asked.push({ text, ...style, about: yearRow.about, at: ys.flatMap((cy) => xs.map((cx) => ({ x: cx, y: cy }))) });
  }
  chart.points.forEach((p, i) => {
    if (p.value !== null && p !== latest) {
      // Among many, a value is labelled only right beside its point: one further off would read as another's.
      const ask = pointAsk(p, `${pointLabel(p, chart.unit)}${restated(p)}`, { size: 12 }, side(i));
      asked.push(figures.length > 8 ? { ...ask, optional: true, at: ask.at.slice(0, NEAR_CENTRES) } : ask);
    }
  });
  // The axis note after the figures' labels: it has the corners to choose from.
  if (chart.axis.note) {
    const style = { size: 11, italic: true, colour: MUTED };
    const { w, h } = measure(chart.axis.note, style);
    const xs = [w / 2 + 4, size.width - w / 2 - 4, size.width / 2];
    asked.push({ text: chart.axis.note, ...style, about: chart.axis.note, at: [h / 2 + 2, size.height - h / 2 - 2, h * 1.5 + 4, size.height - h * 1.5 - 4, size.height / 2].flatMap((cy) => xs.map((cx) => ({ x: cx, y: cy }))) });
  }
  // A period without a figure says why at the foot of the plot, above its name.
  chart.points.forEach((p) => {
    if (p.value !== null) return;
    const text = p.display.length > 16 ? `${p.display.slice(0, 15).trimEnd()}…` : p.display;
    const style = { size: 11, italic: true, colour: MUTED };
    const { w, h } = measure(text, style);
    const px = Math.min(size.width - w / 2 - 2, Math.max(w / 2 + 2, sx(dayNumber(p.end))));
    asked.push({ text, ...style, about: `${p.period}: ${p.display}`, at: [size.height - h / 2 - 3, size.height - h * 1.5 - 5, h / 2 + 2, h * 1.5 + 4, size.height / 2].map((cy) => ({ x: px, y: cy })) });
  });
  if (plot) {
    const placed = placeLabels(asked, size, lines, marks);
    // One layer per text style: vega-lite sets weight and slant per mark, not per datum.
    const styles = new Map<string, LabelPlaced[]>();
    for (const l of placed) {
      const key = `${l.size}|${l.bold ? 1 : 0}|${l.italic ? 1 : 0}|${l.colour ?? INK}`;
      styles.set(key, [...(styles.get(key) ?? []), l]);
    }
    for (const group of styles.values()) {
      const l = group[0]!;
      layers.push({
        data: { values: group.map((g) => ({ text: g.text, px: g.x, py: g.y, about: g.about })) },
        mark: { type: "text", fontSize: l.size, fontWeight: l.bold ? "bold" : "normal", fontStyle: l.italic ? "italic" : "normal", color: l.colour ?? INK, align: "center", baseline: "middle" },
        encoding: { x: { field: "px", type: "quantitative", scale: null }, y: { field: "py", type: "quantitative", scale: null }, text: { field: "text" }, description: { field: "about" } },
      });
    }
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: layout,
    // A narrow picture keeps room for its plot under a title and key that take more lines.
    height: Math.round(Math.max(layout * 0.53, 300)),
    autosize: { type: "fit", contains: "padding" },
    title: { text: wrap(`${chart.ref}  ${chart.title}`, Math.floor((62 * layout) / LAYOUT_WIDTH), 2), subtitle: `${chart.organisation}  ·  ${chart.polarityText}` },
    description: chart.alt,
    config: baseConfig,
    data: { values: rows },
    layer: layers,
  };
}

/** About how wide the summary's bars may run (the services' names take the rest), for fitting the words inside them and after them. */
const summaryPlotWidth = (layout: number) => layout - serviceLabelWidth(layout) - 40;
/** The services' names at the left: on up to two lines where the picture is narrow. */
const serviceLabelWidth = (layout: number) => (layout < LAYOUT_WIDTH ? 110 : 150);
const TAG_SIZE = 11;

/** A colour seen through `opacity` over white: what a paler bar shows. */
function overWhite(hex: string, opacity: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `#${[16, 8, 0].map((shift) => Math.round(255 - (255 - ((n >> shift) & 255)) * opacity).toString(16).padStart(2, "0")).join("")}`;
}

/** White or near-black, whichever reads better on `fill`. */
const inkOn = (fill: string) => (contrast(fill, "#ffffff") >= contrast(fill, INK) ? "#ffffff" : INK);

const PREVIOUS_OPACITY = 0.5;

/**
 * The vega-lite spec of a digest's counts per level by service: for each, the period before (paler) above
 * this one. Every segment says its level's letters with its count ("GA 2"): inside it where that fits, else
 * after the bar, beside the period's name; so no count rests on its colour. A period none of whose
 * indicators is rated (no targets yet) is said in words, not drawn as one grey bar that reads as a rating.
 */
export function summarySpec(chart: SummaryChart, layout = LAYOUT_WIDTH): Spec {
  const plotWidth = summaryPlotWidth(layout);
  const metrics = loadFonts();
  const short = (level: string) => LEVEL_STYLE[level]?.short ?? level;
  const notRated = chart.levels.indexOf("Not rated");
  const bars = chart.rows.flatMap((r) =>
    [
      { order: 0, when: r.previousPeriod, counts: r.before },
      { order: 1, when: r.period, counts: r.now },
    ]
      .filter((b) => b.when !== null || b.order === 1)
      .map((b) => ({ service: r.service, order: b.order, when: b.when, counts: b.counts, total: b.counts.reduce((x, y) => x + y, 0), rated: b.counts.some((c, i) => c > 0 && i !== notRated) })),
  );
  const drawn = bars.filter((b) => b.rated);
  const tagOf = (level: string, count: number) => `${short(level)} ${count}`;
  const fits = (level: string, count: number, unit: number) => metrics.bold.width(tagOf(level, count), TAG_SIZE) + 6 <= count * unit;
  /** What follows a drawn bar: its period, and the segments too narrow to carry their own words. */
  const after = (b: (typeof bars)[number], unit: number) =>
    [b.when!, ...chart.levels.flatMap((level, i) => (b.counts[i]! > 0 && !fits(level, b.counts[i]!, unit) ? [tagOf(level, b.counts[i]!)] : []))].join(" · ");
  // Pixels per indicator: as wide as the longest bar allows with its words after it; fewer words fit inside
  // a narrower bar and more go after it, so it is found again until it holds.
  // The longest bar takes at least half the width, however much is written after the bars.
  const longest = Math.max(1, ...drawn.map((b) => b.total));
  const least = (plotWidth * 0.5) / longest;
  let unit = plotWidth / longest;
  for (let i = 0; i < 8; i++) {
    const needed = Math.min(...drawn.map((b) => (plotWidth - metrics.regular.width(after(b, unit), TAG_SIZE) - 8) / b.total));
    if (!(needed < unit - 1e-6)) break;
    unit = Math.max(least, needed);
  }
  const most = plotWidth / unit;
  const rows = drawn.flatMap((b) =>
    chart.levels.map((level, rank) => {
      const colour = LEVEL_STYLE[level]?.colour ?? LEVEL_STYLE["Not rated"]!.colour;
      const count = b.counts[rank]!;
      return { service: b.service, order: b.order, level, rank, count, tag: count && fits(level, count, unit) ? tagOf(level, count) : "", ink: inkOn(b.order === 0 ? overWhite(colour, PREVIOUS_OPACITY) : colour) };
    }),
  );
  // What follows a bar on one line where it fits, else its period over the rest.
  const afterLines = (b: (typeof bars)[number]) => {
    const line = after(b, unit);
    if (metrics.regular.width(line, TAG_SIZE) + 8 <= plotWidth - b.total * unit) return line;
    const [when, ...rest] = line.split(" · ");
    return rest.length ? [when!, rest.join(" · ")] : line;
  };
  const ends = bars.map((b) => ({
    service: b.service,
    order: b.order,
    at: b.rated ? b.total : 0,
    gap: b.rated ? 6 : 2,
    text: b.rated ? afterLines(b) : b.when === null ? "no results" : b.total ? `no ratings for ${b.when} (${b.total} not rated)` : `no results for ${b.when}`,
  }));
  const y = { field: "service", type: "nominal", sort: chart.rows.map((r) => r.service), axis: { title: null, labelFontSize: 13, labelLimit: serviceLabelWidth(layout), ticks: false, domain: false, labelPadding: 8, labelExpr: layout < LAYOUT_WIDTH ? `{${chart.rows.map((r) => `${JSON.stringify(r.service)}: ${JSON.stringify(wrapToWidth(r.service, serviceLabelWidth(layout), (t) => metrics.regular.width(t, 13), 2))}`).join(", ")}}[datum.label]` : "datum.label" }, scale: { paddingInner: 0.25 } };
  const yOffset = { field: "order", type: "ordinal", scale: { domain: [0, 1], paddingInner: 0.1 } };
  const x = { field: "count", type: "quantitative", stack: "zero", scale: { domain: [0, most], nice: false }, axis: { title: "Indicators", tickMinStep: 1, tickCount: 6, format: "d", grid: true, domain: false, ticks: false } };
  const legendLabels = `{${chart.levels.map((l) => `'${l}': '${short(l)}  ${l}'`).join(", ")}}[datum.label]`;
  const layers: Spec[] = [
    {
      mark: { type: "bar", stroke: "#ffffff", strokeWidth: 1 },
      encoding: {
        y,
        yOffset,
        x,
        color: { field: "level", type: "nominal", scale: { domain: chart.levels, range: chart.levels.map((l) => LEVEL_STYLE[l]?.colour ?? LEVEL_STYLE["Not rated"]!.colour) }, legend: { title: null, orient: "top", direction: "horizontal", labelExpr: legendLabels, symbolType: "square", labelFontSize: 11, columnPadding: 8, ...(layout < LAYOUT_WIDTH ? { columns: 3 } : {}) } },
        order: { field: "rank" },
        opacity: { field: "order", type: "ordinal", scale: { domain: [0, 1], range: [PREVIOUS_OPACITY, 1] }, legend: null },
      },
    },
    // The level written in each segment wide enough, in the ink that reads on its colour.
    { transform: [{ filter: "datum.count > 0" }], mark: { type: "text", fontSize: TAG_SIZE, fontWeight: "bold" }, encoding: { y, yOffset, x: { ...x, bandPosition: 0.5 }, order: { field: "rank" }, text: { field: "tag" }, color: { field: "ink", type: "nominal", scale: null }, detail: { field: "level" } } },
    // Which period each bar counts, and the segments too narrow for their words, at its end.
    { data: { values: ends }, mark: { type: "text", fontSize: TAG_SIZE, lineHeight: 13, color: INK, align: "left", dx: { expr: "datum.gap" } }, encoding: { y, yOffset, x: { field: "at", type: "quantitative" }, text: { field: "text" } } },
  ];
  if (chart.message) layers.push({ data: { values: [{ text: chart.message }] }, mark: { type: "text", fontSize: 16, fontWeight: "bold", color: MUTED, x: { expr: "width / 2" }, y: { expr: "height / 2" } }, encoding: { text: { field: "text" } } });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: layout,
    // Room for the title and key, and about 70 pixels for each service's two bars.
    height: Math.round(Math.max(layout * 0.53, 140 + chart.rows.length * 72)),
    autosize: { type: "fit", contains: "padding" },
    title: { text: wrap(chart.title, Math.floor((62 * layout) / LAYOUT_WIDTH), 2), subtitle: "Indicators at each rating level: the period before (paler) and the latest" },
    description: chart.alt,
    config: baseConfig,
    data: { values: rows },
    layer: layers,
  };
}

// The wheel's statuses: the same colours as the ratings, and the letter or word in every segment.
const STATUS_FILL: Record<string, { fill: string; ink: string }> = {
  Green: { fill: LEVEL_STYLE.Green!.colour, ink: LEVEL_STYLE.Green!.ink },
  Amber: { fill: LEVEL_STYLE.Amber!.colour, ink: LEVEL_STYLE.Amber!.ink },
  Red: { fill: LEVEL_STYLE.Red!.colour, ink: LEVEL_STYLE.Red!.ink },
  none: { fill: "#dddddd", ink: INK },
};
/** The groups' outer arcs, in turn: neighbours always differ (three shades, a fourth where three would meet round the circle). */
const GROUP_SHADES = ["#4d4d4d", "#a6a6a6", "#7a7a7a", "#cccccc"];

/**
 * The vega spec of a wheel: a ring of segments clockwise from the top, group by group with a gap between
 * groups and a shaded outer arc per group; each segment says its code and status (the word where it fits,
 * else the letter); the period's counts in the middle; at the right a key of groups and segments' titles.
 */
export function wheelSpec(chart: WheelChart, layout = LAYOUT_WIDTH, withKey = true): Spec {
  const metrics = loadFonts();
  const n = Math.max(1, chart.segments.length);
  const title = { x: 16, y: 28 };
  const outer = 150;
  const inner = 80;
  const groupRing = { from: outer + 4, to: outer + 13 };
  // The key beside the ring where there is room for both, else under it (a Teams card's width).
  const beside = withKey && layout >= 600;
  const centre = { x: beside ? 16 + groupRing.to + 4 : layout / 2, y: 70 + groupRing.to };
  const groupGap = chart.groups.length > 1 ? 0.035 : 0;
  const sweep = 2 * Math.PI - groupGap * chart.groups.length;
  const each = sweep / n;
  const shade = (i: number) => GROUP_SHADES[i === chart.groups.length - 1 && i % 3 === 0 && i > 0 ? 3 : i % 3]!;
  const middleRadius = (inner + outer) / 2;
  // How much room a label has: the chord across its segment at the middle of the band, and the band's depth.
  const room = Math.min(2 * middleRadius * Math.sin(Math.min(each, Math.PI) / 2), outer - inner) - 8;
  const codeSize = n > 24 ? 10 : 12;
  const widest = (texts: string[], size: number, bold = false) => Math.max(0, ...texts.map((t) => (bold ? metrics.bold : metrics.regular).width(t, size)));
  const arrow = (s: WheelChart["segments"][number]) => (s.direction ? ` ${DIRECTION_ARROW[s.direction]}` : "");
  const words = widest(chart.segments.map((s) => s.word), 11) <= room && n <= 24;
  // Two lines across a segment where they fit ("P3 ↓" over "Red"); else one line ("S12 R ↓") along the radius, which has the band's depth.
  const radial = 2 * (codeSize + 3) > room || widest(chart.segments.map((s) => `${s.code}${arrow(s)}`), codeSize, true) > room;
  const segments: Spec[] = [];
  const groups: Spec[] = [];
  let angle = groupGap / 2;
  chart.groups.forEach((g, gi) => {
    const start = angle;
    for (const code of g.codes) {
      const s = chart.segments.find((x) => x.code === code && x.group === g.name)!;
      const style = STATUS_FILL[s.status ?? "none"]!;
      const mid = angle + each / 2;
      // Along the radius, read left to right on both halves of the ring.
      const degrees = (mid * 180) / Math.PI;
      const turn = radial ? (mid > Math.PI ? degrees + 90 : degrees - 90) : 0;
      const label = radial ? `${s.code} ${s.letter}${arrow(s)}` : [`${s.code}${arrow(s)}`, words ? s.word : s.letter];
      segments.push({ code: s.code, status: s.word, start: angle, end: angle + each, mid, turn, fill: style.fill, ink: style.ink, label });
      angle += each;
    }
    groups.push({ name: g.name, start, end: angle, fill: shade(gi) });
    angle += groupGap;
  });
  // The legend under the ring: the statuses, then the directions where any segment has one.
  const legendY = centre.y + groupRing.to + 26;
  let legendX = 16;
  const legend = [...Object.entries(STATUS_FILL).filter(([k]) => k !== "none"), ...(chart.notAssessed ? [["none", STATUS_FILL.none!] as const] : [])].map(([status, style]) => {
    const words = status === "none" ? "not assessed" : status;
    const entry = { x: legendX, letter: status === "none" ? "–" : status[0]!, text: words, fill: style.fill, ink: style.ink };
    legendX += 22 + metrics.regular.width(words, 12) + 16;
    return entry;
  });
  const directed = chart.segments.some((s) => s.direction);
  const directionKey = directed ? `Direction: ${(Object.keys(DIRECTION_ARROW) as (keyof typeof DIRECTION_ARROW)[]).map((d) => `${DIRECTION_ARROW[d]} ${d}`).join(" · ")}` : null;
  const legendBottom = legendY + (directionKey ? 22 : 0) + 10;
  // The key: each group (with its arc's shade), then its segments with their status letter, title (on two
  // lines where one is too short) and direction.
  const keyX = beside ? centre.x + groupRing.to + 26 : 16;
  const keyWidth = layout - keyX - 12;
  const directionWidth = directed ? widest(chart.segments.map((s) => (s.direction ? `${DIRECTION_ARROW[s.direction]} ${s.direction}` : "")), 12) + 8 : 0;
  const titleWidth = keyWidth - 23 - directionWidth;
  const key: Spec[] = [];
  const keyLines = chart.segments.map((s) => wrapToWidth(`${s.code}  ${s.title}`, titleWidth, (t) => metrics.regular.width(t, 12), 2));
  // The directions in a column just right of the longest title, not across an empty width.
  const directionX = Math.min(keyX + keyWidth, keyX + 23 + widest(keyLines.flat(), 12) + directionWidth);
  let y = beside ? 78 : legendBottom + 24;
  if (withKey) chart.groups.forEach((g, gi) => {
    key.push({ kind: "group", y, text: [g.name], fill: shade(gi), direction: "" });
    y += 21;
    for (const code of g.codes) {
      const s = chart.segments.find((x) => x.code === code && x.group === g.name)!;
      const style = STATUS_FILL[s.status ?? "none"]!;
      const lines = wrapToWidth(`${s.code}  ${s.title}`, titleWidth, (t) => metrics.regular.width(t, 12), 2);
      key.push({ kind: "segment", y, letter: s.letter, text: lines, fill: style.fill, ink: style.ink, direction: s.direction ? `${DIRECTION_ARROW[s.direction]} ${s.direction}` : "" });
      y += 18 + (lines.length - 1) * 15;
    }
    y += 6;
  });
  const height = Math.round(withKey ? Math.max(legendBottom + 12, y + 8) : legendBottom + 4);
  const centreLines = [
    ...chart.counts.map((c) => `${c.count} ${c.status}`),
    ...(chart.notAssessed ? [`${chart.notAssessed} not assessed`] : []),
  ];
  const text = (props: Spec) => Object.fromEntries(Object.entries(props).map(([k, v]) => [k, typeof v === "object" && v !== null && !Array.isArray(v) ? v : { value: v }]));
  return {
    ...pixelFrame(layout, height, chart.alt),
    data: [
      { name: "segments", values: segments },
      { name: "groups", values: groups },
      { name: "key", values: key },
      { name: "legend", values: legend },
      { name: "centre", values: centreLines.map((line, i) => ({ line, i })) },
    ],
    marks: [
      { type: "text", encode: { enter: text({ x: title.x, y: title.y, text: wrap(chart.title, Math.floor((60 * layout) / LAYOUT_WIDTH), 1)[0]!, fontSize: 17, fontWeight: "bold", fill: INK }) } },
      { type: "text", encode: { enter: text({ x: title.x, y: title.y + 21, text: `${chart.organisation}${chart.filter ? `  ·  ${chart.filter}` : ""}`, fontSize: 13, fill: MUTED, limit: layout - 32 }) } },
      {
        type: "arc",
        from: { data: "groups" },
        encode: { enter: { x: { value: centre.x }, y: { value: centre.y }, startAngle: { field: "start" }, endAngle: { field: "end" }, innerRadius: { value: groupRing.from }, outerRadius: { value: groupRing.to }, fill: { field: "fill" } } },
      },
      {
        type: "arc",
        from: { data: "segments" },
        encode: {
          enter: { x: { value: centre.x }, y: { value: centre.y }, startAngle: { field: "start" }, endAngle: { field: "end" }, innerRadius: { value: inner }, outerRadius: { value: outer }, fill: { field: "fill" }, stroke: { value: "#ffffff" }, strokeWidth: { value: 2 } },
        },
      },
      {
        type: "text",
        from: { data: "segments" },
        encode: {
          enter: {
            x: { value: centre.x },
            y: { value: centre.y },
            radius: { value: middleRadius },
            theta: { field: "mid" },
            text: { field: "label" },
            angle: { field: "turn" },
            align: { value: "center" },
            baseline: { value: "middle" },
            lineHeight: { value: codeSize + 3 },
            fontSize: { value: codeSize },
            fontWeight: { value: "bold" },
            fill: { field: "ink" },
          },
        },
      },
      {
        type: "text",
        from: { data: "centre" },
        encode: { enter: { x: { value: centre.x }, y: { signal: `${centre.y - ((centreLines.length + 1) * 16) / 2 + 8} + (datum.i + 1) * 16` }, text: { field: "line" }, align: { value: "center" }, baseline: { value: "middle" }, fontSize: { value: 12 }, fill: { value: INK } } },
      },
      { type: "text", encode: { enter: text({ x: centre.x, y: centre.y - ((centreLines.length + 1) * 16) / 2 + 8, text: chart.period, align: "center", baseline: "middle", fontSize: 13, fontWeight: "bold", fill: INK, limit: inner * 2 - 12 }) } },
      {
        type: "rect",
        from: { data: "key" },
        encode: { enter: { x: { value: keyX }, y: { signal: "datum.y - 7" }, width: { signal: "datum.kind === 'group' ? 14 : 16" }, height: { signal: "datum.kind === 'group' ? 5 : 15" }, fill: { field: "fill" } } },
      },
      {
        type: "text",
        from: { data: "key" },
        encode: { enter: { x: { value: keyX + 8 }, y: { signal: "datum.y + 1" }, text: { signal: "datum.kind === 'segment' ? datum.letter : ''" }, align: { value: "center" }, baseline: { value: "middle" }, fontSize: { value: 11 }, fontWeight: { value: "bold" }, fill: { field: "ink" } } },
      },
      {
        type: "text",
        from: { data: "key" },
        encode: {
          enter: {
            x: { signal: `datum.kind === 'group' ? ${keyX + 20} : ${keyX + 23}` },
            y: { signal: "datum.y - 4" },
            text: { field: "text" },
            baseline: { value: "top" },
            lineHeight: { value: 15 },
            fontSize: { signal: "datum.kind === 'group' ? 13 : 12" },
            fontWeight: { signal: "datum.kind === 'group' ? 'bold' : 'normal'" },
            fill: { value: INK },
            limit: { signal: `datum.kind === 'group' ? ${keyWidth - 20} : ${titleWidth}` },
          },
        },
      },
      // Each segment's direction at the right of the key.
      { type: "text", from: { data: "key" }, encode: { enter: { x: { value: directionX }, y: { signal: "datum.y + 1" }, text: { field: "direction" }, align: { value: "right" }, baseline: { value: "middle" }, fontSize: { value: 12 }, fill: { value: INK } } } },
      { type: "rect", from: { data: "legend" }, encode: { enter: { x: { field: "x" }, y: { value: legendY - 8 }, width: { value: 16 }, height: { value: 15 }, fill: { field: "fill" } } } },
      {
        type: "text",
        from: { data: "legend" },
        encode: { enter: { x: { signal: "datum.x + 8" }, y: { value: legendY }, text: { field: "letter" }, align: { value: "center" }, baseline: { value: "middle" }, fontSize: { value: 11 }, fontWeight: { value: "bold" }, fill: { field: "ink" } } },
      },
      { type: "text", from: { data: "legend" }, encode: { enter: { x: { signal: "datum.x + 22" }, y: { value: legendY }, text: { field: "text" }, baseline: { value: "middle" }, fontSize: { value: 12 }, fill: { value: INK } } } },
      ...(directionKey ? [{ type: "text", encode: { enter: text({ x: 16, y: legendY + 22, text: directionKey, baseline: "middle", fontSize: 12, fill: INK }) } }] : []),
    ],
  };
}
