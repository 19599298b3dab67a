// View models -> Block Kit, within Slack's documented limits: 50 blocks a message
// (100 in a modal or Home), section text 3,000 characters, header 150, button
// text 75, button value 2,000, fields 10 of 2,000. Text from data is escaped.
import type { types } from "@slack/bolt";
import { changeLine, countWithShare, decisionLine, digestWheelHeadings, statusChangeLine, importHeading, importLine, problemLine, directionWords, notApplicable, outcomeLine, ratingMark, ratingMark as emojiFor, segmentStatus, submittedLine, supersededLine, wheelDirectionLine, wheelStatusLine } from "../../core/format.ts";
import { actionCardActions, indicatorActions, objectiveActions, pageActions, type CardAction } from "../../core/card-actions.ts";
import { figureMove } from "../../core/ratings.ts";
import { askingFor } from "../../core/query.ts";
import { foldKey, truncate } from "../../core/text.ts";

export { truncate };
import { DIRECTION_MARK } from "../../core/objectives.ts";
import type { DigestWheel, ObjectiveCard, Wheel } from "../../core/views.ts";
import type { ActionCard, ActionList, Alert, ChangeHistory, Digest, DigestAction, DigestLine, DueList, Help, Home, ImportOutcome, IndicatorCard, IndicatorList, IndicatorListItem, MissingUpdates, NotFound, Notice, RatingView, Reminder, ReminderItem, ReviewOutcome, ReviewRequest, Summary, View } from "../../core/views.ts";
import { needsUpdate } from "../../core/views.ts";

type Block = types.KnownBlock;
type Button = types.Button;

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


const mrkdwn = (text: string) => ({ type: "mrkdwn" as const, text: truncate(text, LIMITS.sectionText) });
const section = (text: string): Block => ({ type: "section", text: mrkdwn(text) });
const header = (text: string): Block => ({ type: "header", text: { type: "plain_text", text: truncate(text, LIMITS.header), emoji: true } });
const context = (...texts: string[]): Block => ({ type: "context", elements: texts.slice(0, LIMITS.contextElements).map((t) => mrkdwn(t)) });
const divider: Block = { type: "divider" };
const button = (text: string, actionId: string, value: string, style?: "primary" | "danger"): Button => ({
  type: "button",
  text: { type: "plain_text", text: truncate(text, LIMITS.buttonText), emoji: true },
  action_id: actionId,
  value: value.slice(0, LIMITS.buttonValue),
  ...(style ? { style } : {}),
});
const actions = (...elements: Button[]): Block => ({ type: "actions", elements });
/** The core's actions for an answer as Slack buttons. */
const cardButtons = (list: CardAction[]): Button[] => list.map((a) => button(a.label, ACTIONS[a.verb], a.subject));

/**
 * What a form asked for by a reference several organisations use (`/kpi update 12` seeing two numbered councils)
 * answers: say which, with a button per organisation that opens its form. Null where the list is not one reference's.
 */
export function whichOrganisation(list: IndicatorList, command: string, actionId: string): SlackMessage | null {
  const [first] = list.items;
  if (!first || list.items.length < 2 || list.items.some((i) => foldKey(i.ref) !== foldKey(first.ref))) return null;
  const text = `${escape(`${list.items.length} organisations use the reference ${first.ref}: say which, as in`)} ${code(`${command} ${askingFor(first.ref, first.organisation)}`)}.`;
  const choices = list.items.slice(0, LIMITS.actionElements).map((i) => button(i.organisation, actionId, askingFor(i.ref, i.organisation)));
  return { text, blocks: [section(text), actions(...choices)] };
}

export interface RenderOptions {
  /** Offer the "Share in channel" button (answers are private until shared). */
  shareable: boolean;
  /** The Slack user id of who shared it, for a shared answer. */
  sharedBy?: string;
  /** Offer the Chart button on an indicator's card and a wheel (where the service draws pictures). */
  chart?: boolean;
}

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export function renderSlack(view: View, options: RenderOptions, query: string): SlackMessage {
  const message = build(view, options, query);
  // The fallback text (notifications, screen readers) is mrkdwn too: escaped like the blocks, so a
  // question or a title cannot mention @here or anyone.
  message.text = escape(message.text);
  // A message holds at most 50 blocks: keep the last (its buttons) and say what was cut.
  if (message.blocks.length > LIMITS.messageBlocks) {
    const last = message.blocks.at(-1)!;
    message.blocks = [...message.blocks.slice(0, LIMITS.messageBlocks - 2), context("_More than fits in one message; ask a narrower question._"), last];
  }
  return message;
}

/** The answers that offer Share; anything else (nothing matched, help, a notice) is no answer to post in a channel. */
const SHAREABLE: ReadonlySet<View["kind"]> = new Set(["indicator", "action", "list", "actions", "summary", "digest", "alert", "wheel", "objective"]);
export const isShareable = (view: View): boolean => SHAREABLE.has(view.kind);

function build(view: View, options: RenderOptions, query: string): SlackMessage {
  const shared = options.sharedBy ? [context(`Shared by ${mention(options.sharedBy)}`)] : [];
  const share = options.shareable ? [button("Share in channel", ACTIONS.share, query)] : [];
  switch (view.kind) {
    case "indicator":
      return { text: `${view.ref} ${view.title}`, blocks: [...indicatorBlocks(view, [...(options.chart ? [button("Chart", ACTIONS.chart, askingFor(view.ref, view.organisation))] : []), ...share]), ...shared] };
    case "action":
      // Submit update opens the key action's form (RAG, status, latest note); an action without a ref cannot be named to it.
      return { text: `${view.ref ?? ""} ${view.title}`.trim(), blocks: [...actionBlocks(view), ...withButtons([...cardButtons(actionCardActions(view)), ...share]), ...shared] };
    case "list":
      return { text: view.heading, blocks: [...listBlocks(view), ...pagingButtons(view, share), ...shared] };
    case "actions":
      return { text: view.heading, blocks: [...actionListBlocks(view), ...pagingButtons(view, share), ...shared] };
    case "summary":
      return { text: view.heading, blocks: [...summaryBlocks(view), ...withButtons(share), ...shared] };
    case "not_found":
      return { text: view.message, blocks: notFoundBlocks(view) };
    case "help":
      return { text: view.message ?? "How to ask", blocks: helpBlocks(view) };
    case "notice":
      return { text: escape(view.heading), blocks: noticeBlocks(view) };
    case "changes":
      return { text: escape(`Changes to ${view.ref}`), blocks: changeBlocks(view) };
    case "digest":
      return { text: digestSummary(view), blocks: digestBlocks(view, [...withButtons(share), ...shared]) };
    case "alert":
      return { text: view.headline, blocks: [...alertBlocks(view), ...withButtons(share), ...shared] };
    case "reminder":
      return { text: `${view.heading}: ${view.items.length} to update by ${view.due}${view.for ? ` (for ${view.for})` : ""}`, blocks: reminderBlocks(view) };
    case "missing":
      return { text: `${view.heading}: ${view.people.reduce((n, p) => n + p.items.length, 0)} updates`, blocks: missingBlocks(view) };
    case "review":
      return { text: `Update to review: ${view.ref} ${view.period}, ${view.display}`, blocks: reviewBlocks(view) };
    case "review_outcome":
      return { text: outcomeLine(view), blocks: outcomeBlocks(view) };
    case "due":
      return { text: view.heading, blocks: [section(`*${escape(view.heading)}*`), ...dueBlocks(view)] };
    case "import":
      return { text: `${view.fileName}: ${importLine(view)}`, blocks: importBlocks(view) };
    case "wheel":
      return { text: `${view.heading}: ${wheelStatusLine(view.total)}`, blocks: [...wheelBlocks(view), ...withButtons([...(options.chart ? [button("Chart", ACTIONS.chart, query)] : []), ...share]), ...shared] };
    case "objective":
      return { text: `${view.code} ${view.title}${view.latest ? `: ${view.latest.status} (${view.latest.period})` : ""}`, blocks: [...objectiveBlocks(view), ...withButtons([...cardButtons(objectiveActions(view)), ...share]), ...shared] };
  }
}

/** Sections of lines, each within Slack's 3,000 characters: a long table goes on in the next section. */
function chunked(title: string, lines: string[]): Block[] {
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

/** A wheel: the red segments' narratives first (each opens its card), the committee's counts per group and in total, then each segment's status period by period. */
export function wheelBlocks(w: Wheel): Block[] {
  const blocks: Block[] = [header(w.heading)];
  if (w.filter) blocks.push(context(`Only: ${escape(w.filter)}`));
  if (w.red.length) {
    blocks.push(section(`*Red segments (${w.red.length})*`));
    // Room for the tables after them: red segments beyond a dozen are listed without their narratives.
    for (const r of w.red.slice(0, 12)) {
      blocks.push({
        type: "section",
        text: mrkdwn(`${ratingMark("Red")} *${escape(r.code)}* ${escape(r.title)} · ${escape(r.group)}${r.direction ? ` · ${DIRECTION_MARK[r.direction]}` : ""}\n${escape(truncate(r.narrative ?? "No narrative given.", 2500))}`),
        accessory: button("Open", ACTIONS.open, r.code),
      });
    }
    if (w.red.length > 12) blocks.push(context(escape(`Also red: ${w.red.slice(12).map((r) => r.code).join(", ")}`)));
  }
  blocks.push(divider, section(`*Summary for ${escape(w.period)}*`));
  for (const g of [...w.groups, w.total]) {
    blocks.push(section(`*${escape(g.label)}* (${g.segments} segments${g.assessed < g.segments ? `, ${g.assessed} assessed` : ""})\n${wheelStatusLine(g)}\n${wheelDirectionLine(g)}`));
  }
  const lines: string[] = [];
  for (const group of [...new Set(w.segments.map((s) => s.group))]) {
    lines.push(`*${escape(group)}*`);
    for (const s of w.segments.filter((x) => x.group === group)) {
      const statuses = s.statuses.map((x, i) => `${escape(w.periods[i]!)}: ${segmentStatus(x)}`).join(" · ");
      lines.push(`• *${escape(s.code)}* ${escape(truncate(s.title, 120))} — ${statuses}${s.direction ? ` · ${DIRECTION_MARK[s.direction]}` : ""}`);
    }
  }
  blocks.push(divider, ...chunked("*Status by period*", lines));
  if (w.others.length) blocks.push(context(escape(`Other wheels: ${w.others.map((o) => `wheel ${o}`).join(", ")}`)));
  return blocks;
}

/** An objective: its latest status, direction and narrative, every period's status, and the indicators that inform it (each opens its card). */
export function objectiveBlocks(o: ObjectiveCard): Block[] {
  const blocks: Block[] = [header(`${o.code} ${o.title}`), context(escape([o.organisation, o.group, o.tags.length ? `tags ${o.tags.join(", ")}` : null].filter(Boolean).join(" · ")))];
  const l = o.latest;
  if (!l) blocks.push(section("_Not assessed yet._"));
  else {
    blocks.push(section(`${segmentStatus(l.status)}${l.direction ? ` · ${DIRECTION_MARK[l.direction]}` : ""} · ${escape(l.period)}`));
    if (l.narrative) blocks.push(section(`*Narrative*\n${escape(truncate(l.narrative, 2800))}`));
  }
  if (o.history.length) blocks.push(section(`*Status by period*\n${o.history.map((h) => `${escape(h.period)}: ${segmentStatus(h.status)}${h.direction ? ` · ${DIRECTION_MARK[h.direction]}` : ""}`).join("\n")}`));
  if (o.indicators.length) blocks.push(section("*Informed by*"), ...o.indicators.slice(0, 20).map((i) => itemBlock(i)));
  if (o.owner) blocks.push(context(`Owner: ${o.owner.slackUserId ? mention(o.owner.slackUserId) : escape(o.owner.name)}`));
  return blocks;
}

/** A table sent to the bot: what importing it would do or did, each row's problem, and Confirm and Cancel where there is something to write. */
export function importBlocks(o: ImportOutcome): Block[] {
  const blocks: Block[] = [
    section(`*${escape(importHeading(o))}*`),
    context(escape(`${o.organisation}${o.dryRun ? " · a check: nothing is written until you confirm" : ""}`)),
    section(escape(importLine(o))),
  ];
  const refs = [o.created.length && `New: ${o.created.join(", ")}`, o.updated.length && `Updated: ${o.updated.join(", ")}`].filter(Boolean).join("\n");
  if (refs) blocks.push(section(escape(refs)));
  // A section each: a row's problem can be long, and a section holds 3,000 characters.
  if (o.problems.length) blocks.push(section("*Problems*"), ...o.problems.map((p) => section(`• ${escape(problemLine(p))}`)), ...(o.moreProblems ? [context(`…and ${o.moreProblems} more.`)] : []));
  if (o.notes.length) blocks.push(context(...o.notes.map(escape)));
  if (o.confirm) blocks.push(actions(button("Import", ACTIONS.importConfirm, JSON.stringify(o.confirm), "primary"), button("Cancel", ACTIONS.importCancel, "cancel")));
  return blocks;
}

/** Items listed in a reminder, each a section with its button: within the 50 blocks a message holds. */
const REMINDER_ITEMS_SHOWN = 40;

const reminderItemText = (i: ReminderItem) => `*${escape(i.ref)}* ${escape(truncate(i.title, 300))}${i.returned ? "\n_Returned to you: submit it again._" : ""}`;

/** Each item with the indicator card's Submit update button (ACTIONS.update, the ref as its value), which opens the update form. */
function reminderBlocks(r: Reminder): Block[] {
  const blocks: Block[] = [header(r.heading), context(escape(`${r.organisation} · due ${r.due} (${r.when})`))];
  if (r.for) blocks.push(section(`For *${escape(r.for)}*, who could not be reached directly: still to update.`));
  blocks.push(...r.items.slice(0, REMINDER_ITEMS_SHOWN).map((i): Block => ({ type: "section", text: mrkdwn(reminderItemText(i)), accessory: button("Submit update", ACTIONS.update, askingFor(i.ref, r.organisation)) })));
  if (r.items.length > REMINDER_ITEMS_SHOWN) blocks.push(context(`And ${r.items.length - REMINDER_ITEMS_SHOWN} more: \`/kpi update <ref>\` for each.`));
  return blocks;
}

function missingBlocks(m: MissingUpdates): Block[] {
  const blocks: Block[] = [header(m.heading), context(escape(`${m.organisation} · was due ${m.due}`))];
  const shown = m.people.slice(0, LIMITS.messageBlocks - 3);
  for (const p of shown) blocks.push(section(`*${escape(p.name)}*\n${p.items.map((i) => `• ${reminderItemText(i).replace("\n", " ")}`).join("\n")}`));
  if (m.people.length > shown.length) blocks.push(context(`And ${m.people.length - shown.length} more people: \`kpi reminders preview\` lists everyone.`));
  return blocks;
}

/** A submission in the review channel: the figure and the rating it would have, what was said, who sent it; Accept and Return, or the decision. */
export function reviewBlocks(r: ReviewRequest): Block[] {
  const blocks: Block[] = [
    section(`*Update to review: ${escape(r.ref)}* ${escape(truncate(r.title, 300))}`),
    context(escape(`${r.organisation} · ${r.period}`)),
    section(`${r.rating ? `${emojiFor(r.rating.level)} ` : ""}*${escape(r.display)}* · ${escape(r.period)}${r.rating ? `\nWould be *${escape(r.rating.level)}*: ${escape(r.rating.reason)}` : ""}`),
    section(`*Commentary*\n${escape(truncate(r.commentary, LIMITS.sectionText - 20))}`),
    ...(r.intervention ? [section(`*Proposed intervention*\n${escape(truncate(r.intervention, LIMITS.sectionText - 30))}`)] : []),
    context(escape(submittedLine(r))),
  ];
  if (r.superseded) blocks.push(section(`⏭️ ${escape(supersededLine(r.superseded))}`));
  else if (r.decision) blocks.push(section(`${r.decision.outcome === "accepted" ? "✅" : "↩️"} ${escape(decisionLine(r.decision))}`));
  else blocks.push(actions(button("Accept", ACTIONS.reviewAccept, String(r.id), "primary"), button("Return", ACTIONS.reviewReturn, String(r.id), "danger")));
  return blocks;
}

/** What a submitter is told of a decision: a return with a button to submit again. */
function outcomeBlocks(o: ReviewOutcome): Block[] {
  const blocks: Block[] = [section(`${o.outcome === "accepted" ? "✅" : "↩️"} ${escape(outcomeLine(o))}`), context(escape(o.organisation))];
  if (o.outcome === "returned" && !o.insteadOf) blocks.push(actions(button("Submit again", ACTIONS.update, o.ref, "primary")));
  return blocks;
}

/** Each update due: what still needs a submission has the button that opens the form; the indicator, the period, the deadline and where it stands; or why none is listed. */
function dueBlocks(d: DueList, max = LIMITS.messageBlocks - 2): Block[] {
  if (!d.items.length) return d.message ? [context(escape(d.message))] : [];
  const shown = d.items.slice(0, max - 1);
  return [
    ...shown.map((i): Block => ({
      type: "section",
      text: mrkdwn(`*${escape(i.ref)}* ${escape(truncate(i.title, 300))}
${escape(i.period)}, due ${escape(i.due)} · *${escape(i.status)}*`),
      accessory: needsUpdate(i.state) ? button("Submit update", ACTIONS.update, askingFor(i.ref, i.organisation), "primary") : button("Open", ACTIONS.open, askingFor(i.ref, i.organisation)),
    })),
    ...(d.items.length > shown.length ? [context(`And ${d.items.length - shown.length} more: \`/kpi due\` lists them all.`)] : []),
  ];
}

const withButtons = (buttons: Button[]) => (buttons.length ? [actions(...buttons)] : []);

function ratingText(rating: RatingView, recorded: string | null): string {
  const base = `${emojiFor(rating.level)} *${rating.level}*`;
  return `${base}${recorded ? ` (reported: ${escape(recorded)})` : ""}`;
}

export function indicatorBlocks(c: IndicatorCard, extraButtons: Button[] = []): Block[] {
  const blocks: Block[] = [header(`${c.ref} ${c.title}`)];
  // A header holds 150 characters: a longer title is given whole below it.
  if (`${c.ref} ${c.title}`.length > LIMITS.header) blocks.push(section(`*${escape(c.title)}*`));
  blocks.push(context(escape([c.organisation, c.service, c.polarityText, c.codes.length ? c.codes.join(", ") : null].filter(Boolean).join(" · "))));
  const l = c.latest;
  if (!l) blocks.push(section("_No results reported yet._"));
  else {
    const fraction = l.numerator !== null && l.denominator !== null ? ` (${l.numerator}/${l.denominator})` : "";
    const target = !l.target
      ? " (no target for this period)"
      : l.target.toDateNote
        ? ` against *${escape(l.target.display)}* to date (${escape(l.target.toDateNote)})`
        : l.target.annualNote
        ? ` against the annual target *${escape(l.target.display)}* (${escape(l.target.annualNote)})`
        : ` against target *${escape(l.target.display)}*`;
    blocks.push(section(`${emojiFor(l.rating.level)} *${escape(l.display)}*${fraction}${target} · ${escape(l.period)}`));
    const fields = [
      `*Rating*\n${ratingText(l.rating, l.ratingRecorded)}\n${escape(l.rating.reason)}`,
      `*Direction of travel*\nShort term: ${l.dotShort ? directionWords(l.dotShort, figureMove(l.value, l.previous?.value)) : escape(notApplicable(l.dotShortWhyNot))}${l.dotShortRecorded ? ` (reported: ${escape(l.dotShortRecorded)})` : ""}\nLong term: ${l.dotLong ? directionWords(l.dotLong, figureMove(l.value, l.yearBefore?.value)) : escape(notApplicable(l.dotLongWhyNot))}${l.dotLongRecorded ? ` (reported: ${escape(l.dotLongRecorded)})` : ""}`,
    ];
    if (l.previous) fields.push(`*Previous* (${escape(l.previous.period)})\n${escape(l.previous.display)}`);
    if (l.yearBefore) fields.push(`*A year before* (${escape(l.yearBefore.period)})\n${escape(l.yearBefore.display)}`);
    if (l.annualTarget) fields.push(`*Annual target* (${escape(l.annualTarget.period)})\n${escape(l.annualTarget.display)}`);
    blocks.push({ type: "section", fields: fields.slice(0, LIMITS.fields).map((f) => ({ type: "mrkdwn" as const, text: truncate(f, LIMITS.fieldText) })) });
  }
  const { periods: trend, spark, note } = c.trend;
  if (trend.length > 1) {
    // Where the bars do not start at zero, they say where they start ("from 18%").
    blocks.push(section(`*Trend*${spark ? `  \`${spark}\`${note ? ` ${note}` : ""}` : ""}\n${trend.map((h) => `${escape(h.period)}: ${escape(h.display)}`).join(" · ")}`));
  }
  if (c.benchmarkText) blocks.push(section(`*Benchmark*\n${escape(c.benchmarkText)}`));
  if (c.commentary) blocks.push(section(`*Commentary*${c.commentary.period ? ` (${escape(c.commentary.period)})` : ""}\n${escape(c.commentary.short)}`));
  if (c.owners.length) blocks.push(context(`Owner: ${c.owners.map((o) => (o.slackUserId ? mention(o.slackUserId) : escape(o.name))).join(", ")}`));
  for (const flag of c.flags) blocks.push(context(`⚠️ ${escape(flag)}`));
  blocks.push(actions(...cardButtons(indicatorActions(c)), ...extraButtons));
  return blocks;
}

/** A picture shown from a public address (Slack fetches it when the message is posted), with its title and alt text. */
export function imageBlock(url: string, title: string, alt: string): Block {
  return { type: "image", image_url: url, alt_text: truncate(alt, 2000), title: { type: "plain_text", text: truncate(title, 2000) } };
}

/** Every period, for the History button. */
export function historyBlocks(c: IndicatorCard): Block[] {
  const rows = c.history.map((h) => `${escape(h.period)}: *${escape(h.display)}*${h.target ? ` (target ${escape(h.target)})` : ""}`);
  const blocks: Block[] = [header(`${c.ref} history`)];
  // Sections of at most 3,000 characters.
  let chunk = "";
  for (const row of rows) {
    if (chunk.length + row.length + 1 > LIMITS.sectionText) {
      blocks.push(section(chunk));
      chunk = "";
    }
    chunk = chunk ? `${chunk}\n${row}` : row;
  }
  if (chunk) blocks.push(section(chunk));
  return blocks.slice(0, LIMITS.messageBlocks);
}

/** The whole commentary, for the Full commentary button. */
export function commentaryBlocks(c: IndicatorCard): Block[] {
  const text = escape(c.commentary?.text ?? "No commentary.");
  const blocks: Block[] = [header(`${c.ref} commentary${c.commentary?.period ? ` (${c.commentary.period})` : ""}`)];
  for (let i = 0; i < text.length && blocks.length < LIMITS.messageBlocks; i += LIMITS.sectionText - 100) {
    blocks.push(section(text.slice(i, i + LIMITS.sectionText - 100)));
  }
  return blocks;
}

function actionBlocks(a: ActionCard): Block[] {
  const state = [a.rag && `${emojiFor(a.rag)} *${escape(a.rag)}*`, a.status && `*${escape(a.status)}*`, a.due && `due ${escape(a.due)}`].filter(Boolean).join(" · ");
  const heading = `${a.ref ?? ""} ${a.title}`.trim();
  const blocks: Block[] = [header(heading)];
  // A header holds 150 characters: a longer title is given whole below it, as an indicator's is.
  if (heading.length > LIMITS.header) blocks.push(section(`*${escape(a.title)}*`));
  blocks.push(context(escape([a.organisation, a.service, a.priority].filter(Boolean).join(" · "))));
  if (state) blocks.push(section(state));
  if (a.parent) blocks.push(context(`Part of ${escape(`${a.parent.ref ?? ""} ${a.parent.title}`.trim())}`));
  if (a.note) blocks.push(section(`*Latest note*${a.noteDate ? ` (${escape(a.noteDate)})` : ""}\n${escape(truncate(a.note, 2500))}`));
  if (a.children.length) {
    blocks.push(section(`*Measures of success*\n${a.children.map((ch) => `• ${escape(ch.ref ?? "")} ${escape(ch.title)}${ch.status || ch.rag ? ` — ${escape(ch.status ?? ch.rag ?? "")}` : ""}${ch.due ? ` (due ${escape(ch.due)})` : ""}`).join("\n")}`));
  }
  if (a.owner) blocks.push(context(`Owner: ${escape(a.owner)}`));
  return blocks;
}

function itemBlock(i: IndicatorListItem, extra = ""): Block {
  const figures = i.latest ? `${escape(i.latest)}${i.target ? ` vs ${escape(i.target)}` : ""}${i.period ? ` · ${escape(i.period)}` : ""}` : "_no results_";
  return {
    type: "section",
    text: mrkdwn(`${emojiFor(i.rating)} *${escape(i.ref)}* ${escape(i.title)}\n${i.rating ? `${escape(i.rating)} · ` : ""}${figures}${i.dotShort ? ` · ${directionWords(i.dotShort, i.dotShortMove)}` : ""}${extra}`),
    accessory: button("Open", ACTIONS.open, askingFor(i.ref, i.organisation)),
  };
}

const listNoticeBlocks = (notice: string | null | undefined): Block[] => (notice ? [context(escape(notice))] : []);

function listBlocks(l: IndicatorList): Block[] {
  return [...listNoticeBlocks(l.notice), section(`*${escape(l.heading)}*`), ...l.items.map((i) => itemBlock(i))];
}

const HOME_OWNED_SHOWN = 20;
const HOME_DUE_SHOWN = 20;

/** The App Home tab: at most 100 blocks; a notice instead where the workspace sees no organisation. */
export function homeBlocks(h: Home | Notice): Block[] {
  const blocks: Block[] = [header("Council performance indicators")];
  if (h.kind === "notice") return [...blocks, ...noticeBlocks(h)];
  if (h.due?.items.length) blocks.push(section(`*${escape(h.due.heading)}*`), ...dueBlocks(h.due, HOME_DUE_SHOWN), divider);
  blocks.push(section("*Your indicators*"));
  if (h.person === null) blocks.push(context("Your Slack account is not linked to an indicator owner yet: ask the performance team. Meanwhile, type `/kpi help`."));
  else if (!h.owned.length) blocks.push(context(`${escape(h.person)}, you own no indicators.`));
  blocks.push(...h.owned.slice(0, HOME_OWNED_SHOWN).map((i) => itemBlock(i)));
  if (h.owned.length > HOME_OWNED_SHOWN) blocks.push(context(`And ${h.owned.length - HOME_OWNED_SHOWN} more: \`/kpi service <name>\` lists them all.`));
  blocks.push(divider, ...summaryBlocks(h.summary));
  blocks.push(section("*Worsened most since the period before*"));
  if (!h.worsenedMost.length) blocks.push(context("Nothing worsened."));
  blocks.push(...h.worsenedMost.map((i) => itemBlock(i, `\n_${escape(i.change)}_`)));
  return blocks.slice(0, LIMITS.surfaceBlocks);
}

function actionListBlocks(l: ActionList): Block[] {
  const blocks: Block[] = [...listNoticeBlocks(l.notice), section(`*${escape(l.heading)}*`)];
  for (const a of l.items) {
    const state = [a.rag, a.status, a.due && `due ${a.due}`].filter(Boolean).join(" · ");
    blocks.push({
      type: "section",
      text: mrkdwn(`${a.rag ? emojiFor(a.rag) : a.status === "Overdue" ? "⏰" : "•"} *${escape(a.ref ?? "")}* ${escape(truncate(a.title, 300))}${state ? `\n${escape(state)}` : ""}`),
      ...(a.ref ? { accessory: button("Open", ACTIONS.open, a.ref) } : {}),
    });
  }
  return blocks;
}

function pagingButtons(p: { page: number; pageCount: number; query: string }, share: Button[]): Block[] {
  const buttons = pageActions(p).map((a) => button(a.label, ACTIONS.page, a.subject, a.label === "Next" ? "primary" : undefined));
  const blocks: Block[] = p.pageCount > 1 ? [context(`Page ${p.page} of ${p.pageCount}`)] : [];
  return [...blocks, ...withButtons([...buttons, ...share])];
}


export function summaryBlocks(s: Summary): Block[] {
  const blocks: Block[] = [header(s.heading)];
  if (!s.sections.length) blocks.push(section("_No indicators._"));
  for (const sec of s.sections) {
    const o = sec.overall;
    blocks.push(section(`*${escape(sec.organisation)}* · latest results (${escape(sec.periods.join(", "))})`));
    blocks.push(section(sec.levels.map((level, i) => `${emojiFor(level)} ${level} *${countWithShare(o.counts[i]!, o.rated)}*`).join("   ")));
    blocks.push(context(`Rated ${o.rated} of ${o.total} · not rated ${o.notRated} · long term: improved or same ${countWithShare(o.improvedOrSame, o.improvedOrSame + o.worsened)}, worsened ${countWithShare(o.worsened, o.improvedOrSame + o.worsened)}, no direction ${o.noDirection}`));
    for (const [title, rows] of [["By type", sec.byType], ["By service", sec.byService]] as const) {
      const lines = rows.map((r) => `${escape(r.label)}: ${sec.levels.map((level, i) => `${emojiFor(level)} ${r.counts[i]}`).join(" ")} · not rated ${r.notRated} · improving or same ${r.improvedOrSame} · worsening ${r.worsened}`);
      blocks.push(section(`*${title}*\n${lines.join("\n")}`));
    }
    blocks.push(divider);
  }
  return blocks;
}

function notFoundBlocks(n: NotFound): Block[] {
  const blocks: Block[] = [section(escape(n.message))];
  if (n.suggestions.length) {
    blocks.push(section(`${escape(n.suggestionsHeading)}\n${n.suggestions.map((s) => `• ${code(s.query)} ${escape(s.what)}`).join("\n")}`));
    blocks.push(actions(...n.suggestions.map((s) => button(s.query, ACTIONS.open, s.query))));
  } else blocks.push(context("Type `/kpi help` for examples."));
  return blocks;
}

/** The newest changes, one section each, within a message's blocks. */
function changeBlocks(c: ChangeHistory): Block[] {
  const room = LIMITS.messageBlocks - 3;
  const shown = c.entries.slice(0, room);
  return [
    header(`Changes to ${c.ref} ${c.title}`),
    context(escape(c.organisation)),
    ...(shown.length ? shown.map((e) => section(escape(truncate(changeLine(e), LIMITS.sectionText)))) : [section("_No change has been recorded since the data was loaded._")]),
    ...(c.entries.length > room ? [context(`…and ${c.entries.length - room} older: ${code(`npm run kpi -- ask "history ${c.ref}"`)} lists them all.`)] : []),
  ];
}

export function noticeBlocks(n: Notice): Block[] {
  return [section(`*${escape(n.heading)}*`), ...n.lines.map((line) => section(escape(line)))];
}

function helpBlocks(h: Help): Block[] {
  return [
    ...(h.message ? [section(escape(h.message))] : []),
    section("*Ask about council performance indicators:*\n" + h.examples.map((e) => `• ${code(`/kpi ${e.query}`)} ${escape(e.what)}`).join("\n")),
  ];
}

/** The notification line: "Barnet: 5 red, 7 amber; 2 new". */
function digestSummary(d: Digest): string {
  if (d.quiet) return `${d.organisation}: nothing red or amber, nothing changed`;
  const counts = d.counts.map((c) => `${c.count} ${c.level.toLowerCase()}`).join(", ");
  const overdue = d.actions.filter((a) => a.overdue).length;
  const redSegments = d.wheel?.red.length ?? 0;
  const changes = [d.newlyRedAmber.length && `${d.newlyRedAmber.length} new`, d.improved.length && `${d.improved.length} improved`, overdue && `${overdue} overdue`, redSegments && `${redSegments} red segment${redSegments === 1 ? "" : "s"}`].filter(Boolean);
  return `${d.organisation}: ${counts || "nothing counted"}${changes.length ? `; ${changes.join(", ")}` : ""}`;
}

/** A title in a digest line: enough to recognise it, so that the figures after it are never cut off. */
const DIGEST_TITLE = 300;

const digestLineBlock = (l: DigestLine): Block => itemBlock({ ...l, title: truncate(l.title, DIGEST_TITLE) }, l.was ? ` · was ${escape(l.was)}` : "");

function digestActionBlock(a: DigestAction): Block {
  const state = escape([a.rag, a.status, a.due && `due ${a.due}`].filter(Boolean).join(" · "));
  const overdue = a.overdue ? `${state ? " · " : ""}⏰ *overdue*` : "";
  return {
    type: "section",
    text: mrkdwn(`${a.rag ? emojiFor(a.rag) : "⏰"} ${a.ref ? `*${escape(a.ref)}* ` : ""}${escape(truncate(a.title, DIGEST_TITLE))}\n${state}${overdue}`),
    ...(a.ref ? { accessory: button("Open", ACTIONS.open, a.ref) } : {}),
  };
}

/** A digest section: its heading, then its lines in groups (by service, where `label` is set), in the order given. */
interface DigestSection {
  heading: string;
  groups: { label: string | null; lines: Block[] }[];
}

/** The blocks of a section showing its first `shown` lines: none at all when it shows none. */
function sectionBlocks(s: DigestSection, shown: number): Block[] {
  if (shown === 0) return [];
  const blocks: Block[] = [section(s.heading)];
  for (const group of s.groups) {
    const lines = group.lines.slice(0, shown);
    if (!lines.length) continue;
    if (group.label !== null) blocks.push(context(group.label));
    blocks.push(...lines);
    shown -= lines.length;
  }
  return blocks;
}

const lineCount = (s: DigestSection) => s.groups.reduce((n, g) => n + g.lines.length, 0);

/**
 * The digest in at most 50 blocks with `trailing` last. The header, counts and filter always stay; when the
 * sections do not fit, the longest loses its last line until they do, and a line says how many more there are.
 */
function digestBlocks(d: Digest, trailing: Block[]): Block[] {
  const counts = d.counts.map((c) => `${emojiFor(c.level)} ${escape(c.level)} *${c.count}*`).join("   ");
  const top: Block[] = [header(d.heading), section(`*${escape(d.organisation)}*${d.period ? ` · ${escape(d.period)}` : ""}\n${counts}`), context(escape(d.filter))];
  if (d.quiet) return [...top, section("✅ Nothing is red or amber, and nothing changed since the last digest."), ...trailing];
  const titled = (title: string, n: number) => `*${title}* (${n})`;
  const sections: DigestSection[] = [
    { heading: titled("New to red or amber", d.newlyRedAmber.length), groups: [{ label: null, lines: d.newlyRedAmber.map(digestLineBlock) }] },
    {
      heading: titled("Still red or amber", d.stillRedAmber.reduce((n, g) => n + g.items.length, 0)),
      groups: d.stillRedAmber.map((g) => ({ label: `*${escape(g.service ?? "No service")}*`, lines: g.items.map(digestLineBlock) })),
    },
    { heading: titled("Improved", d.improved.length), groups: [{ label: null, lines: d.improved.map(digestLineBlock) }] },
    { heading: titled("Key actions red or overdue", d.actions.length), groups: [{ label: null, lines: d.actions.map(digestActionBlock) }] },
  ];
  const wheel = d.wheel ? digestWheelBlocks(d.wheel) : [];
  const total = sections.map(lineCount);
  const shown = [...total];
  const blockCount = () => sections.reduce((n, s, i) => n + sectionBlocks(s, shown[i]!).length, 0);
  let room = LIMITS.messageBlocks - top.length - wheel.length - trailing.length;
  if (blockCount() > room) room -= 1; // for the "and N more" line
  while (blockCount() > room) {
    // The longest section loses its last line (the later one on a tie: earlier sections matter more).
    const longest = shown.reduce((best, n, i) => (n >= shown[best]! ? i : best), 0);
    shown[longest]! -= 1;
  }
  const more = total.reduce((n, t, i) => n + t - shown[i]!, 0);
  return [
    ...top,
    ...sections.flatMap((s, i) => sectionBlocks(s, shown[i]!)),
    ...(more ? [context(`…and ${more} more: ${code(`/kpi ${d.moreQuery}`)}`)] : []),
    ...wheel,
    ...trailing,
  ];
}

/** Lines of each wheel list a digest shows: a wheel has a dozen segments or so; the rest are named. */
const DIGEST_WHEEL_LINES = 12;

/** The wheel in a digest, in a few blocks whatever its size: red segments (each with its narrative's first line), then changes of status. */
function digestWheelBlocks(w: DigestWheel): Block[] {
  const headings = digestWheelHeadings(w);
  const also = (codes: string[], what: string) => (codes.length ? [`_…and ${what} ${escape(codes.join(", "))}_`] : []);
  const red = w.red.slice(0, DIGEST_WHEEL_LINES).map((r) => `${ratingMark("Red")} *${escape(r.code)}* ${escape(truncate(r.title, 120))}${r.narrative ? ` — ${escape(truncate(r.narrative, 200))}` : ""}`);
  const changes = w.changes.slice(0, DIGEST_WHEEL_LINES).map((c) => `• ${escape(statusChangeLine(c))} · ${escape(truncate(c.title, 120))}`);
  return [
    divider,
    ...chunked(`*${escape(headings.red)}*`, [...red, ...also(w.red.slice(DIGEST_WHEEL_LINES).map((r) => r.code), "also red:")]),
    ...(headings.changes ? chunked(`*${escape(headings.changes)}*`, [...changes, ...also(w.changes.slice(DIGEST_WHEEL_LINES).map((c) => c.code), "changed too:")]) : []),
    context("`/kpi wheel` for the whole wheel"),
  ];
}

function alertBlocks(a: Alert): Block[] {
  return [section(`*${escape(truncate(a.headline, DIGEST_TITLE))}*`), digestLineBlock(a.line), context(escape(a.organisation))];
}
