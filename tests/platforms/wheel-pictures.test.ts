// The performance wheel's picture in chat, carried as indicator charts are, through the real receivers: in
// Slack a shared wheel goes as one message with its picture (the upload flow), the Chart button below a
// private wheel sends it by direct message or, with PUBLIC_URL, shows it in place from a signed URL the fake
// fetches as Slack does; on Teams the wheel card carries an Image (inline where small enough, else the signed
// URL) above its tables, and parses. Text is always there: the picture is never the only way to read it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../bench/startup.ts";
import { chartToken } from "../../src/http/chart-urls.ts";
import type { Db } from "../../src/store/database.ts";
import type { AdaptiveCard } from "../../src/platforms/teams/cards.ts";
import { CARD_IMAGE } from "../../src/platforms/teams/cards.ts";
import { CARD_PICTURE_WIDTH, CARD_INLINE_WIDTH } from "../../src/platforms/teams/chart-image.ts";
import { problems } from "../helpers/adaptive-cards.ts";
import { eventually } from "../helpers/eventually.ts";
import { buttonBody, slashCommandBody, type Recorded } from "../helpers/fake-slack.ts";
import { memoryLog, type MemoryLog } from "../helpers/log.ts";
import { startPlatform, teamsCardAnswer, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { pngSize } from "../helpers/png.ts";
import { importWheel } from "../helpers/wheel.ts";

const SECRET = "chart-url-secret-for-tests-0123456789";
const BARNET = "London Borough of Barnet";
const TENANT = "11111111-1111-4111-8111-111111111111";
const USER = "bbbbbbbb-0000-4000-8000-000000000009";
const texts = (blocks: unknown) => JSON.stringify(blocks);

/** The fixture's wheel, imported before the service starts. */
const prepare = (db: Db) => importWheel(db);

describe("the wheel's picture in Slack", () => {
  let fixture: PlatformFixture;
  let log: MemoryLog;
  beforeAll(async () => {
    log = memoryLog("info");
    fixture = await startPlatform({ provider: "sqlite", platform: "slack", service: { logger: log.logger }, prepare });
  }, 120_000);
  afterAll(async () => {
    await fixture?.stop();
  });
  const since = (start: number, predicate: (c: Recorded) => boolean) => fixture.fake.calls.slice(start).filter(predicate);

  it("answers /kpi wheel with its tables and a Chart button, uploading nothing on the way", async () => {
    const start = fixture.fake.calls.length;
    const body = await (await fixture.post(slashCommandBody("wheel", fixture.fake.responseUrl("w1")))).json();
    expect(body.text).toMatch(/^Performance wheel: London Borough of Barnet, Q2 2017\/18/);
    expect(texts(body.blocks)).toContain('"action_id":"kpi_chart","value":"wheel"');
    expect(since(start, (c) => /^\/(api\/files\.|upload\/)/.test(c.path))).toEqual([]);
  });

  it("shares the wheel into the channel as one message: its blocks with its picture, through the upload flow", async () => {
    const start = fixture.fake.calls.length;
    await fixture.post(buttonBody("kpi_share", "wheel", fixture.fake.responseUrl("w2")));
    await fixture.fake.waitFor((c) => c.path === "/response/w2" && c.body.delete_original === true);
    const steps = since(start, (c) => /^\/(api\/files\.|upload\/)/.test(c.path));
    expect(steps.map((c) => c.path.replace(/F\d+$/, "F…"))).toEqual(["/api/files.getUploadURLExternal", "/upload/v1/F…", "/api/files.completeUploadExternal"]);
    const completed = steps[2]!;
    const upload = fixture.fake.uploads().find((u) => u.id === (completed.body.files as { id: string }[])[0]!.id)!;
    expect(pngSize(upload.bytes!).width).toBe(1200);
    expect(upload.altText).toMatch(/^Performance wheel of London Borough of Barnet for Q2 2017\/18, 12 segments: 5 Green, 4 Amber, 3 Red\. /);
    expect(upload.altText).toContain("P3 Adults live independently for longer Red (Down)");
    const shared = texts(completed.body.blocks);
    expect(shared).toContain("Shared by <@U1>");
    expect(shared).toContain("Delayed transfers of care rose over the summer");
    expect(shared).not.toContain("kpi_chart");
    expect(since(start, (c) => c.path === "/response/w2" && c.body.response_type === "in_channel")).toEqual([]);
  });

  it("shares the wheel as text where the upload fails, logging that once", async () => {
    fixture.fake.failMethod("files.completeUploadExternal", "not_in_channel");
    try {
      const logged = log.entries().length;
      await fixture.post(buttonBody("kpi_share", "wheel", fixture.fake.responseUrl("w3")));
      const posted = await fixture.fake.waitFor((c) => c.path === "/response/w3" && c.body.response_type === "in_channel");
      expect(texts(posted.body.blocks)).toContain("Delayed transfers of care rose over the summer");
      await fixture.fake.waitFor((c) => c.path === "/response/w3" && c.body.delete_original === true);
      const about = log.entries().slice(logged).filter((e) => /picture/i.test(String(e.msg)));
      expect(about).toHaveLength(1);
      expect(about[0]).toMatchObject({ level: 40, wheel: "Q2 2017/18", organisation: BARNET });
      expect(String(about[0]!.msg)).toBe("Slack: sharing the picture of the wheel for Q2 2017/18 failed; the text went instead");
    } finally {
      fixture.fake.failMethod("files.completeUploadExternal", null);
    }
  });

  it("sends a narrowed wheel's picture by direct message from the Chart button: only its segments", async () => {
    await fixture.post(buttonBody("kpi_chart", "wheel tag A&H", fixture.fake.responseUrl("w4")));
    const told = await fixture.fake.waitFor((c) => c.path === "/response/w4");
    expect(texts(told.body.blocks)).toContain("The picture of the wheel is in your direct messages with the bot.");
    const message = fixture.fake.fileMessages.at(-1)!;
    expect(message.channel).toBe("D1");
    const upload = fixture.fake.uploads().find((u) => u.id === message.files[0])!;
    expect(pngSize(upload.bytes!).width).toBe(1200);
    expect(upload.altText).toMatch(/^Performance wheel of London Borough of Barnet for Q2 2017\/18 \(tag A&H\), 3 segments: /);
  });
});

describe("the wheel's picture in Slack with PUBLIC_URL", () => {
  let fixture: PlatformFixture;
  let publicUrl: string;
  beforeAll(async () => {
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    fixture = await startPlatform({ provider: "sqlite", platform: "slack", env: { PORT: String(port), PUBLIC_URL: publicUrl, CHART_URL_SECRET: SECRET }, prepare });
  }, 120_000);
  afterAll(async () => {
    await fixture?.stop();
  });

  it("shows the whole wheel in place from its signed URL, which the service draws; another period's token draws that period", async () => {
    await fixture.post(buttonBody("kpi_chart", "wheel Apr - Jul", fixture.fake.responseUrl("w5")));
    const shown = await fixture.fake.waitFor((c) => c.path === "/response/w5");
    // The fake answers as Slack: 404 with invalid_blocks had it failed to download the image.
    expect(shown.status).toBe(200);
    const [image] = shown.body.blocks as { type: string; image_url: string; alt_text: string; title: { text: string } }[];
    expect(image).toMatchObject({ type: "image", title: { text: "Performance wheel: London Borough of Barnet, Apr - Jul 2017/18" } });
    expect(image!.alt_text).toContain("P3 Adults live independently for longer Amber");
    const fetched = await fetch(image!.image_url);
    expect(fetched.status).toBe(200);
    expect(pngSize(Buffer.from(await fetched.arrayBuffer())).width).toBe(1200);
    const token = (period: string) => chartToken({ kind: "wheel", organisation: BARNET, period }, 800, new Date(Date.now() + 60_000), SECRET);
    expect((await fetch(`${publicUrl}/charts/${token("Q2 2017/18")}.png`)).status).toBe(200);
    expect((await fetch(`${publicUrl}/charts/${token("Q3 2017/18")}.png`)).status).toBe(404);
  });

  it("sends a narrowed wheel by direct message, since its URL would show the whole wheel", async () => {
    await fixture.post(buttonBody("kpi_chart", "wheel volunteers", fixture.fake.responseUrl("w6")));
    const told = await fixture.fake.waitFor((c) => c.path === "/response/w6");
    expect(texts(told.body.blocks)).toContain("The picture of the wheel is in your direct messages with the bot.");
  });
});

describe("the wheel's picture on Teams", () => {
  type Element = { type?: string; url?: string; altText?: string };
  const images = (card: AdaptiveCard) => (card.body as Element[]).filter((e) => e.type === "Image");
  const pngOf = (dataUri: string) => Buffer.from(dataUri.replace(/^data:image\/png;base64,/, ""), "base64");

  for (const publicUrl of [false, true]) {
    describe(publicUrl ? "with PUBLIC_URL" : "without PUBLIC_URL", () => {
      let fixture: PlatformFixture;
      let base = "";
      beforeAll(async () => {
        const port = await freePort();
        base = `http://127.0.0.1:${port}`;
        const env: Record<string, string> = publicUrl ? { PORT: String(port), PUBLIC_URL: base, CHART_URL_SECRET: SECRET } : {};
        fixture = await startPlatform({ provider: "sqlite", platform: "teams", env, service: { teamsPictureBudgetMs: 60_000 }, prepare });
      }, 120_000);
      afterAll(() => fixture?.stop());

      const answer = (text: string) => teamsCardAnswer(fixture, { user: USER, tenant: TENANT }, text);

      it(publicUrl ? "carries the whole wheel from its signed URL at twice the card's width (over the inline size), and a narrowed one inline" : "carries the wheel inline, drawn at the card's width where twice that is over the inline size", async () => {
        const { reply, card } = await eventually(() => answer("wheel"), (a) => images(a.card).length > 0);
        expect(problems(card)).toEqual([]);
        const [image] = images(card);
        expect(image!.altText).toMatch(/^Performance wheel of London Borough of Barnet for Q2 2017\/18/);
        // The tables stay: the text is what shows where the picture does not.
        expect(JSON.stringify(card)).toContain("Status by period");
        expect(Buffer.byteLength(JSON.stringify(reply.body))).toBeLessThan(80 * 1024);
        if (publicUrl) {
          expect(image!.url).toMatch(new RegExp(`^${base}/charts/[\\w-]+\\.[\\w-]+\\.png$`));
          const fetched = await fetch(image!.url!);
          expect(fetched.status).toBe(200);
          expect(pngSize(Buffer.from(await fetched.arrayBuffer())).width).toBe(CARD_PICTURE_WIDTH);
        } else {
          expect(image!.url).toMatch(/^data:image\/png;base64,/);
          const png = pngOf(image!.url!);
          expect(png.length).toBeLessThan(CARD_IMAGE.inlineBytes);
          // Twice the card's width is over the inline size: drawn again at the card's.
          expect(pngSize(png).width).toBe(CARD_INLINE_WIDTH);
        }
        const narrowed = await answer("wheel tag A&H");
        expect(problems(narrowed.card)).toEqual([]);
        const [small] = images(narrowed.card);
        expect(small!.url).toMatch(/^data:image\/png;base64,/);
        expect(small!.altText).toContain("(tag A&H), 3 segments");
      });
    });
  }
});
