// What the picture of "How do we compare?" shows, as a view model: a dot plot with one row per council, its
// figure as a dot on one value axis, the asker's council marked (its own shape, in bold and said "you", never
// colour alone), the benchmarks its report printed as labelled lines across the rows. Pure: src/charts draws it.
import { countsThings, valueAxis, type ValueAxis } from "./chart-axis.ts";
import { commonUnit, type Unit } from "./figures.ts";
import type { Comparison } from "./views.ts";

/** Rows the picture draws at most (the text answer lists them all): enough for a region's councils, still readable at chat size. */
export const MAX_DOTS = 24;

export interface ComparisonDot {
  council: string;
  /** "1. London Borough of Barnet", "Enfield (published)": what the row is called in the picture. */
  name: string;
  value: number;
  /** As reported. */
  figure: string;
  period: string;
  /** What is written by the dot: the figure, "38.8%  you", "30.1% in Q1 2016/17". */
  label: string;
  rank: number | null;
  asker: boolean;
  /** From a published comparator table, not the council's own record. */
  published: boolean;
  /** Of the asker's period: ranked together. Another period's dot is drawn hollow, below them, and says its period. */
  samePeriod: boolean;
}

export interface ComparisonChart {
  kind: "comparison_chart";
  ref: string;
  /** The indicator's own title. */
  indicator: string;
  organisation: string;
  /** The national measure: "ASCOF 1C(2A)". */
  code: string;
  /** "How London Borough of Barnet compares: ASCOF 1C(2A)". */
  title: string;
  /** "AC/S16 Percentage of …". */
  subtitle: string;
  better: Comparison["better"];
  /** "higher is better", "lower is better", "neither higher nor lower is better". */
  polarityText: string;
  /** The asker's period, whose figures are ranked; null where the asker has no figure. */
  period: string | null;
  /** The unit the figures share, for the axis; null where they share none. */
  unit: Unit;
  /** The asker's period best first (as ranked), then other periods, latest first: at most MAX_DOTS. */
  dots: ComparisonDot[];
  /** Rows of the comparison not drawn (over MAX_DOTS): the picture says how many. */
  leftOut: number;
  /** The benchmarks the indicator's report printed, as lines: "CIPFA" at 29.5. */
  benchmarks: { group: string; figure: string; value: number }[];
  axis: ValueAxis;
  /** Why there are no dots; null where there are. */
  message: string | null;
  /** The picture in words, for screen readers and wherever it cannot go. */
  alt: string;
}

const POLARITY_TEXT = { higher: "higher is better", lower: "lower is better" } as const;

/**
 * The dot plot of a comparison. Figures of other periods (a published table's latest where it has none of the
 * asker's period, a council that has not reported it yet) are drawn, not left out: the text answer lists them, and a
 * picture without them would show fewer councils than the answer names. They are kept apart from the ranked
 * ones (below them, hollow, unranked, each labelled with its period) so that none reads as a figure of the
 * asker's period.
 */
export function comparisonChart(view: Comparison): ComparisonChart {
  const rows = view.rows.slice(0, MAX_DOTS);
  const period = view.rows.find((r) => r.asker && r.samePeriod)?.period ?? null;
  const dots = rows.map((r): ComparisonDot => ({
    council: r.council,
    name: `${r.rank ? `${r.rank}. ` : ""}${r.council}${r.source ? " (published)" : ""}`,
    value: r.value,
    figure: r.figure,
    period: r.period,
    label: `${shortFigure(r.figure)}${r.samePeriod ? "" : ` in ${r.period}`}${r.asker ? "  you" : ""}`,
    rank: r.rank,
    asker: r.asker,
    published: r.source !== null,
    samePeriod: r.samePeriod,
  }));
  const benchmarks = view.benchmarks.map((b) => ({ group: b.group, figure: shortFigure(b.figure), value: b.value }));
  const unit = commonUnit([...dots.map((d) => d.figure), ...benchmarks.map((b) => b.figure)]);
  const heights = [...dots.map((d) => d.value), ...benchmarks.map((b) => b.value)];
  const axis = valueAxis(heights, unit, { count: countsThings(dots.map((d) => d.value), unit) });
  const chart: Omit<ComparisonChart, "alt"> = {
    kind: "comparison_chart",
    ref: view.ref,
    indicator: view.title,
    organisation: view.organisation,
    code: view.code,
    title: `How ${view.organisation} compares: ${view.code}`,
    subtitle: `${view.ref} ${view.title}`,
    better: view.better,
    polarityText: view.better ? POLARITY_TEXT[view.better] : "neither higher nor lower is better",
    period,
    unit,
    dots,
    leftOut: view.rows.length - rows.length,
    benchmarks,
    axis,
    message: dots.length ? null : "No council reports a figure yet",
  };
  return { ...chart, alt: comparisonAlt(chart) };
}

/** A figure as printed, without the bracket that names its source or wave ("29.5% (2015/16)" is "29.5%"). */
const shortFigure = (figure: string) => figure.replace(/\s*\([^()]*\)\s*$/, "").trim() || figure;

function comparisonAlt(chart: Omit<ComparisonChart, "alt">): string {
  const head = `Dot plot of ${chart.code} (${chart.ref} ${chart.indicator}) across councils, ${chart.polarityText}.`;
  if (chart.message) return `${head} ${chart.message}.`;
  const dot = (d: ComparisonDot) => `${d.rank ? `${d.rank}. ` : ""}${d.council}${d.asker ? " (you)" : ""} ${d.figure}${d.published ? " (published)" : ""}`;
  const ranked = chart.dots.filter((d) => d.samePeriod);
  const others = chart.dots.filter((d) => !d.samePeriod);
  const parts = [
    head,
    ranked.length ? `${chart.period}: ${ranked.map(dot).join("; ")}.` : "",
    others.length ? `Other periods, not ranked: ${others.map((d) => `${dot(d)} in ${d.period}`).join("; ")}.` : "",
    chart.leftOut ? `${chart.leftOut} more not drawn.` : "",
    chart.benchmarks.length ? `Benchmarks marked: ${chart.benchmarks.map((b) => `${b.group} ${b.figure}`).join(", ")}.` : "",
    chart.axis.note ? `The value axis starts at ${chart.axis.note.replace(/^axis starts at /, "")}, not zero.` : "",
  ];
  return parts.filter(Boolean).join(" ");
}
