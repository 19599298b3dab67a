// Indicator records made from one report's rows of the demo data, as the store would give them.
import { figureValue, parseFigure } from "../../src/core/figures.ts";
import { parsePeriod } from "../../src/core/periods.ts";
import { parsePolarity } from "../../src/core/polarity.ts";
import type { IndicatorRecord } from "../../src/core/ports.ts";
import { DEFAULT_POLICY } from "../../src/core/ratings.ts";
import { foldKey, searchWords } from "../../src/core/text.ts";
import type { DemoReport } from "../../src/store/demo-data.ts";

const period = (label: string) => {
  const p = parsePeriod(label)!;
  return { label: p.label, start: p.start, end: p.end };
};

export function recordFromRow(report: DemoReport, row: DemoReport["indicators"][number]): IndicatorRecord {
  return {
    ref: row.ref,
    lookupKeys: [foldKey(row.ref), ...row.codes.map(foldKey)],
    searchText: searchWords(`${row.ref} ${row.title} ${row.codes.join(" ")}`).join(" "),
    serviceId: null,
    title: row.title,
    organisation: report.organisation.name,
    polarity: parsePolarity(row.polarity)!,
    polarityText: row.polarity,
    service: row.service,
    priority: row.theme,
    type: null,
    frequency: row.frequency,
    aggregation: row.aggregation ?? null,
    codes: row.codes,
    ragPolicy: DEFAULT_POLICY,
    benchmarkText: row.benchmark.text,
    benchmarks: [],
    targets: row.targets.map((t) => {
      const f = parseFigure(t.text);
      return { period: period(t.period), text: t.text, value: figureValue(f), low: f.kind === "range" ? f.low : null, high: f.kind === "range" ? f.high : null };
    }),
    results: row.results.map((r) => ({
      period: period(r.period),
      text: r.text,
      value: figureValue(parseFigure(r.text)),
      numerator: r.numerator ?? null,
      denominator: r.denominator ?? null,
      ragRecorded: null,
      dotShortRecorded: r.dotShort ?? null,
      dotLongRecorded: r.dotLong ?? null,
      restatedFrom: null,
    })),
    commentary: [],
    owners: [],
  };
}
