// Posting on the bot's own (digests, alerts, reminders) to Slack channels and people: chat.postMessage with the
// same blocks the answers use. Slack allows about one message a second per channel, so
// posts to one channel are spaced out here; a 429 is waited out by the Web API client.
import { setTimeout as sleep } from "node:timers/promises";
import { webApi } from "@slack/bolt";
import { channelKey, type Channel, type Outbox, type PostOutcome } from "../../core/channels.ts";
import type { View } from "../../core/views.ts";
import { neverSent } from "../../http/never-sent.ts";
import { maskSecrets, type Logger } from "../../logger.ts";
import { PICTURE_WIDTH, type ChartPictures } from "../../charts/pictures.ts";
import { renderSlack, type SlackMessage } from "./blocks.ts";
import { postWithPicture } from "./picture.ts";

export interface SlackOutboxSettings {
  botToken: string;
  apiUrl?: string;
  logger: Logger;
  /** The least time between two messages to one channel (default 1 s, Slack's pace for chat.postMessage). */
  minGapMs?: number;
  /** Draws a digest's summary picture, posted with it as one message; without it digests go as text. */
  pictures?: ChartPictures;
}

const DEFAULT_MIN_GAP_MS = 1_000;
/** How long one request may take; a request with no answer by then may have been posted, and is not sent again. */
const REQUEST_TIMEOUT_MS = 30_000;

/** Slack's answers that mean the bot cannot post there until someone acts: the subscription pauses. */
const GONE: Record<string, string> = {
  channel_not_found: "the channel was not found: it was deleted, or it is private and the bot is not in it",
  not_in_channel: "the bot is not in the channel: invite it, or add chat:write.public",
  is_archived: "the channel is archived",
  channel_is_archived: "the channel is archived",
  account_inactive: "the bot's account is inactive: the app was removed from the workspace or its token revoked",
  team_access_not_granted: "the app has not been granted access to that channel's workspace",
  restricted_action: "the workspace does not allow the bot to post in that channel",
};

/** An outcome, and the error behind it where one is worth logging (never shown to anyone). */
type Attempted = PostOutcome & { cause?: unknown };

/** What a failed chat.postMessage came to, from the Web API client's error (its codes are documented). */
function outcomeOf(error: unknown): Attempted {
  const e = error as { code?: string; data?: { error?: string }; statusCode?: number; original?: Error };
  switch (e.code) {
    case webApi.ErrorCode.PlatformError: {
      const answer = e.data?.error ?? "unknown_error";
      return GONE[answer] ? { kind: "gone", reason: GONE[answer] } : { kind: "failed", reason: `Slack refused the message (${answer})` };
    }
    case webApi.ErrorCode.HTTPError:
      return { kind: "failed", reason: `Slack answered HTTP ${e.statusCode}` };
    case webApi.ErrorCode.RequestError: {
      const why = maskSecrets(e.original?.message ?? "no answer").slice(0, 200);
      return neverSent(e) ? { kind: "failed", reason: `Slack could not be reached (${why})` } : { kind: "unknown", reason: `no answer came from Slack once the message was sent (${why}): it may have been posted` };
    }
  }
  // The client's retries ran out on a 429 (its message names the wait), or something unforeseen.
  const message = error instanceof Error ? error.message : String(error);
  if (/rate limit/i.test(message)) return { kind: "failed", reason: "Slack kept answering that the bot posts too often (rate limited)" };
  return { kind: "failed", reason: "posting failed unexpectedly", cause: error };
}

/**
 * The client's own retries: a 429 after its Retry-After, and a request that never reached Slack. Not an HTTP
 * error (the job tries again later, with its claim) nor a request with no answer, which may have been posted.
 */
const onlySafeRetries = (policy: webApi.RetryOptions): webApi.RetryOptions => {
  // The client hands its retry options to p-retry, whose onFailedAttempt ends the retries by throwing.
  const onFailedAttempt = (error: Error) => {
    if (/rate limit/i.test(error.message) || neverSent(error)) return;
    throw error;
  };
  return { ...policy, onFailedAttempt } as webApi.RetryOptions;
};

/** The Web API client's own log lines (retries, waits), kept at debug: the outbox logs each outcome itself. */
function clientLogger(log: Logger): webApi.Logger {
  let level = webApi.LogLevel.INFO;
  const write = (...args: unknown[]) => log.debug(maskSecrets(args.map((a) => (a instanceof Error ? a.message : typeof a === "string" ? a : JSON.stringify(a))).join(" ")));
  return { debug: () => undefined, info: write, warn: write, error: write, setLevel: (l) => (level = l), getLevel: () => level, setName: () => undefined };
}

/**
 * Runs the tasks given for one key one after another, each starting at least gapMs after the
 * previous one finished; tasks for other keys do not wait. One entry per channel ever posted to.
 */
function pacedPerKey(gapMs: number) {
  const nextFree = new Map<string, Promise<void>>();
  return <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const run = (nextFree.get(key) ?? Promise.resolve()).then(task);
    const gap = () => sleep(gapMs);
    nextFree.set(key, run.then(gap, gap));
    return run;
  };
}

export function createSlackOutbox(settings: SlackOutboxSettings): Outbox {
  const log = settings.logger;
  const slackApiUrl = settings.apiUrl ? (settings.apiUrl.endsWith("/") ? settings.apiUrl : `${settings.apiUrl}/`) : undefined;
  const paced = pacedPerKey(settings.minGapMs ?? DEFAULT_MIN_GAP_MS);

  // One client per channel: on a 429 the client pauses its whole queue until Retry-After, and
  // Slack's limit for chat.postMessage is per channel, so another channel's posts need not wait.
  // The client retries the call itself after Retry-After: one post, one outcome, one message.
  const clients = new Map<string, webApi.WebClient>();
  const clientFor = (channelId: string): webApi.WebClient => {
    let client = clients.get(channelId);
    if (!client) {
      client = new webApi.WebClient(settings.botToken, {
        ...(slackApiUrl ? { slackApiUrl } : {}),
        retryConfig: onlySafeRetries(webApi.retryPolicies.fiveRetriesInFiveMinutes),
        timeout: REQUEST_TIMEOUT_MS,
        logger: clientLogger(log),
      });
      clients.set(channelId, client);
    }
    return client;
  };

  // Uploads retry a little and give up sooner than posts: the digest then goes as text, which retries as posts do.
  const uploader = new webApi.WebClient(settings.botToken, { ...(slackApiUrl ? { slackApiUrl } : {}), retryConfig: onlySafeRetries({ retries: 2 }), timeout: REQUEST_TIMEOUT_MS, logger: clientLogger(log) });

  /** A digest with its summary picture, as one message: posted, gone (no text either), or null to post it as text (logged once). */
  const postWithSummary = async (channel: Channel, to: string, view: View, message: SlackMessage): Promise<Attempted | null> => {
    if (view.kind !== "digest" || !settings.pictures) return null;
    try {
      const picture = await settings.pictures.digest(view, PICTURE_WIDTH.slack);
      if (!picture) return null;
      await postWithPicture(uploader, { channel: to }, message, picture);
      return { kind: "posted" };
    } catch (error) {
      const outcome = outcomeOf(error);
      // Gone, or no answer (the message may be posted): not sent again as text.
      if (outcome.kind !== "failed") return outcome;
      const where = channelKey(channel);
      log.warn({ channel: where, reason: outcome.reason, ...(outcome.cause ? { err: outcome.cause } : {}) }, `posting the digest's picture to ${where} failed (${outcome.reason}); the digest goes as text`);
      return null;
    }
  };

  const postNow = async (channel: Channel, view: View): Promise<Attempted> => {
    try {
      const { text, blocks } = renderSlack(view, { shareable: false }, "");
      // A person (U…, W…) is written to in their direct message with the bot, which conversations.open finds or opens (im:write).
      const to = /^[UW]/.test(channel.id) ? (await clientFor(channel.id).conversations.open({ users: channel.id })).channel?.id : channel.id;
      if (!to) return { kind: "failed", reason: "Slack opened no direct message" };
      const withPicture = await postWithSummary(channel, to, view, { text, blocks });
      if (withPicture) return withPicture;
      const sent = await clientFor(channel.id).chat.postMessage({ channel: to, text, blocks });
      // The message is known by its channel and timestamp, as chat.update takes them.
      return { kind: "posted", ...(sent.ts ? { message: `${sent.channel ?? to} ${sent.ts}` } : {}) };
    } catch (error) {
      return outcomeOf(error);
    }
  };

  const updateNow = async (channel: Channel, message: string, view: View): Promise<Attempted> => {
    const [to, ts] = message.split(" ");
    if (!to || !ts) return { kind: "failed", reason: "not a Slack message's id" };
    try {
      const { text, blocks } = renderSlack(view, { shareable: false }, "");
      await clientFor(channel.id).chat.update({ channel: to, ts, text, blocks });
      return { kind: "posted", message };
    } catch (error) {
      return outcomeOf(error);
    }
  };

  const logged = (channel: Channel, attempted: Attempted): PostOutcome => {
    const { cause, ...outcome } = attempted;
    if (outcome.kind !== "posted") {
      const where = channelKey(channel);
      log.warn({ channel: where, outcome: outcome.kind, reason: outcome.reason, ...(cause ? { err: cause } : {}) }, `posting to ${where}: ${outcome.kind}, ${outcome.reason}`);
    }
    return outcome;
  };

  return {
    async post(channel, view) {
      return logged(channel, channel.platform === "slack" ? await paced(channel.id, () => postNow(channel, view)) : { kind: "failed", reason: "not a Slack channel" });
    },
    async update(channel, message, view) {
      return logged(channel, channel.platform === "slack" ? await paced(channel.id, () => updateNow(channel, message, view)) : { kind: "failed", reason: "not a Slack channel" });
    },
  };
}
