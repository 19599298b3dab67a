// The officers' expectations (expectations.cases.ts), each checked on the card as of its period, on the
// committee report's row built from that card, and on the chart's point for the period: the rating, what
// the figure was compared with, and the directions of travel are what the officer expects, and the three
// say the same.
import { describe, expect, it } from "vitest";
import { aggregationInTitle } from "../../src/core/aggregation.ts";
import { indicatorChart } from "../../src/core/charts.ts";
import { buildIndicatorCard, recordAsOf } from "../../src/core/indicator-card.ts";
import { parsePeriod } from "../../src/core/periods.ts";
import { DEFAULT_POLICY } from "../../src/core/ratings.ts";
import { indicatorRow } from "../../src/core/use-cases/build-report.ts";
import type { DemoReport } from "../../src/store/demo-data.ts";
import { recordFromRow } from "../helpers/records.ts";
import { CASES, type ExpectationCase } from "./expectations.cases.ts";

const report: DemoReport = { source: "expectations", organisation: { slug: "test", name: "Test Council" }, report: { title: "Expectations", period: "Q1 2016/17", published: null }, indicators: [], actions: [] };

function recordOf(c: ExpectationCase) {
  const record = recordFromRow(report, {
    ref: "EX/1",
    refAsPrinted: "EX/1",
    codes: [],
    title: c.title,
    polarity: c.polarity,
    service: null,
    theme: null,
    frequency: null,
    // Declared, or as the import reads a title's tag.
    aggregation: c.aggregation ?? aggregationInTitle(c.title) ?? undefined,
    source: null,
    targets: c.targets.map(([period, text]) => ({ period, text })),
    results: c.results.map(([period, text]) => ({ period, text })),
    benchmark: { text: "", items: [] },
    commentary: null,
  });
  if (c.scheme) record.ragPolicy = { ...DEFAULT_POLICY, scheme: c.scheme };
  if (c.restated) record.results.find((r) => r.period.label === c.restated![0])!.restatedFrom = c.restated[1];
  return record;
}

it("has at least 60 cases, each named once", () => {
  expect(CASES.length).toBeGreaterThanOrEqual(60);
  expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
});

describe.each(CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
  const record = recordOf(c);
  const card = buildIndicatorCard(recordAsOf(record, parsePeriod(c.period)!));
  const latest = card.latest!;
  const row = indicatorRow(card, null);
  const point = indicatorChart(record, { periods: 24 }).points.find((p) => p.period === c.period)!;

  it("the card rates it and compares it as the officer expects", () => {
    expect(latest.period).toBe(c.period);
    expect(latest.rating.level).toBe(c.rating);
    expect(latest.rating.reason.startsWith(c.comparison), latest.rating.reason).toBe(true);
    expect(latest.target?.display ?? null).toBe(c.target);
    expect(latest.dotShort ?? "n/a").toBe(c.short);
    expect(latest.dotLong ?? "n/a").toBe(c.long);
    if (c.shortWhy) expect(latest.dotShortWhyNot).toBe(c.shortWhy);
    if (c.longWhy) expect(latest.dotLongWhyNot).toBe(c.longWhy);
  });

  it("the report row says the same", () => {
    expect(row.rating.level).toBe(c.rating);
    expect(row.rating.reason).toBe(latest.rating.reason);
    expect(row.periodTarget ?? row.annualTarget).toBe(c.target);
    expect([row.dotShort.computed ?? "n/a", row.dotLong.computed ?? "n/a"]).toEqual([c.short, c.long]);
    if (c.shortWhy) expect(row.dotShort.whyNot).toBe(c.shortWhy);
  });

  it("the chart point says the same", () => {
    expect(point.rating ?? "Not rated").toBe(c.rating);
    expect(point.comparison).toBe(latest.rating.reason);
    // A monitored indicator's chart draws no target, whatever its target cell says.
    expect(point.target?.display ?? null).toBe(c.polarity === "Monitor" ? null : c.target);
  });
});
