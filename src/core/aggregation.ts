// How an indicator's figure accumulates through the year, which decides what a part-year result is
// compared with: an additive figure (a running total, or a share of the whole year's amount) with the
// target to date, a rate, snapshot, average or rolling figure with the year's target as it stands.
// Titles often say it: "[Cumulative YTD]", "[Year to date Snapshot]".
import { normalise, parseFigure, type Unit } from "./figures.ts";
import { financialYearAt } from "./periods.ts";
import type { PeriodRef } from "./ports.ts";

export type Aggregation = "cumulative" | "snapshot" | "average" | "rolling";

/**
 * A word or phrase as titles and columns write it; null when it says none of them. The kind of value is
 * read before "year to date", which only says over what time: "[Year to date Snapshot]" is a snapshot,
 * "[Year to date average]" an average, "[Rolling 12 months]" rolling.
 */
export function parseAggregation(text: string): Aggregation | null {
  const t = normalise(text).toLowerCase();
  if (/\baverage\b|\bmean\b/.test(t)) return "average";
  if (/\bsnapshot\b|\bpoint[\s-]in[\s-]time\b/.test(t)) return "snapshot";
  if (/\brolling\b/.test(t)) return "rolling";
  if (/\bcumulative\b|\bytd\b|\byear[\s-]to[\s-]date\b/.test(t)) return "cumulative";
  return null;
}

/** What a title's bracketed tag says: "New homes built [Cumulative]" -> cumulative; "[Year to date average]" -> average. */
export function aggregationInTitle(title: string): Aggregation | null {
  for (const [, tag] of title.matchAll(/\[([^\]]+)\]/g)) {
    const found = parseAggregation(tag!);
    if (found) return found;
  }
  return null;
}

/** As the database and the record carry it. */
export function asAggregation(text: string | null | undefined): Aggregation | null {
  return text === "cumulative" || text === "snapshot" || text === "average" || text === "rolling" ? text : null;
}

/**
 * What a part-year result is compared with, and why in words a reader is shown:
 * "to_date": the target to date ("a running total, as its Q2 target of 400 (half of 800) shows");
 * "as_it_stands": the year's target whatever the period ("a rate").
 */
export interface Comparison {
  compare: "to_date" | "as_it_stands";
  why: string;
}

/** What the decision reads of an indicator: its title, declared aggregation, targets and results. */
export interface AccumulationFacts {
  title: string;
  aggregation: Aggregation | null;
  targets: { period: PeriodRef; text: string; value: number | null }[];
  results: { period: PeriodRef; value: number | null }[];
}

/**
 * A percentage that is a share of the whole year's amount, so that it climbs through the year: what is
 * collected of a year's bill (business rates, NNDR, council tax), or what its title calls "of the year's" or
 * "of the annual" total. Any other percentage is a rate of things done (paid on time, rent collected of rent
 * due so far, satisfied): it does not add up.
 */
const SHARE_OF_YEAR = /\b(business rates?|nndr|council tax)\b.*\bcollect(ed|ion)\b|\bcollect(ed|ion)\b.*\b(business rates?|nndr|council tax)\b|\bof the (whole )?(year'?s|annual)\b/i;

const KIND_WORDS: Record<Exclude<Aggregation, "cumulative">, string> = { snapshot: "a snapshot", average: "an average", rolling: "a rolling figure" };

/**
 * The one place that decides how a figure is compared, from its declared aggregation (an import's column
 * or title tag, the demo loader), else from its own targets and results, and its unit.
 */
export function comparisonFor(facts: AccumulationFacts): Comparison {
  const unit = unitOf(facts);
  const shareOfYear = unit === "%" && SHARE_OF_YEAR.test(facts.title) && !wholeYearFigures(facts);
  const declared = facts.aggregation;
  if (declared && declared !== "cumulative") return { compare: "as_it_stands", why: KIND_WORDS[declared] };
  if (declared === "cumulative") {
    if (unit !== "%") return { compare: "to_date", why: "a running total, declared cumulative" };
    return shareOfYear ? { compare: "to_date", why: "a share of the year's total, collected through the year" } : { compare: "as_it_stands", why: "a rate over the year so far" };
  }
  // Undeclared: a percentage is a rate unless its title says it is a share of the year's amount.
  if (unit === "%" && !shareOfYear) return { compare: "as_it_stands", why: "a rate" };
  const proRata = proRataTarget(facts);
  if (proRata) return { compare: "to_date", why: `a running total, as its ${proRata} shows` };
  if (restartsEachApril(facts)) return { compare: "to_date", why: "a running total: its results restart low each April and climb" };
  return { compare: "as_it_stands", why: "nothing shows it adds up through the year" };
}

/** The unit its targets, else its results, are written in. */
function unitOf(facts: AccumulationFacts): Unit {
  for (const t of facts.targets) {
    const f = parseFigure(t.text);
    if (f.kind === "number" || f.kind === "bound" || f.kind === "range") return f.unit;
  }
  return null;
}

/**
 * Part-year results already near the year's target (Barnet's council tax collection: 98.3% at Q1 against
 * 98.5%) are not a share of the year so far, whatever the title says: last year's rate, or a rate.
 */
function wholeYearFigures(facts: AccumulationFacts): boolean {
  return facts.results.some((r) => {
    const year = financialYearAt(r.period.start);
    const annual = facts.targets.find((t) => t.period.label === year.label)?.value ?? null;
    return r.value !== null && annual !== null && monthsInto(r.period) <= 9 && r.value >= annual * 0.9;
  });
}

/** Months of the financial year up to the end of the period: Q1 -> 3, Nov -> 8, the year -> 12. */
export function monthsInto(period: PeriodRef): number {
  const year = financialYearAt(period.start);
  return (period.end.getUTCFullYear() - year.start.getUTCFullYear()) * 12 + period.end.getUTCMonth() - year.start.getUTCMonth() + 1;
}

/** "Q2 target of 400 (half of 800)" where a part-year target is the year's pro rata, within a tenth; else null. */
function proRataTarget(facts: AccumulationFacts): string | null {
  for (const t of facts.targets) {
    const year = financialYearAt(t.period.start);
    if (t.value === null || t.period.end > year.end || t.period.label === year.label) continue;
    const annual = facts.targets.find((a) => a.period.label === year.label);
    if (!annual || annual.value === null || annual.value === 0) continue;
    const months = monthsInto(t.period);
    const expected = (annual.value * months) / 12;
    if (months < 12 && Math.abs(t.value - expected) <= Math.abs(expected) * 0.1) {
      return `${shortName(t.period.label, year.label)} target of ${t.text} (${fractionWords(months, 12)} ${annual.text})`;
    }
  }
  return null;
}

/**
 * Results that climb within a year and start again below three quarters of the year before's last: a
 * running total. Needs a year with two results or more, every one rising, and such a fall at an April.
 */
function restartsEachApril(facts: AccumulationFacts): boolean {
  const figures = facts.results.filter((r): r is typeof r & { value: number } => r.value !== null).sort((a, b) => a.period.end.getTime() - b.period.end.getTime());
  const yearOf = (p: PeriodRef) => financialYearAt(p.start).label;
  let climbs = false;
  let restarts = false;
  for (let i = 1; i < figures.length; i++) {
    const [before, now] = [figures[i - 1]!, figures[i]!];
    if (yearOf(before.period) === yearOf(now.period)) {
      if (now.value < before.value) return false;
      climbs = true;
    } else if (now.value < before.value * 0.75) restarts = true;
  }
  return climbs && restarts;
}

/** "Q2 2016/17" beside its year is "Q2"; a month or a wave keeps its whole label. */
export const shortName = (label: string, yearLabel: string) => (label.endsWith(` ${yearLabel}`) ? label.slice(0, -(yearLabel.length + 1)) : label);

/** 3 of 6 -> "half of", 9 of 12 -> "three quarters of", 5 of 12 -> "5/12 of". */
export function fractionWords(part: number, whole: number): string {
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  const d = gcd(part, whole);
  const key = `${part / d}/${whole / d}`;
  const words: Record<string, string> = { "1/2": "half of", "1/3": "a third of", "2/3": "two thirds of", "1/4": "a quarter of", "3/4": "three quarters of" };
  return words[key] ?? `${key} of`;
}
