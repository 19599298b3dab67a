// What a chart shows, as view models: an indicator's figures against target period by period, a
// digest's counts per rating level by service against the period before, and a performance wheel. Pure: src/charts draws them,
// the renderers use `alt` where there is no picture.
import { countsThings, valueAxis, type ValueAxis } from "./chart-axis.ts";
import { commonUnit, parseFigure, type Unit } from "./figures.ts";
import { groupBy } from "./group-by.ts";
import { buildIndicatorCard, recordAsOf } from "./indicator-card.ts";
import { financialYearAt, mostReportedPeriod, parsePeriod, previousPeriod } from "./periods.ts";
import type { Polarity } from "./polarity.ts";
import type { IndicatorRecord, PeriodRef } from "./ports.ts";
import type { ObjectiveDirection, ObjectiveStatus } from "./objectives.ts";
import { LEVELS } from "./ratings.ts";
import { summaryRow } from "./use-cases/summarise.ts";
import type { IndicatorCard, RatingView, SummaryChart, SummaryChartRow, SummaryRow, Wheel } from "./views.ts";

export type { SummaryChart, SummaryChartRow };

/** How many periods a chart shows unless asked otherwise: two years of quarters. */
export const DEFAULT_PERIODS = 8;
/** The most a chart can show and stay readable at chat size. */
export const MAX_PERIODS = 24;

export type RatingLevel = Exclude<RatingView["level"], "Not rated">;

export interface ChartTarget {
  /** As printed ("63.0%", "45.7 – 52.3"). */
  display: string;
  /** The target line's height; null for a range. */
  value: number | null;
  /** A Goldilocks range, drawn as a band. */
  low: number | null;
  high: number | null;
  /** A running total's target to date (not the period's own, nor the year's): drawn and said "to date". */
  toDate: boolean;
}

export interface ChartPoint {
  period: string;
  /** The period's first and last days (ISO dates): a target is drawn across them. */
  start: string;
  end: string;
  /** The survey wave or month the figure was taken in, where the printed figure names it ("Sept 2015", "Spring 2016"); null where it does not. */
  wave: string | null;
  /** Where the figure is drawn on the time axis: the last day of its wave where it names one, else of its period. */
  at: string;
  /** Null where the report printed no number ("Not Applicable"). */
  value: number | null;
  /** As printed. */
  display: string;
  /** The rating the card gives for this period; null where it is not rated. */
  rating: RatingLevel | null;
  /** What the figure was before it was restated ("19.7% (Dec 2015) in “Commissioning Group – Q1 2016/17”"); null where it was not. */
  restatedFrom: string | null;
  /** What the period's result was rated against; null where there is none. */
  target: ChartTarget | null;
  /** The card's comparison for the period, as the card and the report row say it ("216 against 200 to date (half of Q2's 400: ...)"); null where there is no card for it. */
  comparison: string | null;
}

export interface IndicatorChart {
  kind: "indicator_chart";
  ref: string;
  title: string;
  organisation: string;
  polarity: Polarity;
  /** "higher is better", "lower is better", "within the target range is better", "monitored, no target". */
  polarityText: string;
  /** The unit the figures share, for the axis; null where they share none. */
  unit: Unit;
  /** The levels of the organisation's RAG scheme, best first: the legend's order. */
  levels: RatingLevel[];
  /** The last periods reported, oldest first. */
  points: ChartPoint[];
  /** The financial year's target where it differs from the latest period's (a running total's target to date, or a quarter's own): drawn as a line of its own. */
  yearTarget: { period: string; display: string; value: number; start: string; end: string } | null;
  /** The value axis: zero-based, or where it starts higher with a note that says so. */
  axis: ValueAxis;
  /** The latest point with a figure: the one labelled. */
  latest: ChartPoint | null;
  /** Why there is no line: "No figures reported yet", "One figure so far: 53.2% for Q2 2016/17"; null where there is one. */
  message: string | null;
  /** The chart in a sentence or two, for screen readers and wherever the picture cannot go. */
  alt: string;
}

export const POLARITY_WORDS: Record<Polarity, string> = {
  bigger: "higher is better",
  smaller: "lower is better",
  goldilocks: "within the target range is better",
  monitor: "monitored, no target",
};

const levelOf = (rating: RatingView | undefined): RatingLevel | null => (!rating || rating.level === "Not rated" ? null : rating.level);

/** The figures of the last `periods` periods, each rated as that period's card rates it. */
export function indicatorChart(record: IndicatorRecord, options: { periods?: number } = {}): IndicatorChart {
  const periods = Math.min(MAX_PERIODS, Math.max(1, Math.floor(options.periods ?? DEFAULT_PERIODS)));
  const card = buildIndicatorCard(record);
  const refs = new Map<string, PeriodRef>(record.results.map((r) => [r.period.label, r.period]));
  if (record.provisional) refs.set(record.provisional.period.label, record.provisional.period);
  const restated = new Map(record.results.map((r) => [r.period.label, r.restatedFrom]));
  const shown = card.history.slice(-periods);
  const points = shown.map((figure, i): ChartPoint => {
    const period = refs.get(figure.period)!;
    const wave = waveOf(figure.display);
    // The last period's card is the card itself (built once, cached); an earlier one is that period's card.
    const asOf = i === shown.length - 1 ? card : buildIndicatorCard(recordAsOf(record, refs.get(figure.period)!));
    const latest = asOf.latest?.period === figure.period ? asOf.latest : null;
    // A monitored indicator has no target to draw, whatever its target cell says ("Monitor").
    const target = card.polarity === "monitor" ? null : latest?.target ?? null;
    return {
      period: figure.period,
      start: isoDay(period.start),
      end: isoDay(period.end),
      wave: wave?.label ?? null,
      at: isoDay(wave?.end ?? period.end),
      value: figure.value,
      display: figure.display,
      rating: levelOf(latest?.rating),
      restatedFrom: restated.get(figure.period) ?? null,
      target: target ? { display: target.display, value: target.low !== null && target.high !== null ? null : target.value, low: target.low, high: target.high, toDate: Boolean(target.toDateNote) } : null,
      comparison: latest?.rating.reason ?? null,
    };
  });
  const figures = points.filter((p) => p.value !== null);
  const latest = figures.at(-1) ?? null;
  const unit = commonUnit(figures.map((p) => p.display));
  const yearTarget = card.polarity === "monitor" ? null : yearTargetOf(record, points.at(-1) ?? null);
  const heights = [
    ...points.flatMap((p) => [p.value, p.target?.value ?? null, p.target?.low ?? null, p.target?.high ?? null]),
    yearTarget?.value ?? null,
  ].filter((v): v is number => v !== null);
  const axis = valueAxis(heights, unit, { count: countsThings(figures.map((p) => p.value!), unit) });
  const message = figures.length === 0 ? "No figures reported yet" : figures.length === 1 ? `One figure so far: ${latest!.display} for ${latest!.period}` : null;
  const chart: Omit<IndicatorChart, "alt"> = {
    kind: "indicator_chart",
    ref: card.ref,
    title: card.title,
    organisation: card.organisation,
    polarity: card.polarity,
    polarityText: POLARITY_WORDS[card.polarity],
    unit,
    levels: LEVELS[record.ragPolicy.scheme],
    points,
    yearTarget,
    axis,
    latest,
    message,
  };
  return { ...chart, alt: indicatorAlt(chart) };
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** The month or survey wave a printed figure names in brackets: "19.8% (Sept 2015)", "64% (Autumn 2015)". */
function waveOf(display: string) {
  for (const note of parseFigure(display).notes) {
    const period = parsePeriod(note);
    if (period && (period.kind === "month" || period.kind === "wave")) return period;
  }
  return null;
}

/** The target of the latest period's financial year, where it is a number other than the one the period is rated against. */
function yearTargetOf(record: IndicatorRecord, last: ChartPoint | null): IndicatorChart["yearTarget"] {
  const period = last ? parsePeriod(last.period) : null;
  if (!last || !period) return null;
  const year = financialYearAt(period.start);
  if (period.end > year.end || period.label === year.label) return null;
  const annual = record.targets.find((t) => t.period.label === year.label);
  if (!annual || annual.value === null || annual.low !== null) return null;
  const shown = last.target;
  if (!shown || shown.value === null || shown.value === annual.value) return null;
  return { period: year.label, display: annual.text, value: annual.value, start: isoDay(year.start), end: isoDay(year.end) };
}

const targetWords = (t: ChartTarget | null) => (t ? ` against ${t.display}${t.toDate ? " to date" : ""}` : "");

function indicatorAlt(chart: Omit<IndicatorChart, "alt">): string {
  const head = `Chart of ${chart.ref} ${chart.title} (${chart.organisation}), ${chart.polarityText}.`;
  if (!chart.points.length) return `${head} No figures reported yet.`;
  const each = chart.points.map((p) => `${p.period} ${p.display}${targetWords(p.target)}${p.rating ? `, ${p.rating}` : ""}${p.restatedFrom ? `, restated (was ${p.restatedFrom})` : ""}`);
  const span = chart.points.length === 1 ? `One period: ` : `${chart.points.length} periods, ${chart.points[0]!.period} to ${chart.points.at(-1)!.period}: `;
  const year = chart.yearTarget ? ` The ${chart.yearTarget.period} target is ${chart.yearTarget.display}.` : "";
  const axis = chart.axis.note ? ` The value axis starts at ${chart.axis.note.replace(/^axis starts at /, "")}, not zero.` : "";
  return `${head} ${chart.message ? `${chart.message}. ` : ""}${span}${each.join("; ")}.${year}${axis}`;
}

/** The period most of the cards' latest results are for: the counts' "as at". */
const commonLatestPeriod = (cards: IndicatorCard[]) => mostReportedPeriod(cards.flatMap((c) => (c.latest ? [c.latest.period] : [])));

// Every channel's digest of the same organisation reads the same records: the chart is counted once per
// array of records (the read model hands out the same one until the data changes).
const summaries = new WeakMap<IndicatorRecord[], Map<string, SummaryChart>>();

/**
 * Counts per rating level by service: now (each indicator's latest result, as the summary counts it), and as
 * at the end of the period before the one most of the service's indicators report last (each record as a
 * report for that period saw it). `records` may hold other organisations' indicators: they are left out.
 */
export function summaryChart(records: IndicatorRecord[], organisation: string): SummaryChart {
  let byOrganisation = summaries.get(records);
  if (!byOrganisation) summaries.set(records, (byOrganisation = new Map()));
  let chart = byOrganisation.get(organisation);
  if (!chart) byOrganisation.set(organisation, (chart = countSummary(records, organisation)));
  return chart;
}

const NOT_RATED = "Not rated";

function countSummary(records: IndicatorRecord[], organisation: string): SummaryChart {
  const ours = records.filter((r) => r.organisation === organisation);
  const levels = LEVELS[ours[0]?.ragPolicy.scheme ?? "four"];
  const serviceOf = (r: { service: string | null }) => r.service ?? "No service";
  const withNotRated = (row: SummaryRow) => [...row.counts, row.notRated];
  const byService = groupBy(ours, serviceOf);
  const rows = [...byService.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([service, members]): SummaryChartRow => {
      const cards = members.map((r) => buildIndicatorCard(r));
      const current = commonLatestPeriod(cards);
      const before = current ? previousPeriod(current) : null;
      const now = summaryRow(service, cards, levels);
      const then = before ? summaryRow(service, members.map((r) => buildIndicatorCard(recordAsOf(r, before))), levels) : null;
      return { service, period: current?.label ?? null, previousPeriod: before?.label ?? null, now: withNotRated(now), before: then ? withNotRated(then) : [...levels.map(() => 0), 0] };
    });
  const cards = ours.map((r) => buildIndicatorCard(r));
  const chart: Omit<SummaryChart, "alt"> = {
    kind: "summary_chart",
    organisation,
    title: `Ratings by service: ${organisation}`,
    levels: [...levels, NOT_RATED],
    period: commonLatestPeriod(cards)?.label ?? null,
    rows,
    message: ours.length ? null : "No indicators yet",
  };
  return { ...chart, alt: summaryAlt(chart) };
}

function summaryAlt(chart: Omit<SummaryChart, "alt">): string {
  const counts = (c: number[]) => chart.levels.map((l, i) => `${l} ${c[i]}`).join(", ");
  const head = `Chart of indicator ratings by service for ${chart.organisation}`;
  if (chart.message) return `${head}: ${chart.message}.`;
  const row = (r: SummaryChartRow) => `${r.service}${r.period ? ` in ${r.period}` : ""}: ${counts(r.now)}${r.previousPeriod ? `; in ${r.previousPeriod}: ${counts(r.before)}` : ""}`;
  return `${head}. ${chart.rows.map(row).join(". ")}.`;
}

/** A segment of the wheel's picture: its code and its status, in letter and word (never colour alone). */
export interface WheelChartSegment {
  code: string;
  title: string;
  group: string;
  /** Null where it was not assessed for the period. */
  status: ObjectiveStatus | null;
  /** "G", "A", "R", or "–" where not assessed: what a narrow segment shows. */
  letter: string;
  /** "Green", "Amber", "Red" or "not assessed": what a wide one shows. */
  word: string;
  direction: ObjectiveDirection | null;
}

export interface WheelChart {
  kind: "wheel_chart";
  organisation: string;
  /** The period assessed ("Q2 2017/18"). */
  period: string;
  /** "Performance wheel: Q2 2017/18". */
  title: string;
  /** What the wheel was narrowed to ("tag A&H"); null: the whole wheel. */
  filter: string | null;
  /** The groups in wheel order, with their segments' codes. */
  groups: { name: string; codes: string[] }[];
  /** Every segment in wheel order, group by group: clockwise from the top. */
  segments: WheelChartSegment[];
  /** Segments per status (Green, Amber, Red), and not assessed. */
  counts: { status: ObjectiveStatus; count: number }[];
  notAssessed: number;
  alt: string;
}

const STATUS_LETTER: Record<ObjectiveStatus, string> = { Green: "G", Amber: "A", Red: "R" };

/** The wheel's picture: one segment per objective, grouped, in wheel order, each with its status for the period. */
export function wheelChart(wheel: Wheel): WheelChart {
  const segments = wheel.segments.map((s): WheelChartSegment => ({
    code: s.code,
    title: s.title,
    group: s.group,
    status: s.status,
    letter: s.status ? STATUS_LETTER[s.status] : "–",
    word: s.status ?? "not assessed",
    direction: s.direction,
  }));
  const groups = [...new Set(segments.map((s) => s.group))].map((name) => ({ name, codes: segments.filter((s) => s.group === name).map((s) => s.code) }));
  const chart: Omit<WheelChart, "alt"> = {
    kind: "wheel_chart",
    organisation: wheel.organisation,
    period: wheel.period,
    title: `Performance wheel: ${wheel.period}`,
    filter: wheel.filter,
    groups,
    segments,
    counts: wheel.total.statuses.map((s) => ({ status: s.status, count: s.count })),
    notAssessed: wheel.total.segments - wheel.total.assessed,
  };
  return { ...chart, alt: wheelAlt(chart) };
}

function wheelAlt(chart: Omit<WheelChart, "alt">): string {
  const counts = [...chart.counts.map((c) => `${c.count} ${c.status}`), ...(chart.notAssessed ? [`${chart.notAssessed} not assessed`] : [])].join(", ");
  const group = (g: WheelChart["groups"][number]) =>
    `${g.name}: ${chart.segments
      .filter((s) => s.group === g.name)
      .map((s) => `${s.code} ${s.title} ${s.word}${s.direction ? ` (${s.direction})` : ""}`)
      .join("; ")}`;
  return `Performance wheel of ${chart.organisation} for ${chart.period}${chart.filter ? ` (${chart.filter})` : ""}, ${chart.segments.length} segments: ${counts}. ${chart.groups.map(group).join(". ")}.`;
}
