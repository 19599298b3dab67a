// Chart pictures in Slack through the real service: a shared card carries its picture, uploaded through the
// current flow as one message; a failed upload still shares the card as text, logged once; the Chart button
// sends the picture by direct message, or with PUBLIC_URL shows it in place from a signed URL that Slack
// (the fake, as Slack does) fetches from the service; /kpi answers never wait for a picture.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../bench/startup.ts";
import { chartToken } from "../../src/http/chart-urls.ts";
import { buttonBody, slashCommandBody, type Recorded } from "../helpers/fake-slack.ts";
import { memoryLog, type MemoryLog } from "../helpers/log.ts";
import { SLACK_TOKEN, startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { pngSize } from "../helpers/png.ts";

const SECRET = "chart-url-secret-for-tests-0123456789";
const BARNET = "London Borough of Barnet";
const texts = (blocks: unknown) => JSON.stringify(blocks);
/** The sparkline's characters: the text trend every card keeps. */
const SPARK = /\*Trend\*\s+`[▁▂▃▄▅▆▇█ ]+`/;

describe("Slack chart pictures", () => {
  let fixture: PlatformFixture;
  let log: MemoryLog;
  beforeAll(async () => {
    log = memoryLog("info");
    fixture = await startPlatform({ provider: "sqlite", platform: "slack", service: { logger: log.logger } });
  }, 120_000);
  afterAll(async () => {
    await fixture?.stop();
  });
  const since = (start: number, predicate: (c: Recorded) => boolean) => fixture.fake.calls.slice(start).filter(predicate);

  it("answers /kpi AC/S8 with the text trend and a Chart button, uploading nothing on the way", async () => {
    const start = fixture.fake.calls.length;
    const res = await fixture.post(slashCommandBody("AC/S8", fixture.fake.responseUrl("ask1")));
    const body = await res.json();
    expect(body.response_type).toBe("ephemeral");
    expect(texts(body.blocks)).toMatch(SPARK);
    expect(texts(body.blocks)).toContain('"action_id":"kpi_chart"');
    expect(since(start, (c) => /^\/(api\/files\.|upload\/)/.test(c.path))).toEqual([]);
  });

  it("shares AC/S8 into the channel as one message: the card's blocks with its chart, uploaded through getUploadURLExternal, the bytes, completeUploadExternal", async () => {
    const start = fixture.fake.calls.length;
    expect((await fixture.post(buttonBody("kpi_share", "AC/S8", fixture.fake.responseUrl("share1")))).status).toBe(200);
    await fixture.fake.waitFor((c) => c.path === "/response/share1" && c.body.delete_original === true);
    const steps = since(start, (c) => /^\/(api\/files\.|upload\/)/.test(c.path));
    expect(steps.map((c) => c.path.replace(/F\d+$/, "F…"))).toEqual(["/api/files.getUploadURLExternal", "/upload/v1/F…", "/api/files.completeUploadExternal"]);
    const [asked, sent, completed] = steps;
    const upload = fixture.fake.uploads().find((u) => u.id === (completed!.body.files as { id: string }[])[0]!.id)!;
    expect(Number(asked!.body.length)).toBe(upload.bytes!.length);
    expect(sent!.body.bytes).toBe(upload.bytes!.length);
    expect(pngSize(upload.bytes!).width).toBe(1200);
    expect(upload.altText).toMatch(/^Chart of AC\/S8 .*London Borough of Barnet/);
    expect(completed!.body).toMatchObject({ channel_id: "C1" });
    const shared = texts(completed!.body.blocks);
    expect(shared).toContain("AC/S8");
    expect(shared).toContain("Shared by <@U1>");
    expect(shared).toMatch(SPARK);
    expect(shared).not.toContain("kpi_share");
    expect(shared).not.toContain("kpi_chart");
    expect(fixture.fake.fileMessages.at(-1)).toMatchObject({ channel: "C1", files: [upload.id] });
    // Not shared a second time as text.
    expect(since(start, (c) => c.path === "/response/share1" && c.body.response_type === "in_channel")).toEqual([]);
  });

  it("shares the card as text, with its trend line, where the upload fails, and logs that once without the token", async () => {
    fixture.fake.failMethod("files.completeUploadExternal", "not_in_channel");
    try {
      const logged = log.entries().length;
      await fixture.post(buttonBody("kpi_share", "AC/S8", fixture.fake.responseUrl("share2")));
      const posted = await fixture.fake.waitFor((c) => c.path === "/response/share2" && c.body.response_type === "in_channel");
      expect(texts(posted.body.blocks)).toContain("53.2%");
      expect(texts(posted.body.blocks)).toContain("Shared by <@U1>");
      expect(texts(posted.body.blocks)).toMatch(SPARK);
      await fixture.fake.waitFor((c) => c.path === "/response/share2" && c.body.delete_original === true);
      const about = log.entries().slice(logged).filter((e) => /chart/i.test(String(e.msg)));
      expect(about).toHaveLength(1);
      expect(about[0]).toMatchObject({ level: 40, ref: "AC/S8" });
      expect(String(about[0]!.msg)).toMatch(/sharing the chart of AC\/S8 failed; the text went instead/);
      expect(log.text()).not.toContain(SLACK_TOKEN);
    } finally {
      fixture.fake.failMethod("files.completeUploadExternal", null);
    }
  });

  it("sends the chart to the asker by direct message from the Chart button, and says so below the card", async () => {
    const start = fixture.fake.calls.length;
    await fixture.post(buttonBody("kpi_chart", "AC/S8", fixture.fake.responseUrl("chart1")));
    const told = await fixture.fake.waitFor((c) => c.path === "/response/chart1");
    expect(told.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(texts(told.body.blocks)).toContain("The chart of AC/S8 is in your direct messages with the bot.");
    expect(since(start, (c) => c.path.startsWith("/api/conversations.open"))[0]!.body.users).toBe("U1");
    const message = fixture.fake.fileMessages.at(-1)!;
    expect(message.channel).toBe("D1");
    expect(pngSize(fixture.fake.uploads().find((u) => u.id === message.files[0])!.bytes!).width).toBe(1200);
  });

  it("says a Chart button for an unknown indicator is out of date", async () => {
    await fixture.post(buttonBody("kpi_chart", "ZZ/NOPE", fixture.fake.responseUrl("chart2")));
    expect(texts((await fixture.fake.waitFor((c) => c.path === "/response/chart2")).body.blocks)).toContain("That button is out of date");
  });
});

describe("Slack chart pictures with PUBLIC_URL", () => {
  let fixture: PlatformFixture;
  let publicUrl: string;
  beforeAll(async () => {
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    fixture = await startPlatform({ provider: "sqlite", platform: "slack", env: { PORT: String(port), PUBLIC_URL: publicUrl, CHART_URL_SECRET: SECRET } });
  }, 120_000);
  afterAll(async () => {
    await fixture?.stop();
  });

  it("shows the chart in place from its signed URL, which Slack fetches from the service; the URL works, a changed one and an expired one are 404", async () => {
    await fixture.post(buttonBody("kpi_chart", "AC/S8", fixture.fake.responseUrl("chart3")));
    const shown = await fixture.fake.waitFor((c) => c.path === "/response/chart3");
    // The fake answers as Slack: 404 with invalid_blocks had it failed to download the image.
    expect(shown.status).toBe(200);
    const [image] = shown.body.blocks as { type: string; image_url: string; alt_text: string }[];
    expect(image!.type).toBe("image");
    const token = new RegExp(`^${publicUrl}/charts/([\\w-]+\\.[\\w-]+)\\.png$`).exec(image!.image_url)?.[1];
    expect(token).toBeDefined();

    const fetched = await fetch(image!.image_url);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get("content-type")).toBe("image/png");
    expect(pngSize(Buffer.from(await fetched.arrayBuffer())).width).toBe(1200);

    const [payload, signature] = token!.split(".") as [string, string];
    const changed = `${publicUrl}/charts/${payload}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}.png`;
    const otherRef = Buffer.from(Buffer.from(payload, "base64url").toString().replace("AC/S8", "AC/S9")).toString("base64url");
    const expired = chartToken({ organisation: BARNET, ref: "AC/S8" }, 1200, new Date(Date.now() - 1000), SECRET);
    for (const url of [changed, `${publicUrl}/charts/${otherRef}.${signature}.png`, `${publicUrl}/charts/${expired}.png`]) {
      const refused = await fetch(url);
      expect(refused.status, url).toBe(404);
      expect(await refused.json()).toMatchObject({ error: "Not found." });
    }
    // The same token, signed with this key and in date, draws again.
    expect((await fetch(`${publicUrl}/charts/${chartToken({ organisation: BARNET, ref: "AC/S8" }, 800, new Date(Date.now() + 60_000), SECRET)}.png`)).status).toBe(200);
  });
});
