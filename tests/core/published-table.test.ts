// Published comparator tables: read whole or not at all, the measure in a column or given for the file.
import { describe, expect, it } from "vitest";
import { readPublishedTable } from "../../src/core/import/published-table.ts";

const rows = (lines: string[][]) => lines.map((cells, i) => ({ line: i + 1, cells }));

describe("a published comparator table", () => {
  it("finds its heading row under a title, takes the measure given, reads periods as the councils' figures are labelled and leaves out suppressed figures", () => {
    const read = readPublishedTable(
      rows([
        ["ASCOF 1C(2A): direct payments", "", "", ""],
        ["Area", "Area code", "Period", "Value"],
        ["Camden", "E09000007", "2015-16", "26.1%"],
        ["Harrow", "E09000015", "2015-16", "*"],
        ["Enfield", "", "Q2 2016/17", "33.0%"],
      ]),
      { source: "NHS Digital", code: "ASCOF 1C/2A" },
    );
    expect(read.problems).toEqual([]);
    expect(read.figures).toEqual([
      { code: "ASCOF 1C(2A)", area: "Camden", areaCode: "E09000007", period: "2015/16", value: 26.1, text: "26.1%", source: "NHS Digital" },
      { code: "ASCOF 1C(2A)", area: "Enfield", areaCode: null, period: "Q2 2016/17", value: 33, text: "33.0%", source: "NHS Digital" },
    ]);
  });

  it("reads each row's measure from a Measure column", () => {
    const read = readPublishedTable(rows([["Local authority", "Measure", "Year", "Measure value"], ["Camden", "ASCOF 1E", "2015/16", "6.2"], ["Camden", "NI 192", "2015/16", "41.0"]]), { source: "LG Inform" });
    expect(read.figures.map((f) => [f.code, f.value])).toEqual([["ASCOF 1E", 6.2], ["NI 192", 41]]);
  });

  it("refuses the whole file for one bad row, and says what is missing", () => {
    const bad = readPublishedTable(rows([["Area", "Period", "Value"], ["Camden", "2015/16", "26.1%"], ["Enfield", "2015/16", "lots"]]), { source: "x", code: "ASCOF 1E" });
    expect(bad.figures).toEqual([]);
    expect(bad.problems).toEqual([{ line: 3, column: "Value", value: "lots", problem: "Not a figure." }]);
    expect(readPublishedTable(rows([["Area", "Period", "Value"]]), { source: "x" }).problems[0]!.problem).toMatch(/No column names the measure.*--code/);
    expect(readPublishedTable(rows([["Area", "Value"]]), { source: "x", code: "ASCOF 1E" }).problems.map((p) => p.problem)).toEqual(["No column holds the period (Period, Year)."]);
    expect(readPublishedTable(rows([["Area", "Period", "Value"]]), { source: "x", code: "Adults 1" }).problems[0]!.problem).toMatch(/--code is not a national code/);
  });
});
