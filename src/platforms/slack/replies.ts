// What the Slack adapter says that is no answer's view (a line of text, the apology, a private reply below a
// pressed button, a button out of date), and what it reads of a request: a button's value, where it was
// pressed, who sent it, and whether an answer came within the acknowledgement's budget.
import type { Context } from "@slack/bolt";
import { z } from "zod";
import type { Asker } from "../../core/access.ts";
import { code, truncate, type SlackMessage } from "./blocks.ts";
import type { SlackTarget } from "./picture.ts";

export const message = (text: string): SlackMessage => ({ text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] });
export const SORRY = message("Sorry, that question could not be answered just now. Please try again in a minute.");
/** A private reply below the message whose button was pressed, which stays as it was. */
export const below = (reply: SlackMessage) => ({ response_type: "ephemeral" as const, replace_original: false, ...reply });
/** A button whose value is missing, unreadable or names nothing any more (a record renamed or removed). */
export const outOfDate = (value: string | null): SlackMessage =>
  message(`That button is out of date: ask again with ${value ? code(`/kpi ${truncate(value, 100)}`) : "`/kpi` and your question"}.`);

// Button values come back from Slack: check them before use.
const buttonValue = z.string().min(1).max(2000);
export const valueOf = (action: object): string | null => {
  const parsed = buttonValue.safeParse("value" in action ? action.value : undefined);
  return parsed.success ? parsed.data : null;
};

/** The channel (and thread) a button was pressed in, where Slack says. */
export function whereFrom(body: object): SlackTarget | null {
  const b = body as { channel?: { id?: unknown }; container?: { thread_ts?: unknown } };
  if (typeof b.channel?.id !== "string") return null;
  return { channel: b.channel.id, ...(typeof b.container?.thread_ts === "string" ? { threadTs: b.container.thread_ts } : {}) };
}

/** Who sent a request, from the ids Bolt read from it (signed by Slack): workspace, Enterprise Grid and user. */
export function askerOf(context: Context): Asker {
  return {
    workspace: [
      ...(context.teamId ? [{ kind: "slack-team" as const, id: context.teamId }] : []),
      ...(context.enterpriseId ? [{ kind: "slack-enterprise" as const, id: context.enterpriseId }] : []),
    ],
    identity: context.userId ? { slackUserId: context.userId } : {},
  };
}

/**
 * What `pending` gives within the acknowledgement's budget, to answer in the acknowledgement itself; null
 * after it, and always for a budget of 0 (then the answer goes through response_url).
 */
export async function withinBudget<T>(pending: Promise<T>, budgetMs: number): Promise<T | null> {
  if (budgetMs <= 0) return null;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([pending, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), budgetMs)))]);
  } finally {
    clearTimeout(timer);
  }
}
