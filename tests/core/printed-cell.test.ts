// Cells that carry their own period, a target to date or a profile beside the figure.
import { describe, expect, it } from "vitest";
import { readPrintedCell } from "../../src/core/printed-cell.ts";

const context = { fyStart: 2016 };

describe("a figure with what is printed around it", () => {
  it.each([
    ["91.2% (Oct)", "91.2%", 91.2, "Oct 2016", null],
    ["4,120 (against target of 3,900) Oct", "4,120", 4120, "Oct 2016", "3,900"],
    ["18,250 (Oct)", "18,250", 18250, "Oct 2016", null],
    ["£7.3m (Q2)", "£7.3m", 7_300_000, "Q2 2016/17", null],
    ["53.2% (Nov 16)", "53.2%", 53.2, "Nov 2016", null],
    ["64.1%", "64.1%", 64.1, null, null],
  ])("reads %j", (printed, text, value, period, targetToDate) => {
    const cell = readPrintedCell(printed, context);
    expect(cell).toMatchObject({ text, figure: { kind: "number", value }, targetToDate });
    expect(cell.period?.label ?? null).toBe(period);
  });

  it("reads a profile printed with a target", () => {
    expect(readPrintedCell("12,000 (1,000 per month)", context)).toMatchObject({ text: "12,000", figure: { value: 12000 }, profile: { text: "1,000", per: "month" }, period: null });
  });

  it("keeps notes that are neither a period nor a target with the figure", () => {
    const cell = readPrintedCell("9.4% (within CI)", context);
    expect(cell).toMatchObject({ text: "9.4% (within CI)", figure: { kind: "number", value: 9.4, notes: ["within CI"] }, period: null });
  });

  it("places a month without a year only where the financial year is known", () => {
    expect(readPrintedCell("91.2% (Oct)").period).toBeNull();
    expect(readPrintedCell("91.2% (Oct)", { fyStart: 2017 }).period?.label).toBe("Oct 2017");
    expect(readPrintedCell("91.2% (Feb)", context).period?.label).toBe("Feb 2017");
  });
});
