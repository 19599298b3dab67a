// Slack through the real HTTP receiver: requests signed as Slack signs them,
// replies recorded by a local server standing in for Slack.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { startService, type Service } from "../../src/service.ts";
import { freshDatabase, type TestDatabase } from "../helpers/databases.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import { buttonBody, slackSignature, slashCommandBody, startFakeSlack, unreachableUrl, type FakeSlack } from "../helpers/fake-slack.ts";
import { memoryLog, type MemoryLog } from "../helpers/log.ts";

const SECRET = "test-signing-secret-0123456789";
const TOKEN = "xoxb-test-bot-token-0123456789";

/** A service on a fresh demo database, Slack in HTTP mode; `prepare` may change the data first. */
async function startSlackService(apiUrl: string, log: MemoryLog, prepare?: (db: Awaited<ReturnType<typeof prepareDatabase>>["database"]["db"]) => Promise<unknown>) {
  const target = await freshDatabase("sqlite");
  if (prepare) {
    const { database } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: true });
    await prepare(database.db);
    await database.close();
  }
  const service = await startService(loadConfig({ DATABASE_URL: target.url, PORT: "0", HOST: "127.0.0.1", SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: apiUrl }), { logger: log.logger });
  const post = (body: string, contentType = "application/x-www-form-urlencoded") =>
    fetch(`http://127.0.0.1:${service.port}/slack/events`, { method: "POST", headers: { "content-type": contentType, ...slackSignature(SECRET, body) }, body });
  const stop = async () => {
    await service.stop();
    await target.drop();
  };
  return { service, target, post, stop };
}

const appHomeOpened = (user: string) =>
  JSON.stringify({
    token: "legacy-verification-token",
    team_id: "T1",
    api_app_id: "A1",
    type: "event_callback",
    event_id: "Ev1",
    event_time: Math.floor(Date.now() / 1000),
    event: { type: "app_home_opened", user, channel: "D1", tab: "home", event_ts: "1.1" },
  });

/** Log entries at warning level and above. */
const problems = (log: MemoryLog) => log.entries().filter((e) => Number(e.level) >= 40);

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

  const send = (body: string, headers: Record<string, string>, contentType: string) =>
    fetch(`http://127.0.0.1:${service.port}/slack/events`, { method: "POST", headers: { "content-type": contentType, ...headers }, body });
  // A kept-alive connection the server closed as the request went out (on a busy machine, between tests)
  // is sent again, as HTTP clients do: what is tested is the answer, not the client's connection reuse.
  const post = (body: string, headers: Record<string, string>, contentType = "application/x-www-form-urlencoded") =>
    send(body, headers, contentType).catch((error: { cause?: { code?: string } }) => {
      if (error.cause?.code !== "ECONNRESET") throw error;
      return send(body, headers, contentType);
    });
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

  // As the README says: Slack's scheme has no nonce, so the same signed request within the window is taken again (Bolt does the same).
  it("answers a signed request sent again within five minutes, and refuses it once the five minutes are past", async () => {
    const body = slashCommandBody("AC/S8", slack.responseUrl("replayed"));
    const signed = slackSignature(SECRET, body, Math.floor(Date.now() / 1000) - 4 * 60);
    expect((await post(body, signed)).status).toBe(200);
    expect((await post(body, signed)).status).toBe(200);
    const signedLongAgo = slackSignature(SECRET, body, Math.floor(Date.now() / 1000) - 5 * 60 - 5);
    expect((await post(body, signedLongAgo)).status).toBe(401);
  });

  it("refuses a request stamped more than five minutes ahead with the server's short 401, and sends nothing", async () => {
    const body = slashCommandBody("AC/S8", slack.responseUrl("future"));
    const now = Math.floor(Date.now() / 1000);
    const ahead = await post(body, slackSignature(SECRET, body, now + 6 * 60));
    expect(ahead.status).toBe(401);
    expect(await ahead.json()).toEqual({ error: "Not authorised.", requestId: ahead.headers.get("x-request-id") });
    const forged = await post(body, slackSignature("not-the-secret", body));
    expect(await forged.json()).toEqual({ error: "Not authorised.", requestId: forged.headers.get("x-request-id") });
    // Within five minutes either way is Slack's allowance for clocks that differ.
    expect((await post(body, slackSignature(SECRET, body, now + 4 * 60))).status).toBe(200);
    expect((await post(body, slackSignature(SECRET, body, now - 4 * 60))).status).toBe(200);
    expect(slack.calls.filter((c) => c.path === "/response/future")).toHaveLength(0);
  });

  it("says a button is out of date when its value is missing, unreadable or names nothing any more", async () => {
    const presses: [string, string | null][] = [
      ["kpi_history", null],
      ["kpi_history", "AC/S99"],
      ["kpi_commentary", ""],
      ["kpi_share", null],
      ["kpi_page", "x".repeat(2001)],
      ["kpi_open", null],
    ];
    for (const [i, [actionId, value]] of presses.entries()) {
      expect((await signedPost(buttonBody(actionId, value, slack.responseUrl(`stale${i}`)))).status).toBe(200);
      const reply = await slack.waitFor((c) => c.path === `/response/stale${i}`);
      expect(reply.body.text, `${actionId} ${value}`).toMatch(/^That button is out of date: ask again with `\/kpi/);
      expect(reply.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    }
    const history = await slack.waitFor((c) => c.path === "/response/stale1");
    expect(history.body.text).toContain("`/kpi AC/S99`");
  });

  it("reports Slack's state in the body of /healthz", async () => {
    const res = await fetch(`http://127.0.0.1:${service.port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok", slack: "ok" });
  });

  it("shares an answer in the channel and removes the private copy: an indicator's card with its chart (slack-charts.test.ts), anything else through response_url", async () => {
    const res = await signedPost(buttonBody("kpi_share", "AC/S8", slack.responseUrl("share1")));
    expect(res.status).toBe(200);
    const posted = await slack.waitFor((c) => c.path.startsWith("/api/files.completeUploadExternal") && c.body.channel_id === "C1");
    expect(texts(posted.body.blocks)).toContain("53.2%");
    expect(texts(posted.body.blocks)).toContain("Shared by <@U1>");
    expect(texts(posted.body.blocks)).not.toContain("kpi_share");
    await slack.waitFor((c) => c.path === "/response/share1" && c.body.delete_original === true);

    await signedPost(buttonBody("kpi_share", "summary", slack.responseUrl("share1b")));
    const summary = await slack.waitFor((c) => c.path === "/response/share1b" && c.body.response_type === "in_channel");
    expect(texts(summary.body.blocks)).toContain("Shared by <@U1>");
    expect(texts(summary.body.blocks)).not.toContain("kpi_share");
    await slack.waitFor((c) => c.path === "/response/share1b" && c.body.delete_original === true);
  });

  it("tells the sharer privately that an answer whose question now finds nothing is out of date, and posts nothing in the channel", async () => {
    const start = slack.calls.length;
    expect((await signedPost(buttonBody("kpi_share", "zzyzx quokka", slack.responseUrl("share-stale")))).status).toBe(200);
    const reply = await slack.waitFor((c) => c.path === "/response/share-stale");
    expect(reply.body).toMatchObject({ response_type: "ephemeral", replace_original: false, text: "That button is out of date: ask again with `/kpi zzyzx quokka`." });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const since = slack.calls.slice(start);
    expect(since.filter((c) => c.path === "/response/share-stale")).toHaveLength(1);
    expect(since.filter((c) => c.path.startsWith("/api/"))).toEqual([]);
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

describe("Slack's /kpi route", () => {
  it("logs an answer that response_url would not take, once, with what was asked", async () => {
    const target = await freshDatabase("sqlite");
    const slack = await startFakeSlack();
    const log = memoryLog();
    const service = await startService(loadConfig({ DATABASE_URL: target.url, PORT: "0", HOST: "127.0.0.1", SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slack.apiUrl }), { logger: log.logger, slackAckBudgetMs: 0, jobs: false });
    try {
      const body = slashCommandBody("AC/S8", `${await unreachableUrl()}response/gone`);
      const res = await fetch(`http://127.0.0.1:${service.port}/slack/events`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...slackSignature(SECRET, body) }, body });
      expect(await res.json()).toMatchObject({ text: "Looking that up…" });
      await expect.poll(() => log.text(), { timeout: 15_000 }).toContain("Slack: /kpi AC/S8 failed");
      expect(log.text().split("Slack: /kpi AC/S8 failed").length - 1).toBe(1);
    } finally {
      await service.stop();
      await slack.close();
      await target.drop();
    }
  });

  it("leaves Slack's certificate check (ssl_check) and other commands to Bolt, which answers them 200", async () => {
    const target = await freshDatabase("sqlite");
    const slack = await startFakeSlack();
    const service = await startService(loadConfig({ DATABASE_URL: target.url, PORT: "0", HOST: "127.0.0.1", SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slack.apiUrl }), { logger: memoryLog().logger, jobs: false });
    try {
      const post = (body: string) => fetch(`http://127.0.0.1:${service.port}/slack/events`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...slackSignature(SECRET, body) }, body });
      const check = await post(new URLSearchParams({ ssl_check: "1", token: "legacy-verification-token" }).toString());
      expect(check.status).toBe(200);
      expect(await check.text()).toBe("");
      const other = await post(slashCommandBody("AC/S8", slack.responseUrl("other")).replace("command=%2Fkpi", "command=%2Fother"));
      expect(await other.text()).not.toContain("53.2%");
      // The same request as /kpi is answered by the route, with the card.
      const kpi = await post(slashCommandBody("AC/S8", slack.responseUrl("kpi")));
      expect(kpi.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(JSON.stringify((await kpi.json()).blocks)).toContain("53.2%");
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

describe("Slack when its Web API cannot be reached at start-up", () => {
  let slack: FakeSlack;
  let running: Awaited<ReturnType<typeof startSlackService>>;
  const log = memoryLog();
  beforeAll(async () => {
    // Slack's response_url answers; its Web API (auth.test, views.publish) is a closed port.
    slack = await startFakeSlack();
    running = await startSlackService(await unreachableUrl(), log);
  });
  afterAll(async () => {
    await running?.stop();
    await slack?.close();
  });

  it("answers a signed /kpi AC/S8 with the card in the acknowledgement", async () => {
    const res = await running.post(slashCommandBody("AC/S8", slack.responseUrl("down1")));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(JSON.stringify(body.blocks)).toContain("53.2%");
  });

  it("answers buttons through response_url", async () => {
    expect((await running.post(buttonBody("kpi_history", "AC/S8", slack.responseUrl("down2")))).status).toBe(200);
    const history = await slack.waitFor((c) => c.path === "/response/down2");
    expect(JSON.stringify(history.body.blocks)).toContain("53.2%");
  });

  it("says Slack is unreachable in /healthz, whose status stays the database's", async () => {
    const res = await fetch(`http://127.0.0.1:${running.service.port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: "ok", slack: "unreachable" });
  });

  it("logs the failed token check once, saying what to check, and says so at start", () => {
    const logged = problems(log);
    expect(logged).toHaveLength(1);
    expect(logged[0]!.msg).toMatch(/did not accept the bot token \(auth\.test\): check SLACK_BOT_TOKEN/);
    expect(running.service.notices.join("\n")).toMatch(/bot token could not be checked/);
    expect(log.text()).not.toContain(TOKEN);
  });
});

describe("Slack failures", () => {
  let slack: FakeSlack;
  let running: Awaited<ReturnType<typeof startSlackService>>;
  const log = memoryLog();
  beforeAll(async () => {
    slack = await startFakeSlack();
    // The database breaks before the service reads it: the periods table is gone, so the read model cannot
    // load (every question is answered from it) and neither can anything read directly.
    running = await startSlackService(slack.apiUrl, log, (db) => db.$executeRawUnsafe(`ALTER TABLE "Period" RENAME TO "PeriodGone"`));
  });
  afterAll(async () => {
    await running?.stop();
    await slack?.close();
  });

  const since = (count: number) => problems(log).slice(count);

  it("logs the failed read at start-up once", async () => {
    await expect.poll(() => problems(log).length, { timeout: 15_000 }).toBe(1);
    expect(problems(log)[0]).toMatchObject({ level: 50, msg: expect.stringMatching(/reading the indicators at start failed/) });
  });

  it("answers a command that fails with the apology, and logs it once with the command, the user and the request id", async () => {
    const before = problems(log).length;
    const res = await running.post(slashCommandBody("actions", slack.responseUrl("fail1"), "U7"));
    expect(res.status).toBe(200);
    expect((await res.json()).text).toMatch(/^Sorry, that question could not be answered just now/);
    const logged = since(before);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 50, doing: "/kpi actions", user: "U7", requestId: res.headers.get("x-request-id") });
    expect(logged[0]!.err).toMatchObject({ message: expect.stringMatching(/Period/) });
  });

  it("answers a button that fails with the apology, and logs it once", async () => {
    const before = problems(log).length;
    const res = await running.post(buttonBody("kpi_open", "actions", slack.responseUrl("fail2"), "U7"));
    const reply = await slack.waitFor((c) => c.path === "/response/fail2");
    expect(reply.body.text).toMatch(/^Sorry, that question could not be answered just now/);
    expect(since(before)).toEqual([expect.objectContaining({ level: 50, doing: "button kpi_open actions", user: "U7", requestId: res.headers.get("x-request-id") })]);
  });

  it("logs a failed App Home once", async () => {
    const before = problems(log).length;
    expect((await running.post(appHomeOpened("U7"), "application/json")).status).toBe(200);
    // Errors only: whether the warning that U7's email could not be read comes first is a race, and beside the point.
    const errors = () => since(before).filter((p) => Number(p.level) >= 50);
    await expect.poll(() => errors().length, { timeout: 15_000 }).toBe(1);
    expect(errors()[0]).toMatchObject({ level: 50, doing: "event app_home_opened", user: "U7" });
    expect(slack.calls.filter((c) => c.path.startsWith("/api/views.publish"))).toHaveLength(0);
  });

  it("never logs the bot token or the signing secret", () => {
    expect(log.text()).not.toContain(TOKEN);
    expect(log.text()).not.toContain(SECRET);
  });
});

describe("Slack never lets a question or the data mention anyone", () => {
  const TITLE = "Clients <!here> & <@U123> in <#C1> > 5 <!channel>";
  let slack: FakeSlack;
  let running: Awaited<ReturnType<typeof startSlackService>>;
  beforeAll(async () => {
    slack = await startFakeSlack();
    running = await startSlackService(slack.apiUrl, memoryLog(), async (db) => {
      await db.indicator.updateMany({ where: { ref: "AC/S8" }, data: { title: TITLE, benchmarkText: "London <!everyone> & more" } });
      // AC/S8's owner is the Slack user U1; CG/S17's owner has an id that is not one.
      await db.person.update({ where: { email: "alex.morgan@example.org" }, data: { slackUserId: "U1" } });
      await db.person.update({ where: { email: "priya.shah@example.org" }, data: { slackUserId: "U2><!channel" } });
    });
  });
  afterAll(async () => {
    await running?.stop();
    await slack?.close();
  });

  /** Every text Slack reads as markup in a message or view: the fallback text and every mrkdwn object. */
  const markup = (message: unknown): string[] => {
    const found: string[] = [];
    const walk = (node: unknown, top: boolean): void => {
      if (Array.isArray(node)) return node.forEach((n) => walk(n, false));
      if (!node || typeof node !== "object") return;
      const o = node as Record<string, unknown>;
      if ((top || o.type === "mrkdwn") && typeof o.text === "string") found.push(o.text);
      for (const value of Object.values(o)) walk(value, false);
    };
    walk(message, true);
    return found;
  };

  it("escapes <!here>, <!channel>, <@U123>, <#C1>, & and > from questions and data in every message it sends", async () => {
    const sent: unknown[] = [];
    const questions = ["<!here>", "<!channel> red", "<@U123>", "<#C1>", "& < >", "AC/S8", "CG/S17", "summary <!here>", "AC/S8 <!everyone>"];
    for (const [i, question] of questions.entries()) {
      sent.push(await (await running.post(slashCommandBody(question, slack.responseUrl(`ask${i}`)))).json());
      // Shared through response_url, or (an indicator's card) with its chart as a file message; a question that
      // finds nothing is not shared, and the sharer is told privately (with the question) that it is out of date.
      const filed = slack.fileMessages.length;
      await running.post(buttonBody("kpi_share", question, slack.responseUrl(`share${i}`)));
      const done = await slack.waitFor((c) => c.path === `/response/share${i}` && (c.body.delete_original === true || c.body.response_type === "ephemeral"));
      const asText = slack.calls.find((c) => c.path === `/response/share${i}` && c.body.response_type === "in_channel");
      sent.push(done.body.response_type === "ephemeral" ? done.body : asText ? asText.body : { blocks: slack.fileMessages[filed]!.blocks });
    }
    await running.post(buttonBody("kpi_history", "AC/S8", slack.responseUrl("history")));
    sent.push((await slack.waitFor((c) => c.path === "/response/history")).body);
    await running.post(appHomeOpened("U1"), "application/json");
    sent.push((await slack.waitFor((c) => c.path.startsWith("/api/views.publish"))).body.view);

    const texts = sent.flatMap(markup).join("\n");
    // The only mentions: the user who shared (U1) and an owner by a well-formed id (U1 again).
    expect(texts.replace(/<@U1>/g, "")).not.toMatch(/<[!@#]/);
    expect(texts).toContain("Shared by <@U1>");
    // What was written is shown, escaped.
    expect(texts).toContain("Clients &lt;!here&gt; &amp; &lt;@U123&gt; in &lt;#C1&gt; &gt; 5 &lt;!channel&gt;");
    expect(texts).toContain("London &lt;!everyone&gt; &amp; more");
    expect(texts).toContain("&lt;#C1&gt;");
    expect(texts).toContain("U2&gt;&lt;!channel");
  });
});
