// Issue 28: how a figure accumulates decides what a part-year result is compared with, and the short-term
// direction is against the period just before only. Barnet's running totals (AC/S17, AC/S29 ...) at Q1,
// percentages tagged [Cumulative] or [Year to date Snapshot], a monthly table's annual target.
import { describe, expect, it } from "vitest";
import { aggregationInTitle, comparisonFor, parseAggregation } from "../../src/core/aggregation.ts";
import { summaryChart } from "../../src/core/charts.ts";
import { indicatorRow } from "../../src/core/use-cases/build-report.ts";
import { buildIndicatorCard, recordAsOf } from "../../src/core/indicator-card.ts";
import { parsePeriod, previousPeriod } from "../../src/core/periods.ts";
import type { IndicatorRecord } from "../../src/core/ports.ts";
import { readDemoReports, type DemoReport } from "../../src/store/demo-data.ts";
import { recordFromRow } from "../helpers/records.ts";

type Row = DemoReport["indicators"][number];
const reports = readDemoReports();
const adults = reports.find((r) => r.source.startsWith("001"))!;
const cg = reports.find((r) => r.source.startsWith("002"))!;
const demoRow = (r: DemoReport, ref: string) => r.indicators.find((i) => i.ref === ref)!;

/** The record's card as a report for `label` sees it. */
const cardAsOf = (record: IndicatorRecord, label: string) => buildIndicatorCard(recordAsOf(record, parsePeriod(label)!));

const testReport: DemoReport = { source: "running-totals.test", organisation: { slug: "test", name: "Test Council" }, report: { title: "Test", period: "Q1 2016/17", published: null }, indicators: [], actions: [] };
function record(title: string, polarity: string, targets: Row["targets"], results: Row["results"], aggregation?: Row["aggregation"]): IndicatorRecord {
  // A title's tag is read as the import reads it.
  return recordFromRow(testReport, { ref: "TC/1", refAsPrinted: "TC/1", codes: [], title, polarity, service: null, theme: null, frequency: null, aggregation: aggregation ?? aggregationInTitle(title) ?? undefined, source: null, targets, results, benchmark: { text: "", items: [] }, commentary: null });
}

describe("Barnet's running totals in the demo data, rated as the council's targets imply", () => {
  // [ref, report, Q1 rating and the target to date it is compared with, Q2 rating against the printed Q2 target]
  const cases: [string, DemoReport, string, string, string | null][] = [
    ["AC/S17", adults, "216 against 200 to date (half of Q2's 400: a running total, declared cumulative)", "Green", "Green"],
    ["AC/S29", adults, "758 against 750 to date (half of Q2's 1500: a running total, declared cumulative)", "Green", "Green"],
    ["AC/C14", adults, "1.3 against 2.7 to date (half of Q2's 5.4: a running total, declared cumulative)", "Green", "Green"],
    ["AC/S9", adults, "75.6 against 96.4 to date (half of Q2's 192.7: a running total, declared cumulative)", "Green", "Green"],
    ["CG/C26", cg, "4 against 4", "Green", null],
    ["CG/C8", cg, "11 against 6", "Green", null],
  ];

  it.each(cases)("%s is marked cumulative by the demo data, and on track at Q1 2016/17", (ref, r, reason, level) => {
    const row = demoRow(r, ref);
    expect(row.aggregation).toBe("cumulative");
    const q1 = cardAsOf(recordFromRow(r, row), "Q1 2016/17").latest!;
    expect(q1.period).toBe("Q1 2016/17");
    expect(q1.rating).toMatchObject({ level, reason });
  });

  it.each(cases.filter((c) => c[4] !== null))("%s is rated at Q2 2016/17 against its own Q2 target", (ref, r, _reason, _level, q2Level) => {
    const row = demoRow(r, ref);
    const q2Target = row.targets.find((t) => t.period === "Q2 2016/17")!.text;
    const q2 = cardAsOf(recordFromRow(r, row), "Q2 2016/17").latest!;
    expect(q2.rating.level).toBe(q2Level);
    expect(q2.target).toMatchObject({ period: "Q2 2016/17", display: q2Target, annualNote: null, toDateNote: null });
  });

  it("shows AC/S17's Q1 with the year's 800 beside its target to date of 200", () => {
    const q1 = cardAsOf(recordFromRow(adults, demoRow(adults, "AC/S17")), "Q1 2016/17").latest!;
    expect(q1.target).toMatchObject({ display: "200", value: 200 });
    expect(q1.annualTarget).toEqual({ period: "2016/17", value: 800, display: "800" });
  });

  it("counts AC/S17 and AC/S29 Green at Q1 in the digest picture's period before, and at Q2", () => {
    const records = ["AC/S17", "AC/S29"].map((ref) => recordFromRow(adults, demoRow(adults, ref)));
    const row = summaryChart(records, adults.organisation.name).rows[0]!;
    expect(row).toMatchObject({ period: "Q2 2016/17", previousPeriod: "Q1 2016/17" });
    // Green, Green Amber, Red Amber, Red, Not rated.
    expect(row.before).toEqual([2, 0, 0, 0, 0]);
    expect(row.now).toEqual([2, 0, 0, 0, 0]);
  });

  it.each(["AC/S17", "AC/S29", "CG/C26", "CG/C8"])("infers %s adds up from its targets alone, without the demo's mark", (ref) => {
    const r = ref.startsWith("CG") ? cg : adults;
    const rec = recordFromRow(r, { ...demoRow(r, ref), aggregation: undefined });
    expect(comparisonFor({ ...rec, aggregation: null })).toMatchObject({ compare: "to_date", why: expect.stringMatching(/^a running total, as its Q[12] target of /) });
  });

  it("leaves every demo percentage a rate: council tax and business rates collection too, whose Q1 figures are the year's", () => {
    for (const r of reports) {
      for (const row of r.indicators) {
        const rec = recordFromRow(r, row);
        if (rec.targets.some((t) => /%/.test(t.text))) expect(comparisonFor({ ...rec, aggregation: rec.aggregation ?? null }).compare, `${row.ref}`).toBe("as_it_stands");
      }
    }
  });
});

describe("a short-term direction against the period just before, and no other", () => {
  it("gives AC/S4 no short-term direction at Q1 2016/17: Q4 2015/16 has no figure, and Q2 2015/16 is three quarters before", () => {
    const q1 = cardAsOf(recordFromRow(adults, demoRow(adults, "AC/S4")), "Q1 2016/17").latest!;
    expect(q1.previous).toBeNull();
    expect(q1.dotShort).toBeNull();
    expect(q1.dotShortWhyNot).toBe("no figure for Q4 2015/16");
    // The long term is still against the same quarter a year before.
    expect(q1.dotLongWhyNot).toBe("no figure for Q1 2015/16");
  });

  it("never compares AC/S17's Q1 running total with 2015/16's: Q1 starts a new one", () => {
    const q1 = cardAsOf(recordFromRow(adults, demoRow(adults, "AC/S17")), "Q1 2016/17").latest!;
    expect([q1.dotShort, q1.previous, q1.dotShortWhyNot]).toEqual([null, null, "Q1 starts a new running total"]);
    const withQ4 = record("Packages installed", "Bigger is Better", [{ period: "2016/17", text: "800" }], [{ period: "Q4 2015/16", text: "790" }, { period: "Q1 2016/17", text: "216" }], "cumulative");
    expect(buildIndicatorCard(withQ4).latest).toMatchObject({ dotShort: null, previous: null, dotShortWhyNot: "Q1 starts a new running total" });
  });

  it("compares a rate's Q1 with Q4 where there is one", () => {
    const c = record("Share of cases", "Bigger is Better", [{ period: "2016/17", text: "80%" }], [{ period: "Q4 2015/16", text: "70%" }, { period: "Q1 2016/17", text: "75%" }]);
    expect(buildIndicatorCard(c).latest).toMatchObject({ dotShort: "Improving", previous: { period: "Q4 2015/16" }, dotShortWhyNot: null });
  });

  it("compares a month with the month before, and a survey wave with the wave before, each only where it has a figure", () => {
    const months = record("Calls answered", "Bigger is Better", [], [{ period: "Sep 2016", text: "90%" }, { period: "Nov 2016", text: "80%" }]);
    expect(buildIndicatorCard(months).latest).toMatchObject({ dotShort: null, dotShortWhyNot: "no figure for Oct 2016" });
    const waves = record("Satisfied residents", "Bigger is Better", [], [{ period: "Spring 2015", text: "70%" }, { period: "Autumn 2015", text: "72%" }, { period: "Spring 2016", text: "71%" }]);
    expect(buildIndicatorCard(waves).latest).toMatchObject({ dotShort: "Worsening", previous: { period: "Autumn 2015" }, dotLong: "Improving" });
  });

  it("is never more than one period before, for any demo indicator as of any of its periods", () => {
    for (const r of reports) {
      for (const row of r.indicators) {
        const rec = recordFromRow(r, row);
        for (const result of rec.results) {
          const latest = buildIndicatorCard(recordAsOf(rec, result.period)).latest!;
          const before = previousPeriod(parsePeriod(latest.period)!)?.label ?? null;
          if (latest.previous) expect(latest.previous.period, `${row.ref} ${latest.period}`).toBe(before);
        }
      }
    }
  });
});

describe("percentages tagged as they accumulate", () => {
  it.each([
    ["Days to process [Year to date Snapshot]", "snapshot"],
    ["Time to reply [Year to date average]", "average"],
    ["Sickness [Rolling year to date]", "rolling"],
    ["Homes built [Cumulative YTD]", "cumulative"],
    ["Homes built [Year to date]", "cumulative"],
  ])("reads %j as %s", (title, kind) => {
    expect(aggregationInTitle(title)).toBe(kind);
  });

  it("reads a column's words the same way", () => {
    expect(parseAggregation("Year to date snapshot")).toBe("snapshot");
  });

  const invoices = (title: string, result: string, aggregation?: Row["aggregation"]) =>
    buildIndicatorCard(record(title, "Bigger is Better", [{ period: "2016/17", text: "90%" }], [{ period: "Nov 2016", text: result }], aggregation ?? aggregationInTitle(title) ?? undefined)).latest!;

  it("rates 62% of invoices paid within 30 days [Cumulative] in November against the year's 90%, not 60%: Red", () => {
    const nov = invoices("Percentage of invoices paid within 30 days [Cumulative]", "62%");
    expect(nov.target).toMatchObject({ display: "90%", toDateNote: null });
    expect(nov.rating).toMatchObject({ level: "Red", reason: "62% against the annual target 90% (2016/17; Nov 2016 has no target of its own; a rate over the year so far, so compared with the year's target as it stands)" });
  });

  it("rates a [Year to date Snapshot] percentage against the year's target", () => {
    const nov = invoices("Cases closed on time [Year to date Snapshot]", "62%");
    expect(nov.rating).toMatchObject({ level: "Red", reason: expect.stringContaining("against the annual target 90% (2016/17; Nov 2016 has no target of its own; a snapshot, so") });
  });

  it("compares business rates collected so far with the year's 98% pro rata: 66% in November is on track", () => {
    const nov = buildIndicatorCard(record("Business rates collected [Cumulative]", "Bigger is Better", [{ period: "2016/17", text: "98%" }], [{ period: "Nov 2016", text: "66%" }])).latest!;
    expect(nov.target).toMatchObject({ display: "65.3%", annualNote: null });
    expect(nov.rating).toMatchObject({ level: "Green", reason: "66% against 65.3% to date (two thirds of the 2016/17 target 98%: a share of the year's total, collected through the year)" });
  });

  it("prints a pro-rated count as a whole number", () => {
    const nov = buildIndicatorCard(record("Volunteer hours [Cumulative]", "Bigger is Better", [{ period: "2016/17", text: "1,000" }], [{ period: "Nov 2016", text: "650" }])).latest!;
    expect(nov.target).toMatchObject({ display: "667", value: 667 });
    expect(nov.rating.level).toBe("Green Amber");
  });
});

describe("the year's target beside a month's own", () => {
  it("is shown for a month as for a quarter", () => {
    const rec = record("Calls answered", "Bigger is Better", [{ period: "2016/17", text: "90%" }, { period: "Nov 2016", text: "85%" }], [{ period: "Nov 2016", text: "86%" }]);
    const c = buildIndicatorCard(rec).latest!;
    expect(c.target).toMatchObject({ period: "Nov 2016", display: "85%" });
    expect(c.annualTarget).toEqual({ period: "2016/17", value: 90, display: "90%" });
    // The committee report's "Annual target" column for a monthly table.
    expect(indicatorRow(buildIndicatorCard(rec), null)).toMatchObject({ annualTarget: "90%", periodTarget: "85%" });
  });
});
