// Slack through the real HTTP receiver: requests signed as Slack signs them,
// replies recorded by a local server standing in for Slack.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { startService, type Service } from "../../src/service.ts";
import { freshDatabase, type TestDatabase } from "../helpers/databases.ts";
import { buttonBody, slackSignature, slashCommandBody, startFakeSlack, type FakeSlack } from "../helpers/fake-slack.ts";
import { memoryLog } from "../helpers/log.ts";

const SECRET = "test-signing-secret-0123456789";
const TOKEN = "xoxb-test-bot-token-0123456789";

describe("Slack over HTTP", () => {
  let target: TestDatabase;
  let slack: FakeSlack;
  let service: Service;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  // Everything the service writes to the console, to check no secret reaches a log.
  const logged: string[] = [];
  const log = memoryLog();
  beforeAll(async () => {
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      const original = console[method].bind(console);
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(args.map(String).join(" "));
        original(...args);
      });
    }
    process.on("unhandledRejection", onUnhandled);
    target = await freshDatabase("sqlite");
    slack = await startFakeSlack();
    service = await startService(
      loadConfig({ DATABASE_URL: target.url, PORT: "0", HOST: "127.0.0.1", SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slack.apiUrl }),
      { logger: log.logger },
    );
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    process.off("unhandledRejection", onUnhandled);
    await service?.stop();
    await slack?.close();
    await target?.drop();
  });

  const post = (body: string, headers: Record<string, string>, contentType = "application/x-www-form-urlencoded") =>
    fetch(`http://127.0.0.1:${service.port}/slack/events`, { method: "POST", headers: { "content-type": contentType, ...headers }, body });
  const signedPost = (body: string, contentType?: string) => post(body, slackSignature(SECRET, body), contentType);
  const texts = (blocks: unknown) => JSON.stringify(blocks);

  it("answers a signed /kpi AC/S8 in the acknowledgement, privately, with a Share button", async () => {
    const res = await signedPost(slashCommandBody("AC/S8", slack.responseUrl("cmd1")));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.response_type).toBe("ephemeral");
    expect(texts(body.blocks)).toContain("53.2%");
    expect(texts(body.blocks)).toContain("63.0%");
    expect(texts(body.blocks)).toContain("🔴");
    expect(texts(body.blocks)).toContain('"action_id":"kpi_share"');
  });

  it("refuses a wrong signature, a body changed after signing and a stale timestamp with 401", async () => {
    const body = slashCommandBody("AC/S8", slack.responseUrl("bad"));
    expect((await post(body, slackSignature("not-the-secret", body))).status).toBe(401);
    expect((await post(body.replace("AC%2FS8", "AC%2FS9"), slackSignature(SECRET, body))).status).toBe(401);
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await post(body, slackSignature(SECRET, body, sixMinutesAgo))).status).toBe(401);
    expect((await post(body, {})).status).toBe(401);
    expect(slack.calls.filter((c) => c.path === "/response/bad")).toHaveLength(0);
    expect(log.text()).toMatch(/verification failed/);
  });

  it("shares an answer in the channel and removes the private copy", async () => {
    const res = await signedPost(buttonBody("kpi_share", "AC/S8", slack.responseUrl("share1")));
    expect(res.status).toBe(200);
    const posted = await slack.waitFor((c) => c.path === "/response/share1" && c.body.response_type === "in_channel");
    expect(texts(posted.body.blocks)).toContain("53.2%");
    expect(texts(posted.body.blocks)).toContain("Shared by <@U1>");
    expect(texts(posted.body.blocks)).not.toContain("kpi_share");
    await slack.waitFor((c) => c.path === "/response/share1" && c.body.delete_original === true);
  });

  it("pages lists with Next and shows history", async () => {
    const first = await (await signedPost(slashCommandBody("green", slack.responseUrl("g1")))).json();
    expect(texts(first.blocks)).toContain("Page 1 of 2");
    expect(texts(first.blocks)).toContain('"value":"green page 2"');
    await signedPost(buttonBody("kpi_page", "green page 2", slack.responseUrl("g2")));
    const second = await slack.waitFor((c) => c.path === "/response/g2");
    expect(second.body.replace_original).toBe(true);
    expect(texts(second.body.blocks)).toContain("Page 2 of 2");

    await signedPost(buttonBody("kpi_history", "CG/S17", slack.responseUrl("h1")));
    const history = await slack.waitFor((c) => c.path === "/response/h1");
    expect(texts(history.body.blocks)).toContain("Q1 2015/16");
    expect(texts(history.body.blocks)).toContain("19.4%");
  });

  it("publishes the App Home when it is opened", async () => {
    const event = JSON.stringify({
      token: "legacy-verification-token",
      team_id: "T1",
      api_app_id: "A1",
      type: "event_callback",
      event_id: "Ev1",
      event_time: Math.floor(Date.now() / 1000),
      event: { type: "app_home_opened", user: "U1", channel: "D1", tab: "home", event_ts: "1.1" },
    });
    expect((await signedPost(event, "application/json")).status).toBe(200);
    const published = await slack.waitFor((c) => c.path.startsWith("/api/views.publish"));
    expect(published.body.user_id).toBe("U1");
    const view = published.body.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe("home");
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(texts(view.blocks)).toContain("Worsened most");
    expect(texts(view.blocks)).toContain("not linked");
  });

  it("answers 1,000 random command texts each with 200 and a message, and no unhandled rejection", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 1000, unit: "binary" }), async (text) => {
        const res = await signedPost(slashCommandBody(text, slack.responseUrl(`fuzz${n++}`)));
        expect(res.status).toBe(200);
        const body = await res.json();
        expect(typeof body.text).toBe("string");
        expect(body.text.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
    expect(unhandled).toEqual([]);
  }, 120_000);

  it("never writes the bot token or the signing secret to a log", () => {
    const everything = `${logged.join("\n")}\n${log.text()}`;
    expect(log.entries().length).toBeGreaterThan(0);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(SECRET);
  });
});

describe("Slack answers that take longer than the acknowledgement allows", () => {
  it("acknowledges at once and answers through response_url", async () => {
    const target = await freshDatabase("sqlite");
    const slack = await startFakeSlack();
    // An acknowledgement budget of 0 ms: every answer goes the slow way.
    const service = await startService(loadConfig({ DATABASE_URL: target.url, PORT: "0", HOST: "127.0.0.1", SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slack.apiUrl }), { logger: memoryLog().logger, slackAckBudgetMs: 0 });
    try {
      const body = slashCommandBody("AC/S8", slack.responseUrl("slow"));
      const res = await fetch(`http://127.0.0.1:${service.port}/slack/events`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...slackSignature(SECRET, body) }, body });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ response_type: "ephemeral", text: "Looking that up…" });
      const answer = await slack.waitFor((c) => c.path === "/response/slow");
      expect(answer.body).toMatchObject({ response_type: "ephemeral", replace_original: true });
      expect(JSON.stringify(answer.body.blocks)).toContain("53.2%");
    } finally {
      await service.stop();
      await slack.close();
      await target.drop();
    }
  });
});

describe("Slack settings", () => {
  it("refuses a bot token without a signing secret in HTTP mode, naming what to set", () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: TOKEN })).toThrow(/SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN in HTTP mode/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: TOKEN, SLACK_APP_TOKEN: "xapp-1-socket" })).not.toThrow();
  });
});
