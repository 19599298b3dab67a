// Posting on the bot's own (digests, alerts) to Teams conversations: the Adaptive Card the
// answers use, sent proactively through botbuilder to the conversation reference kept when
// the bot was installed or spoken to there. Teams throttles bots per conversation (429) and
// answers 412, 502 and 504 when busy: those are tried again after a pause.
import { setTimeout as sleep } from "node:timers/promises";
import { TeamsAdapter } from "@microsoft/teams-ai";
import type { Activity, ConversationReference } from "botbuilder";
import { z } from "zod";
import type { ChartPictures } from "../../charts/pictures.ts";
import { channelKey, type Channel, type Outbox, type PostOutcome } from "../../core/channels.ts";
import type { Conversations } from "../../core/ports.ts";
import type { View } from "../../core/views.ts";
import { neverSent } from "../../http/never-sent.ts";
import { maskSecrets, type Logger } from "../../logger.ts";
import { messageFor } from "./digest-image.ts";

export interface TeamsOutboxSettings {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  appType: "MultiTenant" | "SingleTenant" | "UserAssignedMSI";
  conversations: Conversations;
  logger: Logger;
  /** Draws a digest's summary picture, carried inline on its card; without it digests go as text. */
  pictures?: ChartPictures;
  /** The pauses before each retry, before jitter (default 1 s, 2 s, 4 s); tests give small ones. */
  retryDelaysMs?: number[];
}

const DEFAULT_RETRY_DELAYS_MS = [1_000, 2_000, 4_000];
/** Busy or throttled: worth another try after a pause (Microsoft's guidance for bots in Teams). */
const RETRIED = new Set([412, 429, 502, 503, 504]);
/** The bot can no longer post there (removed, blocked, or the conversation deleted): the subscription pauses. */
const GONE = new Set([403, 404]);
/** A Retry-After beyond this is not waited for: the post fails now and the next run tries again. */
const MAX_RETRY_AFTER_MS = 60_000;

/** What a stored reference needs for posting: the conversation and where its Bot Connector is. */
const referenceShape = z
  .object({
    channelId: z.string().min(1),
    serviceUrl: z.string().url(),
    conversation: z.object({ id: z.string().min(1) }).passthrough(),
  })
  .passthrough();

/** An outcome, and the error behind it where one is worth logging (never shown to anyone). */
type Attempted = PostOutcome & { cause?: unknown };

interface HttpFailure {
  status: number | null;
  retryAfterMs: number | null;
}

/** The HTTP status and Retry-After of a failed send (botbuilder's connector throws a RestError carrying the response). */
function failureOf(error: unknown): HttpFailure {
  const e = error as { statusCode?: unknown; response?: { headers?: { get?(name: string): string | undefined } } };
  const status = typeof e.statusCode === "number" ? e.statusCode : null;
  const header = e.response?.headers?.get?.("retry-after");
  return { status, retryAfterMs: header ? retryAfterMs(header) : null };
}

/** Retry-After in seconds or as an HTTP date. */
function retryAfterMs(header: string): number | null {
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
}

/** An error's first line, short, without credentials: for the reason, which people may be shown. */
const briefly = (error: unknown): string => maskSecrets((error instanceof Error ? error.message : String(error)).split("\n")[0]!).slice(0, 150);

/** The bot's token could not be had (MSAL's errors carry an errorCode): nothing was sent to the Bot Connector. */
const noToken = (error: unknown): boolean => typeof (error as { errorCode?: unknown } | null)?.errorCode === "string";

/** A pause of about `delay` (between 80% and 120% of it), so many posts held back together do not retry together. */
const withJitter = (delay: number) => Math.round(delay * (0.8 + Math.random() * 0.4));

/**
 * botbuilder's connector retries by itself (429 and 503 after Retry-After, 408 and other 5xx,
 * three times) but never 412. Its retries are turned off so this outbox's policy is the only
 * one: no retries of retries, and delays tests can shorten. False when that was not possible.
 */
function withoutOwnRetries(connector: unknown): boolean {
  const pipeline = (connector as { client?: { pipeline?: { removePolicy?(which: { phase: "Retry" }): unknown[] } } } | undefined)?.client?.pipeline;
  return (pipeline?.removePolicy?.({ phase: "Retry" }) ?? []).length > 0;
}

export function createTeamsOutbox(settings: TeamsOutboxSettings): Outbox {
  const log = settings.logger;
  const delays = settings.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const authenticated = Boolean(settings.appId);
  // As the Teams adapter is built: without an app id nothing is authenticated, and botbuilder
  // posts to the reference's serviceUrl without a token (how the Bot Framework Emulator works).
  const adapter = new TeamsAdapter(
    authenticated
      ? { MicrosoftAppId: settings.appId, MicrosoftAppPassword: settings.appPassword, MicrosoftAppTenantId: settings.tenantId, MicrosoftAppType: settings.appType }
      : {},
  );
  let ownRetriesWarned = false;

  /** Sends the activity, or with `replacing` (an activity id) puts it in that one's place; the sent activity's id. */
  const sendOnce = async (reference: ConversationReference, activity: Partial<Activity>, replacing?: string): Promise<string | undefined> => {
    let id: string | undefined;
    await adapter.continueConversationAsync(settings.appId ?? "", reference, async (context) => {
      if (!withoutOwnRetries(context.turnState.get(adapter.ConnectorClientKey)) && !ownRetriesWarned) {
        ownRetriesWarned = true;
        log.warn("Teams: botbuilder's own retries could not be turned off (its internals changed); a failing post may be tried more often than set");
      }
      if (replacing) {
        await context.updateActivity({ ...activity, id: replacing });
        id = replacing;
      } else id = (await context.sendActivity(activity))?.id;
    });
    return id;
  };

  const postNow = async (channel: Channel, view: View, replacing?: string): Promise<Attempted> => {
    if (channel.platform !== "teams") return { kind: "failed", reason: "not a Teams conversation" };
    let stored: object | null;
    try {
      stored = await settings.conversations.reference(channel.id);
    } catch (error) {
      return { kind: "failed", reason: "the conversation reference could not be read", cause: error };
    }
    if (!stored) return { kind: "gone", reason: "the bot was never installed or spoken to there" };
    const reference = referenceShape.safeParse(stored);
    if (!reference.success) return { kind: "gone", reason: "the stored conversation reference is incomplete: speak to the bot there again" };
    const activity = await messageFor(view, settings.pictures, log, channelKey(channel));

    for (let attempt = 0; ; attempt++) {
      try {
        const message = await sendOnce(reference.data as unknown as ConversationReference, activity, replacing);
        return { kind: "posted", ...(message ? { message } : {}) };
      } catch (error) {
        const { status, retryAfterMs } = failureOf(error);
        if (status === null) {
          // No answer: unless it never connected, the activity may have arrived, and is not sent again.
          if (neverSent(error) || noToken(error)) return { kind: "failed", reason: `sending to Teams failed (${briefly(error)})`, cause: error };
          return { kind: "unknown", reason: `no answer came from Teams once the message was sent (${briefly(error)}): it may have been posted`, cause: error };
        }
        if (GONE.has(status)) return { kind: "gone", reason: `the bot was removed from the conversation (HTTP ${status})` };
        if (status === 401) return { kind: "failed", reason: "the Bot Connector refused the bot's credentials (HTTP 401): check MICROSOFT_APP_ID and its password or tenant" };
        if (!RETRIED.has(status)) return { kind: "failed", reason: `Teams answered HTTP ${status}`, cause: error };
        const delay = delays[attempt];
        if (delay === undefined) return { kind: "failed", reason: `Teams answered HTTP ${status}, ${attempt + 1} times` };
        if (retryAfterMs !== null && retryAfterMs > MAX_RETRY_AFTER_MS) return { kind: "failed", reason: `Teams asked to wait ${Math.ceil(retryAfterMs / 1000)} s (HTTP ${status})` };
        // Never sooner than Teams asked.
        await sleep(Math.max(withJitter(delay), retryAfterMs ?? 0));
      }
    }
  };

  const delivered = async (channel: Channel, view: View, replacing?: string): Promise<PostOutcome> => {
    let attempted: Attempted;
    try {
      attempted = await postNow(channel, view, replacing);
    } catch (error) {
      // Rendering or botbuilder failing in a way not foreseen: still an outcome, never a throw.
      attempted = { kind: "failed", reason: "posting failed unexpectedly", cause: error };
    }
    const { cause, ...outcome } = attempted;
    if (outcome.kind !== "posted") {
      const where = channelKey(channel);
      log.warn({ channel: where, outcome: outcome.kind, reason: outcome.reason, ...(cause ? { err: cause } : {}) }, `posting to ${where}: ${outcome.kind}, ${outcome.reason}`);
    }
    return outcome;
  };

  return {
    post: (channel, view) => delivered(channel, view),
    update: (channel, message, view) => delivered(channel, view, message),
  };
}
