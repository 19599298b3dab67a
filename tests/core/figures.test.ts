import { describe, expect, it } from "vitest";
import { normalise, parseFigure, parseFraction } from "../../src/core/figures.ts";

describe("parseFigure", () => {
  it.each([
    ["9.4%", { kind: "number", value: 9.4, unit: "%" }],
    ["£7.3m", { kind: "number", value: 7_300_000, unit: "£" }],
    ["£2.026m", { kind: "number", value: 2_026_000, unit: "£" }],
    ["£6.8bn", { kind: "number", value: 6_800_000_000, unit: "£" }],
    ["£1.25bn", { kind: "number", value: 1_250_000_000, unit: "£" }],
    ["£450k", { kind: "number", value: 450_000, unit: "£" }],
    ["£12.5K", { kind: "number", value: 12_500, unit: "£" }],
    ["8.35 days", { kind: "number", value: 8.35, unit: "days" }],
    ["2,811,187", { kind: "number", value: 2_811_187, unit: null }],
    ["17.5% reduction", { kind: "number", value: 17.5, unit: "%", qualifier: "reduction" }],
    ["20,413 (Nov)", { kind: "number", value: 20_413, notes: ["Nov"] }],
    ["5719 (against target of 5078) (Nov 16)", { kind: "number", value: 5719, notes: ["against target of 5078", "Nov 16"] }],
    ["71.3% (within CI)", { kind: "number", value: 71.3, notes: ["within CI"] }],
    ["50.56%*", { kind: "number", value: 50.56, notes: ["*"] }],
    ["57.3-68.3", { kind: "range", low: 57.3, high: 68.3 }],
    ["45.7 – 52.3", { kind: "range", low: 45.7, high: 52.3 }],
    ["N/A", { kind: "none", reason: "not_applicable" }],
    ["Not Applicable", { kind: "none", reason: "not_applicable" }],
    ["New (2016/17)", { kind: "none", reason: "new", notes: ["2016/17"] }],
    ["TBC", { kind: "none", reason: "to_be_confirmed" }],
    ["\u0422BC", { kind: "none", reason: "to_be_confirmed" }], // Cyrillic Т pasted from a PDF
    ["Monitor", { kind: "none", reason: "monitor" }],
    ["Increase", { kind: "direction", direction: "increase" }],
    ["Decrease", { kind: "direction", direction: "decrease" }],
    ["Remain at or above 85%", { kind: "bound", bound: "at_least", value: 85, unit: "%" }],
    ["Q not included in Autumn 2015", { kind: "none", reason: "not_collected" }],
    ["10% of new housing provision", { kind: "share", value: 10, unit: "%", of: "new housing provision" }],
  ])("reads %j", (text, expected) => {
    expect(parseFigure(text)).toMatchObject(expected);
  });

  it.each(["155.11 or N/A as not comparable", "80% above average", "7m", "6.8bn", "450k", "soon"])("keeps %j unparsed rather than guess", (text) => {
    expect(parseFigure(text).kind).toBe("unparsed");
  });

  it("reads numerator/denominator pairs", () => {
    expect(parseFraction("194/365")).toEqual({ numerator: 194, denominator: 365 });
    expect(parseFraction("1,007/2,595")).toEqual({ numerator: 1007, denominator: 2595 });
    expect(parseFraction("N/A")).toBeNull();
  });
});

describe("normalise: the look-alike letters PDFs substitute", () => {
  // Every letter of the table, as PDFs give them: Cyrillic capitals and smalls, Greek capitals.
  const LOOK_ALIKES: [string, string][] = [
    ["\u0410", "A"], ["\u0412", "B"], ["\u0421", "C"], ["\u0415", "E"], ["\u041d", "H"], ["\u041a", "K"], ["\u041c", "M"], ["\u041e", "O"], ["\u0420", "P"], ["\u0422", "T"], ["\u0425", "X"],
    ["\u0430", "a"], ["\u0441", "c"], ["\u0435", "e"], ["\u043e", "o"], ["\u0440", "p"], ["\u0445", "x"], ["\u0443", "y"],
    ["\u0391", "A"], ["\u0392", "B"], ["\u039f", "O"], ["\u03a4", "T"],
  ];

  it.each(LOOK_ALIKES)("reads %s as %s", (letter, latin) => {
    expect(normalise(`x${letter}x`)).toBe(`x${latin}x`);
  });

  it("reads words and figures made of them: N/A, TBC, Monitor", () => {
    expect(parseFigure("N/\u0410").kind).toBe("none");
    expect(parseFigure("\u03a4\u0412\u0421")).toMatchObject({ kind: "none", reason: "to_be_confirmed" });
    expect(parseFigure("M\u043enit\u043er")).toMatchObject({ kind: "none", reason: "monitor" });
  });
});
