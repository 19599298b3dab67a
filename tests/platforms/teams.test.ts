// Teams through /api/messages, as the Bot Framework Emulator talks to it: activities
// posted with a serviceUrl pointing at a local server that receives the replies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { isLoopback } from "../../src/platforms/teams/app.ts";
import { startService, type Service } from "../../src/service.ts";
import { memoryLog } from "../helpers/log.ts";
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

/** Within a describe block: the service on a fresh database, and a local server standing in for the Bot Connector. */
function teamsService(env: Record<string, string> = {}): { service: Service; connector: Recorder } {
  let target: TestDatabase | undefined;
  // Filled in before the tests run.
  const running = {} as { service: Service; connector: Recorder };
  beforeAll(async () => {
    target = await freshDatabase("sqlite");
    running.connector = await startRecorder();
    running.service = await startService(loadConfig({ DATABASE_URL: target.url, PORT: "0", HOST: "127.0.0.1", ...env }), { logger: memoryLog().logger });
  });
  afterAll(async () => {
    await running.service?.stop();
    await running.connector?.close();
    await target?.drop();
  });
  return running;
}

describe("Teams without an app id (local trial)", () => {
  const running = teamsService();

  const send = (body: object) => fetch(`http://127.0.0.1:${running.service.port}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const replyTo = (id: string) => running.connector.waitFor((c) => c.path.startsWith("/v3/conversations/") && c.path.endsWith(`/activities/${id}`));
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
});

describe("Teams with an app id", () => {
  const running = teamsService({ MICROSOFT_APP_ID: "11111111-2222-3333-4444-555555555555", MICROSOFT_APP_PASSWORD: "not-a-real-password", MICROSOFT_APP_TYPE: "MultiTenant" });

  it("refuses unauthenticated and forged activities with 401 and sends nothing", async () => {
    const post = (headers: Record<string, string>) => {
      const { body } = activity(`${running.connector.url}/`, "kpi AC/S8");
      return fetch(`http://127.0.0.1:${running.service.port}/api/messages`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
    };
    expect((await post({})).status).toBe(401);
    const forged = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url")}.${Buffer.from('{"iss":"https://api.botframework.com","aud":"11111111-2222-3333-4444-555555555555"}').toString("base64url")}.c2lnbmF0dXJl`;
    expect((await post({ authorization: `Bearer ${forged}` })).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(running.connector.calls).toEqual([]);
  });
});
