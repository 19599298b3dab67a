// The Slack outbox against a local server standing in for Slack's Web API: what arrives,
// 429s waited out without a second message, channels that are gone, and the pace per channel.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Channel, PostOutcome } from "../../src/core/channels.ts";
import type { IndicatorList, Notice } from "../../src/core/views.ts";
import { renderSlack } from "../../src/platforms/slack/blocks.ts";
import { createSlackOutbox } from "../../src/platforms/slack/outbox.ts";
import { startFakeSlack, type FakeSlack, type Recorded } from "../helpers/fake-slack.ts";
import { memoryLog, type MemoryLog } from "../helpers/log.ts";

const TOKEN = "xoxb-1111-2222-outbox-secret";
const MIN_GAP_MS = 200;

const notice: Notice = { kind: "notice", heading: "Weekly performance digest: Barnet", lines: ["AC/S8 turned *Red* (was Amber)", "2 key actions are overdue"] };
const list: IndicatorList = {
  kind: "list",
  heading: "Red indicators in Adults",
  items: [{ ref: "AC/S8", title: "Delayed transfers of care", organisation: "Barnet", service: "Adults", period: "Q2 2016/17", latest: "12.4", target: "9.0", rating: "Red", dotShort: null, dotShortMove: null }],
  page: 1,
  pageCount: 1,
  total: 1,
  query: "red adults",
};

const slackChannel = (id: string): Channel => ({ platform: "slack", id });
const postsTo = (slack: FakeSlack, channel: string): Recorded[] => slack.calls.filter((c) => c.path.startsWith("/api/chat.postMessage") && c.body.channel === channel);

describe("Slack outbox", () => {
  let slack: FakeSlack;
  let log: MemoryLog;
  let outbox: ReturnType<typeof createSlackOutbox>;
  beforeAll(async () => {
    slack = await startFakeSlack();
    // Debug: the Web API client's own lines are written too, and must not carry the token either.
    log = memoryLog("debug");
    outbox = createSlackOutbox({ botToken: TOKEN, apiUrl: slack.apiUrl, logger: log.logger, minGapMs: MIN_GAP_MS });
  });
  afterAll(async () => {
    await slack.close();
  });
  /** The outbox's warnings about one channel. */
  const warningsAbout = (channel: string) => log.entries().filter((e) => e.level === 40 && e.channel === `slack:${channel}`);

  it("posts the view as the answers render it, with its fallback text and without the share button", async () => {
    expect(await outbox.post(slackChannel("C0DIGEST"), notice)).toMatchObject({ kind: "posted" });
    expect(await outbox.post(slackChannel("C0LIST"), list)).toMatchObject({ kind: "posted" });

    const [digest] = postsTo(slack, "C0DIGEST");
    const expected = renderSlack(notice, { shareable: false }, "");
    expect(digest?.body.text).toBe(expected.text);
    expect(digest?.body.blocks).toEqual(expected.blocks);
    expect(JSON.stringify(digest?.body.blocks)).toContain("Weekly performance digest: Barnet");
    expect(JSON.stringify(digest?.body.blocks)).toContain("2 key actions are overdue");

    const sent = JSON.stringify(postsTo(slack, "C0LIST")[0]?.body.blocks);
    expect(sent).toContain("AC/S8");
    expect(sent).toContain("Delayed transfers of care");
    expect(sent).not.toContain("Share in channel");
    expect(warningsAbout("C0DIGEST")).toEqual([]);
  });

  it("waits out a 429 for its Retry-After and posts the message once", async () => {
    slack.rateLimitPosts(1, 1, "C0LIMITED");
    expect(await outbox.post(slackChannel("C0LIMITED"), notice)).toMatchObject({ kind: "posted" });

    const calls = postsTo(slack, "C0LIMITED");
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1_000);
    expect(warningsAbout("C0LIMITED")).toEqual([]);
  });

  it("does not hold another channel's post back while one channel waits out a 429", async () => {
    // A client pauses all its calls for a 429's Retry-After: another channel's post must not wait for it.
    slack.rateLimitPosts(1, 2, "C0SLOW");
    const slow = outbox.post(slackChannel("C0SLOW"), notice);
    const limited = await slack.waitFor((c) => c.body.channel === "C0SLOW" && c.status === 429);
    // Time for the client to read the 429 (and pause, were the client shared).
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await outbox.post(slackChannel("C0FAST"), notice)).toMatchObject({ kind: "posted" });
    expect(await slow).toMatchObject({ kind: "posted" });

    const [fast] = postsTo(slack, "C0FAST");
    expect(fast!.at - limited.at).toBeLessThan(1_500);
    expect(postsTo(slack, "C0SLOW").map((c) => c.status)).toEqual([429, 200]);
  });

  const goneAnswers: [string, RegExp][] = [
    ["channel_not_found", /not found/],
    ["not_in_channel", /^the bot is not in the channel: invite it, or add chat:write\.public$/],
    ["is_archived", /^the channel is archived$/],
    ["channel_is_archived", /^the channel is archived$/],
    ["account_inactive", /inactive/],
    ["team_access_not_granted", /access/],
    ["restricted_action", /does not allow/],
  ];
  it.each(goneAnswers)("takes %s as a channel gone, says why in words, and still posts to the others", async (error, reason) => {
    const gone = `C0${error.replaceAll("_", "").toUpperCase().slice(0, 12)}`;
    slack.failPostsTo(gone, error);
    const [outcome, other] = await Promise.all([outbox.post(slackChannel(gone), notice), outbox.post(slackChannel(`C0OK${gone.slice(2, 8)}`), notice)]);

    expect(outcome.kind).toBe("gone");
    expect((outcome as { reason: string }).reason).toMatch(reason);
    expect(other).toMatchObject({ kind: "posted" });
    // Not tried again: the answer will not change by waiting.
    expect(postsTo(slack, gone)).toHaveLength(1);
    const warnings = warningsAbout(gone);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ outcome: "gone", reason: (outcome as { reason: string }).reason });
  });

  it("takes any other refusal as failed this time, with Slack's error as the reason", async () => {
    slack.failPostsTo("C0INVALID", "invalid_blocks");
    const outcome = await outbox.post(slackChannel("C0INVALID"), notice);
    expect(outcome).toEqual({ kind: "failed", reason: "Slack refused the message (invalid_blocks)" });
    expect(warningsAbout("C0INVALID")).toHaveLength(1);
  });

  it("takes a 5xx as failed this time, sent once (the job tries again later), and no answer as unknown, never sent again", async () => {
    slack.answerStatus("chat.postMessage", 503);
    expect(await outbox.post(slackChannel("C0BUSY"), notice)).toEqual({ kind: "failed", reason: "Slack answered HTTP 503" });
    slack.answerStatus("chat.postMessage", null);
    expect(postsTo(slack, "C0BUSY")).toHaveLength(1);
    // Slack takes the message; the connection closes before its answer: it may be posted, so it is not sent again.
    slack.dropNext("chat.postMessage");
    const outcome = await outbox.post(slackChannel("C0NOANSWER"), notice);
    expect(outcome).toMatchObject({ kind: "unknown", reason: expect.stringMatching(/^no answer came from Slack once the message was sent .*: it may have been posted$/) });
    expect(postsTo(slack, "C0NOANSWER")).toHaveLength(1);
  });

  it("refuses a channel that is not Slack's without calling Slack", async () => {
    const before = slack.calls.length;
    const outcome: PostOutcome = await outbox.post({ platform: "teams", id: "19:abc@thread.tacv2" }, notice);
    expect(outcome.kind).toBe("failed");
    expect(slack.calls.length).toBe(before);
  });

  it("spaces two posts to one channel by the gap, and does not hold another channel back for it", async () => {
    const [first, second, other] = await Promise.all([
      outbox.post(slackChannel("C0PACED"), notice),
      outbox.post(slackChannel("C0PACED"), list),
      outbox.post(slackChannel("C0UNPACED"), notice),
    ]);
    expect([first, second, other].map((o) => o.kind)).toEqual(["posted", "posted", "posted"]);

    const paced = postsTo(slack, "C0PACED");
    expect(paced).toHaveLength(2);
    // In the order asked, the gap apart.
    expect(JSON.stringify(paced[1]!.body.blocks)).toContain("AC/S8");
    expect(paced[1]!.at - paced[0]!.at).toBeGreaterThanOrEqual(MIN_GAP_MS);
    const [unpaced] = postsTo(slack, "C0UNPACED");
    expect(unpaced!.at).toBeLessThan(paced[1]!.at);
  });

  it("writes the token in no log line", () => {
    expect(log.entries().length).toBeGreaterThan(0);
    expect(log.text()).not.toContain(TOKEN);
    expect(log.text()).not.toContain("outbox-secret");
  });
});
