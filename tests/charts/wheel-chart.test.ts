// The performance wheel's picture, for every period of the wheel imported from the fixture (12 objectives in
// three groups, Apr - Jul and Q2 2017/18): SVG that parses, PNG that decodes at the width asked, every
// segment's code and status written in it (never colour alone), the period in the title; and kpi chart wheel.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drawChart, drawSvg } from "../../src/charts/draw.ts";
import { chartPictures } from "../../src/charts/pictures.ts";
import { wheelChart, type WheelChart } from "../../src/core/charts.ts";
import { chartWheel } from "../../src/core/use-cases/chart-wheel.ts";
import { showWheel } from "../../src/core/use-cases/show-wheel.ts";
import type { Wheel } from "../../src/core/views.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { demoDatabase } from "../helpers/databases.ts";
import { runKpi } from "../helpers/run.ts";
import { importWheel } from "../helpers/wheel.ts";

const BARNET = "London Borough of Barnet";
const PERIODS = ["Apr - Jul 2017/18", "Q2 2017/18"];
/** Each segment's status per period, as the fixture shows them. */
const STATUSES: Record<string, [string, string]> = {
  P1: ["Green", "Green"], P2: ["Amber", "Amber"], P3: ["Amber", "Red"], P4: ["Green", "Amber"], P5: ["Red", "Red"], P6: ["Green", "Green"],
  C1: ["Green", "Green"], C2: ["Amber", "Green"], C3: ["Amber", "Amber"], C4: ["Red", "Red"], V1: ["Green", "Green"], V2: ["Amber", "Amber"],
};

/** The texts the SVG writes, each text element's lines (vega writes a multi-line text as tspans). */
const svgTexts = (svg: string) => [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/gs)].map((m) => [...m[1]!.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((t) => t[1]!).join("\n") || m[1]!);

/** A segment's label: its code with its direction's arrow where it has one, over its status. */
const segmentLabel = (code: string, status: string) => new RegExp(`^${code}( [↑→↓])?\n${status}$`);
const ARROWS = { Up: "↑", Stable: "→", Down: "↓" } as const;

describe("the wheel's picture", () => {
  const database = demoDatabase("sqlite");
  const catalogue = () => prismaCatalogue(database().db);
  beforeAll(() => importWheel(database().db));
  const wheelFor = async (period: string | null, words: string[] = [], tags: string[] = []) => {
    const wheel = await showWheel(catalogue(), { text: "wheel", period, words, tags });
    expect(wheel.kind).toBe("wheel");
    return wheel as Wheel;
  };

  it("has one segment per objective, grouped in wheel order, each with its status in letter and word, and the period in its title", async () => {
    for (const [i, period] of PERIODS.entries()) {
      const chart = wheelChart(await wheelFor(period));
      expect(chart.title).toBe(`Performance wheel: ${period}`);
      expect(chart.groups.map((g) => g.name)).toEqual(["Residents' priorities", "How the council runs itself", "Volunteers"]);
      expect(chart.segments.map((s) => s.code)).toEqual(Object.keys(STATUSES));
      for (const s of chart.segments) {
        expect(s.word, `${s.code} ${period}`).toBe(STATUSES[s.code]![i]);
        expect(s.letter).toBe(s.word[0]);
      }
      expect(chart.alt).toContain(`P3 Adults live independently for longer ${STATUSES.P3![i]}`);
    }
  });

  it("draws every period: SVG that parses, PNG that decodes at the width asked, each segment's code and status written", async () => {
    for (const [i, period] of PERIODS.entries()) {
      const chart = wheelChart(await wheelFor(period));
      for (const width of [1200, 1024, 520]) {
        const drawn = await drawChart(chart, { width });
        expect(XMLValidator.validate(drawn.svg), period).toBe(true);
        const png = PNG.sync.read(drawn.png);
        expect([png.width, png.height], `${period} at ${width}`).toEqual([width, drawn.height]);
        expect(drawn.width).toBe(width);
        const texts = svgTexts(drawn.svg);
        for (const code of Object.keys(STATUSES)) expect(texts.some((t) => segmentLabel(code, STATUSES[code]![i]!).test(t)), `${code} in ${period}`).toBe(true);
        expect(texts).toContain(`Performance wheel: ${period}`);
        for (const group of chart.groups) expect(texts).toContain(group.name);
      }
    }
  }, 60_000);

  it("shows each segment's direction by its code and in the key in words, and every title whole where there is room", async () => {
    const chart = wheelChart(await wheelFor("Q2 2017/18"));
    expect(chart.segments.filter((s) => s.direction).length).toBeGreaterThan(0);
    for (const width of [1200, 480]) {
      const texts = svgTexts((await drawSvg(chart, { width, layout: width === 480 ? 480 : undefined })).svg);
      for (const s of chart.segments) {
        if (s.direction) {
          expect(texts, `${s.code} at ${width}`).toContain(`${s.code} ${ARROWS[s.direction]}\n${s.word}`);
          expect(texts, `${s.code} at ${width}`).toContain(`${ARROWS[s.direction]} ${s.direction}`);
        }
        // The key's lines together: the title uncut.
        expect(texts.map((t) => t.replace(/\s+/g, " ")), `${s.code} at ${width}`).toContain(`${s.code} ${s.title}`);
      }
      expect(texts.filter((t) => t.includes("…"))).toEqual([]);
    }
  });

  it("a narrowed wheel draws only its segments and says how it was narrowed", async () => {
    const chart = wheelChart(await wheelFor(null, [], ["A&H"]));
    expect(chart.segments.map((s) => s.code)).toEqual(["P3", "V1", "V2"]);
    const { svg } = await drawSvg(chart, { width: 800 });
    expect(svgTexts(svg)).toContain(`${BARNET}  ·  tag A&amp;H`);
    expect(svgTexts(svg).filter((t) => /^[PCV]\d( [↑→↓])?\n/.test(t))).toHaveLength(3);
  });

  it("a wheel with many segments writes each code and status letter along its segment's radius", async () => {
    const wheel = await wheelFor("Q2 2017/18");
    const many: Wheel = { ...wheel, segments: Array.from({ length: 30 }, (_, i) => ({ ...wheel.segments[i % 12]!, code: `S${i + 1}` })) };
    const chart: WheelChart = wheelChart(many);
    const { svg } = await drawSvg(chart, { width: 1200 });
    expect(XMLValidator.validate(svg)).toBe(true);
    const labels = svgTexts(svg).filter((t) => /^S\d+ [GAR]( [↑→↓])?$/.test(t));
    expect(labels.sort()).toEqual(many.segments.map((s) => `${s.code} ${s.status![0]}${s.direction ? ` ${ARROWS[s.direction]}` : ""}`).sort());
    // Turned along the radius: S1 near the top stands upright (-84°), S16 near the bottom too (+96° read the other way).
    expect(svg).toMatch(/rotate\(-8\d(\.\d+)?\)[^>]*>S1 G[ <]/);
  });

  it("is drawn from the catalogue by organisation and period, as a signed URL asks for it; null for a period not assessed", async () => {
    const pictures = chartPictures(catalogue());
    const picture = await pictures.wheel({ kind: "wheel", organisation: BARNET, period: "Apr - Jul 2017/18" }, 1024);
    expect(picture?.title).toBe(`Performance wheel: Apr - Jul 2017/18, ${BARNET}`);
    expect(PNG.sync.read(picture!.png).width).toBe(1024);
    expect(await pictures.wheel({ kind: "wheel", organisation: BARNET, period: "Q3 2017/18" }, 1024)).toBeNull();
    expect(await pictures.wheel({ kind: "wheel", organisation: "Nowhere", period: "Q2 2017/18" }, 1024)).toBeNull();
    expect(await chartWheel(catalogue(), { organisation: "sutton" })).toMatchObject({ kind: "notice", lines: ["London Borough of Sutton has no performance wheel."] });
  });

  describe("npm run kpi -- chart wheel", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "kpi-wheel-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("writes the latest period's wheel as a PNG, and a period asked as SVG", async () => {
      const file = path.join(dir, "wheel.png");
      const run = await runKpi(["chart", "wheel", "--out", file], { DATABASE_URL: database.url() });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Wrote the performance wheel of London Borough of Barnet for Q2 2017\/18, 12 segments, 1200×\d+ PNG, \d+ KB, to .*wheel\.png\.\nPerformance wheel of London Borough of Barnet for Q2 2017\/18/);
      expect(PNG.sync.read(readFileSync(file)).width).toBe(1200);
      const svgFile = path.join(dir, "first.svg");
      const svg = await runKpi(["chart", "wheel", "--period", "Apr - Jul", "--organisation", "barnet", "--format", "svg", "--out", svgFile], { DATABASE_URL: database.url() });
      expect(svg.code, svg.stderr).toBe(0);
      expect(svgTexts(readFileSync(svgFile, "utf8")).some((t) => segmentLabel("P3", "Amber").test(t))).toBe(true);
    }, 60_000);

    it("refuses a period not assessed and an organisation without a wheel in a line, writing nothing", async () => {
      const file = path.join(dir, "nothing.png");
      for (const [args, message] of [
        [["--period", "Q4 2017/18"], /has no assessment for Q4 2017\/18/],
        [["--organisation", "sutton"], /London Borough of Sutton has no performance wheel\./],
        [["--organisation", "Atlantis"], /There is no organisation “Atlantis”\./],
      ] as const) {
        const run = await runKpi(["chart", "wheel", ...args, "--out", file], { DATABASE_URL: database.url() });
        expect(run.code, args.join(" ")).toBe(1);
        expect(run.stderr, args.join(" ")).toMatch(message);
        expect(run.stderr).not.toMatch(/\n\s+at /);
      }
      expect(() => readFileSync(file)).toThrow();
    }, 60_000);
  });
});
