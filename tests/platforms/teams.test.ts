// Teams through /api/messages, as the Bot Framework Emulator talks to it: activities
// posted with a serviceUrl pointing at a local server that receives the replies.
import { createServer } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { isLoopback } from "../../src/platforms/teams/app.ts";
import { startService, type Service } from "../../src/service.ts";
import { memoryLog, type MemoryLog } from "../helpers/log.ts";
import { freshDatabase, type TestDatabase } from "../helpers/databases.ts";
import { startFakeSlack as startRecorder, type FakeSlack as Recorder } from "../helpers/fake-slack.ts";

let sequence = 0;
function activity(serviceUrl: string, text: string, extra: Record<string, unknown> = {}) {
  const id = `act${++sequence}`;
  return {
    id,
    body: {
      type: "message",
      id,
      timestamp: new Date().toISOString(),
      channelId: "msteams",
      serviceUrl,
      from: { id: "29:user1", name: "Officer", aadObjectId: "00000000-0000-0000-0000-000000000001" },
      recipient: { id: "28:bot", name: "KPI" },
      conversation: { id: "a:conversation-1", conversationType: "personal", tenantId: "tenant-1" },
      text,
      locale: "en-GB",
      ...extra,
    },
  };
}

interface Running {
  service: Service;
  connector: Recorder;
  /** What the service logged, at the default level (info). */
  log: MemoryLog;
  /** POSTs to /api/messages from this machine. */
  post(body: string | object, headers?: Record<string, string>): Promise<Response>;
  /** The activity the connector received in reply to the activity `id`. */
  replyTo(id: string): Promise<{ body: Record<string, unknown> }>;
}

/**
 * Within a describe block: the service on a fresh database, and a local server standing in for the Bot Connector;
 * without an app id, with local testing asked for (TEAMS_LOCAL=true) unless `env` says otherwise.
 */
function teamsService(env: Record<string, string> = {}): Running {
  let target: TestDatabase | undefined;
  // Filled in before the tests run.
  const running = {
    post: (body: string | object, headers: Record<string, string> = {}) =>
      fetch(`http://127.0.0.1:${running.service.port}/api/messages`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) }),
    replyTo: (id: string) => running.connector.waitFor((c) => c.path.startsWith("/v3/conversations/") && c.path.endsWith(`/activities/${id}`) && c.body.type === "message"),
  } as unknown as Running;
  beforeAll(async () => {
    target = await freshDatabase("sqlite");
    running.connector = await startRecorder();
    running.log = memoryLog("info");
    const local = env.MICROSOFT_APP_ID ? {} : { TEAMS_LOCAL: "true" };
    running.service = await startService(loadConfig({ DATABASE_URL: target.url, PORT: "0", HOST: "127.0.0.1", ...local, ...env }), { logger: running.log.logger });
  });
  afterAll(async () => {
    await running.service?.stop();
    await running.connector?.close();
    await target?.drop();
  });
  return running;
}

/** The lines logged about one request: the HTTP server's (req.id) and the Teams adapter's (requestId). */
async function linesAbout(log: MemoryLog, requestId: string): Promise<Record<string, unknown>[]> {
  const about = () => log.entries().filter((e) => (e.req as { id?: string } | undefined)?.id === requestId || e.requestId === requestId);
  for (let waited = 0; about().length === 0 && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  // Time for a second line, were there one.
  await new Promise((resolve) => setTimeout(resolve, 100));
  return about();
}

/** A refusal as every HTTP error must be: short JSON naming the request, nothing internal; one short log line. */
async function expectShortRefusal(running: Running, response: Response, status: number): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const text = await response.text();
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(["error", "requestId"]);
  expect(body.requestId).toBe(response.headers.get("x-request-id"));
  expect(text.length).toBeLessThan(160);
  expect(text).not.toMatch(/node_modules|botframework|ENOTFOUND|\bat \w/);
  const lines = await linesAbout(running.log, String(body.requestId));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ res: { status } });
  expect(JSON.stringify(lines[0]).length).toBeLessThan(600);
  expect(JSON.stringify(lines[0])).not.toMatch(/node_modules|"stack"/);
}

const JSON_TYPE = { "content-type": "application/json" };
/** Input that is not an activity: [what, body, headers, status]. */
const BAD_INPUT: [string, string, Record<string, string>, number][] = [
  ["{}", "{}", JSON_TYPE, 400],
  ["null", "null", JSON_TYPE, 400],
  ["[]", "[]", JSON_TYPE, 400],
  ["malformed JSON", '{"type": "message", "text": ', JSON_TYPE, 400],
  ["an activity without its ids", JSON.stringify({ type: "message", text: "kpi AC/S8" }), JSON_TYPE, 400],
  ["an activity type that is not text", JSON.stringify({ type: 5 }), JSON_TYPE, 400],
  ["a body over 1 MB", JSON.stringify({ type: "message", text: "x".repeat(1_100_000) }), JSON_TYPE, 413],
  ["a body that is not JSON", "kpi AC/S8", { "content-type": "text/plain" }, 415],
];

function answersBadInputShortly(running: Running): void {
  for (const [what, body, headers, status] of BAD_INPUT) {
    it(`answers ${what} with a short JSON ${status} and one short log line`, async () => {
      await expectShortRefusal(running, await running.post(body, headers), status);
    });
  }
}

/** The calls the connector received in reply to these activities. */
async function repliesTo(running: Running, ids: string[]) {
  // Time for a reply to arrive, were one sent.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return running.connector.calls.filter((c) => ids.some((id) => c.path.endsWith(`/activities/${id}`) && c.body.type === "message"));
}

describe("Teams without an app id (local trial)", () => {
  const running = teamsService();

  const send = (body: object) => running.post(body);
  const replyTo = running.replyTo;
  const cardOf = (call: { body: Record<string, unknown> }) => ((call.body.attachments as { contentType: string; content: Record<string, unknown> }[])[0]!);

  it("answers kpi AC/S8 with an Adaptive Card carrying 53.2%, posted to the activity's serviceUrl", async () => {
    const { id, body } = activity(`${running.connector.url}/`, "kpi AC/S8");
    expect((await send(body)).status).toBeLessThan(300);
    const attachment = cardOf(await replyTo(id));
    expect(attachment.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(attachment.content).toMatchObject({ type: "AdaptiveCard", version: "1.5" });
    expect(JSON.stringify(attachment.content)).toContain("53.2%");
    expect(JSON.stringify(attachment.content)).toContain("63.0%");
  });

  it("removes the @mention in a channel and reads the same query language", async () => {
    const { id, body } = activity(`${running.connector.url}/`, "<at>KPI</at> red adults worsening", {
      conversation: { id: "19:channel-1@thread.tacv2", conversationType: "channel", isGroup: true, tenantId: "tenant-1" },
      entities: [{ type: "mention", mentioned: { id: "28:bot", name: "KPI" }, text: "<at>KPI</at>" }],
    });
    await send(body);
    const content = JSON.stringify(cardOf(await replyTo(id)).content);
    expect(content).toContain("AC/S8");
    expect(content).toContain("1 indicator");
  });

  it("keeps the conversation reference of every chat it is spoken to in", async () => {
    const rows = await running.service.database.db.conversation.findMany({ where: { platform: "teams" } });
    expect(rows.map((r) => r.conversationId).sort()).toEqual(["19:channel-1@thread.tacv2", "a:conversation-1"]);
    expect(JSON.parse(rows[0]!.reference)).toMatchObject({ serviceUrl: `${running.connector.url}/` });
  });

  it("keeps the reference of a team it is installed in before anyone speaks", async () => {
    const { body } = activity(`${running.connector.url}/`, "", {
      type: "conversationUpdate",
      conversation: { id: "19:team-general@thread.tacv2", conversationType: "channel", isGroup: true, tenantId: "tenant-1" },
      membersAdded: [{ id: "28:bot", name: "KPI" }],
      channelData: { eventType: "teamMemberAdded", team: { id: "19:team-general@thread.tacv2" }, tenant: { id: "tenant-1" } },
    });
    expect((await send({ ...body, text: undefined })).status).toBeLessThan(300);
    const row = await running.service.database.db.conversation.findUnique({ where: { platform_conversationId: { platform: "teams", conversationId: "19:team-general@thread.tacv2" } } });
    expect(row).not.toBeNull();
  });

  it("answers card buttons: History and Next page", async () => {
    const history = activity(`${running.connector.url}/`, "", { value: { verb: "kpi_history", ref: "CG/S17" } });
    await send(history.body);
    expect(JSON.stringify(cardOf(await replyTo(history.id)).content)).toContain("Q1 2015/16");
    const next = activity(`${running.connector.url}/`, "", { value: { verb: "kpi_page", query: "green page 2" } });
    await send(next.body);
    expect(JSON.stringify(cardOf(await replyTo(next.id)).content)).toContain("Page 2 of 2");
  });

  it("finds indicators in the Find indicator search and inserts the chosen one's card", async () => {
    const invoke = (name: string, value: object) => {
      const { body } = activity(`${running.connector.url}/`, "");
      return send({ ...body, type: "invoke", name, value, text: undefined });
    };
    const search = await invoke("composeExtension/query", { commandId: "findIndicator", parameters: [{ name: "query", value: "enablement" }], queryOptions: { skip: 0, count: 25 } });
    expect(search.status).toBe(200);
    const result = (await search.json()).composeExtension;
    expect(result.type).toBe("result");
    expect(result.attachments[0].preview.content).toMatchObject({ title: "AC/S8", tap: { type: "invoke", value: { ref: "AC/S8" } } });

    const chosen = await invoke("composeExtension/selectItem", { ref: "AC/S8" });
    expect(chosen.status).toBe(200);
    const inserted = (await chosen.json()).composeExtension.attachments[0];
    expect(inserted.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(JSON.stringify(inserted.content)).toContain("53.2%");

    const nothing = await invoke("composeExtension/query", { commandId: "findIndicator", parameters: [{ name: "query", value: "qqqqxxxx" }] });
    expect((await nothing.json()).composeExtension.attachments).toEqual([]);
  });

  it("takes messages from this machine only", () => {
    for (const local of ["127.0.0.1", "::1", "::ffff:127.0.0.1", "127.0.0.2"]) expect(isLoopback(local)).toBe(true);
    for (const remote of ["10.0.0.5", "192.168.1.20", "::ffff:10.0.0.5", "2001:db8::1", undefined]) expect(isLoopback(remote)).toBe(false);
  });

  // Behind a reverse proxy on this machine every request arrives from 127.0.0.1: without TRUST_PROXY a
  // forwarded request is refused, whatever client it names. (The addresses are only headers.)
  it("refuses, with 401 and nothing sent, a request a proxy forwarded", async () => {
    const ids: string[] = [];
    for (const headers of [{ "x-forwarded-for": "203.0.113.9" }, { "x-forwarded-for": "127.0.0.1" }, { forwarded: "for=203.0.113.9" }] as Record<string, string>[]) {
      const { id, body } = activity(`${running.connector.url}/`, "kpi AC/S8");
      ids.push(id);
      await expectShortRefusal(running, await running.post(body, headers), 401);
    }
    expect(await repliesTo(running, ids)).toEqual([]);
  });

  it("says a card button it cannot read is out of date, and how to ask again", async () => {
    for (const value of [{ verb: "kpi_history" }, { verb: "kpi_page", query: 42 }, { verb: "kpi_retired_verb", ref: "AC/S8" }]) {
      const { id, body } = activity(`${running.connector.url}/`, "", { value });
      expect((await running.post(body)).status).toBe(200);
      const text = String((await replyTo(id)).body.text);
      expect(text, JSON.stringify(value)).toContain("out of date");
      expect(text).toContain("kpi AC/S8");
      expect(text).not.toContain("try again in a minute");
    }
  });

  answersBadInputShortly(running);
});

describe("Teams without an app id behind a proxy on this machine (TRUST_PROXY=loopback)", () => {
  const running = teamsService({ TRUST_PROXY: "loopback" });

  it("answers a client the proxy says is this machine", async () => {
    const { id, body } = activity(`${running.connector.url}/`, "kpi AC/S8");
    expect((await running.post(body, { "x-forwarded-for": "127.0.0.1" })).status).toBe(200);
    expect(JSON.stringify((await running.replyTo(id)).body)).toContain("53.2%");
  });

  it("refuses, with 401 and nothing sent, a client elsewhere however the chain reads", async () => {
    const ids: string[] = [];
    for (const headers of [{ "x-forwarded-for": "203.0.113.9" }, { "x-forwarded-for": "127.0.0.1, 203.0.113.9" }, { "x-forwarded-for": "203.0.113.9, 127.0.0.1" }, { forwarded: "for=127.0.0.1" }] as Record<string, string>[]) {
      const { id, body } = activity(`${running.connector.url}/`, "kpi AC/S8");
      ids.push(id);
      await expectShortRefusal(running, await running.post(body, headers), 401);
    }
    expect(await repliesTo(running, ids)).toEqual([]);
  });
});

describe("Teams without an app id behind a proxy trusted blindly (TRUST_PROXY=true)", () => {
  const running = teamsService({ TRUST_PROXY: "true" });

  // express would take the leftmost address, which the client wrote; every hop must be this machine.
  it("refuses a client that wrote 127.0.0.1 before its own address", async () => {
    const { id, body } = activity(`${running.connector.url}/`, "kpi AC/S8");
    await expectShortRefusal(running, await running.post(body, { "x-forwarded-for": "127.0.0.1, 203.0.113.9" }), 401);
    expect(await repliesTo(running, [id])).toEqual([]);
  });
});

// As Microsoft's Teams SDK does: with no bot registration and no local testing asked for, the origin of a request
// proves nothing (nginx's plain proxy_pass adds no X-Forwarded-For), so every request is refused.
describe("Teams without an app id and without TEAMS_LOCAL", () => {
  const running = teamsService({ TEAMS_LOCAL: "false" });

  it("refuses every request with 401, from this machine too, however it is forwarded, and sends nothing", async () => {
    const ids: string[] = [];
    for (const headers of [{}, { "x-real-ip": "127.0.0.1" }, { "x-forwarded-for": "127.0.0.1" }, { forwarded: "for=127.0.0.1" }] as Record<string, string>[]) {
      const { id, body } = activity(`${running.connector.url}/`, "kpi AC/S8");
      ids.push(id);
      await expectShortRefusal(running, await running.post(body, headers), 401);
    }
    // Not even what is not an activity reaches a parser.
    await expectShortRefusal(running, await running.post("kpi AC/S8", { "content-type": "text/plain" }), 401);
    expect(await repliesTo(running, ids)).toEqual([]);
  });

  it("says so at start", () => {
    expect(running.service.notices.join("\n")).toMatch(/Teams: no MICROSOFT_APP_ID, so \/api\/messages refuses every request \(401\)/);
    expect(running.log.text()).not.toContain("TEAMS_LOCAL=true: Teams activities are not authenticated");
  });
});

describe("Teams without an app id with TEAMS_LOCAL=true", () => {
  const running = teamsService({ TEAMS_LOCAL: "true" });

  it("warns at start that activities are not authenticated", () => {
    expect(running.log.entries()).toContainEqual(expect.objectContaining({ level: 40, msg: expect.stringMatching(/^TEAMS_LOCAL=true: Teams activities are not authenticated/) }));
  });
});

describe("Teams failures", () => {
  const running = teamsService();

  it("a reply the Bot Connector refuses is logged once, with what was being done and whether the user was told", async () => {
    // Teams refuses replies to a conversation the bot has been removed from.
    const refusing = createServer((_req, res) => {
      res.writeHead(403, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "BotNotInConversationRoster", message: "The bot is not part of the conversation roster." } }));
    });
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    try {
      const address = refusing.address();
      const { body } = activity(`http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`, "kpi AC/S8");
      const response = await running.post(body);
      expect(response.status).toBe(200);
      const lines = await linesAbout(running.log, response.headers.get("x-request-id")!);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 50, platform: "teams", msg: "answering a Teams message failed", apologised: false });
      expect(JSON.stringify(lines[0])).not.toMatch(/node_modules|"stack"/);
    } finally {
      refusing.close();
    }
  });

  it("a search that fails shows the apology in the search results, and is logged once", async () => {
    const { body } = activity(`${running.connector.url}/`, "");
    // teams-ai reads parameters as a list: a number makes it throw.
    const response = await running.post({ ...body, type: "invoke", name: "composeExtension/query", value: { commandId: "findIndicator", parameters: 5 }, text: undefined });
    expect(response.status).toBe(200);
    expect((await response.json()).composeExtension).toMatchObject({ type: "message", text: expect.stringContaining("Sorry") });
    const lines = await linesAbout(running.log, response.headers.get("x-request-id")!);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, platform: "teams", msg: "answering a Teams invoke composeExtension/query failed", apologised: true, err: { type: "TypeError" } });
  });

  it("a conversation reference that cannot be kept is logged once, and the question still answered", async () => {
    await running.service.database.db.$executeRawUnsafe('DROP TABLE "Conversation"');
    const { id, body } = activity(`${running.connector.url}/`, "kpi AC/S8");
    const response = await running.post(body);
    expect(response.status).toBe(200);
    expect(JSON.stringify((await running.replyTo(id)).body)).toContain("53.2%");
    const lines = await linesAbout(running.log, response.headers.get("x-request-id")!);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, platform: "teams", msg: "keeping the Teams conversation reference failed" });
    // P2021: the table does not exist.
    expect(lines[0]!.err).toMatchObject({ code: "P2021" });
  });
});

describe("Teams with an app id", () => {
  const running = teamsService({ MICROSOFT_APP_ID: "11111111-2222-3333-4444-555555555555", MICROSOFT_APP_PASSWORD: "not-a-real-password", MICROSOFT_APP_TYPE: "MultiTenant" });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  // Verifying a token fetches Microsoft's signing keys (login.botframework.com): out of reach here, a bad
  // signature where reachable; either way a short 401 that names neither.
  it("refuses unauthenticated and forged activities with a short 401, prints nothing and sends nothing", async () => {
    const printed = [vi.spyOn(console, "error"), vi.spyOn(console, "warn")];
    const forged = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url")}.${Buffer.from('{"iss":"https://api.botframework.com","aud":"11111111-2222-3333-4444-555555555555"}').toString("base64url")}.c2lnbmF0dXJl`;
    for (const headers of [{}, { authorization: `Bearer ${forged}` }, { authorization: "Bearer not-a-token" }] as Record<string, string>[]) {
      const { body } = activity(`${running.connector.url}/`, "kpi AC/S8");
      await expectShortRefusal(running, await running.post(body, headers), 401);
    }
    for (const spy of printed) expect(spy).not.toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(running.connector.calls).toEqual([]);
  });

  answersBadInputShortly(running);
});
