// The indicator card's rating and flags, on small records made for the case:
// a recorded RAG that the figures contradict, word targets (Increase,
// Decrease) where the period before and the year before give different answers,
// and a period with no target of its own, rated against its financial year's.
import { describe, expect, it } from "vitest";
import { buildIndicatorCard, recordAsOf } from "../../src/core/indicator-card.ts";
import { readDemoReports, type DemoReport } from "../../src/store/demo-data.ts";
import { recordFromRow } from "../helpers/records.ts";

type Row = DemoReport["indicators"][number];

const report: DemoReport = {
  source: "indicator-card.test",
  organisation: { slug: "test", name: "Test Council" },
  report: { title: "Test report", period: "Q1 2016/17", published: null },
  indicators: [],
  actions: [],
};

/** A card for one indicator; `ragRecorded` is what the report printed for `recordedFor`'s result. */
function card(polarity: string, targets: Row["targets"], results: Row["results"], ragRecorded: string | null = null, recordedFor = report.report.period) {
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
  if (ragRecorded !== null) record.results.find((r) => r.period.label === recordedFor)!.ragRecorded = ragRecorded;
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

describe("a period with no target of its own", () => {
  // AC/S8's shape: an annual target for 2016/17, a Q2 target, and a Q3 result with no Q3 target.
  const acs8 = [
    { period: "2016/17", text: "63.0%" },
    { period: "Q2 2016/17", text: "63.0%" },
  ];
  const q3 = (text: string) => [
    { period: "Q2 2016/17", text: "53.2%" },
    { period: "Q3 2016/17", text },
  ];
  // A percentage is a rate: the year's target stands in as it is, and the note says why.
  const note = "2016/17; Q3 has no target of its own; a rate, so compared with the year's target as it stands";
  const unknownNote = "2016/17; Q3 has no target of its own; nothing shows it adds up through the year, so compared with the year's target as it stands";

  it("is rated against its financial year's annual target, and the card says so", () => {
    const c = card("Bigger is Better", acs8, q3("64.1%"));
    expect(c.latest?.period).toBe("Q3 2016/17");
    expect(c.latest?.target).toEqual({ period: "2016/17", value: 63, display: "63.0%", low: null, high: null, annualNote: note, toDateNote: null });
    expect(c.latest?.rating).toEqual({ level: "Green", reason: `64.1% against the annual target 63.0% (${note})`, shortfall: 0 });
    // The year's target is the one shown: it is not shown a second time beside it.
    expect(c.latest?.annualTarget).toBeNull();
  });

  it.each([
    ["50.0%", "Red", 13 / 63],
    ["60.0%", "Green Amber", 3 / 63],
    ["58.0%", "Red Amber", 5 / 63],
  ])("gives %s the level the policy gives against the annual 63.0%% (%s)", (result, level, shortfall) => {
    const rating = card("Bigger is Better", acs8, q3(result)).latest!.rating;
    expect(rating).toMatchObject({ level, reason: `${result} against the annual target 63.0% (${note})` });
    expect(rating.shortfall).toBeCloseTo(shortfall, 9);
  });

  it("keeps the wording in the flag where the report recorded another level", () => {
    const c = card("Bigger is Better", acs8, q3("50.0%"), "Green", "Q3 2016/17");
    expect(c.flags).toEqual([`RAG recorded as Green, but the figures give Red: 50.0% against the annual target 63.0% (${note}).`]);
  });

  it.each(["N/A", "Not Applicable", "TBC", "-", "to be set"])("stays Not rated where the period's own target is printed %j", (printed) => {
    // CG/S22 and CG/S23 in Q1: a Q1 target of N/A beside an annual one.
    const c = card("Bigger is Better", [{ period: "2016/17", text: "98.5%" }, { period: "Q1 2016/17", text: printed }], [{ period: "Q1 2016/17", text: "98.30%" }]);
    const today = card("Bigger is Better", [{ period: "Q1 2016/17", text: printed }], [{ period: "Q1 2016/17", text: "98.30%" }]);
    expect(c.latest?.rating.level).toBe("Not rated");
    expect(c.latest?.rating).toEqual(today.latest?.rating);
    expect(c.latest?.target).toMatchObject({ period: "Q1 2016/17", display: printed, annualNote: null });
    expect(c.latest?.annualTarget).toEqual({ period: "2016/17", value: 98.5, display: "98.5%" });
  });

  it("says the annual target stands in where that one is not a figure either", () => {
    const c = card("Bigger is Better", [{ period: "2016/17", text: "TBC" }], q3("64.1%"));
    expect(c.latest?.target).toMatchObject({ period: "2016/17", display: "TBC", annualNote: unknownNote });
    expect(c.latest?.rating).toEqual({ level: "Not rated", reason: `the target is to be confirmed (the annual target, ${unknownNote})`, shortfall: null });
  });

  it("rates a month against its year's target", () => {
    const c = card("Smaller is Better", [{ period: "2016/17", text: "6 days" }], [{ period: "Nov 2016", text: "8.35 days" }]);
    expect(c.latest?.rating).toMatchObject({ level: "Red", reason: "8.35 days against the annual target 6 days (2016/17; Nov 2016 has no target of its own; nothing shows it adds up through the year, so compared with the year's target as it stands)" });
  });

  it("uses the year the period lies in, not another year's target", () => {
    const jan = card("Bigger is Better", [{ period: "2016/17", text: "60%" }, { period: "2017/18", text: "90%" }], [{ period: "Jan 2017", text: "70%" }]);
    expect(jan.latest?.rating).toMatchObject({ level: "Green", reason: "70% against the annual target 60% (2016/17; Jan 2017 has no target of its own; a rate, so compared with the year's target as it stands)" });
    const c = card("Bigger is Better", [{ period: "2015/16", text: "63.0%" }], q3("64.1%"));
    expect(c.latest?.target).toBeNull();
    expect(c.latest?.rating).toEqual({ level: "Not rated", reason: "no target for Q3 2016/17", shortfall: null });
  });

  it("is not rated against either year where it straddles two (a spring survey wave)", () => {
    const c = card("Bigger is Better", [{ period: "2015/16", text: "70%" }, { period: "2016/17", text: "70%" }], [{ period: "Spring 2016", text: "74%" }]);
    expect(c.latest?.target).toBeNull();
    expect(c.latest?.rating).toEqual({ level: "Not rated", reason: "no target for Spring 2016", shortfall: null });
  });

  it("names the annual range, and the annual word target, in the reason", () => {
    const range = card("Goldilocks", [{ period: "2016/17", text: "57.3 – 68.3" }], q3("70"));
    expect(range.latest?.rating).toMatchObject({ level: "Green Amber", reason: `70 against the annual target range 57.3 – 68.3 (${unknownNote})` });
    const results = [{ period: "Q3 2015/16", text: "50" }, ...q3("55")];
    const increase = card("Bigger is Better", [{ period: "2016/17", text: "Increase" }], results);
    expect(increase.latest?.rating).toMatchObject({ level: "Green", reason: `55 against Q3 2015/16 (annual target: Increase; ${unknownNote})` });
  });

  it("leaves the direction of travel as it was without the annual target", () => {
    const results = [{ period: "Q3 2015/16", text: "66" }, { period: "Q2 2016/17", text: "60" }, { period: "Q3 2016/17", text: "64" }];
    for (const [polarity, annual] of [["Bigger is Better", "63.0%"], ["Goldilocks", "57.3 – 68.3"]] as const) {
      const rated = card(polarity, [{ period: "2016/17", text: annual }], results).latest!;
      const without = card(polarity, [], results).latest!;
      expect(rated.rating.level, polarity).not.toBe("Not rated");
      expect([rated.dotShort, rated.dotLong], polarity).toEqual([without.dotShort, without.dotLong]);
    }
  });

  it("does not stand in for a monitored indicator's period", () => {
    const c = card("Monitor", [{ period: "2016/17", text: "Monitor" }], q3("64.1%"));
    expect(c.latest?.target).toBeNull();
    expect(c.latest?.rating.level).toBe("Not rated");
  });
});

describe("a period with no target of its own, in the demo data", () => {
  const reports = readDemoReports();
  const adults = reports.find((r) => r.source.startsWith("001"))!;
  const cg = reports.find((r) => r.source.startsWith("002"))!;
  const demoRow = (r: DemoReport, ref: string) => r.indicators.find((i) => i.ref === ref)!;

  /** AC/S8 as the demo data has it, with a Q3 2016/17 result added: there is no Q3 target. */
  const acs8WithQ3 = (text: string) => {
    const row = demoRow(adults, "AC/S8");
    expect(row.targets.map((t) => t.period)).toEqual(["2016/17", "Q2 2016/17"]);
    return buildIndicatorCard(recordFromRow(adults, { ...row, results: [...row.results, { period: "Q3 2016/17", text }] }));
  };

  it("rates AC/S8's Q3 64.1% Green against the annual 63.0%, and 50.0% Red", () => {
    const green = acs8WithQ3("64.1%").latest!;
    const rateNote = "2016/17; Q3 has no target of its own; a rate, so compared with the year's target as it stands";
    expect(green.rating).toEqual({ level: "Green", reason: `64.1% against the annual target 63.0% (${rateNote})`, shortfall: 0 });
    expect(green.target).toMatchObject({ period: "2016/17", display: "63.0%", annualNote: rateNote });
    // Direction of travel as before: against Q2's 53.2%.
    expect(green.dotShort).toBe("Improving");
    expect(acs8WithQ3("50.0%").latest!.rating).toMatchObject({ level: "Red", reason: `50.0% against the annual target 63.0% (${rateNote})` });
  });

  it("keeps AC/S8's Q2 rated against its own Q2 target", () => {
    const q2 = buildIndicatorCard(recordFromRow(adults, demoRow(adults, "AC/S8"))).latest!;
    expect(q2.rating).toEqual({ level: "Red", reason: "53.2% against 63.0%", shortfall: expect.closeTo(9.8 / 63, 9) });
    expect(q2.target).toMatchObject({ period: "Q2 2016/17", annualNote: null });
    expect(q2.annualTarget).toEqual({ period: "2016/17", value: 63, display: "63.0%" });
  });

  it.each(["CG/S22", "CG/S23"])("leaves %s Not rated: its Q1 target is printed N/A", (ref) => {
    const c = buildIndicatorCard(recordFromRow(cg, demoRow(cg, ref))).latest!;
    expect(c.rating).toEqual({ level: "Not rated", reason: "no target applies", shortfall: null });
    expect(c.target).toMatchObject({ period: "Q1 2016/17", display: "N/A", annualNote: null });
  });

  it("changes no demo indicator: every one has a target row for its latest period", () => {
    for (const r of reports) {
      for (const row of r.indicators) expect(buildIndicatorCard(recordFromRow(r, row)).latest?.target?.annualNote ?? null, `${r.source} ${row.ref}`).toBeNull();
    }
  });
});

describe("a part-year result by how it accumulates", () => {
  // A cumulative count for November: 8 of the year's 12 months have passed.
  const homes = (aggregation: "cumulative" | "snapshot" | null, targets: Row["targets"], result = "7,700") => {
    const row = { ref: "TC/S2", refAsPrinted: "TC/S2", codes: [], title: "Homes built", polarity: "Bigger is Better", service: null, theme: null, frequency: "Monthly", source: null, targets, results: [{ period: "Nov 2016", text: result }], benchmark: { text: "", items: [] }, commentary: null };
    return buildIndicatorCard({ ...recordFromRow(report, row), aggregation });
  };
  const year = [{ period: "2016/17", text: "12,000" }];

  it("compares a cumulative figure with the year's target pro rata, and says so", () => {
    const c = homes("cumulative", year);
    expect(c.latest?.target).toMatchObject({ display: "8,000", value: 8000, annualNote: null, toDateNote: "two thirds of the 2016/17 target 12,000: a running total, declared cumulative" });
    expect(c.latest?.rating).toMatchObject({ level: "Green Amber", reason: "7,700 against 8,000 to date (two thirds of the 2016/17 target 12,000: a running total, declared cumulative)" });
    expect(homes("cumulative", year, "8,100").latest?.rating.level).toBe("Green");
  });

  it("compares a snapshot, or a figure of unknown kind, with the year's target as it stands", () => {
    for (const [kind, why] of [["snapshot", "a snapshot"], [null, "nothing shows it adds up through the year"]] as const) {
      const c = homes(kind, year);
      expect(c.latest?.target).toMatchObject({ display: "12,000", annualNote: `2016/17; Nov 2016 has no target of its own; ${why}, so compared with the year's target as it stands`, toDateNote: null });
      expect(c.latest?.rating.level).toBe("Red");
    }
  });

  it("uses a target to date printed for the month itself rather than any pro rata", () => {
    const c = homes("cumulative", [...year, { period: "Nov 2016", text: "7,400" }]);
    expect(c.latest?.target).toMatchObject({ display: "7,400", annualNote: null, toDateNote: null });
    expect(c.latest?.rating).toMatchObject({ level: "Green", reason: "7,700 against 7,400" });
  });

  it("compares a cumulative figure at the year's end with the whole target", () => {
    const row = { ref: "TC/S3", refAsPrinted: "TC/S3", codes: [], title: "Homes built", polarity: "Bigger is Better", service: null, theme: null, frequency: "Quarterly", source: null, targets: year, results: [{ period: "Q4 2016/17", text: "11,000" }], benchmark: { text: "", items: [] }, commentary: null };
    const c = buildIndicatorCard({ ...recordFromRow(report, row), aggregation: "cumulative" });
    expect(c.latest?.target).toMatchObject({ display: "12,000", toDateNote: null });
  });
});

describe("a card as of an earlier period", () => {
  const targets = [{ period: "Q1 2016/17", text: "80%" }, { period: "Q2 2016/17", text: "80%" }];
  const results = [{ period: "Q1 2016/17", text: "70%" }, { period: "Q2 2016/17", text: "85%" }];
  const record = recordFromRow(report, { ref: "TC/S3", refAsPrinted: "TC/S3", codes: [], title: "Test", polarity: "Bigger is Better", service: null, theme: null, frequency: "Quarterly", source: null, targets, results, benchmark: { text: "", items: [] }, commentary: null });
  const q1 = record.results.find((r) => r.period.label === "Q1 2016/17")!.period;

  it("is built from the results up to that period's end, and rated as that period's", () => {
    expect(buildIndicatorCard(record).latest?.rating.level).toBe("Green");
    const asOfQ1 = buildIndicatorCard(recordAsOf(record, q1));
    expect(asOfQ1.latest?.period).toBe("Q1 2016/17");
    expect(asOfQ1.latest?.rating.level).toBe("Red");
    expect(asOfQ1.history.map((h) => h.period)).toEqual(["Q1 2016/17"]);
  });
});

describe("a card as of a quarter, beside a result for the whole year", () => {
  // The year's result starts with Q1 but ends after it: the Q1 report cannot have known it.
  const targets = [{ period: "2016/17", text: "80%" }];
  const results = [{ period: "Q1 2016/17", text: "70%" }, { period: "Q2 2016/17", text: "75%" }, { period: "2016/17", text: "90%" }];
  const record = recordFromRow(report, { ref: "TC/S4", refAsPrinted: "TC/S4", codes: [], title: "Test", polarity: "Bigger is Better", service: null, theme: null, frequency: "Quarterly", source: null, targets, results, benchmark: { text: "", items: [] }, commentary: null });
  const q1 = record.results.find((r) => r.period.label === "Q1 2016/17")!.period;

  it("holds no result of a period that ends after the quarter's end, though it starts with it", () => {
    const asOfQ1 = recordAsOf(record, q1);
    expect(asOfQ1.results.map((r) => r.period.label)).toEqual(["Q1 2016/17"]);
    const card = buildIndicatorCard(asOfQ1);
    expect(card.latest).toMatchObject({ period: "Q1 2016/17", display: "70%" });
    expect(card.history.map((h) => h.period)).not.toContain("2016/17");
  });
});
