// Charts: the first drawing (vega and resvg load then), then every demo indicator drawn warm, SVG alone and
// SVG + PNG, at 1200 px (Slack) and 960 px (Teams: laid out for its 480 px card, drawn at twice the density);
// PNG sizes against the goals (under 60 KB at 1200 px, under 25 KB at 960 px for a data: URI), beside resvg's own RGBA PNG; then the
// digest's summary chart, and the performance wheel of the import fixture at each width a platform draws.
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { indicatorChart, summaryChart, wheelChart } from "../src/core/charts.ts";
import { importObjectives } from "../src/core/use-cases/import-objectives.ts";
import { showWheel } from "../src/core/use-cases/show-wheel.ts";
import { readTableFile } from "../src/files/read-table.ts";
import { prismaCatalogue } from "../src/store/catalogue.ts";
import { prismaObjectiveImports } from "../src/store/objectives.ts";
import { prepareDatabase } from "../src/store/open.ts";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export async function benchCharts(): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kpi-bench-charts-"));
  const { database } = await prepareDatabase({ DATABASE_URL: `file:${path.join(dir, "kpi.db")}`, loadDemoData: true });
  try {
    const records = await prismaCatalogue(database.db).indicators({});
    const lines: string[] = [`Charts: ${records.length} demo indicators`];

    let started = performance.now();
    const { drawChart, drawSvg } = await import("../src/charts/draw.ts");
    const { layoutFor, PICTURE_WIDTH, TEAMS_CARD_PICTURE } = await import("../src/charts/pictures.ts");
    await drawChart(indicatorChart(records[0]!), { width: 1200 });
    lines.push(`  first chart, loading vega, vega-lite and resvg: ${ms(performance.now() - started)}`);
    const { Resvg } = await import("@resvg/resvg-js");
    const require = createRequire(import.meta.url);
    const fontFiles = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));

    for (const width of [PICTURE_WIDTH.slack, PICTURE_WIDTH.teams]) {
      const model: number[] = [];
      const svg: number[] = [];
      const whole: number[] = [];
      const sizes: number[] = [];
      const rgba: number[] = [];
      for (const record of records) {
        started = performance.now();
        const chart = indicatorChart(record);
        model.push(performance.now() - started);
        started = performance.now();
        const drawn = await drawSvg(chart, { width, ...layoutFor(width) });
        svg.push(performance.now() - started);
        started = performance.now();
        const png = await drawChart(chart, { width, ...layoutFor(width) });
        whole.push(performance.now() - started);
        sizes.push(png.png.length);
        // resvg's own PNG (RGBA), for comparison with the palette PNG drawChart writes.
        rgba.push(new Resvg(drawn.svg, { fitTo: { mode: "width", value: width }, background: "#ffffff", font: { loadSystemFonts: false, fontFiles, defaultFontFamily: "DejaVu Sans" } }).render().asPng().length);
      }
      const goal = width === 1200 ? 60 * 1024 : 25 * 1024;
      const over = sizes.filter((s) => s >= goal).length;
      lines.push(
        `  ${width} px, warm, median of ${records.length}: view model ${ms(median(model))}, SVG ${ms(median(svg))}, SVG + PNG ${ms(median(whole))} (fastest ${ms(Math.min(...whole))}, slowest ${ms(Math.max(...whole))})`,
        `  ${width} px PNG (palette): median ${kb(median(sizes))}, largest ${kb(Math.max(...sizes))}; goal under ${kb(goal)}: ${over ? `${over} over` : "all met"}; resvg's RGBA PNG: median ${kb(median(rgba))}, largest ${kb(Math.max(...rgba))}`,
      );
    }

    started = performance.now();
    const summary = summaryChart(records, records[0]!.organisation);
    const counted = performance.now() - started;
    const times: number[] = [];
    let size = 0;
    for (let i = 0; i < 10; i++) {
      started = performance.now();
      size = (await drawChart(summary, { width: 1200 })).png.length;
      times.push(performance.now() - started);
    }
    lines.push(`  digest summary chart: counted ${ms(counted)} (once per read of the records), drawn ${ms(median(times))} warm, ${kb(size)} at 1200 px`);

    const catalogue = prismaCatalogue(database.db);
    const fixture = path.join(path.dirname(new URL(import.meta.url).pathname), "../tests/fixtures/import/wheel-2017-18.csv");
    await importObjectives(prismaObjectiveImports(database.db), await catalogue.organisations(), { rows: (await readTableFile(fixture)).rows, fileName: "wheel-2017-18.csv", organisation: "barnet", period: "2017/18", dryRun: false, skipInvalid: false, person: null, via: "command line" });
    const wheel = await showWheel(catalogue, { text: "wheel", period: null, words: [], tags: [] });
    if (wheel.kind !== "wheel") throw new Error("the fixture's wheel was not imported");
    const ring = wheelChart(wheel);
    // Slack's width, Teams' (laid out at 480 without the key), and the width Teams falls back to for an inline wheel.
    for (const width of [PICTURE_WIDTH.slack, PICTURE_WIDTH.teams, TEAMS_CARD_PICTURE.display]) {
      const wheelTimes: number[] = [];
      let wheelSize = 0;
      for (let i = 0; i < 10; i++) {
        started = performance.now();
        wheelSize = (await drawChart(ring, { width, ...layoutFor(width) })).png.length;
        wheelTimes.push(performance.now() - started);
      }
      lines.push(`  wheel of ${ring.segments.length} segments at ${width} px: drawn ${ms(median(wheelTimes))} warm (median of 10), ${kb(wheelSize)}`);
    }
    return lines;
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
