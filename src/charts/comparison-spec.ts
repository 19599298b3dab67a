// The vega spec of "How do we compare?": a dot plot, one row per council with its name at the left and its
// figure as a dot on one value axis, written beside the dot where no line crosses it. The asker's row is marked
// three ways besides its colour: a diamond, its name in bold and "you" by its figure, on a pale band. The
// printed benchmarks are dashed lines across the rows, each labelled above them; other periods' figures are
// hollow dots below the ranked ones. Laid out here in pixels (vega draws it; no vega-lite): every text is
// measured with the font the picture is drawn with, so labels are placed clear of each other and the lines.
import { axisValueText } from "../core/chart-axis.ts";
import type { ComparisonChart, ComparisonDot } from "../core/comparison-chart.ts";
import { FONT, INK, loadFonts, MUTED, pixelFrame, wrapToWidth } from "./fonts.ts";

type Spec = Record<string, unknown>;

/** The asker's dot and band, and everyone else's dots: told apart by shape and words too (COMPARISON_STYLE's test checks the colours for colour-blind sight). */
export const COMPARISON_STYLE = {
  asker: { colour: "#1A5DAB", shape: "diamond", size: 190, band: "#E8F0FA" },
  other: { colour: "#6B6B6B", shape: "circle", size: 110 },
  /** Another period's figure: a ring, not a dot. */
  otherPeriod: { colour: "#6B6B6B", shape: "circle", size: 110 },
  benchmark: { colour: INK, dash: [6, 4] },
} as const;

const SIDE = 16;
const ROW = 26;
/** A row whose name takes two lines. */
const TALL_ROW = 38;
const NAME_SIZE = 12;
const LABEL_SIZE = 12;
const BENCH_LINE = 18;
/** How far a figure's label keeps from its dot's centre, and from a line. */
const DOT_GAP = 11;
const LINE_GAP = 4;

interface Text {
  x: number;
  y: number;
  /** Lines, where a council's name takes two. */
  text: string | string[];
  size: number;
  bold: boolean;
  italic: boolean;
  colour: string;
  align: "left" | "right" | "center";
  /** The title's and the benchmarks' lines hang from their top; a row's texts are centred on it. */
  baseline: "top" | "middle";
  about: string;
}

/** The dot plot of a comparison, laid out `layout` pixels wide (Teams' card: 480). */
export function comparisonSpec(chart: ComparisonChart, layout: number): Spec {
  const { regular, bold } = loadFonts();
  const width = (text: string, size: number, heavy = false) => (heavy ? bold : regular).width(text, size);
  const texts: Text[] = [];
  const say = (t: Partial<Text> & Pick<Text, "x" | "y" | "text">) => texts.push({ size: 12, bold: false, italic: false, colour: INK, align: "left", baseline: "middle", about: [t.text].flat().join(" "), ...t });

  // The title (the measure, who asks), the indicator's own ref and title, and what the figures are.
  let y = 12;
  for (const line of wrapToWidth(chart.title, layout - 2 * SIDE, (t) => width(t, 17, true), 2)) {
    say({ x: SIDE, y, text: line, size: 17, bold: true, baseline: "top" });
    y += 21;
  }
  y += 2;
  for (const line of wrapToWidth(chart.subtitle, layout - 2 * SIDE, (t) => width(t, 13), 2)) {
    say({ x: SIDE, y, text: line, size: 13, colour: MUTED, baseline: "top" });
    y += 17;
  }
  const arrow = chart.better === "higher" ? " →" : "";
  const polarity = chart.better === "lower" ? `← ${chart.polarityText}` : `${chart.polarityText}${arrow}`;
  const axisTitle = `${chart.period ? `Figures for ${chart.period}` : "Latest figures"}  ·  ${polarity}`;

  // The columns: the councils' names, then the plot.
  const nameWidth = Math.min(Math.round(layout * 0.4), Math.max(60, ...chart.dots.map((d) => width(d.name, NAME_SIZE, d.asker))));
  // A name too long for the column takes two lines (its row is taller), the second cut short where it must.
  const nameLines = new Map(chart.dots.map((d) => [d, wrapToWidth(d.name, nameWidth, (t) => width(t, NAME_SIZE, d.asker), 2)]));
  const plotX0 = SIDE + nameWidth + 14;
  // Room at the right for half the last tick's label, which is centred on the plot's end.
  const plotX1 = layout - Math.max(SIDE + 4, width(axisValueText(chart.axis.high, chart.unit), 12) / 2 + 8);
  const plotW = plotX1 - plotX0;
  const { low, high } = chart.axis;
  const sx = (v: number) => plotX0 + ((v - low) / (high - low || 1)) * plotW;

  // The benchmarks' labels above the rows, each beside the top of its line, on as few lines as keep them apart.
  const bandTop = y + 10;
  type Box = { x1: number; x2: number; y1: number; y2: number };
  const labelBoxes: Box[] = [];
  /** Each benchmark's line, from its label down through the rows, with a gap where a figure's label is written across it. */
  const rules: { x: number; top: number; about: string; gaps: [number, number][] }[] = [];
  const benchmarks = [...chart.benchmarks].sort((a, b) => a.value - b.value);
  const placedBenchmarks = benchmarks.map((b) => {
    const text = `${b.group} ${b.figure}`;
    const w = width(text, LABEL_SIZE);
    const x = sx(b.value);
    for (let line = 0; line < 6; line++) {
      const top = bandTop + line * BENCH_LINE;
      for (const side of ["right", "left"] as const) {
        const x1 = side === "right" ? x + LINE_GAP : x - LINE_GAP - w;
        const box = { x1, x2: x1 + w, y1: top, y2: top + LABEL_SIZE * 1.2 };
        const inside = box.x1 >= SIDE / 2 && box.x2 <= layout - SIDE / 2;
        const clear =
          labelBoxes.every((o) => o.x2 + 6 <= box.x1 || box.x2 + 6 <= o.x1 || o.y2 <= box.y1 || box.y2 <= o.y1) &&
          // No line already drawn from above runs through this label, and this one's runs through none below it.
          rules.every((r) => r.top >= box.y2 || r.x < box.x1 - 2 || r.x > box.x2 + 2) &&
          labelBoxes.every((o) => o.y2 <= top || x < o.x1 - 2 || x > o.x2 + 2);
        if (inside && clear) {
          labelBoxes.push(box);
          rules.push({ x, top, about: `benchmark: ${text}`, gaps: [] });
          say({ x: box.x1, y: top, text, size: LABEL_SIZE, baseline: "top", about: `benchmark: ${text}` });
          return line;
        }
      }
    }
    // Nowhere clear (more benchmarks than lines): the line is drawn, its words are in the alt text and the answer.
    rules.push({ x, top: bandTop + 6 * BENCH_LINE, about: `benchmark: ${text}`, gaps: [] });
    return 6;
  });
  const bandLines = placedBenchmarks.length ? Math.max(...placedBenchmarks.map((l) => Math.min(l, 5))) + 1 : 0;
  const rowsTop = bandTop + bandLines * BENCH_LINE + (bandLines ? 4 : 0);

  // The rows: the asker's period first, then a heading and the other periods.
  const ranked = chart.dots.filter((d) => d.samePeriod);
  const others = chart.dots.filter((d) => !d.samePeriod);
  const rows: { dot: ComparisonDot; y: number; height: number }[] = [];
  let rowY = rowsTop;
  const addRow = (dot: ComparisonDot) => {
    const height = nameLines.get(dot)!.length > 1 ? TALL_ROW : ROW;
    rows.push({ dot, y: rowY + height / 2, height });
    rowY += height;
  };
  ranked.forEach(addRow);
  if (others.length) {
    say({ x: SIDE, y: rowY + ROW / 2, text: ranked.length ? "Other periods, not ranked" : "Each council's latest figure, not ranked", size: 12, italic: true, colour: MUTED });
    rowY += ROW;
    others.forEach(addRow);
  }
  if (chart.leftOut) {
    say({ x: SIDE, y: rowY + ROW / 2, text: `and ${chart.leftOut} more: see the answer above`, italic: true, colour: MUTED });
    rowY += ROW;
  }
  if (chart.message) {
    say({ x: layout / 2, y: rowY + ROW, text: chart.message, size: 15, bold: true, colour: MUTED, align: "center" });
    rowY += ROW * 2;
  }
  const rowsBottom = rowY + 4;

  // Each row's name at the left, its dot, and its figure beside the dot where no line runs through it.
  const dots: Spec[] = [];
  const bands: Spec[] = [];
  for (const { dot, y: cy, height: rowHeight } of rows) {
    const style = dot.asker ? COMPARISON_STYLE.asker : dot.samePeriod ? COMPARISON_STYLE.other : COMPARISON_STYLE.otherPeriod;
    const name = nameLines.get(dot)!;
    // vega sets a text's first line at y: two lines start half a line higher, to be centred on the row.
    say({ x: SIDE, y: cy - ((name.length - 1) * (NAME_SIZE + 3)) / 2, text: name.length > 1 ? name : name[0]!, size: NAME_SIZE, bold: dot.asker, about: dot.name });
    const nameEnd = SIDE + Math.max(...name.map((line) => width(line, NAME_SIZE, dot.asker)));
    const cx = sx(dot.value);
    dots.push({ x: cx, y: cy, shape: style.shape, size: style.size, fill: dot.samePeriod ? style.colour : "#ffffff", stroke: dot.samePeriod ? "#ffffff" : style.colour, about: `${dot.council}: ${dot.figure}${dot.samePeriod ? "" : ` in ${dot.period}`}` });
    if (dot.asker) bands.push({ y: cy - rowHeight / 2 + 1, height: rowHeight - 2 });
    const w = width(dot.label, LABEL_SIZE, dot.asker);
    // Right of the dot, else left, whichever no line crosses and fits (clear of the row's name: a figure near the
    // axis's start may lie over the name column); where a line crosses both, the side it fits on, and the line
    // has a gap there: a label stays beside its own dot rather than moving off where it might read as another's.
    const crossing = (x1: number) => rules.filter((r) => r.x >= x1 - 2 && r.x <= x1 + w + 2);
    const fits = (x1: number) => x1 >= nameEnd + 8 && x1 + w <= layout - SIDE / 2;
    const sides = [cx + DOT_GAP, cx - DOT_GAP - w].filter(fits);
    const x1 = [...sides].sort((a, b) => crossing(a).length - crossing(b).length)[0] ?? cx + DOT_GAP;
    for (const r of crossing(x1)) r.gaps.push([cy - LABEL_SIZE * 0.75, cy + LABEL_SIZE * 0.75]);
    say({ x: x1, y: cy, text: dot.label, size: LABEL_SIZE, bold: dot.asker, colour: dot.asker ? COMPARISON_STYLE.asker.colour : INK, about: `${dot.council}: ${dot.label}` });
  }

  // The key: what the marks mean, in words, on as many lines as it takes.
  const keyTop = rowsBottom + 58;
  const keyItems: { mark: "asker" | "other" | "ring" | "rule"; text: string }[] = [
    ...(chart.dots.some((d) => d.asker) ? [{ mark: "asker" as const, text: `you (${chart.organisation})` }] : []),
    ...(chart.dots.some((d) => d.samePeriod && !d.asker) ? [{ mark: "other" as const, text: chart.period ? `another council, ${chart.period}` : "another council" }] : []),
    ...(others.length ? [{ mark: "ring" as const, text: "another period" }] : []),
    ...(chart.benchmarks.length ? [{ mark: "rule" as const, text: "benchmark printed in the report" }] : []),
  ];
  const keyMarks: Spec[] = [];
  const keyRules: Spec[] = [];
  let keyX = SIDE;
  let keyY = keyTop;
  for (const item of keyItems) {
    const itemWidth = 20 + width(item.text, 12);
    if (keyX > SIDE && keyX + itemWidth > layout - SIDE) {
      keyX = SIDE;
      keyY += 20;
    }
    if (item.mark === "rule") keyRules.push({ x: keyX + 7, y: keyY - 7, y2: keyY + 7 });
    else {
      const style = item.mark === "asker" ? COMPARISON_STYLE.asker : COMPARISON_STYLE.other;
      keyMarks.push({ x: keyX + 7, y: keyY, shape: style.shape, size: style.size, fill: item.mark === "ring" ? "#ffffff" : style.colour, stroke: item.mark === "ring" ? style.colour : "#ffffff" });
    }
    say({ x: keyX + 20, y: keyY, text: item.text });
    keyX += itemWidth + 18;
  }
  const height = Math.round((keyItems.length ? keyY + 12 : rowsBottom + 40) + 8);

  // Every other tick where the plot is too narrow for all of their labels with room between them.
  const tickText = (t: number) => axisValueText(t, chart.unit);
  const roomy = (ticks: number[]) => ticks.length < 2 || plotW / (ticks.length - 1) >= Math.max(...ticks.map((t) => width(tickText(t), 12))) + 14;
  let ticks = chart.axis.ticks;
  while (!roomy(ticks)) ticks = ticks.filter((_, i) => i % 2 === 0);
  const value = (v: unknown) => ({ value: v });
  const tickNames = `{${chart.axis.ticks.map((t) => `'${t}': '${axisValueText(t, chart.unit).replace(/'/g, "\\'")}'`).join(", ")}}['' + datum.value]`;
  return {
    ...pixelFrame(layout, height, chart.alt),
    data: [
      { name: "texts", values: texts },
      { name: "dots", values: dots },
      { name: "bands", values: bands },
      { name: "rules", values: rules.flatMap((r) => segments(r.top, rowsBottom, r.gaps).map(([top, bottom]) => ({ x: r.x, top, bottom, about: r.about }))) },
      { name: "keyMarks", values: keyMarks },
      { name: "keyRules", values: keyRules },
    ],
    marks: [
      { type: "rect", from: { data: "bands" }, encode: { enter: { x: value(SIDE / 2), x2: value(layout - SIDE / 2), y: { field: "y" }, height: { field: "height" }, fill: value(COMPARISON_STYLE.asker.band) } } },
      {
        // The value axis under the rows, its grid across them.
        type: "group",
        encode: { enter: { x: value(plotX0), y: value(rowsTop), width: value(plotW), height: value(rowsBottom - rowsTop) } },
        // The grid as tall as the rows (gridScale's range), not the picture (vega's default, the "height" signal).
        scales: [
          { name: "x", type: "linear", domain: [low, high], range: [0, plotW], nice: false, zero: false },
          { name: "rows", type: "linear", domain: [0, 1], range: [0, rowsBottom - rowsTop] },
        ],
        axes: [
          {
            scale: "x",
            orient: "bottom",
            values: ticks,
            grid: true,
            gridScale: "rows",
            gridColor: "#e4e4e4",
            domainColor: "#999999",
            tickColor: "#999999",
            labelFont: FONT,
            labelFontSize: 12,
            labelColor: INK,
            labelOverlap: true,
            title: axisTitle,
            titleFont: FONT,
            titleFontSize: 12,
            titleFontWeight: "normal",
            titleColor: MUTED,
            titlePadding: 6,
            encode: { labels: { update: { text: { signal: tickNames } } } },
          },
        ],
      },
      {
        type: "rule",
        from: { data: "rules" },
        encode: { enter: { x: { field: "x" }, y: { field: "top" }, y2: { field: "bottom" }, stroke: value(COMPARISON_STYLE.benchmark.colour), strokeWidth: value(1.6), strokeDash: value(COMPARISON_STYLE.benchmark.dash), description: { field: "about" } } },
      },
      {
        type: "symbol",
        from: { data: "dots" },
        encode: { enter: { x: { field: "x" }, y: { field: "y" }, shape: { field: "shape" }, size: { field: "size" }, fill: { field: "fill" }, stroke: { field: "stroke" }, strokeWidth: value(1.6), description: { field: "about" } } },
      },
      { type: "symbol", from: { data: "keyMarks" }, encode: { enter: { x: { field: "x" }, y: { field: "y" }, shape: { field: "shape" }, size: { field: "size" }, fill: { field: "fill" }, stroke: { field: "stroke" }, strokeWidth: value(1.6) } } },
      { type: "rule", from: { data: "keyRules" }, encode: { enter: { x: { field: "x" }, y: { field: "y" }, y2: { field: "y2" }, stroke: value(COMPARISON_STYLE.benchmark.colour), strokeWidth: value(1.6), strokeDash: value([4, 3]) } } },
      {
        type: "text",
        from: { data: "texts" },
        encode: {
          enter: {
            x: { field: "x" },
            y: { field: "y" },
            text: { field: "text" },
            fontSize: { field: "size" },
            lineHeight: value(NAME_SIZE + 3),
            fontWeight: { signal: "datum.bold ? 'bold' : 'normal'" },
            fontStyle: { signal: "datum.italic ? 'italic' : 'normal'" },
            fill: { field: "colour" },
            align: { field: "align" },
            baseline: { field: "baseline" },
            description: { field: "about" },
          },
        },
      },
    ],
  };
}

/** The pieces of a line from `top` to `bottom` outside the gaps. */
function segments(top: number, bottom: number, gaps: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let from = top;
  for (const [a, b] of [...gaps].sort((x, y) => x[0] - y[0])) {
    if (a > from) out.push([from, a]);
    from = Math.max(from, b);
  }
  if (bottom > from) out.push([from, bottom]);
  return out;
}
