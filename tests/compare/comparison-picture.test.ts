// The picture of "How do we compare?": a dot plot drawn from the comparison Barnet and Eastmoor are answered
// (the demo data, Northfield's and Eastmoor's tables and the published comparator table: helpers/comparison.ts).
// One dot per council of the asker's period, best first, the asker's marked by shape, weight and "you" besides
// colour; another period's figure hollow, unranked and labelled with its period; the printed benchmarks as
// labelled lines; the unit on the axis and the polarity said. Drawn: SVG that parses, PNG at the width asked, no
// text over text or under a line or a dot (at the default layout and Teams'), no text under 11 px on a Teams card.
import { XMLValidator } from "fast-xml-parser";
import { PNG } from "pngjs";
import { beforeAll, describe, expect, it } from "vitest";
import { difference, contrast, type Vision } from "../../src/charts/colour-vision.ts";
import { COMPARISON_STYLE } from "../../src/charts/comparison-spec.ts";
import { drawChart, drawSvg } from "../../src/charts/draw.ts";
import { layoutFor, PICTURE_WIDTH, TEAMS_CARD_PICTURE } from "../../src/charts/pictures.ts";
import { comparisonChart } from "../../src/core/comparison-chart.ts";
import { askAsOperator } from "../../src/core/use-cases/ask-as-operator.ts";
import type { Comparison, ComparisonRow } from "../../src/core/views.ts";
import { CARD_INLINE_WIDTH, CARD_PICTURE_WIDTH } from "../../src/platforms/teams/chart-image.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { prismaComparing } from "../../src/store/comparison.ts";
import { prepareComparison } from "../helpers/comparison.ts";
import { demoDatabase } from "../helpers/databases.ts";
import { smallestText } from "../helpers/svg-text.ts";
import { textClashes } from "../helpers/text-overlaps.ts";

const BARNET = "London Borough of Barnet";
/** The texts the SVG writes, a multi-line text's lines joined by a space. */
const svgTexts = (svg: string) => [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/gs)].map((m) => m[1]!.replace(/<\/tspan><tspan[^>]*>/g, " ").replace(/<[^>]+>/g, "").replace(/&amp;/g, "&"));
/** The dots' symbols: what each says (aria-label) and its outline. */
const symbols = (svg: string) => [...svg.matchAll(/<path aria-label="([^"]*)" role="graphics-symbol"[^>]*\sd="([^"]*)"/g)].map((m) => ({ about: m[1]!, d: m[2]! }));
const isDiamond = (d: string) => /^M-[\d.]+,0L0,-[\d.]+L[\d.]+,0L0,[\d.]+Z$/.test(d);

/** A comparison made for the hard cases: many councils with long names, lower is better, three benchmarks close together, figures at the axis's ends, other periods. */
function crowded(): Comparison {
  const names = ["Royal Borough of Kensington and Chelsea", "London Borough of Hammersmith and Fulham", "Camden", "Enfield", "City of Westminster", "Barking and Dagenham", "Haringey", "Islington", "Hackney", "Tower Hamlets", "Lewisham", "Southwark"];
  const rows: ComparisonRow[] = names.map((council, i) => ({ council, ref: null, period: "Q2 2016/17", value: 20 + i * 1.7 + (i % 3) * 0.4, figure: `${(20 + i * 1.7 + (i % 3) * 0.4).toFixed(1)}%`, source: "A published table", asker: i === 4, samePeriod: true, rank: i + 1 }));
  rows.push({ council: "Richmond upon Thames", ref: null, period: "2015/16", value: 19.2, figure: "19.2%", source: "A published table", asker: false, samePeriod: false, rank: null });
  rows.push({ council: "Kingston upon Thames", ref: null, period: "Q1 2016/17", value: 44.9, figure: "44.9%", source: "A published table", asker: false, samePeriod: false, rank: null });
  return {
    kind: "comparison",
    ref: "TC/S1",
    title: "Delayed transfers of care from hospital per 100,000 population aged 18 and over, attributable to adult social care",
    organisation: "City of Westminster",
    code: "ASCOF 2C(2)",
    polarity: "Smaller is Better",
    better: "lower",
    standing: "Lower is better: 5th of 12 for Q2 2016/17, second quartile.",
    rank: { position: 5, of: 12, quartile: "second quartile", period: "Q2 2016/17" },
    own: { value: rows[4]!.value, figure: rows[4]!.figure },
    rows,
    benchmarks: [
      { group: "CIPFA", figure: "29.5%", value: 29.5, source: null },
      { group: "London", figure: "28.9%", value: 28.9, source: null },
      { group: "England", figure: "30.2% (2015/16)", value: 30.2, source: null },
    ],
    benchmarkText: null,
    notes: [],
  };
}

describe("the comparison's picture", () => {
  const database = demoDatabase("sqlite");
  beforeAll(() => prepareComparison("slack-team")(database().db));
  const compared = async (question: string) => {
    const db = database().db;
    const view = await askAsOperator(prismaCatalogue(db), question, null, prismaComparing(db));
    expect(view.kind).toBe("comparison");
    return view as Comparison;
  };

  it("has one dot per council of Barnet's period, best first, Barnet's marked as its own, and the printed benchmarks; the alt text says it all", async () => {
    const chart = comparisonChart(await compared("compare AC/S16"));
    expect(chart.dots.map((d) => [d.name, d.value, d.label, d.asker, d.samePeriod])).toEqual([
      [`1. ${BARNET}`, 38.8, "38.8%  you", true, true],
      ["2. Enfield (published)", 33, "33.0%", false, true],
      ["3. Northfield Council", 31.2, "31.2%", false, true],
      ["4. Camden (published)", 27.4, "27.4%", false, true],
    ]);
    expect(chart).toMatchObject({ kind: "comparison_chart", title: `How ${BARNET} compares: ASCOF 1C(2A)`, period: "Q2 2016/17", unit: "%", better: "higher", polarityText: "higher is better", leftOut: 0, message: null });
    expect(chart.benchmarks).toEqual([{ group: "CIPFA", figure: "29.5%", value: 29.5 }, { group: "London", figure: "27.6%", value: 27.6 }]);
    expect(chart.alt).toBe(
      "Dot plot of ASCOF 1C(2A) (AC/S16 Proportion of service users with a direct payment (ASCOF 1C/2A)) across councils, higher is better. " +
        `Q2 2016/17: 1. ${BARNET} (you) 38.8%; 2. Enfield 33.0% (published); 3. Northfield Council 31.2%; 4. Camden 27.4% (published). Benchmarks marked: CIPFA 29.5%, London 27.6%. The value axis starts at 25%, not zero.`,
    );
  });

  it("draws another period's figure apart from the ranked ones, labelled with its period (Eastmoor, which does not share: Barnet's published 2015/16 figure)", async () => {
    const chart = comparisonChart(await compared("compare EM7"));
    expect(chart.dots.map((d) => [d.name, d.label, d.samePeriod])).toEqual([
      ["Enfield (published)", "33.0%", true],
      ["Camden (published)", "27.4%", true],
      ["Eastmoor Council", "24.0%  you", true],
      ["Barnet (published)", "39.0% in 2015/16", false],
    ]);
    expect(chart.dots.some((d) => d.council === "Northfield Council")).toBe(false);
    expect(chart.alt).toContain("Other periods, not ranked: Barnet 39.0% (published) in 2015/16.");
    const texts = svgTexts((await drawSvg(chart, { width: 1200 })).svg);
    expect(texts).toEqual(expect.arrayContaining(["Other periods, not ranked", "39.0% in 2015/16", "another period"]));
    expect(symbols((await drawSvg(chart, { width: 1200 })).svg).find((s) => s.about === "Barnet: 39.0% in 2015/16")).toBeDefined();
  });

  it("draws Barnet's at Slack's and Teams' widths: SVG that parses, PNG that decodes at the width asked, the asker a diamond and the rest dots, every council, figure and benchmark written", async () => {
    const chart = comparisonChart(await compared("compare AC/S16"));
    for (const width of [PICTURE_WIDTH.slack, CARD_PICTURE_WIDTH, CARD_INLINE_WIDTH]) {
      const drawn = await drawChart(chart, { width, ...layoutFor(width) });
      expect(XMLValidator.validate(drawn.svg)).toBe(true);
      const png = PNG.sync.read(drawn.png);
      expect([png.width, png.height, drawn.width]).toEqual([width, drawn.height, width]);
      const texts = svgTexts(drawn.svg);
      expect(texts).toEqual(expect.arrayContaining(["38.8%  you", "33.0%", "31.2%", "27.4%", "CIPFA 29.5%", "London 27.6%", "Figures for Q2 2016/17  ·  higher is better →", "25%", "35%", `you (${BARNET})`]));
      for (const name of ["2. Enfield (published)", "3. Northfield Council", "4. Camden (published)"]) expect(texts).toContain(name);
      // Barnet's name whole, on one line or two.
      expect(texts.some((t) => t.replace(/\s+/g, " ") === `1. ${BARNET}`)).toBe(true);
      const dots = symbols(drawn.svg);
      expect(dots.filter((s) => isDiamond(s.d)).map((s) => s.about)).toEqual([`${BARNET}: 38.8%`]);
      expect(dots.map((s) => s.about)).toEqual([`${BARNET}: 38.8%`, "Enfield: 33.0%", "Northfield Council: 31.2%", "Camden: 27.4%"]);
      expect(drawn.svg).toContain('aria-label="benchmark: CIPFA 29.5%"');
    }
  }, 60_000);

  it.each([
    { name: "default", options: undefined },
    { name: "Teams", options: layoutFor(PICTURE_WIDTH.teams) },
  ])("puts no text over text, or under a line or a dot, at the $name layout: Barnet's, Eastmoor's and a crowded one", async ({ options }) => {
    const charts = [comparisonChart(await compared("compare AC/S16")), comparisonChart(await compared("compare EM7")), comparisonChart(crowded())];
    for (const chart of charts) {
      const { clashes, texts } = await textClashes(chart, options);
      expect(clashes, chart.title).toEqual([]);
      expect(texts).toBeGreaterThan(chart.dots.length * 2 + chart.benchmarks.length);
    }
  }, 60_000);

  it.each([CARD_PICTURE_WIDTH, CARD_INLINE_WIDTH])("writes no text under 11 px on a Teams card, drawn %i px wide", async (width) => {
    for (const chart of [comparisonChart(await compared("compare AC/S16")), comparisonChart(crowded())]) {
      const { svg } = await drawSvg(chart, { width, ...layoutFor(width) });
      expect(smallestText(svg, TEAMS_CARD_PICTURE.display).px).toBeGreaterThanOrEqual(11);
    }
  }, 60_000);
});

describe("the comparison's colours", () => {
  const LEAST: Record<Vision, number> = { normal: 20, deuteranopia: 15, protanopia: 15, tritanopia: 10 };
  it.each(Object.keys(LEAST) as Vision[])("tells the asker's dot from the others' with %s", (vision) => {
    expect(difference(COMPARISON_STYLE.asker.colour, COMPARISON_STYLE.other.colour, vision)).toBeGreaterThanOrEqual(LEAST[vision]);
  });

  it("writes the asker's figure in its colour at 4.5:1 or more, on white and on its row's band", () => {
    expect(contrast(COMPARISON_STYLE.asker.colour, "#ffffff")).toBeGreaterThanOrEqual(4.5);
    expect(contrast(COMPARISON_STYLE.asker.colour, COMPARISON_STYLE.asker.band)).toBeGreaterThanOrEqual(4.5);
  });
});
