// Chart pictures on Teams cards: the AC/S8 card from /api/messages carries its chart as an Adaptive Card
// Image (inline, a data: URI) and parses; every demo indicator's card with its picture stays within Teams'
// limits; and the choice of inline, signed URL or none, with the text card whenever the picture fails or is late.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartPictures, type ChartPictures, type Picture } from "../../src/charts/pictures.ts";
import { ask } from "../../src/core/use-cases/ask.ts";
import type { IndicatorCard } from "../../src/core/views.ts";
import { chartUrls } from "../../src/http/chart-urls.ts";
import { CARD_IMAGE, renderCard, type AdaptiveCard } from "../../src/platforms/teams/cards.ts";
import { CARD_INLINE_WIDTH, CARD_PICTURE_WIDTH, chartImageFor } from "../../src/platforms/teams/chart-image.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import { problems } from "../helpers/adaptive-cards.ts";
import { eventually } from "../helpers/eventually.ts";
import { memoryLog } from "../helpers/log.ts";
import { startPlatform, teamsCardAnswer, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { noisePng, pngSize, solidPng } from "../helpers/png.ts";

const TENANT = "11111111-1111-4111-8111-111111111111";
const USER = "bbbbbbbb-0000-4000-8000-000000000009";
type Element = { type?: string; url?: string; altText?: string };
const images = (card: AdaptiveCard) => (card.body as Element[]).filter((e) => e.type === "Image");
const pngOf = (dataUri: string) => Buffer.from(dataUri.replace(/^data:image\/png;base64,/, ""), "base64");

describe("Teams cards with their charts", () => {
  let fixture: PlatformFixture;
  beforeAll(async () => {
    // The budget is generous here: the first picture loads the drawing libraries, and this test is about the card.
    fixture = await startPlatform({ provider: "sqlite", platform: "teams", service: { teamsPictureBudgetMs: 60_000 } });
  }, 120_000);
  afterAll(() => fixture?.stop());

  const answer = (text: string) => teamsCardAnswer(fixture, { user: USER, tenant: TENANT }, text);

  it("answers the first question as text while the drawing libraries load, then AC/S8 with its chart as an inline Image, twice the card's width, that parses, beside the text trend", async () => {
    const first = await answer("AC/S8");
    expect(problems(first.card)).toEqual([]);
    expect(images(first.card)).toEqual([]);
    expect(JSON.stringify(first.card)).toContain("53.2%");
    const { reply, card } = await eventually(() => answer("AC/S8"), (a) => images(a.card).length > 0);
    expect(problems(card)).toEqual([]);
    const [image] = images(card);
    expect(image!.url).toMatch(/^data:image\/png;base64,/);
    expect(image!.altText).toMatch(/^Chart of AC\/S8 /);
    const png = pngOf(image!.url!);
    expect(png.length).toBeLessThan(CARD_IMAGE.inlineBytes);
    expect(pngSize(png).width).toBe(CARD_PICTURE_WIDTH);
    expect(JSON.stringify(card)).toContain("Trend");
    expect(Buffer.byteLength(JSON.stringify(reply.body))).toBeLessThan(80 * 1024);
  });

  it("keeps every demo indicator's card with its picture valid and under 80 KB; the largest is measured", async () => {
    const { database } = await prepareDatabase({ DATABASE_URL: fixture.target.url, loadDemoData: false });
    try {
      const catalogue = prismaCatalogue(database.db);
      const charts = { pictures: chartPictures(catalogue), budgetMs: 60_000 };
      // Drawn once first, as a running service would have by then: the first picture of a process goes in the background.
      await charts.pictures.indicator({ organisation: "London Borough of Barnet", ref: "AC/S8" }, CARD_PICTURE_WIDTH);
      const log = memoryLog("info");
      let largest = { ref: "", bytes: 0 };
      for (const record of await catalogue.indicators({})) {
        const view = (await ask(catalogue, record.ref)) as IndicatorCard;
        if (view.kind !== "indicator") continue;
        const card = renderCard(view, { chart: await chartImageFor(view, charts, log.logger) });
        expect(problems(card), record.ref).toEqual([]);
        expect(images(card), record.ref).toHaveLength(1);
        // Every demo chart goes inline: a data: URI of a PNG twice the card's width, or its width where that is over the inline size.
        const url = String(images(card)[0]!.url);
        expect(url.startsWith("data:image/png;base64,"), record.ref).toBe(true);
        expect([CARD_PICTURE_WIDTH, CARD_INLINE_WIDTH], record.ref).toContain(pngSize(pngOf(url)).width);
        const bytes = Buffer.byteLength(JSON.stringify({ type: "message", attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: card }] }));
        if (bytes > largest.bytes) largest = { ref: record.ref, bytes };
      }
      expect(largest.bytes).toBeLessThan(80 * 1024);
      console.info(`largest Teams indicator card with its chart: ${largest.ref}, ${Math.round(largest.bytes / 1024)} KB`);
    } finally {
      await database.close();
    }
  }, 120_000);
});

describe("choosing a Teams card's picture", () => {
  const card = { kind: "indicator", ref: "AC/S8", title: "Delayed transfers", organisation: "London Borough of Barnet" } as IndicatorCard;
  const picture = (png: Buffer): Picture => ({ png, ...pngSize(png), title: "AC/S8: chart", alt: "Chart of AC/S8" });
  /** A ChartPictures that answers the one indicator with the picture given (or fails, or takes its time). */
  const drawing = (draw: () => Promise<Picture | null>, warm = true): ChartPictures => ({ indicator: draw, wheel: async () => null, comparison: async () => null, digest: async () => null, warm: () => warm });
  const small = solidPng(520, 260);
  const large = noisePng(200, 200);
  const urls = chartUrls("https://kpi.council.gov.uk", "chart-url-secret-for-tests-0123456789");

  it("goes inline under 25 KB, from the signed URL over it where there is one, else not at all", async () => {
    const log = memoryLog("info");
    expect(large.length).toBeGreaterThan(CARD_IMAGE.inlineBytes);
    expect((await chartImageFor(card, { pictures: drawing(async () => picture(small)) }, log.logger))?.url).toMatch(/^data:image\/png;base64,/);
    expect((await chartImageFor(card, { pictures: drawing(async () => picture(large)), urls }, log.logger))?.url).toMatch(/^https:\/\/kpi\.council\.gov\.uk\/charts\/[\w-]+\.[\w-]+\.png$/);
    expect(await chartImageFor(card, { pictures: drawing(async () => picture(large)) }, log.logger)).toBeNull();
    expect(await chartImageFor(card, {}, log.logger)).toBeNull();
    expect(log.entries()).toEqual([]);
  });

  it("leaves the card as text where drawing fails (logged once) or is not done within the budget", async () => {
    const log = memoryLog("info");
    expect(await chartImageFor(card, { pictures: drawing(async () => Promise.reject(new Error("resvg failed"))) }, log.logger)).toBeNull();
    expect(log.entries().filter((e) => e.level === 40)).toHaveLength(1);
    const started = Date.now();
    expect(await chartImageFor(card, { pictures: drawing(() => new Promise((resolve) => setTimeout(() => resolve(picture(small)), 2_000))), budgetMs: 100 }, log.logger)).toBeNull();
    expect(Date.now() - started).toBeLessThan(1_000);
    // Before the first picture of the process, none is waited for at all (it is drawn in the background).
    let asked = 0;
    expect(await chartImageFor(card, { pictures: drawing(async () => (asked++, picture(small)), false) }, log.logger)).toBeNull();
    expect(asked).toBe(1);
  });
});
