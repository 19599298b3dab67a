// Digests through the real command, the real service and its scheduler, against a local Slack Web
// API and a local Bot Connector that count what they receive.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartPictures, type ChartPictures, type Picture } from "../../src/charts/pictures.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Channel } from "../../src/core/channels.ts";
import type { Conversations } from "../../src/core/ports.ts";
import { buildDigest } from "../../src/core/use-cases/build-digest.ts";
import type { Digest } from "../../src/core/views.ts";
import { CARD_IMAGE, type AdaptiveCard } from "../../src/platforms/teams/cards.ts";
import { CARD_INLINE_WIDTH, CARD_PICTURE_WIDTH } from "../../src/platforms/teams/chart-image.ts";
import { createTeamsOutbox } from "../../src/platforms/teams/outbox.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { startService, type Service } from "../../src/service.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import { freshDatabase, providers, type TestDatabase } from "../helpers/databases.ts";
import { slackSignature, slashCommandBody, startFakeSlack, type FakeSlack } from "../helpers/fake-slack.ts";
import { problems } from "../helpers/adaptive-cards.ts";
import { demoDatabase } from "../helpers/databases.ts";
import { memoryLog } from "../helpers/log.ts";
import { noisePng, pngSize } from "../helpers/png.ts";
import { runKpi, runKpiSteps } from "../helpers/run.ts";

const SECRET = "test-signing-secret-0123456789";
const PERF = "aaaaaaaa-0000-4000-8000-000000000001";
const TOKEN = "xoxb-test-bot-token-0123456789";

describe.each(providers)("digests on %s", (provider) => {
  let target: TestDatabase;
  let slack: FakeSlack;
  const env = () => ({ DATABASE_URL: target.url, SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, LOG_LEVEL: "warn" });
  const kpi = (...args: string[]) => runKpi(args, env());
  // A digest goes with its summary picture, as one message that files.completeUploadExternal posts.
  const postsTo = (channel: string) => slack.fileMessages.filter((m) => m.channel === channel);

  beforeAll(async () => {
    target = await freshDatabase(provider);
    slack = await startFakeSlack();
    const { database } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: true });
    await database.close();
  }, 120_000);
  afterAll(async () => {
    await slack?.close();
    await target?.drop();
  });

  it("previews Barnet's red and amber: AC/S8 and CG/C23, not the green CG/C15; posts nothing", async () => {
    const run = await kpi("digest", "preview", "--organisation", "barnet", "--levels", "red,amber", "--json");
    expect(run.code, run.stderr).toBe(0);
    const digest = JSON.parse(run.stdout);
    const refs = [...digest.newlyRedAmber, ...digest.stillRedAmber.flatMap((g: { items: unknown[] }) => g.items)].map((l: { ref: string }) => l.ref);
    expect(refs).toContain("AC/S8");
    expect(refs).toContain("CG/C23");
    expect(refs).not.toContain("CG/C15");
    expect(digest.heading).toBe("Weekly performance digest: London Borough of Barnet");
    expect(slack.calls.filter((c) => c.path.startsWith("/api/chat.postMessage"))).toHaveLength(0);
    const text = await kpi("digest", "preview", "--organisation", "barnet");
    expect(text.stdout).toMatch(/AC\/S8/);
    expect((await kpi("digest", "preview", "--organisation", "hackney")).stderr).toMatch(/No organisation “hackney”/);
  }, 240_000);

  it("posts one digest for three runs of the same slot, two of them racing", async () => {
    const subscribed = await kpi("subscribe", "--channel", "slack:C0DIGEST", "--organisation", "barnet", "--levels", "red,amber");
    expect(subscribed.stdout).toMatch(/Subscribed slack:C0DIGEST to London Borough of Barnet's digest: Mondays 09:00 \(Europe\/London\): amber and red, every service, alerts on/);
    const racing = await Promise.all([kpi("digest", "run", "--now", "--channel", "slack:C0DIGEST"), kpi("digest", "run", "--now", "--channel", "slack:C0DIGEST")]);
    const third = await kpi("digest", "run", "--now", "--channel", "slack:C0DIGEST");
    const outputs = [...racing, third].map((r) => r.stdout.trim());
    expect(outputs.filter((o) => /: posted$/.test(o))).toHaveLength(1);
    // The other racing run finds it posted, or still being posted by the first.
    expect(outputs.filter((o) => /: (already|being) posted$/.test(o))).toHaveLength(2);
    expect(postsTo("C0DIGEST")).toHaveLength(1);
    expect(slack.calls.filter((c) => c.path.startsWith("/api/chat.postMessage") && c.body.channel === "C0DIGEST")).toHaveLength(0);
    const [message] = postsTo("C0DIGEST");
    const picture = slack.uploads().find((u) => u.id === message!.files[0]);
    expect(picture).toMatchObject({ filename: "ratings-by-service-london-borough-of-barnet.png", sharedIn: ["C0DIGEST"] });
    expect(picture!.received).toBe(picture!.length);
    const blocks = JSON.stringify(message!.blocks);
    expect(blocks).toContain("AC/S8");
    expect(blocks).not.toContain("CG/C15");
    const listed = await kpi("subscriptions");
    expect(listed.stdout).toMatch(/slack:C0DIGEST · London Borough of Barnet · .*last: posted \d{4}-\d\d-\d\d 09:00/);
    expect((await kpi("unsubscribe", "--channel", "slack:C0DIGEST")).stdout).toBe("Unsubscribed slack:C0DIGEST.\n");
    // Six runs of the real command, each a process of its own.
  }, 240_000);

  it("refuses what it cannot read, saying what it takes", async () => {
    expect((await kpi("subscribe", "--channel", "C0DIGEST", "--organisation", "barnet")).stderr).toMatch(/--channel slack:C0123ABCD/);
    expect((await kpi("subscribe", "--channel", "slack:C0X", "--organisation", "barnet", "--levels", "purple")).stderr).toMatch(/--levels takes red, amber and green/);
    expect((await kpi("subscribe", "--channel", "slack:C0X", "--organisation", "barnet", "--schedule", "someday")).stderr).toMatch(/--schedule: /);
    expect((await kpi("subscribe", "--channel", "slack:C0X", "--organisation", "barnet", "--service", "zoo")).stderr).toMatch(/not a service of London Borough of Barnet: the services are/);
    expect((await kpi("subscriptions")).stdout).not.toContain("C0X");
  }, 240_000);
});

describe("digests from the running service", () => {
  let target: TestDatabase;
  let slack: FakeSlack;
  let service: Service;
  // Monday 7 December 2026, 09:00:30 GMT: the slot is due as the service starts.
  const clock = () => new Date("2026-12-07T09:00:30Z");

  beforeAll(async () => {
    target = await freshDatabase("sqlite");
    slack = await startFakeSlack();
    const { database } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: true });
    await database.close();
    await runKpiSteps([
      ["people", "link", "performance.team@example.org", "--slack", "U0PERF"],
      ["people", "add", "val.viewer@example.org", "--name", "Val Viewer", "--organisation", "barnet", "--role", "viewer"],
      ["people", "link", "val.viewer@example.org", "--slack", "U0VAL"],
      ["subscribe", "--channel", "slack:C0WEEKLY", "--organisation", "barnet"],
      ["people", "link", "performance.team@example.org", "--teams", PERF],
    ], { DATABASE_URL: target.url });
    // Subscribed before the slot fell due.
    const { database: db } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: false });
    await db.db.subscription.updateMany({ data: { createdAt: new Date("2026-12-01T00:00:00Z") } });
    await db.close();
    service = await startService(loadConfig({ DATABASE_URL: target.url, PORT: "0", HOST: "127.0.0.1", SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slack.apiUrl, TEAMS_LOCAL: "true" }), { logger: memoryLog().logger, clock });
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
    await slack?.close();
    await target?.drop();
  });

  const command = async (text: string, user: string, channel = "C0CHAT") => {
    const body = new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(slashCommandBody(text, slack.responseUrl("sub"), user))), channel_id: channel }).toString();
    const res = await fetch(`http://127.0.0.1:${service.port}/slack/events`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...slackSignature(SECRET, body) }, body });
    return JSON.stringify(await res.json());
  };

  it("posts the due digest at start (catching up), with its summary picture as one message, once, however often it ticks", async () => {
    const posted = await slack.waitFor((c) => c.path.startsWith("/api/files.completeUploadExternal") && c.body.channel_id === "C0WEEKLY");
    expect(JSON.stringify(posted.body.blocks)).toContain("Weekly performance digest: London Borough of Barnet");
    await service.scheduler!.tick();
    await service.scheduler!.tick();
    expect(slack.fileMessages.filter((m) => m.channel === "C0WEEKLY")).toHaveLength(1);
    expect(slack.calls.filter((c) => c.path.startsWith("/api/chat.postMessage") && c.body.channel === "C0WEEKLY")).toHaveLength(0);
  });

  it("subscribes a channel from /kpi for an admin, refuses a viewer naming the role, lists and unsubscribes", async () => {
    expect(await command("subscribe red", "U0VAL")).toContain("Subscribing a channel needs the officer role in London Borough of Barnet; you are a viewer there.");
    const done = await command("subscribe tue 14:30 red adults alerts off barnet", "U0PERF");
    expect(done).toContain("This channel gets London Borough of Barnet's digest Tuesdays 14:30 (Europe/London): red, Adults &amp; Communities, alerts off.");
    expect(done).toMatch(/Next digest: Tuesday \d+ \w+ at 14:30/);
    expect(await command("subscribe fri 25:00", "U0PERF")).toContain("Not subscribed");
    const list = await command("subscriptions", "U0VAL");
    expect(list).toContain("slack:C0CHAT");
    expect(list).toContain("slack:C0WEEKLY");
    expect(await command("unsubscribe", "U0VAL")).toContain("Unsubscribing a channel needs the officer role");
    expect(await command("unsubscribe", "U0PERF")).toContain("no longer gets London Borough of Barnet's digest");
  });

  it("refuses a subscribe over 1,000 characters as any question that long, rather than reading its first part, and subscribes nothing", async () => {
    const long = await command(`subscribe red ${"adults ".repeat(150)}`, "U0PERF", "C0LONG");
    expect(long).toContain("longer than 1000 characters");
    expect(long).not.toContain("This channel gets");
    expect(await command("subscriptions", "U0PERF")).not.toContain("C0LONG");
  });

  it("posts a Teams conversation's digest as an Adaptive Card at its serviceUrl, subscribed from the chat", async () => {
    // The bot is spoken to in a conversation (as the Emulator does, without MICROSOFT_APP_ID): it keeps the reference.
    const activity = (id: string, text: string) => ({
      type: "message",
      id,
      channelId: "msteams",
      serviceUrl: `${slack.url}/`,
      from: { id: "29:perf", name: "Performance Team", aadObjectId: PERF },
      recipient: { id: "28:bot", name: "KPI" },
      conversation: { id: "a:conversation-digest", conversationType: "personal" },
      text,
    });
    const say = (id: string, text: string) => fetch(`http://127.0.0.1:${service.port}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity(id, text)) });
    // On Tuesdays: the running service's clock stands at Monday's slot, so only the command below posts this digest.
    expect((await say("t1", "kpi subscribe tue 09:00 barnet red amber")).status).toBeLessThan(300);
    const reply = await slack.waitFor((c) => c.path.includes("/v3/conversations/a%3Aconversation-digest/activities") || c.path.includes("/v3/conversations/a:conversation-digest/activities"));
    expect(JSON.stringify(reply.body)).toContain("This channel gets London Borough of Barnet's digest Tuesdays 09:00 (Europe/London): amber and red, every service, alerts on.");

    const run = await runKpi(["digest", "run", "--now", "--channel", "teams:a:conversation-digest"], { DATABASE_URL: target.url, LOG_LEVEL: "warn" });
    expect(run.stdout.trim(), run.stderr).toMatch(/^teams:a:conversation-digest \d{4}-\d\d-\d\d 09:00: posted$/);
    const cards = slack.calls.filter((c) => c.path.includes("conversation-digest") && JSON.stringify(c.body).includes("Weekly performance digest"));
    expect(cards).toHaveLength(1);
    const attachment = (cards[0]!.body.attachments as { contentType: string; content: object }[])[0]!;
    expect(attachment.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(JSON.stringify(attachment.content)).toContain("AC/S8");
    // With its summary picture inline, as Slack's digests carry theirs; the card parses and the message fits.
    expect(problems(attachment.content as AdaptiveCard)).toEqual([]);
    const [image] = (attachment.content as { body: { type: string; url?: string; altText?: string }[] }).body.filter((e) => e.type === "Image");
    expect(image!.url).toMatch(/^data:image\/png;base64,/);
    expect(image!.altText).toMatch(/^Chart of indicator ratings by service for London Borough of Barnet\. /);
    const png = Buffer.from(image!.url!.slice("data:image/png;base64,".length), "base64");
    expect(png.length).toBeLessThan(CARD_IMAGE.inlineBytes);
    expect([CARD_PICTURE_WIDTH, CARD_INLINE_WIDTH]).toContain(pngSize(png).width);
    expect(Buffer.byteLength(JSON.stringify(cards[0]!.body))).toBeLessThan(80 * 1024);
  });
});

describe("a Teams digest's summary picture", () => {
  const database = demoDatabase("sqlite");
  let connector: FakeSlack;
  const references = new Map<string, object>();
  const conversations: Conversations = { remember: async (id, reference) => void references.set(id, reference), reference: async (id) => references.get(id) ?? null };
  let sequence = 0;
  beforeAll(async () => {
    connector = await startFakeSlack();
  });
  afterAll(async () => {
    await connector?.close();
  });
  /** A conversation whose reference is stored, as the Teams adapter keeps it. */
  const conversation = (): Channel => {
    const id = `19:digest-${++sequence}@thread.tacv2`;
    references.set(id, { bot: { id: "28:bot" }, conversation: { id, conversationType: "channel" }, channelId: "msteams", serviceUrl: connector.url });
    return { platform: "teams", id };
  };
  const digest = async () => (await buildDigest(prismaCatalogue(database().db), { organisation: "London Borough of Barnet", levels: ["Red", "Amber"], service: null, lastDigest: null, today: new Date("2016-11-01T09:00:00Z"), chart: true })).view as Digest;
  /** Posts the digest with `pictures`; what arrived, and what was logged. */
  const post = async (pictures: ChartPictures) => {
    const log = memoryLog("info");
    const channel = conversation();
    const outcome = await createTeamsOutbox({ appType: "MultiTenant", conversations, logger: log.logger, retryDelaysMs: [10], pictures }).post(channel, await digest());
    const sent = connector.calls.filter((c) => c.path.startsWith(`/v3/conversations/${encodeURIComponent(channel.id)}/activities`));
    expect(sent).toHaveLength(1);
    const card = (sent[0]!.body.attachments as { content: AdaptiveCard }[])[0]!.content;
    return { outcome, card, images: (card.body as { type?: string; url?: string }[]).filter((e) => e.type === "Image"), bytes: Buffer.byteLength(JSON.stringify(sent[0]!.body)), log };
  };
  const other: Omit<ChartPictures, "digest"> = { indicator: async () => null, wheel: async () => null, comparison: async () => null, warm: () => true };

  it("carries the picture drawn from the digest's chart, inline at twice the card's width or, over the inline size, at its width, the card valid and the message under 80 KB", async () => {
    const { outcome, card, images, bytes, log } = await post(chartPictures(prismaCatalogue(database().db)));
    expect(outcome).toMatchObject({ kind: "posted" });
    expect(problems(card)).toEqual([]);
    expect(images).toHaveLength(1);
    expect([CARD_PICTURE_WIDTH, CARD_INLINE_WIDTH]).toContain(pngSize(Buffer.from(images[0]!.url!.split(",")[1]!, "base64")).width);
    expect(bytes).toBeLessThan(80 * 1024);
    expect(JSON.stringify(card)).toContain("AC/S8");
    expect(log.entries().filter((e) => Number(e.level) >= 30)).toEqual([]);
  });

  it("goes as text, logging once, where drawing fails; and as text where the picture is over the inline size (a digest has no signed URL)", async () => {
    const failing = await post({ ...other, digest: async () => Promise.reject(new Error("resvg: out of memory")) });
    expect(failing.outcome).toMatchObject({ kind: "posted" });
    expect(failing.images).toEqual([]);
    expect(JSON.stringify(failing.card)).toContain("AC/S8");
    const warned = failing.log.entries().filter((e) => Number(e.level) >= 40);
    expect(warned).toHaveLength(1);
    expect(String(warned[0]!.msg)).toMatch(/^drawing the digest's picture for teams:19:digest-\d+@thread\.tacv2 failed; the digest goes as text$/);

    const big = noisePng(300, 300);
    expect(big.length).toBeGreaterThan(CARD_IMAGE.inlineBytes);
    const picture: Picture = { png: big, ...pngSize(big), title: "Ratings by service", alt: "Chart of indicator ratings" };
    const large = await post({ ...other, digest: async () => picture });
    expect(large.outcome).toMatchObject({ kind: "posted" });
    expect(large.images).toEqual([]);
    expect(large.log.entries().filter((e) => /over the inline size/.test(String(e.msg)))).toHaveLength(1);
  });
});
