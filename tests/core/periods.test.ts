import { describe, expect, it } from "vitest";
import { parsePeriod, parseReportDate, periodYearBefore, previousPeriod } from "../../src/core/periods.ts";

const iso = (d: Date) => d.toISOString().slice(0, 10);

describe("periods", () => {
  it("reads financial quarters and years", () => {
    const q1 = parsePeriod("Q1 2016/17")!;
    expect([q1.kind, iso(q1.start), iso(q1.end)]).toEqual(["quarter", "2016-04-01", "2016-06-30"]);
    const q4 = parsePeriod("Q4 2015/16")!;
    expect([iso(q4.start), iso(q4.end)]).toEqual(["2016-01-01", "2016-03-31"]);
    const year = parsePeriod("2016/17")!;
    expect([year.kind, iso(year.start), iso(year.end)]).toEqual(["year", "2016-04-01", "2017-03-31"]);
    expect(parsePeriod("2016/18")).toBeNull();
  });

  it("steps back a period and a year", () => {
    expect(previousPeriod(parsePeriod("Q1 2016/17")!)?.label).toBe("Q4 2015/16");
    expect(periodYearBefore(parsePeriod("Q2 2016/17")!)?.label).toBe("Q2 2015/16");
    expect(previousPeriod(parsePeriod("Spring 2016")!)?.label).toBe("Autumn 2015");
    expect(periodYearBefore(parsePeriod("Spring 2016")!)?.label).toBe("Spring 2015");
    expect(previousPeriod(parsePeriod("Jan 2017")!)?.label).toBe("Dec 2016");
  });

  it("reads report dates and refuses impossible ones", () => {
    expect(iso(parseReportDate("31-Mar-2017")!)).toBe("2017-03-31");
    expect(iso(parseReportDate("16-June-2017")!)).toBe("2017-06-16");
    expect(iso(parseReportDate("01 June 2017")!)).toBe("2017-06-01");
    expect(parseReportDate("31-Feb-2017")).toBeNull();
  });
});
