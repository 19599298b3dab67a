// View models -> Adaptive Cards 1.5, for Teams. The same facts as the Slack
// blocks (ref, title, value, target, rating, DOT, trend, benchmark, commentary,
// owner, flags), from the same view models. Buttons are Action.Submit with a verb.
// Teams reads TextBlock and fact text as markdown, of which it shows bold, italic,
// lists and links (no code, headings or tables): data goes in escaped, so it shows as written.
import { comparisonCard } from "./comparison-cards.ts";
import { changeLine, countWithShare, outcomeLine, ratingMark as mark, segmentStatus, wheelDirectionLine, wheelStatusLine } from "../../core/format.ts";
import { actionCardActions, objectiveActions } from "../../core/card-actions.ts";
import { askingFor } from "../../core/query.ts";
import { foldKey } from "../../core/text.ts";
import { DIRECTION_MARK } from "../../core/objectives.ts";
import type { ObjectiveCard, Wheel } from "../../core/views.ts";
import type { ActionCard, ActionList, Help, IndicatorList, NotFound, Summary, View } from "../../core/views.ts";
import { type AdaptiveCard, VERBS, md, text, facts, submit, updateButton, card, type ChartImage, itemRow, pagingActions, cardButtons, noticeRows, clip, opening } from "./card-kit.ts";
import { importCard, reminderCard, missingCard, reviewCard, dueCard, digestCard, alertCard } from "./job-cards.ts";
import { indicatorCard } from "./indicator-cards.ts";
export { type AdaptiveCard, VERBS, REVIEW_COMMENT, escapeMarkdown, text, updateButton, targetButton, assessButton, card, type ChartImage, CARD_IMAGE, pngDataUri } from "./card-kit.ts";
export { commentaryCard, historyCard } from "./indicator-cards.ts";
/**
 * What a form asked for by a reference several organisations use (`kpi update 12` seeing two numbered councils)
 * answers: say which, with a button per organisation that opens its form. Null where the list is not one reference's.
 */
export function whichOrganisationCard(list: IndicatorList, command: string, opens: (asked: string) => object): AdaptiveCard | null {
  const [first] = list.items;
  if (!first || list.items.length < 2 || list.items.some((i) => foldKey(i.ref) !== foldKey(first.ref))) return null;
  const rows = list.items.map((i) => ({ type: "ActionSet", actions: [{ ...opens(askingFor(i.ref, i.organisation)), title: i.organisation }] }));
  return card([text(`${list.items.length} organisations use the reference ${first.ref}: say which, as in ${command} ${askingFor(first.ref, first.organisation)}.`), ...rows]);
}

/** What a card may carry besides its view: an indicator's chart, a wheel's or a comparison's picture, as a data: URI or a signed URL. */
export interface CardExtras {
  chart?: ChartImage | null;
}

export function renderCard(view: View, extras: CardExtras = {}): AdaptiveCard {
  switch (view.kind) {
    case "indicator":
      return indicatorCard(view, extras.chart ?? null);
    case "action":
      return actionCard(view);
    case "list":
      return listCard(view);
    case "actions":
      return actionListCard(view);
    case "summary":
      return summaryCard(view);
    case "not_found":
      return notFoundCard(view);
    case "help":
      return helpCard(view);
    case "digest":
      return digestCard(view, extras.chart ?? null);
    case "alert":
      return alertCard(view);
    case "changes":
      return card([
        text(`Changes to ${view.ref} ${view.title}`, { weight: "Bolder" }),
        text(view.organisation, { isSubtle: true, spacing: "None" }),
        ...(view.entries.length ? view.entries.slice(0, 100).map((e) => text(changeLine(e))) : [text("No change has been recorded since the data was loaded.")]),
      ]);
    case "notice":
      return card([text(view.heading, { weight: "Bolder" }), ...view.lines.map((line) => text(line))]);
    case "reminder":
      return reminderCard(view);
    case "missing":
      return missingCard(view);
    case "review":
      return reviewCard(view);
    case "review_outcome":
      return card(
        [text(`${view.outcome === "accepted" ? "✅" : "↩️"} ${outcomeLine(view)}`), text(view.organisation, { isSubtle: true, spacing: "None" })],
        view.outcome === "returned" && !view.insteadOf ? [{ ...updateButton(view.ref), title: "Submit again" }] : [],
      );
    case "due":
      return dueCard(view);
    case "import":
      return importCard(view);
    case "wheel":
      return wheelCard(view, extras.chart ?? null);
    case "objective":
      return objectiveCard(view);
    case "comparison":
      return comparisonCard(view, extras.chart ?? null);
  }
}

/** Red segments whose narratives a wheel card gives: the rest are named (a card stays well under Teams' size limit). */
const WHEEL_RED_SHOWN = 12;

/** A wheel: the red segments' narratives first (each opens its card), the committee's counts per group and in total, then each segment's status period by period. */
function wheelCard(w: Wheel, picture: ChartImage | null): AdaptiveCard {
  const body: object[] = [text(w.heading, { size: "Medium", weight: "Bolder" })];
  if (w.filter) body.push(text(`Only: ${w.filter}`, { isSubtle: true, spacing: "None" }));
  // The picture above the tables, never instead of them: they are what shows where it does not load.
  if (picture) body.push({ type: "Image", url: picture.url, altText: picture.alt, size: "Stretch", spacing: "Small" });
  if (w.red.length) {
    body.push(text(md`**Red segments** (${w.red.length})`, { spacing: "Medium" }));
    for (const r of w.red.slice(0, WHEEL_RED_SHOWN)) {
      body.push(opening(text(md`${mark("Red")} **${r.code}** ${r.title} · ${r.group}${r.direction ? ` · ${DIRECTION_MARK[r.direction]}` : ""}  \n${clip(r.narrative ?? "No narrative given.", 2500)}`, { separator: true }), r.code));
    }
    if (w.red.length > WHEEL_RED_SHOWN) body.push(text(`Also red: ${w.red.slice(WHEEL_RED_SHOWN).map((r) => r.code).join(", ")}`, { isSubtle: true }));
  }
  body.push(text(md`**Summary for ${w.period}**`, { spacing: "Medium", separator: true }));
  for (const g of [...w.groups, w.total]) {
    body.push(text(md`**${g.label}** (${g.segments} segments${g.assessed < g.segments ? `, ${g.assessed} assessed` : ""})`, { spacing: "Small" }), text(wheelStatusLine(g), { spacing: "None" }), text(wheelDirectionLine(g), { spacing: "None" }));
  }
  body.push(text(md`**Status by period**`, { spacing: "Medium", separator: true }));
  for (const group of [...new Set(w.segments.map((s) => s.group))]) {
    body.push(
      text(group, { weight: "Bolder", isSubtle: true }),
      facts(w.segments.filter((s) => s.group === group).map((s) => [`${s.code} ${clip(s.title, 120)}`, `${s.statuses.map((x, i) => `${w.periods[i]}: ${segmentStatus(x)}`).join(" · ")}${s.direction ? ` · ${DIRECTION_MARK[s.direction]}` : ""}`] as [string, string])),
    );
  }
  if (w.others.length) body.push(text(`Other wheels: ${w.others.map((o) => `wheel ${o}`).join(", ")}`, { isSubtle: true }));
  return card(body);
}

/** An objective: its latest status, direction and narrative, every period's status, and the indicators that inform it (each opens its card). */
function objectiveCard(o: ObjectiveCard): AdaptiveCard {
  const body: object[] = [
    text(`${o.code} ${o.title}`, { size: "Medium", weight: "Bolder" }),
    text([o.organisation, o.group, o.tags.length ? `tags ${o.tags.join(", ")}` : null].filter(Boolean).join(" · "), { isSubtle: true, spacing: "None" }),
  ];
  const l = o.latest;
  if (!l) body.push(text("Not assessed yet."));
  else {
    body.push(text(md`**${segmentStatus(l.status)}**${l.direction ? ` · ${DIRECTION_MARK[l.direction]}` : ""} · ${l.period}`));
    if (l.narrative) body.push(text(md`**Narrative**`), text(clip(l.narrative, 3000), { spacing: "None" }));
  }
  if (o.history.length) body.push(text(md`**Status by period**`), facts(o.history.map((h) => [h.period, `${segmentStatus(h.status)}${h.direction ? ` · ${DIRECTION_MARK[h.direction]}` : ""}`] as [string, string])));
  if (o.indicators.length) body.push(text(md`**Informed by**`), ...o.indicators.slice(0, 20).map((i) => opening(itemRow(i), i.ref)));
  if (o.owner) body.push(text(`Owner: ${o.owner.name}`, { isSubtle: true }));
  return card(body, cardButtons(objectiveActions(o)));
}

function actionCard(a: ActionCard): AdaptiveCard {
  const body: object[] = [
    text(`${a.ref ?? ""} ${a.title}`.trim(), { size: "Medium", weight: "Bolder" }),
    text([a.organisation, a.service, a.priority].filter(Boolean).join(" · "), { isSubtle: true, spacing: "None" }),
    facts([
      ["RAG", a.rag ? `${mark(a.rag)} ${a.rag}` : null],
      ["Status", a.status],
      ["Due", a.due],
      ["Part of", a.parent ? `${a.parent.ref ?? ""} ${a.parent.title}`.trim() : null],
      ["Owner", a.owner],
    ]),
  ];
  if (a.note) body.push(text(md`**Latest note**${a.noteDate ? ` (${a.noteDate})` : ""}`), text(a.note, { spacing: "None" }));
  if (a.children.length) body.push(text(md`**Measures of success**`), ...a.children.map((ch) => text(`${ch.ref ?? ""} ${ch.title}${ch.status || ch.rag ? ` — ${ch.status ?? ch.rag}` : ""}${ch.due ? ` (due ${ch.due})` : ""}`, { spacing: "None" })));
  // Submit update opens the key action's dialog (RAG, status, latest note); one without a ref cannot be named to it.
  return card(body, cardButtons(actionCardActions(a)));
}

function listCard(l: IndicatorList): AdaptiveCard {
  const body = [...noticeRows(l.notice), text(l.heading, { weight: "Bolder" }), ...l.items.map((i) => opening(itemRow(i), askingFor(i.ref, i.organisation)))];
  if (l.pageCount > 1) body.push(text(`Page ${l.page} of ${l.pageCount}`, { isSubtle: true }));
  return card(body, pagingActions(l));
}

function actionListCard(l: ActionList): AdaptiveCard {
  const body = [
    ...noticeRows(l.notice),
    text(l.heading, { weight: "Bolder" }),
    ...l.items.map((a) => opening(text(md`${a.rag ? mark(a.rag) : a.status === "Overdue" ? "⏰" : "•"} **${a.ref ?? ""}** ${a.title}  \n${[a.rag, a.status, a.due && `due ${a.due}`].filter(Boolean).join(" · ")}`, { separator: true }), a.ref)),
  ];
  if (l.pageCount > 1) body.push(text(`Page ${l.page} of ${l.pageCount}`, { isSubtle: true }));
  return card(body, pagingActions(l));
}

function summaryCard(s: Summary): AdaptiveCard {
  const body: object[] = [text(s.heading, { size: "Medium", weight: "Bolder" })];
  if (!s.sections.length) body.push(text("No indicators."));
  for (const sec of s.sections) {
    const o = sec.overall;
    body.push(text(md`**${sec.organisation}** · latest results (${sec.periods.join(", ")})`));
    body.push(facts(sec.levels.map((level, i) => [`${mark(level)} ${level}`, countWithShare(o.counts[i]!, o.rated)] as [string, string])));
    body.push(text(`Rated ${o.rated} of ${o.total} · not rated ${o.notRated} · long term: improved or same ${countWithShare(o.improvedOrSame, o.improvedOrSame + o.worsened)}, worsened ${countWithShare(o.worsened, o.improvedOrSame + o.worsened)}, no direction ${o.noDirection}`, { isSubtle: true }));
    for (const [title, rows] of [["By type", sec.byType], ["By service", sec.byService]] as const) {
      body.push(text(md`**${title}**`), facts(rows.map((r) => [r.label, `${sec.levels.map((level, i) => `${mark(level)} ${r.counts[i]}`).join(" ")} · not rated ${r.notRated} · improving or same ${r.improvedOrSame} · worsening ${r.worsened}`] as [string, string])));
    }
  }
  return card(body);
}

/** Teams shows a few buttons under a card: every suggestion is listed, the first ones are buttons. */
const SUGGESTION_BUTTONS = 5;

function notFoundCard(n: NotFound): AdaptiveCard {
  if (!n.suggestions.length) return card([text(n.message), text(md`Type **help** for examples.`, { isSubtle: true })]);
  const body = [text(n.message), text(n.suggestionsHeading, { isSubtle: true }), facts(n.suggestions.map((s) => [s.query, s.what]))];
  return card(body, n.suggestions.slice(0, SUGGESTION_BUTTONS).map((s) => submit(s.query.slice(0, 60), { verb: VERBS.open, query: s.query })));
}

function helpCard(h: Help): AdaptiveCard {
  return card([
    ...(h.message ? [text(h.message)] : []),
    text("Ask about council performance indicators:", { weight: "Bolder" }),
    facts(h.examples.map((e) => [`kpi ${e.query}`, e.what] as [string, string])),
  ]);
}
