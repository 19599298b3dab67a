// View models -> Slack messages: each answer's blocks (an indicator's card in indicator-blocks.ts, what the jobs
// post in job-blocks.ts, the pieces in block-kit.ts), within Slack's documented limits, text from data escaped.
import { comparisonBlocks } from "./comparison-blocks.ts";
import { comparisonHeading } from "../../core/format.ts";
import { changeLine, countWithShare, importLine, outcomeLine, ratingMark, ratingMark as emojiFor, segmentStatus, wheelDirectionLine, wheelStatusLine } from "../../core/format.ts";
import { actionCardActions, objectiveActions, pageActions } from "../../core/card-actions.ts";
import { askingFor } from "../../core/query.ts";
import { foldKey, truncate } from "../../core/text.ts";
import { DIRECTION_MARK } from "../../core/objectives.ts";
import type { ObjectiveCard, Wheel } from "../../core/views.ts";
import type { ActionCard, ActionList, ChangeHistory, Help, Home, IndicatorList, NotFound, Notice, Summary, View } from "../../core/views.ts";
import { type Block, type Button, LIMITS, ACTIONS, escape, code, mention, mrkdwn, section, header, context, divider, button, actions, cardButtons, type SlackMessage, chunked, withButtons, itemBlock, listNoticeBlocks, noticeBlocks } from "./block-kit.ts";
import { importBlocks, reminderBlocks, missingBlocks, reviewBlocks, outcomeBlocks, dueBlocks, digestSummary, digestBlocks, alertBlocks } from "./job-blocks.ts";
import { indicatorBlocks } from "./indicator-blocks.ts";
export { LIMITS, ACTIONS, escape, code, type SlackMessage, noticeBlocks } from "./block-kit.ts";
export { importBlocks, reviewBlocks } from "./job-blocks.ts";
export { imageBlock, historyBlocks, commentaryBlocks } from "./indicator-blocks.ts";
export { truncate };

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
  /** Offer the Chart button on an indicator's card, a wheel and a comparison (where the service draws pictures). */
  chart?: boolean;
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
const SHAREABLE: ReadonlySet<View["kind"]> = new Set(["indicator", "action", "list", "actions", "summary", "digest", "alert", "wheel", "objective", "comparison"]);
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
    case "comparison":
      return { text: escape(comparisonHeading(view)), blocks: [...comparisonBlocks(view), ...withButtons([...(options.chart ? [button("Chart", ACTIONS.chart, query)] : []), ...share]), ...shared] };
    case "objective":
      return { text: `${view.code} ${view.title}${view.latest ? `: ${view.latest.status} (${view.latest.period})` : ""}`, blocks: [...objectiveBlocks(view), ...withButtons([...cardButtons(objectiveActions(view)), ...share]), ...shared] };
  }
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

function helpBlocks(h: Help): Block[] {
  return [
    ...(h.message ? [section(escape(h.message))] : []),
    section("*Ask about council performance indicators:*\n" + h.examples.map((e) => `• ${code(`/kpi ${e.query}`)} ${escape(e.what)}`).join("\n")),
  ];
}
