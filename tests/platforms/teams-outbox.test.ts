// The Teams outbox against a local server standing in for the Bot Connector (the stored
// reference's serviceUrl), as the Bot Framework Emulator works: the card that arrives, the
// statuses Teams answers when busy (tried again), and conversations the bot was removed from.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Channel } from "../../src/core/channels.ts";
import type { Conversations } from "../../src/core/ports.ts";
import type { Notice } from "../../src/core/views.ts";
import { renderCard } from "../../src/platforms/teams/cards.ts";
import { createTeamsOutbox } from "../../src/platforms/teams/outbox.ts";
import { startFakeSlack as startConnector, type FakeSlack as Connector, type Recorded, type ScriptedAnswer } from "../helpers/fake-slack.ts";
import { memoryLog, type MemoryLog } from "../helpers/log.ts";

const RETRY_DELAYS_MS = [20, 40, 80];
const notice: Notice = { kind: "notice", heading: "Weekly performance digest: Barnet", lines: ["AC/S8 turned Red (was Amber)", "2 key actions are overdue"] };

/** Conversation references as the Teams adapter keeps them (TurnContext.getConversationReference of an activity). */
function referenceTo(serviceUrl: string, conversationId: string) {
  return {
    activityId: "act1",
    user: { id: "29:user1", name: "Officer", aadObjectId: "00000000-0000-0000-0000-000000000001" },
    bot: { id: "28:bot", name: "KPI" },
    conversation: { id: conversationId, conversationType: "channel", tenantId: "tenant-1" },
    channelId: "msteams",
    locale: "en-GB",
    serviceUrl,
  };
}

/** The Conversations port over a map: the store is not what is tested here. */
function conversationsOf(references: Map<string, object>): Conversations {
  return {
    remember: async (id, reference) => void references.set(id, reference),
    reference: async (id) => references.get(id) ?? null,
  };
}

let sequence = 0;

describe("Teams outbox", () => {
  let connector: Connector;
  let log: MemoryLog;
  const references = new Map<string, object>();
  let outbox: ReturnType<typeof createTeamsOutbox>;
  beforeAll(async () => {
    connector = await startConnector();
    log = memoryLog("debug");
    outbox = createTeamsOutbox({ appType: "MultiTenant", conversations: conversationsOf(references), logger: log.logger, retryDelaysMs: RETRY_DELAYS_MS });
  });
  afterAll(async () => {
    await connector.close();
  });

  /** A conversation whose reference is stored, answering the scripted statuses first. */
  const conversation = (answers: ScriptedAnswer[] = []): Channel => {
    const id = `19:channel-${++sequence}@thread.tacv2`;
    references.set(id, referenceTo(connector.url, id));
    connector.answerActivities(id, answers);
    return { platform: "teams", id };
  };
  /** What the connector received for a conversation's activities. */
  const sentTo = (channel: Channel): Recorded[] => connector.calls.filter((c) => c.path.startsWith(`/v3/conversations/${encodeURIComponent(channel.id)}/activities`));
  const warningsAbout = (channel: Channel) => log.entries().filter((e) => e.level === 40 && e.channel === `teams:${channel.id}`);

  it("posts the view's Adaptive Card to the stored conversation, with no credentials", async () => {
    const channel = conversation();
    expect(await outbox.post(channel, notice)).toMatchObject({ kind: "posted" });

    const [sent] = sentTo(channel);
    const activity = sent!.body as { type: string; conversation: { id: string }; attachments: { contentType: string; content: unknown }[] };
    expect(activity.type).toBe("message");
    expect(activity.conversation.id).toBe(channel.id);
    expect(activity.attachments).toHaveLength(1);
    expect(activity.attachments[0]!.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(activity.attachments[0]!.content).toEqual(renderCard(notice));
    expect(JSON.stringify(activity.attachments[0]!.content)).toContain("Weekly performance digest: Barnet");
    expect(warningsAbout(channel)).toEqual([]);
  });

  const busy: [string, ScriptedAnswer][] = [
    ["412", 412],
    ["502", 502],
    ["504", 504],
  ];
  it.each(busy)("tries again after %s and posts the card once", async (_what, answer) => {
    const channel = conversation([answer]);
    expect(await outbox.post(channel, notice)).toMatchObject({ kind: "posted" });
    expect(sentTo(channel).map((c) => c.status)).toEqual([typeof answer === "number" ? answer : answer.status, 200]);
    expect(warningsAbout(channel)).toEqual([]);
  });

  it("waits out a 429 for its Retry-After, then posts the card once", async () => {
    const channel = conversation([{ status: 429, retryAfter: "1" }]);
    expect(await outbox.post(channel, notice)).toMatchObject({ kind: "posted" });
    const calls = sentTo(channel);
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    // Not the 20 ms the retry delays say: Teams asked for a second.
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it("tries a busy conversation once more per retry delay, then fails this time (no retries of retries)", async () => {
    const channel = conversation([502, 502, 502, 502, 502, 502, 502, 502]);
    expect(await outbox.post(channel, notice)).toEqual({ kind: "failed", reason: "Teams answered HTTP 502, 4 times" });
    expect(sentTo(channel).map((c) => c.status)).toEqual([502, 502, 502, 502]);
    expect(warningsAbout(channel)).toHaveLength(1);
  });

  it.each([403, 404])("takes %s as the bot removed from the conversation, tried once, and still posts to others", async (status) => {
    const removed = conversation([status]);
    const other = conversation();
    const [outcome, otherOutcome] = await Promise.all([outbox.post(removed, notice), outbox.post(other, notice)]);
    expect(outcome).toEqual({ kind: "gone", reason: `the bot was removed from the conversation (HTTP ${status})` });
    expect(otherOutcome).toMatchObject({ kind: "posted" });
    expect(sentTo(removed)).toHaveLength(1);
    const warnings = warningsAbout(removed);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ outcome: "gone", reason: outcome.kind === "gone" ? outcome.reason : "" });
  });

  it("takes a conversation without a stored reference as gone, and sends nothing", async () => {
    const before = connector.calls.length;
    const channel: Channel = { platform: "teams", id: "19:never-seen@thread.tacv2" };
    expect(await outbox.post(channel, notice)).toEqual({ kind: "gone", reason: "the bot was never installed or spoken to there" });
    expect(connector.calls.length).toBe(before);
    expect(warningsAbout(channel)).toHaveLength(1);
  });

  it("fails this time, without throwing, when the references cannot be read", async () => {
    const broken = createTeamsOutbox({
      appType: "MultiTenant",
      conversations: { remember: async () => undefined, reference: async () => Promise.reject(new Error("database is locked")) },
      logger: log.logger,
      retryDelaysMs: RETRY_DELAYS_MS,
    });
    const channel: Channel = { platform: "teams", id: "19:unreadable@thread.tacv2" };
    expect(await broken.post(channel, notice)).toEqual({ kind: "failed", reason: "the conversation reference could not be read" });
    expect(warningsAbout(channel)[0]).toMatchObject({ err: { message: "database is locked" } });
  });

  it("fails on a 401 with what to check, without trying again", async () => {
    const channel = conversation([401]);
    const outcome = await outbox.post(channel, notice);
    expect(outcome.kind).toBe("failed");
    expect(outcome.kind === "failed" && outcome.reason).toMatch(/credentials/);
    expect(sentTo(channel)).toHaveLength(1);
  });

  it("with an app id and password, never writes the password to the log (the token cannot be had here)", async () => {
    const password = "Sup3r~Secret.Password-For-Outbox";
    const secretLog = memoryLog("debug");
    const withCredentials = createTeamsOutbox({
      appId: "11111111-2222-3333-4444-555555555555",
      appPassword: password,
      tenantId: "22222222-3333-4444-5555-666666666666",
      appType: "SingleTenant",
      conversations: conversationsOf(references),
      logger: secretLog.logger,
      retryDelaysMs: RETRY_DELAYS_MS,
    });
    const channel = conversation();
    const outcome = await withCredentials.post(channel, notice);
    // Nothing reaches the connector without a token, and Microsoft's sign-in is out of reach in tests.
    expect(outcome.kind).toBe("failed");
    expect(sentTo(channel)).toHaveLength(0);
    expect(secretLog.entries()).toHaveLength(1);
    expect(secretLog.text()).not.toContain(password);
    expect(log.text()).not.toContain(password);
  });
});
