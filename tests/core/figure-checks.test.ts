// The sanity checks on typed figures and periods, as pure functions with the day given: what is refused
// (and why), what is only unusual, and where each period check draws its line.
import { describe, expect, it } from "vitest";
import { fractionContradiction, LARGEST_FIGURE, readTypedNumber, targetProblem, unusualFigures } from "../../src/core/figure-checks.ts";
import { parseFigure } from "../../src/core/figures.ts";
import { notBegun, tooFarAhead, tooLongBefore } from "../../src/core/period-checks.ts";
import { parsePeriod } from "../../src/core/periods.ts";

const period = (label: string) => parsePeriod(label)!;

describe("a number as typed", () => {
  it("reads plain and grouped numbers with the unit typed, and nothing from an empty field", () => {
    expect(readTypedNumber("64.1")).toEqual({ ok: true, value: 64.1, unit: null, decimals: 1 });
    expect(readTypedNumber(" 64.1 % ")).toEqual({ ok: true, value: 64.1, unit: "%", decimals: 1 });
    expect(readTypedNumber("£1,000")).toEqual({ ok: true, value: 1000, unit: "£", decimals: 0 });
    expect(readTypedNumber("-5")).toMatchObject({ ok: true, value: -5 });
    expect(readTypedNumber("  ")).toBeUndefined();
  });

  it("refuses digits split by spaces, badly grouped commas, both units, and numbers past the largest", () => {
    expect(readTypedNumber("1 2 3")).toEqual({ ok: false, problem: "“1 2 3” has digits separated by spaces: write the number without them, such as 123." });
    expect(readTypedNumber("1,2,3")).toEqual({ ok: false, problem: null });
    expect(readTypedNumber("£5%")).toMatchObject({ ok: false, problem: expect.stringContaining("both pounds and a percentage") });
    expect(readTypedNumber(String(LARGEST_FIGURE))).toMatchObject({ ok: true });
    expect(readTypedNumber(String(LARGEST_FIGURE + 2))).toMatchObject({ ok: false, problem: expect.stringContaining("is not a number this indicator can hold") });
    expect(readTypedNumber("9".repeat(400))).toMatchObject({ ok: false, problem: expect.stringMatching(/^“9{20}…” is not a number this indicator can hold/) });
  });
});

describe("a value beside its numerator and denominator", () => {
  it("agrees within one unit of its last decimal, as a percentage or a rate per 1,000 ... 100,000", () => {
    expect(fractionContradiction(53.2, 1, 194, 365, "%")).toBeNull();
    expect(fractionContradiction(53.1, 1, 194, 365, "%")).toBeNull();
    expect(fractionContradiction(53, 0, 194, 365, "%")).toBeNull();
    expect(fractionContradiction(531.5, 1, 194, 365, null)).toBeNull();
    expect(fractionContradiction(0.5, 1, 1, 2, null)).toBeNull();
  });

  it("disagrees beyond that", () => {
    expect(fractionContradiction(10, 0, 1, 2, "%")).toBe("10 disagrees with its numerator and denominator: 1/2 is 50%. Correct one of them, or leave the result empty to have it worked out.");
    expect(fractionContradiction(52.9, 1, 194, 365, "%")).not.toBeNull();
    expect(fractionContradiction(0.5, 1, 1, 2, "%")).not.toBeNull();
  });
});

describe("unusual figures", () => {
  it("are over 100% of a percentage, negative counts and percentages, a numerator above its denominator or below 0", () => {
    expect(unusualFigures({ value: 100, numerator: 5, denominator: 5, text: "100%" }, "%")).toEqual({});
    expect(Object.keys(unusualFigures({ value: 500, numerator: 500, denominator: 100, text: "500%" }, "%"))).toEqual(["value", "numerator"]);
    expect(unusualFigures({ value: -5, numerator: null, denominator: null, text: "-5" }, null).value).toBe("-5 is negative, unusual for a count.");
    expect(unusualFigures({ value: -5, numerator: null, denominator: null, text: "£-5" }, "£")).toEqual({});
    expect(unusualFigures({ value: 500, numerator: null, denominator: null, text: "500" }, null)).toEqual({});
    expect(Object.keys(unusualFigures({ value: 10, numerator: -1, denominator: 10, text: "10" }, null))).toEqual(["numerator"]);
  });
});

describe("a target's figure", () => {
  it("is refused past the largest number, or in a unit the indicator does not use", () => {
    expect(targetProblem("65%", parseFigure("65%"), "%", "AC/S8")).toBeNull();
    expect(targetProblem("Increase", parseFigure("Increase"), "%", "AC/S8")).toBeNull();
    expect(targetProblem("1-1e30", parseFigure(`1-${"9".repeat(30)}`), "%", "AC/S8")).toContain("is not a number this indicator can hold");
    expect(targetProblem("£6.8m", parseFigure("£6.8m"), "%", "AC/S8")).toBe("“£6.8m” is in pounds (£), but AC/S8's figures are in percentages.");
    expect(targetProblem("6 days", parseFigure("6 days"), null, "AC/S8")).toBeNull();
  });
});

describe("periods checked against the day", () => {
  const today = new Date("2026-12-06T12:00:00Z");

  it("takes a period that has begun by London's calendar, and names the current one of the same kind otherwise", () => {
    expect(notBegun(period("Q3 2026/27"), today)).toBeNull();
    expect(notBegun(period("Q4 2026/27"), today)).toBe("Q4 2026/27 has not begun; the current period is Q3 2026/27.");
    expect(notBegun(period("2027/28"), today)).toBe("2027/28 has not begun; the current period is 2026/27.");
    expect(notBegun(period("Jan 2027"), today)).toBe("Jan 2027 has not begun; the current period is Dec 2026.");
    // 31 March 23:30 UTC is already 1 April in London (summer time): Q1 has begun.
    expect(notBegun(period("Q1 2027/28"), new Date("2027-03-31T23:30:00Z"))).toBeNull();
    expect(notBegun(period("Q1 2027/28"), new Date("2027-03-31T22:30:00Z"))).not.toBeNull();
  });

  it("takes targets up to two financial years ahead", () => {
    expect(tooFarAhead(period("2028/29"), today)).toBeNull();
    expect(tooFarAhead(period("Q4 2028/29"), today)).toBeNull();
    expect(tooFarAhead(period("Q1 2029/30"), today)).toBe("Q1 2029/30 is more than 2 financial years ahead: targets may be set up to 2028/29.");
  });

  it("takes nothing that ends more than ten years before the first period; anything where there is none yet", () => {
    const firsts = [period("Q2 2016/17"), period("Q1 2015/16")];
    expect(tooLongBefore(period("Q1 2005/06"), firsts, "AC/S8")).toBeNull();
    expect(tooLongBefore(period("Q4 2004/05"), firsts, "AC/S8")).toBe("Q4 2004/05 is more than 10 years before AC/S8's first period (Q1 2015/16): check the year.");
    expect(tooLongBefore(period("2001/02"), [], "AC/S8")).toBeNull();
  });
});
