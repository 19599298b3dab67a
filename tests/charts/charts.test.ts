// Charts drawn from the demo data and from records made for the case: every SVG parses as XML, every PNG
// decodes at the width asked; a range draws a band, a restated figure says so at its point, and a chart
// with one figure or none says that instead of a line.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { drawChart, drawSvg } from "../../src/charts/draw.ts";
import { indicatorChart, type IndicatorChart } from "../../src/core/charts.ts";
import { visibleCatalogue } from "../../src/core/use-cases/visible-catalogue.ts";
import { chartIndicator } from "../../src/core/use-cases/chart-indicator.ts";
import { buildDigest } from "../../src/core/use-cases/build-digest.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import type { DemoReport } from "../../src/store/demo-data.ts";
import { demoDatabase } from "../helpers/databases.ts";
import { recordFromRow } from "../helpers/records.ts";
import { runKpi } from "../helpers/run.ts";

type Row = DemoReport["indicators"][number];

const report: DemoReport = {
  source: "charts.test",
  organisation: { slug: "test", name: "Test Council" },
  report: { title: "Test report", period: "Q2 2016/17", published: null },
  indicators: [],
  actions: [],
};

function record(polarity: string, targets: Row["targets"], results: Row["results"]) {
  const row: Row = { ref: "TC/S1", refAsPrinted: "TC/S1", codes: [], title: "Test indicator", polarity, service: "Test service", theme: null, frequency: "Quarterly", source: null, targets, results, benchmark: { text: "", items: [] }, commentary: null };
  return recordFromRow(report, row);
}

/** The texts of the SVG's text elements, with the aria-label vega gives each (which names its period). */
const texts = (svg: string) => [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map((m) => ({ label: /aria-label="([^"]*)"/.exec(m[1]!)?.[1] ?? "", text: m[2]! }));

function checkDrawn(drawn: { svg: string; png: Buffer; width: number; height: number }, width: number, name: string) {
  expect(XMLValidator.validate(drawn.svg), name).toBe(true);
  const png = PNG.sync.read(drawn.png);
  expect([png.width, png.height], name).toEqual([width, drawn.height]);
  expect(drawn.width, name).toBe(width);
}

describe("indicator charts", () => {
  const database = demoDatabase("sqlite");

  it("draws every demo indicator: SVG that parses, PNG that decodes at the width asked", async () => {
    const records = await prismaCatalogue(database().db).indicators({});
    expect(records).toHaveLength(45);
    for (const r of records) {
      const chart = indicatorChart(r);
      expect(chart.points.length, r.ref).toBeGreaterThan(0);
      expect(chart.alt, r.ref).toContain(r.ref);
      checkDrawn(await drawChart(chart, { width: 1024 }), 1024, r.ref);
    }
  });

  it("CG/S17: five periods, the target line, and “restated” at the restated Q1 2016/17 figure", async () => {
    const chart = (await chartIndicator(prismaCatalogue(database().db), { ref: "cg s17" })) as IndicatorChart;
    expect(chart.kind).toBe("indicator_chart");
    expect(chart.points.map((p) => p.period)).toEqual(["Q1 2015/16", "Q2 2015/16", "Q4 2015/16", "Q1 2016/17", "Q2 2016/17"]);
    expect(chart.points.map((p) => p.rating)).toEqual([null, null, null, "Green Amber", "Red Amber"]);
    expect(chart.points.at(-1)!.target).toMatchObject({ value: 20.4, display: "20.4%" });
    expect(chart.polarityText).toBe("higher is better");
    const { svg } = await drawSvg(chart, { width: 1200 });
    const restated = texts(svg).filter((t) => t.text === "19.4% restated");
    expect(restated).toHaveLength(1);
    expect(restated[0]!.label).toBe("Q1 2016/17: 19.4% restated");
    // One target line across Q1 and Q2 2016/17 (written "20.4% (2015/16)" and "20.4%": the same height), labelled once.
    expect(svg.match(/aria-label="target 20\.4%, Q1 2016\/17 to Q2 2016\/17"/g)).toHaveLength(2); // the rule and its label
    expect(texts(svg).filter((t) => t.text.startsWith("target"))).toHaveLength(1);
    expect(texts(svg).map((t) => t.text)).toEqual(expect.arrayContaining(["target 20.4%", "19.3%  Red Amber", "Not Applicable", "19.8% (Sep 2015)", "axis starts at 18%"]));
    expect(svg).toContain("higher is better");
    // Time to scale: Q2 2015/16 to Q4 2015/16 (two quarters) is twice as wide as Q4 2015/16 to Q1 2016/17.
    const x = (name: string) => Number(new RegExp(`translate\\(([\\d.]+),[\\d.]+\\)"[^>]*>${name.replace("/", "\\/")}</text>`).exec(svg)![1]);
    const [q2, q4, q1] = [x("Q2 2015/16"), x("Q4 2015/16"), x("Q1 2016/17")];
    expect((q4 - q2) / (q1 - q4)).toBeCloseTo(183 / 91, 1);
    // The survey figure of September 2015 is drawn at September 2015 (Q2 2015/16's end), labelled with it.
    expect(chart.points[2]).toMatchObject({ period: "Q4 2015/16", wave: "Sep 2015", at: "2015-09-30", end: "2016-03-31" });
    // The axis does not start at zero, and says so on the chart and in the alt text; it spans at least a tenth of 20.4%.
    expect(chart.axis).toMatchObject({ zeroBased: false, note: "axis starts at 18%" });
    expect(chart.axis.high - chart.axis.low).toBeGreaterThanOrEqual(2.04);
    expect(chart.alt).toContain("The value axis starts at 18%, not zero.");
  });

  it("a count starts at zero with whole ticks, a percentage stops at 100%, no line crosses a period without a figure", async () => {
    const catalogue = prismaCatalogue(database().db);
    const chart = async (ref: string) => (await chartIndicator(catalogue, { ref })) as IndicatorChart;
    const apprentices = await chart("CG/C26");
    expect(apprentices.axis).toMatchObject({ low: 0, zeroBased: true, note: null });
    expect(apprentices.axis.ticks.every((t) => Number.isInteger(t))).toBe(true);
    const satisfied = await chart("AC/S25");
    expect(satisfied.axis.high).toBe(100);
    expect(satisfied.axis.note).toMatch(/^axis starts at \d+%$/);
    // CG/S10: Spring 2015, "Q not included in Autumn 2015", Spring 2016: two points, no line between them.
    const together = await chart("CG/S10");
    const { svg } = await drawSvg(together, { width: 1000 });
    const paths = [...svg.matchAll(/<path[^>]*aria-roledescription="line mark"[^>]*d="([^"]*)"/g)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(0);
    for (const d of paths) expect(d, "one point: nothing to join").not.toMatch(/L/);
    expect(texts(svg).map((t) => t.text)).toContain("Q not included…");
  });

  it("an Adults running total: its target to date labelled, and the year's target as a line of its own where it differs", async () => {
    const chart = (await chartIndicator(prismaCatalogue(database().db), { ref: "AC/S17" })) as IndicatorChart;
    expect(chart.yearTarget).toMatchObject({ period: "2016/17", display: "800", value: 800 });
    const { svg } = await drawSvg(chart, { width: 1000 });
    const words = texts(svg).map((t) => t.text);
    expect(words).toEqual(expect.arrayContaining(["target to date 200", "target 400", "2016/17 target 800"]));
    expect(words.filter((w) => /target/.test(w))).toHaveLength(3);
    expect(chart.alt).toContain("The 2016/17 target is 800.");
    // A chart whose period target is the year's has no second line.
    const same = (await chartIndicator(prismaCatalogue(database().db), { ref: "AC/S3" })) as IndicatorChart;
    expect(same.yearTarget).toBeNull();
  });

  it("a period whose target is the year's: one line at that height, labelled once with the year's words, at either layout", async () => {
    // AC/S16: Q1 2016/17's target 42.0% is the year's; Q2's is 41.1%. The year's dotted line starts where Q1's ends.
    const chart = (await chartIndicator(prismaCatalogue(database().db), { ref: "AC/S16" })) as IndicatorChart;
    expect(chart.yearTarget).toMatchObject({ period: "2016/17", value: 42 });
    for (const options of [{ width: 1200 }, { width: 960, layout: 480 }]) {
      const { svg } = await drawSvg(chart, options);
      expect(texts(svg).map((t) => t.text).filter((w) => /target/.test(w)), JSON.stringify(options)).toEqual(expect.arrayContaining(["target 41.1%", "2016/17 target 42.0%"]));
      expect(texts(svg).filter((t) => /target/.test(t.text)), JSON.stringify(options)).toHaveLength(2);
    }
  });

  it("a ref of another organisation than the asker sees, or a key action, charts nothing and says why", async () => {
    const catalogue = prismaCatalogue(database().db);
    const sutton = visibleCatalogue(catalogue, { kind: "organisations", names: ["London Borough of Sutton"] });
    expect(await chartIndicator(sutton, { ref: "AC/S8" })).toMatchObject({ kind: "notice", lines: ["There is no indicator AC/S8."] });
    expect(await chartIndicator(catalogue, { ref: "AC/S99" })).toMatchObject({ kind: "not_found", suggestions: expect.arrayContaining([expect.objectContaining({ query: "AC/S9" })]) });
    expect(await chartIndicator(catalogue, { ref: "CG01" })).toMatchObject({ kind: "notice", lines: [expect.stringMatching(/key action/)] });
    expect(await chartIndicator(catalogue, { ref: "AC/S8", organisation: "nowhere" })).toMatchObject({ kind: "notice", lines: ["There is no organisation “nowhere”."] });
    expect(await chartIndicator(catalogue, { ref: "\u0007;DROP" })).toMatchObject({ kind: "notice" });
  });

  it("a digest asked for its chart carries it: counts by service now and as at the period before, drawn", async () => {
    const catalogue = prismaCatalogue(database().db);
    const { view } = await buildDigest(catalogue, { organisation: "London Borough of Barnet", levels: ["Red", "Red Amber"], service: null, lastDigest: null, today: new Date("2016-11-21"), chart: true });
    const plain = await buildDigest(catalogue, { organisation: "London Borough of Barnet", levels: ["Red", "Red Amber"], service: null, lastDigest: null, today: new Date("2016-11-21") });
    expect(plain.view.chart).toBeUndefined();
    const chart = view.chart!;
    expect(chart.levels).toEqual(["Green", "Green Amber", "Red Amber", "Red", "Not rated"]);
    const adults = chart.rows.find((r) => r.service === "Adults & Communities")!;
    expect(adults).toMatchObject({ period: "Q2 2016/17", previousPeriod: "Q1 2016/17" });
    const records = (await catalogue.indicators({})).filter((r) => r.service === "Adults & Communities");
    expect(adults.now.reduce((a, b) => a + b, 0)).toBe(records.length);
    expect(adults.before.reduce((a, b) => a + b, 0)).toBe(records.length);
    expect(chart.alt).toMatch(/Adults & Communities in Q2 2016\/17: Green \d+/);
    checkDrawn(await drawChart(chart, { width: 1024 }), 1024, "summary");
  });
});

describe("charts of records made for the case", () => {
  it("a Goldilocks indicator draws its range as a band and says “within the target range”", async () => {
    const chart = indicatorChart(
      record("Goldilocks", [{ period: "2016/17", text: "45.7 – 52.3" }], [
        { period: "Q1 2016/17", text: "50.1" },
        { period: "Q2 2016/17", text: "58.0" },
      ]),
    );
    expect(chart.points.map((p) => p.target)).toEqual([
      { display: "45.7 – 52.3", value: null, low: 45.7, high: 52.3, toDate: false },
      { display: "45.7 – 52.3", value: null, low: 45.7, high: 52.3, toDate: false },
    ]);
    expect(chart.points.map((p) => p.rating)).toEqual(["Green", "Red"]);
    const drawn = await drawChart(chart, { width: 800 });
    checkDrawn(drawn, 800, "goldilocks");
    // One band across both periods, labelled once.
    expect(drawn.svg.match(/aria-label="target range 45\.7 – 52\.3, Q1 2016\/17 to Q2 2016\/17"/g)).toHaveLength(2); // the band and its label
    expect(texts(drawn.svg).map((t) => t.text)).toContain("target range 45.7 – 52.3");
    expect(drawn.svg).toContain("within the target range is better");
  });

  it("one figure or none: the chart says so instead of drawing a line", async () => {
    const one = indicatorChart(record("Bigger is Better", [{ period: "Q2 2016/17", text: "60%" }], [{ period: "Q1 2016/17", text: "N/A" }, { period: "Q2 2016/17", text: "64.1%" }]));
    expect(one.message).toBe("One figure so far: 64.1% for Q2 2016/17");
    const none = indicatorChart(record("Smaller is Better", [], []));
    expect(none).toMatchObject({ points: [], latest: null, message: "No figures reported yet", polarityText: "lower is better" });
    const notYet = indicatorChart(record("Monitor", [], [{ period: "Q2 2016/17", text: "New (2016/17)" }]));
    expect(notYet.message).toBe("No figures reported yet");
    for (const [chart, words] of [[one, "One figure so far: 64.1% for Q2 2016/17"], [none, "No figures reported yet"], [notYet, "No figures reported yet"]] as const) {
      const drawn = await drawChart(chart, { width: 600 });
      checkDrawn(drawn, 600, words);
      expect(texts(drawn.svg).map((t) => t.text)).toContain(words);
      expect(drawn.svg).not.toMatch(/class="mark-line role-mark"[^>]*>\s*<path/);
    }
  });

  it("shows the last periods asked for, and refuses a width no chart can have", async () => {
    const results = ["Q1 2015/16", "Q2 2015/16", "Q3 2015/16", "Q4 2015/16", "Q1 2016/17", "Q2 2016/17"].map((period, i) => ({ period, text: `${50 + i}%` }));
    const chart = indicatorChart(record("Bigger is Better", [], results), { periods: 4 });
    expect(chart.points.map((p) => p.period)).toEqual(["Q3 2015/16", "Q4 2015/16", "Q1 2016/17", "Q2 2016/17"]);
    await expect(drawSvg(chart, { width: 10 })).rejects.toThrow(/200 to 4000 pixels/);
  });
});

describe("npm run kpi -- chart", () => {
  const database = demoDatabase("sqlite");
  const dir = mkdtempSync(path.join(os.tmpdir(), "kpi-chart-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes CG/S17 as a PNG of the width asked, and says what it wrote", async () => {
    const file = path.join(dir, "cg-s17.png");
    const run = await runKpi(["chart", "CG/S17", "--out", file, "--width", "1000"], { DATABASE_URL: database.url() });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Wrote CG\/S17 \(London Borough of Barnet\), 5 periods, 1000×\d+ PNG, \d+ KB, to .*cg-s17\.png\.\nChart of CG\/S17/);
    expect(PNG.sync.read(readFileSync(file)).width).toBe(1000);
  });

  it("refuses bad options and unknown refs in a line, writing nothing", async () => {
    const file = path.join(dir, "nothing.png");
    for (const [args, message] of [
      [["chart", "AC/S99", "--out", file], /There is no indicator or action AC\/S99\.\nDid you mean:/],
      [["chart", "AC/S8", "--periods", "0", "--out", file], /^--periods 0: give a whole number from 1 to 24\.$/],
      [["chart", "AC/S8", "--format", "gif", "--out", file], /^--format gif: write png or svg\.$/],
      [["chart", "--out", file], /^Name the indicator to chart\./],
    ] as const) {
      const run = await runKpi([...args], { DATABASE_URL: database.url() });
      expect(run.code, args.join(" ")).toBe(1);
      expect(run.stderr.trim(), args.join(" ")).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(() => readFileSync(file)).toThrow();
  });
});
