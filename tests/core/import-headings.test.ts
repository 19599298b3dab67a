// Headings as councils write them, and the period each names.
import { describe, expect, it } from "vitest";
import { readHeading, readMapping } from "../../src/core/import/headings.ts";
import { readIndicatorTable } from "../../src/core/import/indicator-table.ts";
import { parsePeriod } from "../../src/core/periods.ts";

const read = (heading: string, fyStart?: number) => {
  const column = readHeading(heading, fyStart === undefined ? undefined : { fyStart });
  return column ? `${column.field}${column.period ? ` ${column.period.label}` : ""}${column.annual ? " (annual)" : ""}` : null;
};

describe("headings", () => {
  it.each([
    ["Ref", "ref"],
    ["No.", "ref"],
    ["Indicator", "title"],
    ["Short Name", "title"],
    ["Indicator description", "title"],
    ["Description", "description"],
    ["Polarity", "polarity"],
    ["Aim", "polarity"],
    ["Minimise or Maximise", "polarity"],
    ["Annual Target", "target (annual)"],
    ["2017/18 Target", "target 2017/18"],
    ["Annual 2016/17 Target", "target 2016/17"],
    ["2016/17 Annual Target", "target 2016/17"],
    ["Q2 2016/17 Target", "target Q2 2016/17"],
    ["Q2 2016/17 Result", "result Q2 2016/17"],
    ["Latest Performance", "result"],
    ["Numerator", "numerator"],
    ["Denominator", "denominator"],
    ["Numerator and Denominator", "fraction"],
    ["DOT", "dotShort"],
    ["DOT Short Term (From previous Quarter)", "dotShort"],
    ["DOT Long Term (From Q2 previous Year)", "dotLong"],
    ["Direction", "dotShort"],
    ["Benchmarking <i>How performance compared to other councils</i>", "benchmark"],
    ["Service", "service"],
    ["Dept.", "service"],
    ["Department", "service"],
    ["Directorate", "service"],
    ["Comments", "commentary"],
    ["RAG", "rag"],
    ["Status", "rag"],
    ["  REF  ", "ref"],
  ])("reads %j as %s", (heading, meaning) => {
    expect(read(heading)).toBe(meaning);
  });

  it("places a quarter without a year in the table's year, and leaves unknown headings out", () => {
    expect(read("Q2 Target")).toBeNull();
    expect(read("Q2 Target", 2016)).toBe("target Q2 2016/17");
    expect(read("Favourite colour")).toBeNull();
  });

  it("reads --map, and says what is wrong with a bad one", () => {
    expect(readMapping("PI No=ref")).toMatchObject({ heading: "PI No", column: { field: "ref", period: null } });
    expect(readMapping("Q3 Actual=result:Q3 2016/17")).toMatchObject({ column: { field: "result", period: { label: "Q3 2016/17" } } });
    expect(readMapping("PI No")).toMatch(/write it as "<heading>=<field>"/);
    expect(readMapping("PI No=colour")).toMatch(/colour is not a field/);
  });
});

describe("rows", () => {
  const table = (headings: string[], ...rows: string[][]) => ({ headings, rows: rows.map((cells, i) => ({ line: i + 2, cells })) });

  it("files each figure under its heading's period, and the row's RAG and direction with its latest result", () => {
    const { drafts, problems } = readIndicatorTable(
      table(["Ref", "Indicator", "Polarity", "Annual Target", "Q1 2016/17 Result", "Q2 2016/17 Result", "RAG", "DOT", "Numerator and Denominator"], ["AC/S8 (ASCOF 2B)", "Enablement <sup>1</sup>", "Bigger is Better", "63.0%", "50.1%", "53.2%", "R", "Up", "194/365"]),
    );
    expect(problems).toEqual([]);
    expect(drafts[0]).toMatchObject({ ref: "AC/S8", codes: ["ASCOF 2B"], title: "Enablement", targets: [{ period: { label: "2016/17" }, text: "63.0%" }] });
    expect(drafts[0]!.results.map((r) => [r.period.label, r.text, r.ragRecorded, r.dotShort, r.numerator])).toEqual([
      ["Q1 2016/17", "50.1%", null, null, null],
      ["Q2 2016/17", "53.2%", "R", "Up", 194],
    ]);
  });

  it("reads a column of national codes (by its heading, or mapped with --map) into the row's codes, in one spelling", () => {
    expect(readHeading("ASCOF code")).toEqual({ field: "national", period: null });
    const { drafts, problems, notes } = readIndicatorTable(table(["Ref", "Indicator", "Polarity", "National code"], ["EM7", "Direct payments", "Bigger is Better", "ASCOF 1C/2A"], ["EM8", "Carers", "Bigger is Better", "N/A"], ["EM9", "Other", "Bigger is Better", "Adults 9"]));
    expect(drafts.map((d) => d.codes)).toEqual([["ASCOF 1C(2A)"], [], []]);
    // A column read now that was left out before refuses no table: what is no code is said, and left out.
    expect(problems).toEqual([]);
    expect(notes).toContain("Line 4: “Adults 9” under National code is not a national code (ASCOF 1C(2A), NI 192); left out.");
    // Under a heading that names the framework, a bare code is that framework's.
    expect(readIndicatorTable(table(["Ref", "Indicator", "ASCOF ref"], ["EM7", "Direct payments", "1C (2A)"])).drafts[0]!.codes).toEqual(["ASCOF 1C(2A)"]);
    expect(readMapping("Measure no=national")).toEqual({ heading: "Measure no", column: { field: "national", period: null } });
  });

  it("names the line, column and value of each problem, and a reference given twice", () => {
    const { problems } = readIndicatorTable(table(["Ref", "Indicator", "Polarity", "Numerator"], ["X/1", "One", "Upwards-ish", "12"], ["X/2", "Two", "Bigger is Better", "twelve"], ["x-1", "Again", "Bigger is Better", ""]));
    expect(problems).toEqual([
      { line: 2, column: "Polarity", value: "Upwards-ish", problem: expect.stringMatching(/^Not a polarity/) },
      { line: 3, column: "Numerator", value: "twelve", problem: "The numerator is not a number." },
      { line: 4, column: null, value: "x-1", problem: "x-1 is on line 2 already." },
    ]);
  });

  it("takes the period of a cell that prints its own, in the year --period gives", () => {
    const { drafts, notes } = readIndicatorTable(table(["Ref", "Latest Performance"], ["H1", "91.2% (Oct)"]), { period: parsePeriod("2017/18") });
    expect(drafts[0]!.results.map((r) => [r.period.label, r.text])).toEqual([["Oct 2017", "91.2%"]]);
    expect(notes[0]).toContain("a month without a year is in 2017/18");
  });
});
