// Block Kit's pieces as the bot uses them, within Slack's documented limits (50 blocks a message, 100 in a
// modal or Home; section text 3,000 characters, header 150, button text 75, value 2,000): escaping data for
// mrkdwn, sections, buttons and the action ids the adapter listens for, and a list row.
import type { types } from "@slack/bolt";
import { directionWords, ratingMark as emojiFor } from "../../core/format.ts";
import { type CardAction } from "../../core/card-actions.ts";
import { askingFor } from "../../core/query.ts";
import { truncate } from "../../core/text.ts";
import type { IndicatorListItem, Notice } from "../../core/views.ts";

export type Block = types.KnownBlock;
export type Button = types.Button;

export const LIMITS = { messageBlocks: 50, surfaceBlocks: 100, sectionText: 3000, header: 150, buttonText: 75, buttonValue: 2000, fields: 10, fieldText: 2000, contextElements: 10, actionElements: 25 } as const;

/** Action ids of the buttons the bot sends; the Slack adapter listens for these. */
export const ACTIONS = {
  share: "kpi_share",
  /** An indicator's chart or a wheel's picture: shown below the answer (a public URL is set) or sent by direct message; the value is the ref, or the wheel's question. */
  chart: "kpi_chart",
  history: "kpi_history",
  commentary: "kpi_commentary",
  page: "kpi_page",
  open: "kpi_open",
  /** Opens the form for a result and commentary (update-form.ts), or a key action's (action-form.ts). */
  update: "kpi_update",
  /** Opens the form for a period's target (target-form.ts); the value is the ref. */
  target: "kpi_target",
  /** Opens the form assessing a wheel's objective (assess-form.ts); the value is its code. */
  assess: "kpi_assess",
  /** A submission in the review channel: accept it, or open the form asking why it is returned (review.ts); the value is its id. */
  reviewAccept: "kpi_review_accept",
  reviewReturn: "kpi_review_return",
  /** A table sent in a direct message, checked: import it (the value names the file again), or leave it (file-import.ts). */
  importConfirm: "kpi_import_confirm",
  importCancel: "kpi_import_cancel",
} as const;

/**
 * Slack's mrkdwn has no escape for its emphasis marks: in data they become characters that look the same
 * (asterisk operator, modifier low macron, tilde operator, modifier grave), so a title with two asterisks
 * or underscores shows as written rather than turning bold, italic, struck through or code.
 */
const LOOK_ALIKE: Record<string, string> = { "*": "\u2217", _: "\u02cd", "~": "\u223c", "`": "\u02cb" };

const escapeMarkup = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Escapes data for mrkdwn: Slack reads &, < and > as markup, and *, _, ~ and ` as formatting. */
export function escape(text: string): string {
  return escapeMarkup(text).replace(/[*_~`]/g, (mark) => LOOK_ALIKE[mark]!);
}

/** Data as inline code, such as a command to type: shown exactly as written (only a backtick, which would end it, looks alike). */
export function code(text: string): string {
  return `\`${escapeMarkup(text).replace(/`/g, LOOK_ALIKE["`"]!)}\``;
}

/** A mention of a Slack user by id; anything that is not an id is shown as text, so it cannot mention anyone else. */
export function mention(userId: string): string {
  return /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : escape(userId);
}


export const mrkdwn = (text: string) => ({ type: "mrkdwn" as const, text: truncate(text, LIMITS.sectionText) });
export const section = (text: string): Block => ({ type: "section", text: mrkdwn(text) });
export const header = (text: string): Block => ({ type: "header", text: { type: "plain_text", text: truncate(text, LIMITS.header), emoji: true } });
export const context = (...texts: string[]): Block => ({ type: "context", elements: texts.slice(0, LIMITS.contextElements).map((t) => mrkdwn(t)) });
export const divider: Block = { type: "divider" };
export const button = (text: string, actionId: string, value: string, style?: "primary" | "danger"): Button => ({
  type: "button",
  text: { type: "plain_text", text: truncate(text, LIMITS.buttonText), emoji: true },
  action_id: actionId,
  value: value.slice(0, LIMITS.buttonValue),
  ...(style ? { style } : {}),
});
export const actions = (...elements: Button[]): Block => ({ type: "actions", elements });
/** The core's actions for an answer as Slack buttons. */
export const cardButtons = (list: CardAction[]): Button[] => list.map((a) => button(a.label, ACTIONS[a.verb], a.subject));

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** Sections of lines, each within Slack's 3,000 characters: a long table goes on in the next section. */
export function chunked(title: string, lines: string[]): Block[] {
  const blocks: Block[] = [];
  let chunk = title;
  for (const line of lines) {
    if (chunk.length + line.length + 1 > LIMITS.sectionText) {
      blocks.push(section(chunk));
      chunk = "";
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
  }
  if (chunk) blocks.push(section(chunk));
  return blocks;
}

export const withButtons = (buttons: Button[]) => (buttons.length ? [actions(...buttons)] : []);

export function itemBlock(i: IndicatorListItem, extra = ""): Block {
  const figures = i.latest ? `${escape(i.latest)}${i.target ? ` vs ${escape(i.target)}` : ""}${i.period ? ` · ${escape(i.period)}` : ""}` : "_no results_";
  return {
    type: "section",
    text: mrkdwn(`${emojiFor(i.rating)} *${escape(i.ref)}* ${escape(i.title)}\n${i.rating ? `${escape(i.rating)} · ` : ""}${figures}${i.dotShort ? ` · ${directionWords(i.dotShort, i.dotShortMove)}` : ""}${extra}`),
    accessory: button("Open", ACTIONS.open, askingFor(i.ref, i.organisation)),
  };
}

export const listNoticeBlocks = (notice: string | null | undefined): Block[] => (notice ? [context(escape(notice))] : []);

export function noticeBlocks(n: Notice): Block[] {
  return [section(`*${escape(n.heading)}*`), ...n.lines.map((line) => section(escape(line)))];
}
