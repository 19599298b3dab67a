// How the committee report is laid out (issue 30): in Word, the indicator tables first, as the council prints
// them, and the trend charts after them as a grid of small multiples, each under its ref; rows that are never
// split across pages; every cell's borders; space between a paragraph and the table under it; commentary with
// one bullet a line. In HTML, the charts after the tables in a grid across the page's width.
import JSZip from "jszip";
import { PNG } from "pngjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { CommitteeReport, ReportIndicatorRow } from "../../src/core/committee-report.ts";
import { buildReport } from "../../src/core/use-cases/build-report.ts";
import { indicatorHeadings } from "../../src/reports/cells.ts";
import { CHART_COLUMNS, renderDocx } from "../../src/reports/docx.ts";
import { renderHtml } from "../../src/reports/html.ts";
import type { ReportChart } from "../../src/reports/options.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { demoDatabase } from "../helpers/databases.ts";

const request = { organisation: "barnet", period: "Q1 2016/17", now: new Date("2026-12-02T10:00:00Z") };
const rowsOf = (report: CommitteeReport): ReportIndicatorRow[] => report.indicators.flatMap((g) => g.rows);

/** A small stand-in picture per row (the drawing is tested elsewhere): the layout is what is tested here. */
function fakeCharts(): (row: ReportIndicatorRow) => Promise<ReportChart | null> {
  const image = new PNG({ width: 8, height: 4 });
  image.data.fill(180);
  const png = PNG.sync.write(image);
  return async (row) => ({ png, width: 605, height: 321, description: `${row.ref} chart` });
}

/** The XML of each table of the document, in order (tables are not nested in this report). */
const tablesOf = (xml: string) => xml.split("<w:tbl>").slice(1).map((t) => t.slice(0, t.indexOf("</w:tbl>")));
const rowsOfTable = (table: string) => table.split("<w:tr>").slice(1).map((r) => r.slice(0, r.indexOf("</w:tr>")));
const textOf = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("");

describe("the committee report's layout", () => {
  const database = demoDatabase("sqlite");
  let report: CommitteeReport;
  let xml: string;
  let styles: string;
  let html: string;
  beforeAll(async () => {
    const outcome = await buildReport(prismaCatalogue(database().db), request);
    if (!outcome.ok) throw new Error(outcome.message);
    report = outcome.report;
    const zip = await JSZip.loadAsync(await renderDocx(report, { chartFor: fakeCharts() }));
    xml = await zip.file("word/document.xml")!.async("string");
    styles = await zip.file("word/styles.xml")!.async("string");
    html = await renderHtml(report, { chartFor: fakeCharts() });
  });

  it("prints the indicator tables first, with no picture in them, and the charts after them as a grid, three across, each under its ref", async () => {
    const tables = tablesOf(xml);
    const indicatorTables = tables.filter((t) => textOf(rowsOfTable(t)[0]!) === indicatorHeadings(report).join(""));
    expect(indicatorTables).toHaveLength(report.indicators.length);
    for (const table of indicatorTables) expect(table).not.toContain("<w:drawing>");
    const lastIndicatorTable = xml.indexOf(indicatorTables.at(-1)!);
    expect(xml.indexOf("<w:drawing>")).toBeGreaterThan(lastIndicatorTable);

    // One grid holds every chart, in the tables' order, a row of the grid per three charts.
    const grids = tables.filter((t) => t.includes("<w:drawing>"));
    expect(grids).toHaveLength(1);
    const rows = rowsOf(report);
    const gridRows = rowsOfTable(grids[0]!);
    expect(gridRows).toHaveLength(Math.ceil(rows.length / CHART_COLUMNS));
    const cells = gridRows.flatMap((r) => r.split("<w:tc>").slice(1));
    expect(cells).toHaveLength(gridRows.length * CHART_COLUMNS);
    const charted = cells.filter((c) => c.includes("<w:drawing>"));
    expect(charted.map((c) => textOf(c))).toEqual(rows.map((r) => r.ref));
    expect(charted.map((c) => /descr="([^"]*)"/.exec(c)![1])).toEqual(rows.map((r) => `${r.ref} chart`));
    // Every picture has an id of its own.
    const ids = charted.map((c) => /<wp:docPr id="(\d+)"/.exec(c)![1]);
    expect(new Set(ids).size).toBe(rows.length);
    // Each chart fits its column: placed at the column's width less the cell's margins (EMUs, 9525 to the pixel).
    const gridWidth = Number(/<w:tblW w:type="dxa" w:w="(\d+)"\/>/.exec(grids[0]!)![1]);
    for (const cell of charted) {
      const extent = Number(/<wp:extent cx="(\d+)"/.exec(cell)![1]) / 9525;
      expect(extent * 15).toBeLessThanOrEqual(gridWidth / CHART_COLUMNS - 2 * 108);
      expect(extent * 15).toBeGreaterThan(gridWidth / CHART_COLUMNS - 2 * 108 - 15);
    }
    // The grid starts on a page of its own, after the comments and before the key actions.
    const heading = xml.lastIndexOf("<w:p>", xml.indexOf(">Trend charts<"));
    expect(xml.slice(heading, xml.indexOf(">Trend charts<"))).toContain("<w:pageBreakBefore/>");
    expect(xml.indexOf(">Trend charts<")).toBeGreaterThan(xml.indexOf(">Comments and proposed interventions for indicators that have not met target<"));
    expect(xml.indexOf(">Trend charts<")).toBeLessThan(xml.indexOf(">Key actions<"));
  });

  it("never splits a row across pages, and keeps an indicator's row with the flags under it", () => {
    for (const table of tablesOf(xml)) {
      for (const row of rowsOfTable(table)) expect(row.slice(0, row.indexOf("<w:tc>")).includes("<w:cantSplit/>"), textOf(row).slice(0, 60)).toBe(true);
    }
    // CG/S17's restatement is under its row, and the row keeps with it.
    const tables = tablesOf(xml).map(rowsOfTable);
    const rows = tables.find((t) => t.some((r) => textOf(r).startsWith("CG/S17")))!;
    const at = rows.findIndex((r) => textOf(r).startsWith("CG/S17"));
    expect(textOf(rows[at + 1]!)).toContain("earlier reported as 19.7% (Dec 2015)");
    expect(rows[at]).toContain("<w:keepNext/>");
  });

  it("gives every table its borders and a spanning or chart cell its own four, and leaves space between a paragraph and the table under it", () => {
    for (const table of tablesOf(xml)) {
      const borders = /<w:tblBorders>(.*?)<\/w:tblBorders>/.exec(table)?.[1] ?? "";
      for (const side of ["top", "left", "bottom", "right", "insideH", "insideV"]) expect(borders, side).toMatch(new RegExp(`<w:${side} w:val="single"`));
      for (const cell of table.split("<w:tc>").slice(1).filter((c) => c.includes("<w:gridSpan") || c.includes("<w:drawing>"))) {
        const own = /<w:tcBorders>(.*?)<\/w:tcBorders>/.exec(cell)?.[1] ?? "";
        for (const side of ["top", "left", "bottom", "right"]) expect(own, `${side} of ${textOf(cell).slice(0, 40)}`).toMatch(new RegExp(`<w:${side} w:val="single"`));
      }
    }
    const after = Number(/<w:pPrDefault><w:pPr><w:spacing[^>]*w:after="(\d+)"/.exec(styles)?.[1] ?? 0);
    expect(after).toBeGreaterThanOrEqual(100);
  });

  it("prints commentary with one bullet a line: a dash the source wrote inside its list item is dropped", () => {
    expect(xml.includes("Met Trace")).toBe(true);
    expect(/• ?[-–]The &apos;Met Trace&apos;/.test(xml)).toBe(false);
    expect(xml.includes("• The &apos;Met Trace&apos; crime prevention technology")).toBe(true);
    expect(/• ?[-–]The &#39;Met Trace&#39;/.test(html)).toBe(false);
    expect(html.includes("• The &#39;Met Trace&#39; crime prevention technology")).toBe(true);
  });

  it("puts the HTML charts after the tables, in a grid that takes the page's width", () => {
    const rows = rowsOf(report);
    const lastTable = html.lastIndexOf("indicators, Q1 2016/17</caption>");
    const grid = html.slice(html.indexOf('<div class="charts">'));
    expect(html.indexOf('<div class="charts">')).toBeGreaterThan(lastTable);
    // No picture inside a table.
    for (const table of html.split("<table>").slice(1)) expect(table.slice(0, table.indexOf("</table>"))).not.toContain("<img");
    const figures = [...grid.matchAll(/<figure class="chart"><figcaption>([^<]*)<\/figcaption><img class="chart" [^>]*alt="([^"]*)"><\/figure>/g)];
    expect(figures.map((f) => f[1])).toEqual(rows.map((r) => r.ref));
    expect(figures.map((f) => f[2])).toEqual(rows.map((r) => `${r.ref} chart`));
    // Each picture fills its column, and the columns fill the page.
    expect(html).toMatch(/img\.chart \{[^}]*width: 100%;[^}]*height: auto;/);
    expect(html).toMatch(/\.charts \{ display: grid; grid-template-columns: repeat\(auto-fill, minmax\(min\(100%, \d+px\), 1fr\)\);/);
    expect(html).not.toMatch(/img\.chart \{[^}]*max-width/);
  });
});

describe("the committee report's counts", () => {
  const database = demoDatabase("sqlite");
  const build = async (service: string | null) => {
    const outcome = await buildReport(prismaCatalogue(database().db), { ...request, service });
    if (!outcome.ok) throw new Error(outcome.message);
    return outcome.report;
  };

  it("counts and lists only the indicators with a figure for the period, names those whose entry has none, and says printed totals may differ", async () => {
    const report = await build(null);
    const refs = rowsOf(report).map((r) => r.ref);
    // Seed 001's Adults indicators whose Q1 entry is N/A: printed by the council, but nothing to rate or count.
    for (const ref of ["AC/S2", "AC/S10", "AC/S14", "AC/S15"]) expect(refs, ref).not.toContain(ref);
    expect(rowsOf(report).every((r) => r.trend.at(-1)!.value !== null)).toBe(true);
    expect(report.overview!.overall.total).toBe(41);
    expect(report.indicatorCount).toBe(41);
    expect(report.notes).toContain("4 indicators have an entry for Q1 2016/17 but no figure (AC/S2 “N/A”, AC/S10 “N/A”, AC/S14 “N/A”, AC/S15 “N/A”) and are neither listed nor counted.");
    expect(report.notes.join(" ")).toContain("The counts are of the 41 indicators with a figure for Q1 2016/17. A council's printed report may give other totals");
    // On the cover, in both formats, before the overview.
    const xml = await (await JSZip.loadAsync(await renderDocx(report))).file("word/document.xml")!.async("string");
    expect(xml.indexOf("The counts are of the 41 indicators")).toBeGreaterThan(0);
    expect(xml.indexOf("The counts are of the 41 indicators")).toBeLessThan(xml.indexOf(">Overview of performance<"));
    expect(xml).toContain("41 indicators have a figure for Q1 2016/17.");
    const html = await renderHtml(report);
    expect(html.indexOf("The counts are of the 41 indicators")).toBeLessThan(html.indexOf('<h2 id="overview">'));
  });

  it("counts the Commissioning Group's 28 rows, each with a figure, and says the council's report may print other totals (seed 002 §3.1 prints 36)", async () => {
    const report = await build("Commissioning Group");
    expect(report.overview!.overall.total).toBe(28);
    expect(report.notes.join(" ")).toContain("The counts are of the 28 indicators with a figure for Q1 2016/17.");
    expect(report.notes.join(" ")).not.toContain("no figure");
  });

  it("carries no footnote mark into a title (seed 002's CG/S4)", async () => {
    const report = await build("Commissioning Group");
    expect(rowsOf(report).find((r) => r.ref === "CG/S4")!.title).toMatch(/issues that matter in their area$/);
  });
});
