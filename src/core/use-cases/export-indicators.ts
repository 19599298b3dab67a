// An organisation's indicators as a table with the headings the import reads: one row per indicator,
// and for each period the figures of that period, so that exporting and importing again changes nothing.
import { comparePeriods, type Period } from "../periods.ts";
import type { IndicatorRecord, PeriodRef } from "../ports.ts";
import { compareRefs } from "../text.ts";

/** What one period's columns hold, in the order they are written, and how each reads from a record. */
const PER_PERIOD: [string, (r: IndicatorRecord, period: string) => string | number | null | undefined][] = [
  ["Target", (r, p) => r.targets.find((t) => t.period.label === p)?.text],
  ["Result", (r, p) => r.results.find((x) => x.period.label === p)?.text],
  ["Numerator", (r, p) => r.results.find((x) => x.period.label === p)?.numerator],
  ["Denominator", (r, p) => r.results.find((x) => x.period.label === p)?.denominator],
  ["RAG", (r, p) => r.results.find((x) => x.period.label === p)?.ragRecorded],
  ["DOT Short Term", (r, p) => r.results.find((x) => x.period.label === p)?.dotShortRecorded],
  ["DOT Long Term", (r, p) => r.results.find((x) => x.period.label === p)?.dotLongRecorded],
  ["Comments", (r, p) => r.commentary.filter((c) => c.period === p).at(-1)?.text],
];

const FIXED: [string, (r: IndicatorRecord) => string | null | undefined][] = [
  ["Ref", (r) => r.ref],
  ["Indicator", (r) => r.title],
  ["Polarity", (r) => r.polarityText],
  ["Service", (r) => r.service],
  ["Frequency", (r) => r.frequency],
  ["Aggregation", (r) => r.aggregation],
  ["Benchmarking", (r) => r.benchmarkText],
];

export function exportTable(records: IndicatorRecord[], only: Period | null = null): string[][] {
  const periods = new Map<string, PeriodRef>();
  for (const r of records) for (const f of [...r.targets, ...r.results]) if (!only || f.period.label === only.label) periods.set(f.period.label, f.period);
  const ordered = [...periods.values()].sort(comparePeriods).map((p) => p.label);
  const sorted = [...records].sort((a, b) => compareRefs(a.ref, b.ref));
  const text = (v: string | number | null | undefined) => (v === null || v === undefined ? "" : String(v));
  // Only the columns something fills: a table of quarterly figures has no empty RAG columns.
  const fixed = FIXED.filter(([, read]) => sorted.some((r) => read(r)));
  const perPeriod = ordered.flatMap((p) => PER_PERIOD.filter(([, read]) => sorted.some((r) => text(read(r, p)))).map(([name, read]) => [`${p} ${name}`, (r: IndicatorRecord) => text(read(r, p))] as const));
  return [[...fixed.map(([name]) => name), ...perPeriod.map(([name]) => name)], ...sorted.map((r) => [...fixed.map(([, read]) => text(read(r))), ...perPeriod.map(([, read]) => read(r))])];
}
