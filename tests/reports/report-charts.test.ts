// The committee report's trend charts: a chart per indicator row, of the record as the report's period saw
// it, drawn by the real drawing (vega-lite, resvg) into the Word package (one PNG per row, its description
// in wp:docPr) and into the HTML (an <img alt> per row, still valid); kpi report with and without charts.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { HtmlValidate } from "html-validate";
import JSZip from "jszip";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { indicatorChart } from "../../src/core/charts.ts";
import type { CommitteeReport, ReportIndicatorRow } from "../../src/core/committee-report.ts";
import { recordAsOf } from "../../src/core/indicator-card.ts";
import { parsePeriod } from "../../src/core/periods.ts";
import { buildReport } from "../../src/core/use-cases/build-report.ts";
import { drawChart } from "../../src/charts/draw.ts";
import { CHART_PIXELS, CHART_PLACED_WIDTH, reportChartDrawer, type ReportChartDrawer } from "../../src/reports/charts.ts";
import { GRID_CHART_WIDTH, renderDocx } from "../../src/reports/docx.ts";
import { renderHtml } from "../../src/reports/html.ts";
import type { ReportChart } from "../../src/reports/options.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { demoDatabase, providers } from "../helpers/databases.ts";
import { runKpi } from "../helpers/run.ts";

const period = parsePeriod("Q1 2016/17")!;
const request = { organisation: "barnet", period: "Q1 2016/17", service: "Commissioning Group", now: new Date("2026-12-02T10:00:00Z") };
const rowsOf = (report: CommitteeReport): ReportIndicatorRow[] => report.indicators.flatMap((g) => g.rows);
/** Word places pictures in EMUs: 9525 to the pixel at 96 to the inch. */
const EMU_PER_PIXEL = 9525;

describe.each(providers)("the report's chart view models on %s", (provider) => {
  const database = demoDatabase(provider);

  it("give each row the chart of its record as of the report's period, and none unless asked", async () => {
    const catalogue = prismaCatalogue(database().db);
    const withCharts = await buildReport(catalogue, { ...request, charts: true });
    const without = await buildReport(catalogue, request);
    if (!withCharts.ok || !without.ok) throw new Error("no report");
    expect(rowsOf(without.report).every((r) => r.chart === null)).toBe(true);
    const records = await catalogue.indicators({ includeRetired: true });
    const rows = rowsOf(withCharts.report);
    expect(rows.length).toBe(28);
    for (const row of rows) {
      const record = records.find((r) => r.ref === row.ref && r.service === "Commissioning Group")!;
      expect(row.chart, row.ref).toEqual(indicatorChart(recordAsOf(record, period)));
      expect(row.chart!.points.at(-1)!.period, row.ref).toBe("Q1 2016/17");
    }
    // CG/S17 reports Q2 2016/17 in the database: its chart in a Q1 report stops at Q1, with the restated figure.
    const s17 = rows.find((r) => r.ref === "CG/S17")!.chart!;
    expect(s17.points.map((p) => p.period)).not.toContain("Q2 2016/17");
    expect(s17.latest).toMatchObject({ period: "Q1 2016/17", display: "19.4%" });
    expect(s17.latest!.restatedFrom).toContain("19.7% (Dec 2015)");
    expect(indicatorChart(records.find((r) => r.ref === "CG/S17")!).latest!.period).toBe("Q2 2016/17");
  });
});

describe("the report with its charts drawn", () => {
  const database = demoDatabase("sqlite");
  let report: CommitteeReport;
  let drawer: ReportChartDrawer;
  // Each chart is drawn once for both renderers: the drawing is the slow part.
  const drawn = new Map<string, Promise<ReportChart | null>>();
  const chartFor = (row: ReportIndicatorRow) => {
    if (!drawn.has(row.ref)) drawn.set(row.ref, drawer.chartFor(row));
    return drawn.get(row.ref)!;
  };
  beforeAll(async () => {
    const outcome = await buildReport(prismaCatalogue(database().db), { ...request, charts: true });
    if (!outcome.ok) throw new Error(outcome.message);
    report = outcome.report;
    drawer = reportChartDrawer(report);
  });
  afterAll(() => drawer.close());

  it("draws in its worker thread the very picture the chart command draws", async () => {
    const row = rowsOf(report).find((r) => r.ref === "CG/S17")!;
    const inWorker = (await chartFor(row))!;
    const here = await drawChart(row.chart!, { width: CHART_PIXELS });
    expect(Buffer.from(inWorker.png).equals(here.png)).toBe(true);
    expect(inWorker).toMatchObject({ width: CHART_PLACED_WIDTH, height: Math.round((CHART_PLACED_WIDTH * here.height) / here.width), description: row.chart!.alt });
  });

  it("leaves a row whose chart cannot be drawn without one, names it, and draws the rest, in a new thread where the first ended", async () => {
    const [first, second, third] = rowsOf(report);
    // A chart the drawing throws on (no list of points): its row goes without.
    const broken: ReportIndicatorRow = { ...second!, chart: { ...second!.chart!, points: null as never } };
    // Nothing drawn ahead: each chart is asked for when its row is.
    const own = reportChartDrawer({ ...report, indicators: [{ ...report.indicators[0]!, rows: [first!, broken, third!] }] }, { ahead: 0 });
    try {
      expect(await own.chartFor(first!)).not.toBeNull();
      expect(await own.chartFor(broken)).toBeNull();
      // The thread ended under it (as one out of memory would): the next chart starts another.
      await own.close();
      expect(await own.chartFor(third!)).not.toBeNull();
      expect(own.failed).toEqual([second!.ref]);
    } finally {
      await own.close();
    }
  });

  it("places one PNG per indicator in the Word package, in the grid after the tables in the rows' order, with the chart's description", async () => {
    const zip = await JSZip.loadAsync(await renderDocx(report, { chartFor }));
    const media = Object.keys(zip.files).filter((f) => /^word\/media\/.+\.png$/.test(f));
    expect(media).toHaveLength(report.indicatorCount);
    for (const file of media) {
      const png = PNG.sync.read(await zip.file(file)!.async("nodebuffer"));
      expect(png.width, file).toBe(CHART_PIXELS);
      expect(png.height, file).toBeGreaterThan(300);
    }
    const xml = await zip.file("word/document.xml")!.async("string");
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(xml);
    const at = (node: unknown, ...keys: string[]) => keys.reduce((inner, key) => (inner as Record<string, unknown>)[key], node);
    const pictures: { docPr: Record<string, string>; extent: Record<string, string>; embed: string }[] = [];
    const walk = (node: unknown) => {
      if (node === null || typeof node !== "object") return;
      if (Array.isArray(node)) return node.forEach(walk);
      const n = node as Record<string, unknown>;
      if (n["wp:docPr"]) {
        const blip = at(n, "a:graphic", "a:graphicData", "pic:pic", "pic:blipFill", "a:blip") as Record<string, string>;
        pictures.push({ docPr: n["wp:docPr"] as Record<string, string>, extent: n["wp:extent"] as Record<string, string>, embed: blip["r:embed"]! });
      }
      Object.values(n).forEach(walk);
    };
    walk(parsed);
    // Each picture is its own row's chart: its relationship leads to that chart's PNG, byte for byte.
    const relationships = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(await zip.file("word/_rels/document.xml.rels")!.async("string")).Relationships.Relationship as { Id: string; Target: string }[];
    const targets = new Map(relationships.map((r) => [r.Id, r.Target]));
    const rows = rowsOf(report);
    expect(new Set(pictures.map((p) => targets.get(p.embed))).size).toBe(rows.length);
    for (const [i, p] of pictures.entries()) {
      const placed = await zip.file(`word/${targets.get(p.embed)}`)!.async("nodebuffer");
      expect(placed.equals(Buffer.from((await chartFor(rows[i]!))!.png)), rows[i]!.ref).toBe(true);
      const png = PNG.sync.read(placed);
      expect(Number(p.extent.cy) / EMU_PER_PIXEL, rows[i]!.ref).toBe(Math.round((GRID_CHART_WIDTH * png.height) / png.width));
    }
    // In the order of the rows.
    expect(pictures.map((p) => p.docPr.descr)).toEqual(rowsOf(report).map((r) => r.chart!.alt));
    expect(pictures.map((p) => p.docPr.title)).toEqual(rowsOf(report).map((r) => `${r.ref} trend`));
    // A third of the landscape page's width, less the cell's margins: about 8.7 cm, in the drawing's proportion.
    for (const p of pictures) {
      expect(Number(p.extent.cx) / EMU_PER_PIXEL).toBe(GRID_CHART_WIDTH);
    }
    expect((GRID_CHART_WIDTH / 96) * 2.54).toBeCloseTo(8.7, 1);
  });

  it("places an <img alt> per indicator in the HTML, which stays valid", async () => {
    const html = await renderHtml(report, { chartFor });
    const images = [...html.matchAll(/<img class="chart" src="data:image\/png;base64,([A-Za-z0-9+/=]+)" width="(\d+)" height="(\d+)" alt="([^"]*)">/g)];
    expect((html.match(/<img /g) ?? []).length).toBe(report.indicatorCount);
    expect(images).toHaveLength(report.indicatorCount);
    const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
    expect(images.map((m) => unescape(m[4]!))).toEqual(rowsOf(report).map((r) => r.chart!.alt));
    for (const [, base64, width, height] of images) {
      const png = PNG.sync.read(Buffer.from(base64!, "base64"));
      expect(Number(width)).toBe(CHART_PLACED_WIDTH);
      // Placed in the drawing's proportion.
      expect(Number(height)).toBe(Math.round((CHART_PLACED_WIDTH * png.height) / png.width));
    }
    const validation = await new HtmlValidate({ extends: ["html-validate:recommended"] }).validateString(html);
    expect(validation.results.flatMap((x) => x.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`))).toEqual([]);
  });
});

describe("kpi report and its charts", () => {
  const database = demoDatabase("sqlite");
  const dir = mkdtempSync(path.join(os.tmpdir(), "kpi-report-charts-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const args = ["report", "--organisation", "barnet", "--period", "Q1 2016/17", "--service", "Commissioning Group"];

  it("draws a chart per indicator by default, and none with --no-charts", async () => {
    const env = { DATABASE_URL: database.url() };
    const charted = path.join(dir, "charted.docx");
    const run = await runKpi([...args, "--out", charted], env);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("28 indicators with trend charts");
    const zip = await JSZip.loadAsync(readFileSync(charted));
    expect(Object.keys(zip.files).filter((f) => /^word\/media\/.+\.png$/.test(f))).toHaveLength(28);

    const plain = path.join(dir, "plain.html");
    const quick = await runKpi([...args, "--no-charts", "--out", plain], env);
    expect(quick.code).toBe(0);
    expect(quick.stdout).toContain("28 indicators, 33 actions");
    const html = readFileSync(plain, "utf8");
    expect(html).toContain("CG/S24");
    expect(html).not.toContain("<img");
  });
});
