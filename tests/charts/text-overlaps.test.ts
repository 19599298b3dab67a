// No text of a chart lies over another, or under the data line, a target line or a point: every indicator chart of the
// demo data, the digest's summary picture of each organisation, each period's wheel, and charts made for the
// hard cases (a range, one figure, two years of months, a figure at 100%); each at the default layout and as a
// Teams card gets it (laid out at 480 px, the wheel without its key). Laid out by vega with the font
// metrics the PNG is drawn with, not in a browser: see tests/helpers/text-overlaps.ts.
import { beforeAll, describe, expect, it } from "vitest";
import { layoutFor, PICTURE_WIDTH } from "../../src/charts/pictures.ts";
import { indicatorChart, summaryChart, wheelChart } from "../../src/core/charts.ts";
import { showWheel } from "../../src/core/use-cases/show-wheel.ts";
import type { Wheel } from "../../src/core/views.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import type { DemoReport } from "../../src/store/demo-data.ts";
import { demoDatabase } from "../helpers/databases.ts";
import { recordFromRow } from "../helpers/records.ts";
import { textClashes } from "../helpers/text-overlaps.ts";
import { importWheel } from "../helpers/wheel.ts";

type Row = DemoReport["indicators"][number];
const report: DemoReport = {
  source: "text-overlaps.test",
  organisation: { slug: "test", name: "Test Council" },
  report: { title: "Test report", period: "Q2 2016/17", published: null },
  indicators: [],
  actions: [],
};
const record = (polarity: string, targets: Row["targets"], results: Row["results"]) =>
  recordFromRow(report, { ref: "TC/S1", refAsPrinted: "TC/S1", codes: [], title: "Test indicator with a title long enough to wrap onto a second line of the chart", polarity, service: "Test service", theme: null, frequency: "Quarterly", source: null, targets, results, benchmark: { text: "", items: [] }, commentary: null });

/** The default layout, and Teams' card: laid out at its 480 px, drawn at 960. */
const LAYOUTS = [
  { name: "default", options: undefined },
  { name: "Teams", options: layoutFor(PICTURE_WIDTH.teams) },
] as const;

describe.each(LAYOUTS)("no text over text, or under a line or a point, at the $name layout", ({ options }) => {
  const database = demoDatabase("sqlite");
  const catalogue = () => prismaCatalogue(database().db);
  beforeAll(() => importWheel(database().db));

  it("in every indicator chart of the demo data (45), each organisation's summary picture and each period's wheel", async () => {
    const records = await catalogue().indicators({});
    const charts: Parameters<typeof textClashes>[0][] = [
      ...records.map((r) => indicatorChart(r)),
      ...[...new Set(records.map((r) => r.organisation)), "London Borough of Sutton"].map((organisation) => summaryChart(records, organisation)),
    ];
    for (const period of ["Apr - Jul 2017/18", "Q2 2017/18"]) charts.push(wheelChart((await showWheel(catalogue(), { text: "wheel", period, words: [], tags: [] })) as Wheel));
    const found: string[] = [];
    let texts = 0;
    for (const chart of charts) {
      const checked = await textClashes(chart, options);
      texts += checked.texts;
      const name = chart.kind === "indicator_chart" ? chart.ref : chart.title;
      found.push(...checked.clashes.map((c) => `${name}: ${c}`));
    }
    expect(charts).toHaveLength(45 + 2 + 2);
    expect(texts).toBeGreaterThan(charts.length * 10);
    expect(found).toEqual([]);
  }, 120_000);

  it("in charts made for the hard cases: a range, one figure under its target, two years of months, a figure at 100%", async () => {
    const months = Array.from({ length: 24 }, (_, i) => ({ period: `${["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"][i % 12]} ${2015 + Math.floor((i + 3) / 12)}`, text: `${(60 + 8 * Math.sin(i / 2)).toFixed(1)}%` }));
    const charts = [
      indicatorChart(record("Goldilocks", [{ period: "2016/17", text: "90 – 95%" }], [{ period: "Q1 2016/17", text: "92%" }, { period: "Q2 2016/17", text: "97%" }, { period: "Q3 2016/17", text: "93%" }])),
      indicatorChart(record("Bigger is Better", [{ period: "Q2 2016/17", text: "60%" }], [{ period: "Q1 2016/17", text: "N/A" }, { period: "Q2 2016/17", text: "58.1%" }])),
      indicatorChart(record("Bigger is Better", [{ period: "2016/17", text: "65%" }], months), { periods: 24 }),
      indicatorChart(record("Bigger is Better", [{ period: "2016/17", text: "98%" }], [{ period: "Q1 2016/17", text: "100%" }, { period: "Q2 2016/17", text: "99.5%" }, { period: "Q3 2016/17", text: "100%" }])),
    ];
    for (const chart of charts) expect((await textClashes(chart, options)).clashes, chart.points.map((p) => p.display).join(" ")).toEqual([]);
  }, 60_000);
});
