// The indicator card's rating and flags, on small records made for the case:
// a recorded RAG that the figures contradict, and word targets (Increase,
// Decrease) where the period before and the year before give different answers.
import { describe, expect, it } from "vitest";
import { buildIndicatorCard } from "../../src/core/indicator-card.ts";
import type { DemoReport } from "../../src/store/demo-data.ts";
import { recordFromRow } from "../helpers/records.ts";

type Row = DemoReport["indicators"][number];

const report: DemoReport = {
  source: "indicator-card.test",
  organisation: { slug: "test", name: "Test Council" },
  report: { title: "Test report", period: "Q1 2016/17", published: null },
  indicators: [],
  actions: [],
};

/** A card for one indicator; `ragRecorded` is what the report printed for the latest result. */
function card(polarity: string, targets: Row["targets"], results: Row["results"], ragRecorded: string | null = null) {
  const row: Row = {
    ref: "TC/S1",
    refAsPrinted: "TC/S1",
    codes: [],
    title: "Test indicator",
    polarity,
    service: null,
    theme: null,
    frequency: "Quarterly",
    source: null,
    targets,
    results,
    benchmark: { text: "", items: [] },
    commentary: null,
  };
  const record = recordFromRow(report, row);
  const latest = record.results.find((r) => r.period.label === report.report.period)!;
  latest.ragRecorded = ragRecorded;
  return buildIndicatorCard(record);
}

describe("recorded RAG", () => {
  const target = [{ period: "Q1 2016/17", text: "80%" }];
  const result = [{ period: "Q1 2016/17", text: "70%" }]; // 12.5% short of 80%: Red

  it("is flagged where the figures give another level", () => {
    const c = card("Bigger is Better", target, result, "Green");
    expect(c.latest?.rating.level).toBe("Red");
    expect(c.latest?.ratingRecorded).toBe("Green");
    expect(c.flags).toEqual(["RAG recorded as Green, but the figures give Red: 70% against 80%."]);
  });

  it.each(["Red", "red", " RED "])("is not flagged where it agrees with the figures (%j)", (recorded) => {
    expect(card("Bigger is Better", target, result, recorded).flags).toEqual([]);
  });

  it("is not flagged where the figures give no rating", () => {
    expect(card("Bigger is Better", [{ period: "Q1 2016/17", text: "TBC" }], result, "Green").flags).toEqual([]);
  });
});

describe("Increase and Decrease targets", () => {
  // 55 is up on the same quarter a year before (50) but down on the quarter before (60).
  const results = [
    { period: "Q1 2015/16", text: "50" },
    { period: "Q4 2015/16", text: "60" },
    { period: "Q1 2016/17", text: "55" },
  ];

  it("are rated against the same period a year before, not the period before", () => {
    const up = card("Bigger is Better", [{ period: "Q1 2016/17", text: "Increase" }], results);
    expect(up.latest?.rating).toEqual({ level: "Green", reason: "55 against Q1 2015/16 (target: Increase)", shortfall: 0 });
    const down = card("Smaller is Better", [{ period: "Q1 2016/17", text: "Decrease" }], results);
    expect(down.latest?.rating).toMatchObject({ level: "Red", reason: "55 against Q1 2015/16 (target: Decrease)" });
  });

  it("are rated against the period before where there is no result a year before", () => {
    const c = card("Bigger is Better", [{ period: "Q1 2016/17", text: "Increase" }], results.slice(1));
    expect(c.latest?.rating).toMatchObject({ level: "Red", reason: "55 against Q4 2015/16 (target: Increase)" });
  });
});
