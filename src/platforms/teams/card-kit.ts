// Adaptive Cards' pieces as the bot uses them (schema 1.5, as Teams renders it): text from data escaped for
// Teams' markdown, text blocks and facts, the verbs the adapter listens for and the buttons that carry them, a
// list row, a picture inline.
import { directionWords, ratingMark as mark } from "../../core/format.ts";
import { pageActions, type CardAction } from "../../core/card-actions.ts";
import type { IndicatorListItem } from "../../core/views.ts";

export type AdaptiveCard = { type: "AdaptiveCard"; version: "1.5"; $schema: string; body: object[]; actions?: object[] };

/** Verbs of the card buttons; the Teams adapter routes on them. */
export const VERBS = { history: "kpi_history", commentary: "kpi_commentary", page: "kpi_page", open: "kpi_open", update: "kpi_update", target: "kpi_target", assess: "kpi_assess", reviewAccept: "kpi_review_accept", reviewReturn: "kpi_review_return", importConfirm: "kpi_import_confirm", importCancel: "kpi_import_cancel" } as const;

/** The review card's comment input: what a Return sends the reviewer's comment as. */
export const REVIEW_COMMENT = "comment";

export const RATING_COLOUR: Record<string, string> = { Green: "Good", "Green Amber": "Warning", Amber: "Warning", "Red Amber": "Attention", Red: "Attention", "Not rated": "Default" };

/** Data as written: CommonMark backslash escapes for what markdown would read as formatting. */
export function escapeMarkdown(data: string): string {
  return data
    .replace(/[\\`*_[\]|<]/g, "\\$&") // emphasis, code, links, tables, HTML tags (<ref> would vanish): anywhere
    .replace(/^(\s*)(#|>|~|[-+](?=\s))/gm, "$1\\$2") // headings, quotes, fences, bullets: at a line start
    .replace(/^(\s*\d+)([.)])(?=\s)/gm, "$1\\$2"); // numbered lists
}

/** Markdown written here; what is interpolated is data, escaped, unless it is Markdown too. */
export class Markdown {
  readonly source: string;

  constructor(source: string) {
    this.source = source;
  }
}
const asMarkdown = (value: unknown): string => (value instanceof Markdown ? value.source : escapeMarkdown(String(value)));
export const md = (literals: TemplateStringsArray, ...values: unknown[]): Markdown => new Markdown(literals.reduce((out, literal, i) => out + asMarkdown(values[i - 1]) + literal));

export const text = (value: string | Markdown, extra: object = {}) => ({ type: "TextBlock", text: asMarkdown(value), wrap: true, ...extra });
export const facts = (pairs: [string, string | null | undefined][]) => ({ type: "FactSet", facts: pairs.filter(([, v]) => v).map(([title, value]) => ({ title: asMarkdown(title), value: asMarkdown(value) })) });
export const submit = (title: string, data: Record<string, string>) => ({ type: "Action.Submit", title, data });
/** Opens the update dialog: Teams sends a task/fetch invoke with this data rather than a message. */
export const updateButton = (ref: string) => ({ type: "Action.Submit", title: "Submit update", data: { msteams: { type: "task/fetch" }, verb: VERBS.update, ref } });
/** Opens the target dialog (task/fetch), for the period given or the one the form works out. */
export const targetButton = (ref: string, period: string | null = null) => ({ type: "Action.Submit", title: "Set target", data: { msteams: { type: "task/fetch" }, verb: VERBS.target, ref, ...(period ? { period } : {}) } });
/** Opens the dialog assessing a wheel's objective (task/fetch), by its code. */
export const assessButton = (code: string) => ({ type: "Action.Submit", title: "Assess", data: { msteams: { type: "task/fetch" }, verb: VERBS.assess, code } });
export const card = (body: object[], actions: object[] = []): AdaptiveCard => ({
  type: "AdaptiveCard",
  version: "1.5",
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
  body,
  ...(actions.length ? { actions } : {}),
});

/** A chart picture for a card: where Teams loads it from, and what it shows in words. */
export interface ChartImage {
  url: string;
  alt: string;
}

/** Teams shows card images at most 1024 px wide, and refuses messages over about 100 KB: a picture goes inline under about 25 KB. */
export const CARD_IMAGE = { maxWidth: 1024, inlineBytes: 25 * 1024 } as const;

/** An inline picture's URI: the PNG's bytes, base64. */
export const pngDataUri = (png: Buffer): string => `data:image/png;base64,${png.toString("base64")}`;

export const itemRow = (i: IndicatorListItem, extra: Markdown | string = "") =>
  text(md`${mark(i.rating)} **${i.ref}** ${i.title}  \n${i.rating ? `${i.rating} · ` : ""}${i.latest ?? "no results"}${i.target ? ` vs ${i.target}` : ""}${i.period ? ` · ${i.period}` : ""}${i.dotShort ? ` · ${directionWords(i.dotShort, i.dotShortMove)}` : ""}${extra}`, { separator: true });

export const pagingActions = (p: { page: number; pageCount: number; query: string }): object[] => cardButtons(pageActions(p));

/** The core's actions for an answer as Teams buttons: the forms open in dialogs (task/fetch); the rest answer in the chat. */
export function cardButtons(list: CardAction[]): object[] {
  return list.map((a) => {
    switch (a.verb) {
      case "update":
        return updateButton(a.subject);
      case "target":
        return targetButton(a.subject);
      case "assess":
        return assessButton(a.subject);
      case "page":
      case "open":
        return submit(a.label, { verb: VERBS[a.verb], query: a.subject });
      default:
        return submit(a.label, { verb: VERBS[a.verb], ref: a.subject });
    }
  });
}

export const noticeRows = (notice: string | null | undefined) => (notice ? [text(notice, { isSubtle: true })] : []);

export const clip = (data: string, max: number) => (data.length <= max ? data : `${data.slice(0, max - 1)}…`);

/** A row that opens the indicator or action when clicked, as the Open buttons do in Slack. */
export const opening = (row: object, ref: string | null) => (ref ? { type: "Container", separator: true, items: [{ ...row, separator: false }], selectAction: submit("Open", { verb: VERBS.open, query: ref }) } : row);
