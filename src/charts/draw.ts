// Draws the chart view models to SVG (vega-lite, compiled and rendered by vega without a browser) and to
// PNG (resvg, with the DejaVu Sans font shipped by npm: no system font, so every machine draws the same
// picture). vega and resvg load on the first drawing, never on start-up or on a /kpi answer's path.
import { createRequire } from "node:module";
import type { ChartPoint, IndicatorChart, SummaryChart, WheelChart } from "../core/charts.ts";
import type { Unit } from "../core/figures.ts";
import { DIRECTION_ARROW } from "../core/objectives.ts";
import { contrast } from "./colour-vision.ts";
import { readFontMetrics, type FontMetrics } from "./font-metrics.ts";
import { encodePalettePng } from "./png-palette.ts";

export interface DrawnChart {
  svg: string;
  png: Buffer;
  width: number;
  height: number;
}

type Chart = IndicatorChart | SummaryChart | WheelChart;
type Spec = Record<string, unknown>;

/**
 * The width a spec is laid out at unless asked otherwise; the asked width scales it, so text keeps its
 * proportion at any size. A picture shown smaller (a Teams card's, about 480 px) is laid out at the width it is
 * shown at, so that its text is the size it is drawn at there, and drawn at twice that for sharp screens.
 */
export const LAYOUT_WIDTH = 640;
const FONT = "DejaVu Sans";
const INK = "#222222";
const MUTED = "#5b5b5b";

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

const FONT_FILES = { regular: "DejaVuSans.ttf", bold: "DejaVuSans-Bold.ttf", italic: "DejaVuSans-Oblique.ttf" };

interface Fonts {
  paths: string[];
  regular: FontMetrics;
  bold: FontMetrics;
}

let fonts: Fonts | null = null;

/** The TTFs resvg draws with, found through the package (no system font), and their widths, read once. */
function loadFonts(): Fonts {
  if (!fonts) {
    const require = createRequire(import.meta.url);
    const path = (file: string) => require.resolve(`dejavu-fonts-ttf/ttf/${file}`);
    fonts = { paths: Object.values(FONT_FILES).map(path), regular: readFontMetrics(path(FONT_FILES.regular)), bold: readFontMetrics(path(FONT_FILES.bold)) };
  }
  return fonts;
}

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

/** The chart as SVG, `width` pixels wide. */
export async function drawSvg(chart: Chart, options: DrawOptions): Promise<{ svg: string; width: number; height: number }> {
  const width = checkedWidth(options.width);
  const layout = options.layout ?? LAYOUT_WIDTH;
  if (!Number.isInteger(layout) || layout < 320 || layout > 1200) throw new RangeError(`A chart is laid out 320 to 1200 pixels wide, not ${layout}.`);
  const [{ compile }, vega] = await Promise.all([import("vega-lite"), import("vega")]);
  measureWithFont(vega as unknown as WithTextMetrics, loadFonts());
  // The wheel is laid out here and drawn by vega directly: vega-lite has no room for a ring beside its key.
  const compiled = chart.kind === "wheel_chart" ? wheelSpec(chart, layout, options.wheelKey ?? true) : compile((chart.kind === "indicator_chart" ? narrowLegend(indicatorSpec(chart, layout), layout) : summarySpec(chart, layout)) as unknown as Parameters<typeof compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
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

/** Splits a text into at most `lines` lines no wider than `width` as `measure` measures, the last ending in … where cut. */
function wrapToWidth(text: string, width: number, measure: (t: string) => number, lines: number): string[] {
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

const withUnit = (value: number, unit: Unit) => {
  const digits = value.toLocaleString("en-GB", { maximumFractionDigits: 1 });
  return unit === "%" ? `${digits}%` : unit === "£" ? `£${digits}` : unit === "days" ? `${digits} days` : digits;
};

/** The label at a point: as printed where that is short, else the number with its unit ("19.8% (Sept 2015)" -> "19.8%"). */
const pointLabel = (p: ChartPoint, unit: Unit) => (p.display.length <= 9 ? p.display : p.value !== null ? withUnit(p.value, unit) : p.display);

const axisLabelExpr = (unit: Unit) =>
  unit === "%" ? "format(datum.value, ',~r') + '%'" : unit === "£" ? "'£' + replace(replace(format(datum.value, '.3~s'), 'M', 'm'), 'G', 'bn')" : "format(datum.value, ',~r')";

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

/** The vega-lite spec of an indicator's figures against target. */
export function indicatorSpec(chart: IndicatorChart, layout = LAYOUT_WIDTH): Spec {
  const levels = [...chart.levels, "Not rated"];
  const figures = chart.points.filter((p) => p.value !== null);
  const heights = chart.points.flatMap((p) => [p.value, p.target?.value ?? null, p.target?.low ?? null, p.target?.high ?? null]).filter((v): v is number => v !== null);
  const low = heights.length ? Math.min(...heights) : 0;
  const high = heights.length ? Math.max(...heights) : 1;
  const span = high - low || Math.abs(high) * 0.2 || 1;
  // Room above and below the line for the labels; never below zero for figures that cannot be.
  const domain = [low >= 0 ? Math.max(0, low - span * 0.35) : low - span * 0.35, high + span * 0.35];
  const latestPeriod = chart.latest?.period ?? null;
  const values = chart.points.map((p) => p.value);
  const nearest = (from: number, step: -1 | 1) => {
    for (let i = from + step; i >= 0 && i < values.length; i += step) if (values[i] !== null) return values[i]!;
    return null;
  };
  const rows = chart.points.map((p, i) => {
    // A label sits above a peak and below a dip, off the line: against the mean of the neighbouring figures.
    const neighbours = [nearest(i, -1), nearest(i, 1)].filter((v): v is number => v !== null);
    const below = p.value !== null && neighbours.length > 0 && p.value < neighbours.reduce((a, b) => a + b, 0) / neighbours.length;
    const middle = p.target ? p.target.value ?? (p.target.low !== null && p.target.high !== null ? (p.target.low + p.target.high) / 2 : null) : null;
    return {
      period: p.period,
      value: p.value,
      rating: p.rating ?? "Not rated",
      label: p.value === null ? null : p.period === latestPeriod ? `${pointLabel(p, chart.unit)}  ${p.rating ?? "not rated"}` : pointLabel(p, chart.unit),
      latest: p.period === latestPeriod,
      below,
      underTarget: p.value !== null && middle !== null && p.value < middle,
      restated: p.restatedFrom !== null && p.value !== null,
      missing: p.value === null ? (p.display.length > 16 ? `${p.display.slice(0, 15)}…` : p.display) : null,
      targetValue: p.target?.value ?? null,
      low: p.target?.low ?? null,
      high: p.target?.high ?? null,
    };
  });
  const lastTarget = [...rows].reverse().find((r) => r.targetValue !== null || r.low !== null) ?? null;
  const lastTargetPoint = lastTarget ? chart.points.find((p) => p.period === lastTarget.period)! : null;
  const x = { field: "period", type: "ordinal", sort: chart.points.map((p) => p.period), scale: { domain: chart.points.map((p) => p.period), paddingInner: 0, paddingOuter: 0 }, axis: { title: null, labelAngle: 0, labelFontSize: chart.points.length > 8 ? 10 : 12, labelLimit: 120, ticks: false, domain: true } };
  const y = { type: "quantitative", scale: { domain, nice: false, zero: false }, axis: { title: null, labelExpr: axisLabelExpr(chart.unit), tickCount: 5, grid: true, domain: false, ticks: false } };
  const text = (filter: string, dy: number, extra: Spec = {}) => ({
    transform: [{ filter }],
    mark: { type: "text", dy, fontSize: 12, color: INK, ...extra },
    encoding: { x, y: { ...y, field: "value" }, text: { field: "label" } },
  });
  const restatedText = (filter: string, dy: number) => ({
    transform: [{ filter }],
    mark: { type: "text", dy, fontSize: 11, fontStyle: "italic", color: MUTED },
    encoding: { x, y: { ...y, field: "value" }, text: { value: "restated" } },
  });
  const layers: Spec[] = [
    // A Goldilocks range: a band across each period that has one.
    { transform: [{ filter: "datum.low !== null && datum.high !== null" }], mark: { type: "bar", color: "#009E73", opacity: 0.13 }, encoding: { x, y: { ...y, field: "low" }, y2: { field: "high" } } },
    // The target of each period across its whole width: one line where it holds, a step where it changes.
    {
      transform: [{ filter: "datum.targetValue !== null" }],
      mark: { type: "rule", color: INK, strokeDash: [7, 4], strokeWidth: 1.8 },
      encoding: { x: { ...x, bandPosition: 0 }, x2: { field: "period", bandPosition: 1 }, y: { ...y, field: "targetValue" } },
    },
    { transform: [{ filter: "datum.value !== null" }], mark: { type: "line", color: "#4d4d4d", strokeWidth: 2.2 }, encoding: { x, y: { ...y, field: "value" } } },
    {
      transform: [{ filter: "datum.value !== null" }],
      mark: { type: "point", filled: true, size: 150, stroke: "#ffffff", strokeWidth: 1, opacity: 1 },
      encoding: {
        x,
        y: { ...y, field: "value" },
        color: { field: "rating", type: "nominal", scale: { domain: levels, range: levels.map((l) => LEVEL_STYLE[l]!.colour) }, legend: RATING_LEGEND },
        shape: { field: "rating", type: "nominal", scale: { domain: levels, range: levels.map((l) => LEVEL_STYLE[l]!.shape) }, legend: RATING_LEGEND },
      },
    },
    text("datum.label !== null && !datum.latest && !datum.below", -13),
    text("datum.label !== null && !datum.latest && datum.below", 20),
    // The latest figure, in bold with its rating, kept inside the plot at the right.
    text("datum.latest && !datum.below", -15, { fontWeight: "bold", fontSize: 13, align: "right", dx: { expr: "min(bandwidth('x') / 2 - 2, 60)" } }),
    text("datum.latest && datum.below", 24, { fontWeight: "bold", fontSize: 13, align: "right", dx: { expr: "min(bandwidth('x') / 2 - 2, 60)" } }),
    // A restated figure says so at its point, on the side away from its value's label.
    restatedText("datum.restated && datum.below", -15),
    restatedText("datum.restated && !datum.below", 22),
    { transform: [{ filter: "datum.missing !== null" }], mark: { type: "text", fontSize: 11, fontStyle: "italic", color: MUTED, baseline: "bottom", dy: -4 }, encoding: { x, y: { value: "height" }, text: { field: "missing" } } },
  ];
  if (lastTarget && lastTargetPoint?.target) {
    // Away from the figure: above the line where the figure is under it.
    const above = lastTarget.underTarget || lastTarget.targetValue === null;
    const targetWord = lastTarget.targetValue === null ? "target range" : "target";
    layers.push({
      data: { values: [{ period: lastTarget.period, at: lastTarget.targetValue ?? lastTarget.high, text: `${targetWord} ${lastTargetPoint.target.display}` }] },
      // At the right end of the last period's target, on the side away from the latest figure's label.
      mark: { type: "text", fontSize: 12, color: INK, align: "right", dx: { expr: "bandwidth('x') / 2 - 4" }, dy: above ? -9 : 17 },
      encoding: { x, y: { ...y, field: "at" }, text: { field: "text" } },
    });
  }
  if (chart.message) {
    layers.push({ data: { values: [{ text: chart.message }] }, mark: { type: "text", fontSize: 16, fontWeight: "bold", color: MUTED, x: { expr: "width / 2" }, y: { expr: "height / 2" } }, encoding: { text: { field: "text" } } });
  }
  const layered = figures.length || chart.points.length ? layers : layers.slice(-1);
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
    layer: layered,
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
    $schema: "https://vega.github.io/schema/vega/v6.json",
    width: layout,
    height,
    padding: 0,
    autosize: "none",
    background: "#ffffff",
    description: chart.alt,
    config: { text: { font: FONT } },
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
