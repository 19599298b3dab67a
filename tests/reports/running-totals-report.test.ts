// Issue 28's "done when": Barnet's AC/S17 and AC/S29 are on track at Q1 2016/17 in the committee report
// (its row and its chart) built from the demo database, as they are on the card as of Q1; and a row
// whose period before has no figure says so rather than comparing an older period.
import { describe, expect, it } from "vitest";
import type { ReportIndicatorRow } from "../../src/core/committee-report.ts";
import { buildReport } from "../../src/core/use-cases/build-report.ts";
import { indicatorCells } from "../../src/reports/cells.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { demoDatabase, providers } from "../helpers/databases.ts";

describe.each(providers)("the Adults Q1 2016/17 report on %s", (provider) => {
  const database = demoDatabase(provider);
  const rows = async (): Promise<ReportIndicatorRow[]> => {
    const outcome = await buildReport(prismaCatalogue(database().db), { organisation: "barnet", period: "Q1 2016/17", service: "Adults & Communities", now: new Date("2026-12-02T10:00:00Z"), charts: true });
    if (!outcome.ok) throw new Error(outcome.message);
    return outcome.report.indicators.flatMap((g) => g.rows);
  };

  it.each([
    ["AC/S17", "216", "800", "200", "half of Q2's 400"],
    ["AC/S29", "758", "3,000", "750", "half of Q2's 1500"],
  ])("rates %s's Q1 %s Green against its target to date, in the row and its chart", async (ref, result, annual, toDate, how) => {
    const row = (await rows()).find((r) => r.ref === ref)!;
    expect(row).toMatchObject({ result, annualTarget: annual, periodTarget: toDate, rating: { level: "Green" } });
    expect(row.targetNote).toBe(`target to date, ${how}: a running total, declared cumulative`);
    expect(row.rating.reason).toBe(`${result} against ${toDate} to date (${how}: a running total, declared cumulative)`);
    expect(row.dotShort).toMatchObject({ computed: null, against: null, whyNot: "Q1 starts a new running total" });
    const point = row.chart!.points.at(-1)!;
    expect(point).toMatchObject({ period: "Q1 2016/17", rating: "Green", target: { display: toDate, value: Number(toDate), toDate: true }, comparison: row.rating.reason });
    expect(row.chart!.alt).toContain(`Q1 2016/17 ${result} against ${toDate} to date, Green`);
  });

  it("says AC/S4's Q1 has no short-term direction, Q4 2015/16 having no figure, rather than comparing Q2 2015/16", async () => {
    const row = (await rows()).find((r) => r.ref === "AC/S4")!;
    expect(row.dotShort).toMatchObject({ computed: null, against: null, whyNot: "no figure for Q4 2015/16" });
    expect(indicatorCells(row)).toContain("n/a (no figure for Q4 2015/16)");
  });
});
