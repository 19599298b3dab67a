// Text the size it is read at: Teams shows a card's picture about 480 px wide, so every text of every
// picture it gets (each demo indicator's chart, the wheel, the digest's picture), drawn as the card gets it,
// is at least 11 px high there. Read from the SVG: each text's font size times the shown width over the
// layout's (the viewBox's) width.
import { beforeAll, describe, expect, it } from "vitest";
import { drawSvg } from "../../src/charts/draw.ts";
import { layoutFor, TEAMS_CARD_PICTURE } from "../../src/charts/pictures.ts";
import { summaryChart, wheelChart, indicatorChart } from "../../src/core/charts.ts";
import { showWheel } from "../../src/core/use-cases/show-wheel.ts";
import type { Wheel } from "../../src/core/views.ts";
import { CARD_PICTURE_WIDTH, CARD_INLINE_WIDTH } from "../../src/platforms/teams/chart-image.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { demoDatabase } from "../helpers/databases.ts";
import { smallestText } from "../helpers/svg-text.ts";
import { importWheel } from "../helpers/wheel.ts";

const LEAST_PX = 11;

describe("Teams' pictures at the card's width", () => {
  const database = demoDatabase("sqlite");
  const catalogue = () => prismaCatalogue(database().db);
  beforeAll(() => importWheel(database().db));

  it.each([CARD_PICTURE_WIDTH, CARD_INLINE_WIDTH])("writes no text under 11 px in any demo indicator's chart, the wheel or the digest's picture, drawn %i px wide", async (width) => {
    const records = await catalogue().indicators({});
    const wheel = (await showWheel(catalogue(), { text: "wheel", period: null, words: [], tags: [] })) as Wheel;
    const charts = [...records.map((r) => indicatorChart(r)), wheelChart(wheel), summaryChart(records, "London Borough of Barnet"), summaryChart(records, records.find((r) => r.organisation !== "London Borough of Barnet")?.organisation ?? "")];
    const small: string[] = [];
    for (const chart of charts) {
      const { svg } = await drawSvg(chart, { width, ...layoutFor(width) });
      const least = smallestText(svg, TEAMS_CARD_PICTURE.display);
      if (least.px < LEAST_PX) small.push(`${chart.kind === "indicator_chart" ? chart.ref : chart.kind}: ${least.px} px "${least.text}"`);
    }
    expect(small).toEqual([]);
  }, 120_000);
});
