import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, direction, rate, ragPolicy, recordedDirection, recordedLevel, type Rating } from "../../src/core/ratings.ts";
import { ratingMark, segmentStatus } from "../../src/core/format.ts";

const level = (r: Rating) => (r.rated ? r.level : `Not rated: ${r.reason}`);

describe("RAG under the default bands", () => {
  it("rates the seed indicators as the issue expects", () => {
    expect(level(rate({ polarity: "bigger", result: "53.2%", target: "63.0%" }))).toBe("Red"); // AC/S8
    expect(level(rate({ polarity: "bigger", result: "77%", target: "80%" }))).toBe("Green Amber"); // CG/S24
    expect(level(rate({ polarity: "smaller", result: "8.35 days", target: "6 days" }))).toBe("Red"); // CG/C23
    expect(level(rate({ polarity: "smaller", result: "15.0% (Spring 2016)", target: "17.0%" }))).toBe("Green"); // CG/C15
  });

  it("puts the band edges where the policy says: up to 5% short Green Amber, up to 10% Red Amber", () => {
    const at = (result: string, target = "100") => level(rate({ polarity: "bigger", result, target }));
    expect(at("100")).toBe("Green");
    expect(at("101")).toBe("Green");
    expect(at("95")).toBe("Green Amber");
    expect(at("94.99")).toBe("Red Amber");
    expect(at("90")).toBe("Red Amber");
    expect(at("89.99")).toBe("Red");
    // Exactly 5% short despite binary floating point: 59.85 is 5% below 63.
    expect(at("59.85", "63")).toBe("Green Amber");
    expect(level(rate({ polarity: "smaller", result: "105", target: "100" }))).toBe("Green Amber");
    expect(level(rate({ polarity: "smaller", result: "110.01", target: "100" }))).toBe("Red");
  });

  it("reads money, thousands and reductions", () => {
    expect(level(rate({ polarity: "smaller", result: "£7.3m", target: "£6.8m" }))).toBe("Red Amber");
    expect(level(rate({ polarity: "bigger", result: "2,900", target: "3,000" }))).toBe("Green Amber");
    expect(level(rate({ polarity: "bigger", result: "17.5% reduction", target: "20% reduction" }))).toBe("Red");
  });
});

describe("RAG policies", () => {
  it("has three levels where the organisation uses three", () => {
    const three = ragPolicy("three", null, null);
    expect(level(rate({ polarity: "bigger", result: "95", target: "100", policy: three }))).toBe("Amber");
    expect(level(rate({ polarity: "bigger", result: "89", target: "100", policy: three }))).toBe("Red");
  });

  it("takes an organisation's bands, and an indicator's over them", () => {
    const organisation = ragPolicy("four", '{"greenAmber":0.02,"redAmber":0.04}', null);
    expect(level(rate({ polarity: "bigger", result: "97", target: "100", policy: organisation }))).toBe("Red Amber");
    const indicator = ragPolicy("four", '{"greenAmber":0.02,"redAmber":0.04}', '{"scheme":"three","amber":0.2}');
    expect(level(rate({ polarity: "bigger", result: "85", target: "100", policy: indicator }))).toBe("Amber");
    expect(ragPolicy("four", "not json", '{"greenAmber":-1}')).toEqual(DEFAULT_POLICY);
  });
});

describe("targets that are not a single number", () => {
  it("rates Goldilocks results by the distance to the nearer bound of the range", () => {
    const g = (result: string) => level(rate({ polarity: "goldilocks", result, target: "57.3-68.3" }));
    expect(g("60")).toBe("Green");
    expect(g("57.3")).toBe("Green");
    expect(g("55")).toBe("Green Amber"); // 4.0% below 57.3
    expect(g("75")).toBe("Red Amber"); // 9.8% above 68.3
    expect(g("80")).toBe("Red");
    expect(level(rate({ polarity: "goldilocks", result: "50", target: "45.7 – 52.3" }))).toBe("Green");
  });

  it("honours word targets against the earlier result", () => {
    const inc = (result: string, earlier: number | null) => level(rate({ polarity: "bigger", result, target: "Increase", comparison: { value: earlier, period: "Q1 2015/16" } }));
    expect(inc("12", 10)).toBe("Green");
    expect(inc("10", 10)).toBe("Green Amber");
    expect(inc("9", 10)).toBe("Red");
    expect(inc("9", null)).toMatch(/^Not rated: the target “Increase” needs an earlier result/);
    expect(level(rate({ polarity: "smaller", result: "£7.3m", target: "Decrease", comparison: { value: 8_700_000, period: "Q1 2015/16" } }))).toBe("Green");
    expect(level(rate({ polarity: "bigger", result: "85.0% (Spring 2016)", target: "Remain at or above 85%" }))).toBe("Green");
    expect(level(rate({ polarity: "bigger", result: "84%", target: "Remain at or above 85%" }))).toBe("Green Amber");
  });

  it("does not rate Monitor, TBC, missing or unreadable targets and results, and says why", () => {
    expect(level(rate({ polarity: "monitor", result: "50.0%", target: "Monitor" }))).toMatch(/^Not rated: monitored/);
    expect(level(rate({ polarity: "bigger", result: "50%", target: "TBC" }))).toBe("Not rated: the target is to be confirmed");
    expect(level(rate({ polarity: "bigger", result: "50%", target: null }))).toBe("Not rated: no target for this period");
    expect(level(rate({ polarity: "bigger", result: "98.30%", target: "N/A" }))).toBe("Not rated: no target applies");
    expect(level(rate({ polarity: "bigger", result: "N/A", target: "50%" }))).toMatch(/^Not rated: the result “N\/A” is not a figure/);
    expect(level(rate({ polarity: "bigger", result: "2", target: "10% of new housing provision" }))).toMatch(/is not a figure this can compare/);
    expect(level(rate({ polarity: "bigger", result: "80%", target: "80% above average" }))).toMatch(/is not a figure this can compare/);
  });
});

describe("a financial year's target standing in for a period's", () => {
  const annualNote = "2016/17; Q3 has no target of its own";
  const reason = (r: Rating) => (r.rated ? `${r.level}: ${r.basis}` : `Not rated: ${r.reason}`);

  it("is named as the annual target in the basis, whatever its kind", () => {
    expect(reason(rate({ polarity: "bigger", result: "64.1%", target: "63.0%", annualNote }))).toBe(`Green: 64.1% against the annual target 63.0% (${annualNote})`);
    expect(reason(rate({ polarity: "bigger", result: "84%", target: "Remain at or above 85%", annualNote }))).toBe(`Green Amber: 84% against the annual target Remain at or above 85% (${annualNote})`);
    expect(reason(rate({ polarity: "goldilocks", result: "60", target: "57.3-68.3", annualNote }))).toBe(`Green: 60 against the annual target range 57.3-68.3 (${annualNote})`);
    expect(reason(rate({ polarity: "bigger", result: "55", target: "Increase", comparison: { value: 50, period: "Q3 2015/16" }, annualNote }))).toBe(`Green: 55 against Q3 2015/16 (annual target: Increase; ${annualNote})`);
  });

  it("is named where it gives no rating, and only there", () => {
    expect(reason(rate({ polarity: "bigger", result: "64.1%", target: "TBC", annualNote }))).toBe(`Not rated: the target is to be confirmed (the annual target, ${annualNote})`);
    expect(reason(rate({ polarity: "bigger", result: "N/A", target: "63.0%", annualNote }))).toBe("Not rated: the result “N/A” is not a figure");
    expect(reason(rate({ polarity: "monitor", result: "64.1%", target: "63.0%", annualNote }))).toBe("Not rated: monitored for information, with no target");
  });

  it("leaves the basis as it was without a note", () => {
    expect(reason(rate({ polarity: "bigger", result: "64.1%", target: "63.0%", annualNote: null }))).toBe("Green: 64.1% against 63.0%");
  });
});

describe("direction of travel", () => {
  it("follows polarity", () => {
    expect(direction("bigger", 53.2, 59.7)).toBe("Worsening");
    expect(direction("smaller", 37, 38)).toBe("Improving");
    expect(direction("smaller", 8.35, 8.35)).toBe("Same");
    expect(direction("monitor", 50, 61)).toBeNull();
    expect(direction("bigger", 50, null)).toBeNull();
  });

  it("counts nearer the range as better for Goldilocks", () => {
    const range = { low: 57.3, high: 68.3 };
    expect(direction("goldilocks", 70, 75, range)).toBe("Improving");
    expect(direction("goldilocks", 60, 65, range)).toBe("Same");
    expect(direction("goldilocks", 50, 56, range)).toBe("Worsening");
  });

  it("reads directions as reports record them", () => {
    expect(recordedDirection("Improving")).toBe("Improving");
    expect(recordedDirection("Worsening")).toBe("Worsening");
    expect(recordedDirection("Same")).toBe("Same");
    for (const none of ["N/A", "Not Applicable", "New (2016/17)", null]) expect(recordedDirection(none)).toBeNull();
  });
});

describe("ratings and directions as councils' tables record them", () => {
  it.each([
    ["R", "Red"],
    ["A", "Amber"],
    ["G", "Green"],
    ["GA", "Green Amber"],
    ["A/R", "Red Amber"],
    ["red", "Red"],
    ["Amber Green", "Green Amber"],
    // Cyrillic А and е, Greek Α, as a PDF's text layer gives them.
    ["\u0410", "Amber"],
    ["Gr\u0435\u0435n", "Green"],
    ["\u0391mber", "Amber"],
  ])("reads the level %j as %s", (printed, level) => {
    expect(recordedLevel(printed)).toBe(level);
  });

  it.each([
    ["Up", "Improving"],
    ["improving", "Improving"],
    ["\u2191", "Improving"],
    ["Down", "Worsening"],
    ["deteriorating", "Worsening"],
    ["Stable", "Same"],
  ])("reads the direction %j as %s", (printed, dot) => {
    expect(recordedDirection(printed)).toBe(dot);
  });

  it("reads nothing into words that are neither", () => {
    expect(recordedLevel("Not rated")).toBeNull();
    expect(recordedLevel("X")).toBeNull();
    expect(recordedDirection("N/A")).toBeNull();
  });
});

describe("the marks beside ratings", () => {
  it("gives each level its own mark, the same wherever it is shown (Red Amber is not Amber's)", () => {
    const levels = ["Green", "Green Amber", "Amber", "Red Amber", "Red", "Not rated"];
    expect(new Set(levels.map(ratingMark)).size).toBe(levels.length);
    expect(segmentStatus("Red Amber")).toBe(`${ratingMark("Red Amber")} Red Amber`);
  });
});
