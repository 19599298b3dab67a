import { describe, expect, it } from "vitest";
import { currentQuarter, mostReportedPeriod, nextPeriod, parsePeriod, parseReportDate, periodYearBefore, previousPeriod } from "../../src/core/periods.ts";

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

describe("periods without a year, spans, dates and the current quarter", () => {
  it("places months and spans in a financial year", () => {
    const context = { fyStart: 2016 };
    expect(parsePeriod("Nov", context)?.label).toBe("Nov 2016");
    expect(parsePeriod("Jan", context)?.label).toBe("Jan 2017");
    const span = parsePeriod("Apr - Jul", context)!;
    expect([span.kind, span.label, iso(span.start), iso(span.end)]).toEqual(["span", "Apr - Jul 2016/17", "2016-04-01", "2016-07-31"]);
    expect(parsePeriod("Nov")).toBeNull();
  });

  it("reads dates and labels with a trailing word", () => {
    const date = parsePeriod("31-Mar-2017")!;
    expect([date.kind, iso(date.start), iso(date.end)]).toEqual(["date", "2017-03-31", "2017-03-31"]);
    expect(parsePeriod("2015/16 result")?.label).toBe("2015/16");
  });

  it("finds the current quarter by the London date", () => {
    // 31 March 2017 23:30 UTC is already 1 April in London (BST began on 26 March): Q1 2017/18.
    expect(currentQuarter(new Date("2017-03-31T23:30:00Z")).label).toBe("Q1 2017/18");
    expect(currentQuarter(new Date("2017-03-31T22:30:00Z")).label).toBe("Q4 2016/17");
    // 30 June 2016 23:30 UTC is already 1 July in London (BST): Q2 2016/17.
    expect(currentQuarter(new Date("2016-06-30T23:30:00Z")).label).toBe("Q2 2016/17");
    expect(currentQuarter(new Date("2026-11-23T12:00:00Z")).label).toBe("Q3 2026/27");
  });
});

describe("the period after (what an update form starts with)", () => {
  it.each([
    ["Q2 2016/17", "Q3 2016/17"],
    ["Q4 2016/17", "Q1 2017/18"],
    ["2016/17", "2017/18"],
    ["Aug 2016", "Sep 2016"],
    ["Dec 2016", "Jan 2017"],
    ["Spring 2016", "Autumn 2016"],
    ["Autumn 2016", "Spring 2017"],
  ])("follows %s with %s", (latest, next) => {
    expect(nextPeriod(parsePeriod(latest)!)?.label).toBe(next);
  });
  it("leaves a date or a span of months to the person", () => {
    expect(nextPeriod(parsePeriod("31-Mar-2017")!)).toBeNull();
    expect(nextPeriod(parsePeriod("Apr - Jul", { fyStart: 2016 })!)).toBeNull();
  });
});


describe("period labels as council reports print them", () => {
  const context = { fyStart: 2016 };
  it.each([
    ["17/18", "2017/18"],
    ["Q2", "Q2 2016/17"],
    ["quarter 4 (January-March)", "Q4 2016/17"],
    ["Quarter 2 2017/18", "Q2 2017/18"],
    ["End of September (Q2) 2017/18", "Q2 2017/18"],
    ["Tuesday 5th December 2017", "5 Dec 2017"],
    ["19th January 2017", "19 Jan 2017"],
    ["Nov", "Nov 2016"],
  ])("reads %j as %s", (printed, label) => {
    expect(parsePeriod(printed, context)?.label).toBe(label);
  });

  it("needs a year for a bare quarter or month, and consecutive years for a short year", () => {
    expect(parsePeriod("Q2")).toBeNull();
    expect(parsePeriod("quarter 4 (January-March)")).toBeNull();
    expect(parsePeriod("16/18")).toBeNull();
    expect(parseReportDate("31st February 2017")).toBeNull();
  });

  it("finds the period most indicators last reported, the later on a tie, none from nothing", () => {
    expect(mostReportedPeriod(["Q1 2016/17", "Q2 2016/17", "Q1 2016/17"])?.label).toBe("Q1 2016/17");
    // A tie goes to the later period, whichever came first.
    expect(mostReportedPeriod(["Q2 2016/17", "Q1 2016/17"])?.label).toBe("Q2 2016/17");
    // More indicators outweigh a later period; a label that is no period is not counted.
    expect(mostReportedPeriod(["Q4 2016/17", "Q3 2016/17", "Q3 2016/17", "quarter four", "quarter four", "quarter four"])?.label).toBe("Q3 2016/17");
    expect(mostReportedPeriod([])).toBeNull();
  });
});
