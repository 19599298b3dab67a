// Where the bot posts on its own: a Slack channel (or a user, for a direct message) or a
// Teams conversation, written "slack:C123" and "teams:<conversation id>" on the command line
// and in the database.
import type { View } from "./views.ts";

export type Platform = "slack" | "teams";

export interface Channel {
  platform: Platform;
  /** Slack: a channel id (C…, G…) or user id (U…); Teams: a conversation id whose reference is stored. */
  id: string;
}

const SLACK_ID = /^[CGDUW][A-Z0-9]{1,30}$/;

/** "slack:C123" or "teams:19:abc@thread.tacv2" -> the channel; null for anything else. */
export function parseChannel(text: string): Channel | null {
  const match = /^\s*(slack|teams):(\S{1,500})\s*$/.exec(text);
  if (!match) return null;
  const [, platform, id] = match as unknown as [string, Platform, string];
  if (platform === "slack" && !SLACK_ID.test(id)) return null;
  return { platform, id };
}

/** Where to message a person directly: their Slack user id (a DM), else their personal chat with the bot in Teams; null where neither is known. */
export function directChannel(person: { slackUserId: string | null; teamsChatId?: string | null }): Channel | null {
  if (person.slackUserId) return { platform: "slack", id: person.slackUserId };
  if (person.teamsChatId) return { platform: "teams", id: person.teamsChatId };
  return null;
}

export const channelKey = (channel: Channel): string => `${channel.platform}:${channel.id}`;

/**
 * What posting came to: posted (with the platform's id for the message, where it gave one); the channel is gone or
 * the bot was removed (the subscription pauses); it failed this time (nothing was posted: worth trying again
 * later); or unknown (the request was out and no answer came: it may have been posted, so it is not sent again
 * blindly).
 */
export type PostOutcome = { kind: "posted"; message?: string } | { kind: "gone"; reason: string } | { kind: "failed"; reason: string } | { kind: "unknown"; reason: string };

/**
 * The outbound port: the platform adapters post a view to a channel with the renderers they have.
 * Never throws: every failure is an outcome, so one channel's failure cannot stop the others.
 */
export interface Outbox {
  post(channel: Channel, view: View): Promise<PostOutcome>;
  /** Replaces a message posted before (`message`: the id post gave) with the view. Never throws either. */
  update?(channel: Channel, message: string, view: View): Promise<PostOutcome>;
}
