// View models -> Adaptive Cards 1.5, for Teams. The same facts as the Slack
// blocks (ref, title, value, target, rating, DOT, trend, benchmark, commentary,
// owner, flags), from the same view models. Buttons are Action.Submit with a verb.
// Teams reads TextBlock and fact text as markdown, of which it shows bold, italic,
// lists and links (no code, headings or tables): data goes in escaped, so it shows as written.
import { changeLine, countWithShare, decisionLine, digestWheelHeadings, statusChangeLine, importHeading, importLine, problemLine, directionWords, notApplicable, outcomeLine, ratingMark as mark, segmentStatus, submittedLine, supersededLine, wheelDirectionLine, wheelStatusLine } from "../../core/format.ts";
import { actionCardActions, indicatorActions, objectiveActions, pageActions, type CardAction } from "../../core/card-actions.ts";
import { figureMove } from "../../core/ratings.ts";
import { askingFor } from "../../core/query.ts";
import { foldKey } from "../../core/text.ts";
import { DIRECTION_MARK } from "../../core/objectives.ts";
import type { DigestWheel, ObjectiveCard, Wheel } from "../../core/views.ts";
import type { ActionCard, ActionList, Alert, Digest, DigestAction, DigestLine, DueList, Help, ImportOutcome, IndicatorCard, IndicatorList, IndicatorListItem, MissingUpdates, NotFound, Reminder, ReminderItem, ReviewRequest, Summary, View } from "../../core/views.ts";
import { needsUpdate } from "../../core/views.ts";

export type AdaptiveCard = { type: "AdaptiveCard"; version: "1.5"; $schema: string; body: object[]; actions?: object[] };

/** Verbs of the card buttons; the Teams adapter routes on them. */
export const VERBS = { history: "kpi_history", commentary: "kpi_commentary", page: "kpi_page", open: "kpi_open", update: "kpi_update", target: "kpi_target", assess: "kpi_assess", reviewAccept: "kpi_review_accept", reviewReturn: "kpi_review_return", importConfirm: "kpi_import_confirm", importCancel: "kpi_import_cancel" } as const;

/** The review card's comment input: what a Return sends the reviewer's comment as. */
export const REVIEW_COMMENT = "comment";

const RATING_COLOUR: Record<string, string> = { Green: "Good", "Green Amber": "Warning", Amber: "Warning", "Red Amber": "Attention", Red: "Attention", "Not rated": "Default" };

/** Data as written: CommonMark backslash escapes for what markdown would read as formatting. */
export function escapeMarkdown(data: string): string {
  return data
    .replace(/[\\`*_[\]|<]/g, "\\$&") // emphasis, code, links, tables, HTML tags (<ref> would vanish): anywhere
    .replace(/^(\s*)(#|>|~|[-+](?=\s))/gm, "$1\\$2") // headings, quotes, fences, bullets: at a line start
    .replace(/^(\s*\d+)([.)])(?=\s)/gm, "$1\\$2"); // numbered lists
}

/** Markdown written here; what is interpolated is data, escaped, unless it is Markdown too. */
class Markdown {
  readonly source: string;

  constructor(source: string) {
    this.source = source;
  }
}
const asMarkdown = (value: unknown): string => (value instanceof Markdown ? value.source : escapeMarkdown(String(value)));
const md = (literals: TemplateStringsArray, ...values: unknown[]): Markdown => new Markdown(literals.reduce((out, literal, i) => out + asMarkdown(values[i - 1]) + literal));

export const text = (value: string | Markdown, extra: object = {}) => ({ type: "TextBlock", text: asMarkdown(value), wrap: true, ...extra });
const facts = (pairs: [string, string | null | undefined][]) => ({ type: "FactSet", facts: pairs.filter(([, v]) => v).map(([title, value]) => ({ title: asMarkdown(title), value: asMarkdown(value) })) });
const submit = (title: string, data: Record<string, string>) => ({ type: "Action.Submit", title, data });
/** Opens the update dialog: Teams sends a task/fetch invoke with this data rather than a message. */
export const updateButton = (ref: string) => ({ type: "Action.Submit", title: "Submit update", data: { msteams: { type: "task/fetch" }, verb: VERBS.update, ref } });
/** Opens the target dialog (task/fetch), for the period given or the one the form works out. */
export const targetButton = (ref: string, period: string | null = null) => ({ type: "Action.Submit", title: "Set target", data: { msteams: { type: "task/fetch" }, verb: VERBS.target, ref, ...(period ? { period } : {}) } });
/** Opens the dialog assessing a wheel's objective (task/fetch), by its code. */
export const assessButton = (code: string) => ({ type: "Action.Submit", title: "Assess", data: { msteams: { type: "task/fetch" }, verb: VERBS.assess, code } });
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
export const card = (body: object[], actions: object[] = []): AdaptiveCard => ({
  type: "AdaptiveCard",
  version: "1.5",
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
  body,
  ...(actions.length ? { actions } : {}),
});

/** What a card may carry besides its view: an indicator's chart or a wheel's picture, as a data: URI or a signed URL. */
export interface CardExtras {
  chart?: ChartImage | null;
}

/** A chart picture for a card: where Teams loads it from, and what it shows in words. */
export interface ChartImage {
  url: string;
  alt: string;
}

/** Teams shows card images at most 1024 px wide, and refuses messages over about 100 KB: a picture goes inline under about 25 KB. */
export const CARD_IMAGE = { maxWidth: 1024, inlineBytes: 25 * 1024 } as const;

/** An inline picture's URI: the PNG's bytes, base64. */
export const pngDataUri = (png: Buffer): string => `data:image/png;base64,${png.toString("base64")}`;

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

/** A table sent to the bot: what importing it would do or did, each row's problem, and Import and Cancel where there is something to write. */
function importCard(o: ImportOutcome): AdaptiveCard {
  const refs = [o.created.length && `New: ${o.created.join(", ")}`, o.updated.length && `Updated: ${o.updated.join(", ")}`].filter((r): r is string => Boolean(r));
  const body: object[] = [
    text(md`**${importHeading(o)}**`),
    text(`${o.organisation}${o.dryRun ? " · a check: nothing is written until you confirm" : ""}`, { isSubtle: true, spacing: "None" }),
    text(importLine(o)),
    ...refs.map((r) => text(r, { spacing: "None" })),
    ...(o.problems.length ? [text(md`**Problems**`), ...o.problems.map((p) => text(`• ${problemLine(p)}`, { spacing: "None" }))] : []),
    ...(o.moreProblems ? [text(`…and ${o.moreProblems} more.`, { spacing: "None" })] : []),
    ...o.notes.map((n) => text(n, { isSubtle: true, size: "Small" })),
  ];
  return card(
    body,
    o.confirm
      ? [
          { type: "Action.Submit", title: "Import", style: "positive", data: { verb: VERBS.importConfirm, file: o.confirm.file, name: o.confirm.name } },
          { type: "Action.Submit", title: "Cancel", data: { verb: VERBS.importCancel, name: o.confirm.name } },
        ]
      : [],
  );
}

/** Items listed in a reminder card, each with its button; more are counted (Teams refuses cards over about 100 KB). */
const REMINDER_ITEMS_SHOWN = 40;

const reminderItemText = (i: ReminderItem) => md`**${i.ref}** ${clip(i.title, 300)}${i.returned ? "  \nReturned to you: submit it again." : ""}`;

/** Each item beside the indicator card's Submit update button (task/fetch, VERBS.update), which opens the update dialog. */
function reminderCard(r: Reminder): AdaptiveCard {
  const body: object[] = [text(r.heading, { size: "Medium", weight: "Bolder" }), text(`${r.organisation} · due ${r.due} (${r.when})`, { isSubtle: true, spacing: "None" })];
  if (r.for) body.push(text(md`For **${r.for}**, who could not be reached directly: still to update.`));
  for (const i of r.items.slice(0, REMINDER_ITEMS_SHOWN)) {
    body.push({
      type: "ColumnSet",
      separator: true,
      columns: [
        { type: "Column", width: "stretch", verticalContentAlignment: "Center", items: [text(reminderItemText(i))] },
        { type: "Column", width: "auto", items: [{ type: "ActionSet", actions: [updateButton(askingFor(i.ref, r.organisation))] }] },
      ],
    });
  }
  if (r.items.length > REMINDER_ITEMS_SHOWN) body.push(text(`And ${r.items.length - REMINDER_ITEMS_SHOWN} more: kpi update <ref> for each.`, { isSubtle: true }));
  return card(body);
}

function missingCard(m: MissingUpdates): AdaptiveCard {
  return card([
    text(m.heading, { size: "Medium", weight: "Bolder" }),
    text(`${m.organisation} · was due ${m.due}`, { isSubtle: true, spacing: "None" }),
    ...m.people.slice(0, REMINDER_ITEMS_SHOWN).flatMap((p) => [text(md`**${p.name}**`, { separator: true }), ...p.items.map((i) => text(reminderItemText(i), { spacing: "None" }))]),
  ]);
}

/**
 * A submission in the review conversation: the figure and the rating it would have, what was said, who sent it;
 * while it waits, Accept (which sends no input) and a comment with Return (which needs it); once decided, the decision.
 */
function reviewCard(r: ReviewRequest): AdaptiveCard {
  const body: object[] = [
    text(md`**Update to review: ${r.ref}** ${clip(r.title, 300)}`, { size: "Medium" }),
    text(`${r.organisation} · ${r.period}`, { isSubtle: true, spacing: "None" }),
    text(md`${r.rating ? `${mark(r.rating.level)} ` : ""}**${r.display}** · ${r.period}`, { size: "Large" }),
    ...(r.rating ? [text(`Would be ${r.rating.level}: ${r.rating.reason}`, { color: RATING_COLOUR[r.rating.level] ?? "Default", weight: "Bolder", spacing: "None" })] : []),
    text(md`**Commentary**`),
    text(clip(r.commentary, 3000), { spacing: "None" }),
    ...(r.intervention ? [text(md`**Proposed intervention**`), text(clip(r.intervention, 3000), { spacing: "None" })] : []),
    text(submittedLine(r), { isSubtle: true }),
  ];
  if (r.superseded) return card([...body, text(`⏭️ ${supersededLine(r.superseded)}`, { weight: "Bolder" })]);
  if (r.decision) return card([...body, text(`${r.decision.outcome === "accepted" ? "✅" : "↩️"} ${decisionLine(r.decision)}`, { weight: "Bolder" })]);
  body.push({ type: "Input.Text", id: REVIEW_COMMENT, label: "Comment (needed to return it)", isMultiline: true, maxLength: 3000, placeholder: "What should change" });
  return card(body, [
    { type: "Action.Submit", title: "Accept", style: "positive", associatedInputs: "none", data: { verb: VERBS.reviewAccept, id: r.id } },
    { type: "Action.Submit", title: "Return", style: "destructive", data: { verb: VERBS.reviewReturn, id: r.id } },
  ]);
}


/** Each update due, with the button that opens the form where a submission is still needed. */
function dueCard(d: DueList): AdaptiveCard {
  const body: object[] = [text(d.heading, { weight: "Bolder" }), ...(d.message ? [text(d.message)] : [])];
  for (const i of d.items.slice(0, 50)) {
    body.push({
      type: "Container",
      separator: true,
      items: [text(md`**${i.ref}** ${i.title}  \n${i.period}, due ${i.due} · **${i.status}**`), ...(needsUpdate(i.state) ? [{ type: "ActionSet", actions: [updateButton(askingFor(i.ref, i.organisation))] }] : [])],
    });
  }
  return card(body);
}

function indicatorCard(c: IndicatorCard, chart: ChartImage | null): AdaptiveCard {
  const body: object[] = [
    text(`${c.ref} ${c.title}`, { size: "Medium", weight: "Bolder" }),
    text([c.organisation, c.service, c.polarityText, c.codes.join(", ") || null].filter(Boolean).join(" · "), { isSubtle: true, spacing: "None" }),
  ];
  const l = c.latest;
  if (!l) body.push(text("No results reported yet."));
  else {
    const fraction = l.numerator !== null && l.denominator !== null ? ` (${l.numerator}/${l.denominator})` : "";
    const target = !l.target
      ? " (no target for this period)"
      : l.target.toDateNote
        ? md` against **${l.target.display}** to date (${l.target.toDateNote})`
        : l.target.annualNote
        ? md` against the annual target **${l.target.display}** (${l.target.annualNote})`
        : md` against target **${l.target.display}**`;
    body.push(text(md`${mark(l.rating.level)} **${l.display}**${fraction}${target} · ${l.period}`, { size: "Large" }));
    body.push(text(`${l.rating.level}: ${l.rating.reason}${l.ratingRecorded ? ` (reported: ${l.ratingRecorded})` : ""}`, { color: RATING_COLOUR[l.rating.level] ?? "Default", weight: "Bolder" }));
    body.push(
      facts([
        ["Short term", `${l.dotShort ? directionWords(l.dotShort, figureMove(l.value, l.previous?.value)) : notApplicable(l.dotShortWhyNot)}${l.dotShortRecorded ? ` (reported: ${l.dotShortRecorded})` : ""}`],
        ["Long term", `${l.dotLong ? directionWords(l.dotLong, figureMove(l.value, l.yearBefore?.value)) : notApplicable(l.dotLongWhyNot)}${l.dotLongRecorded ? ` (reported: ${l.dotLongRecorded})` : ""}`],
        [`Previous (${l.previous?.period})`, l.previous?.display],
        [`A year before (${l.yearBefore?.period})`, l.yearBefore?.display],
        [`Annual target (${l.annualTarget?.period})`, l.annualTarget?.display],
      ]),
    );
  }
  const { periods: trend, ...line } = c.trend;
  if (trend.length > 1) {
    // Monospace, not inline code (Teams shows the backticks); a gap stays a gap as a no-break space.
    const spark = line.spark.replaceAll(" ", "\u00a0");
    body.push(text(md`**Trend**`));
    // Where the bars do not start at zero, they say where they start ("from 18%").
    if (spark) body.push(text(`${spark}${line.note ? `\u00a0\u00a0${line.note}` : ""}`, { fontType: "Monospace", spacing: "None" }));
    body.push(text(trend.map((h) => `${h.period}: ${h.display}`).join(" · "), { spacing: "None", isSubtle: true }));
  }
  // The picture beside the text trend, never instead of it: the text is what shows where the picture does not load.
  if (chart) body.push({ type: "Image", url: chart.url, altText: chart.alt, size: "Stretch", spacing: "Small" });
  if (c.benchmarkText) body.push(text(md`**Benchmark:** ${c.benchmarkText}`));
  if (c.commentary) body.push(text(md`**Commentary**${c.commentary.period ? ` (${c.commentary.period})` : ""}`), text(c.commentary.short, { spacing: "None" }));
  if (c.owners.length) body.push(text(`Owner: ${c.owners.map((o) => o.name).join(", ")}`, { isSubtle: true }));
  for (const flag of c.flags) body.push(text(`⚠️ ${flag}`, { color: "Warning" }));
  return card(body, cardButtons(indicatorActions(c)));
}

/** The whole commentary, for the Full commentary button. */
export function commentaryCard(c: IndicatorCard): AdaptiveCard {
  return card([text(`${c.ref} commentary${c.commentary?.period ? ` (${c.commentary.period})` : ""}`, { size: "Medium", weight: "Bolder" }), text(c.commentary?.text ?? "No commentary.")]);
}

/** Every period, for the History button. */
export function historyCard(c: IndicatorCard): AdaptiveCard {
  return card([
    text(`${c.ref} history`, { size: "Medium", weight: "Bolder" }),
    facts(c.history.map((h) => [h.period, `${h.display}${h.target ? ` (target ${h.target})` : ""}`] as [string, string])),
  ]);
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

const itemRow = (i: IndicatorListItem, extra: Markdown | string = "") =>
  text(md`${mark(i.rating)} **${i.ref}** ${i.title}  \n${i.rating ? `${i.rating} · ` : ""}${i.latest ?? "no results"}${i.target ? ` vs ${i.target}` : ""}${i.period ? ` · ${i.period}` : ""}${i.dotShort ? ` · ${directionWords(i.dotShort, i.dotShortMove)}` : ""}${extra}`, { separator: true });

const pagingActions = (p: { page: number; pageCount: number; query: string }): object[] => cardButtons(pageActions(p));

/** The core's actions for an answer as Teams buttons: the forms open in dialogs (task/fetch); the rest answer in the chat. */
function cardButtons(list: CardAction[]): object[] {
  return list.map((a) => {
    switch (a.verb) {
      case "update":
        return updateButton(a.subject);
      case "target":
        return targetButton(a.subject);
      case "assess":
        return assessButton(a.subject);
      case "page":
        return submit(a.label, { verb: VERBS.page, query: a.subject });
      default:
        return submit(a.label, { verb: VERBS[a.verb], ref: a.subject });
    }
  });
}

const noticeRows = (notice: string | null | undefined) => (notice ? [text(notice, { isSubtle: true })] : []);

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

/** A title in a digest line: enough to recognise it, and a long one cannot push the card over its size. */
const DIGEST_TITLE = 300;
/** Lines shown of each digest section at most, and the card size kept under (Teams refuses over about 100 KB). */
const DIGEST_LINES_SHOWN = 25;
const DIGEST_BYTES = 60 * 1024;

const clip = (data: string, max: number) => (data.length <= max ? data : `${data.slice(0, max - 1)}…`);

/** A row that opens the indicator or action when clicked, as the Open buttons do in Slack. */
const opening = (row: object, ref: string | null) => (ref ? { type: "Container", separator: true, items: [{ ...row, separator: false }], selectAction: submit("Open", { verb: VERBS.open, query: ref }) } : row);

const digestLineRow = (l: DigestLine) => opening(itemRow({ ...l, title: clip(l.title, DIGEST_TITLE) }, l.was ? ` · was ${l.was}` : ""), askingFor(l.ref, l.organisation));

const digestActionRow = (a: DigestAction) => {
  const state = [a.rag, a.status, a.due && `due ${a.due}`].filter(Boolean).join(" · ");
  const overdue = a.overdue ? md`${state ? " · " : ""}⏰ **overdue**` : "";
  return opening(text(md`${a.rag ? mark(a.rag) : "⏰"} ${a.ref ? md`**${a.ref}** ` : ""}${clip(a.title, DIGEST_TITLE)}  \n${state}${overdue}`, { separator: true }), a.ref);
};

/**
 * One card: header, counts and filter, then each section's first lines. Longer sections are cut (to fewer
 * lines while the card is too big) and a line says how many more there are and what to ask for them.
 */
function digestCard(d: Digest, summary: ChartImage | null = null): AdaptiveCard {
  const top: object[] = [
    text(d.heading, { size: "Medium", weight: "Bolder" }),
    text(md`**${d.organisation}**${d.period ? ` · ${d.period}` : ""}`, { spacing: "None" }),
    text(new Markdown(d.counts.map((c) => md`${mark(c.level)} ${c.level} **${c.count}**`.source).join("   ")), { spacing: "None" }),
    text(d.filter, { isSubtle: true, spacing: "None" }),
    // The summary picture below the counts it draws by service, never instead of them.
    ...(summary ? [{ type: "Image", url: summary.url, altText: summary.alt, size: "Stretch", spacing: "Small" }] : []),
  ];
  // The lines are cut to the card's size without the picture: the outbox leaves the picture out where both do not fit a message.
  const pictureBytes = summary ? Buffer.byteLength(JSON.stringify(top.at(-1))) : 0;
  if (d.quiet) return card([...top, text("✅ Nothing is red or amber, and nothing changed since the last digest.")]);
  const heading = (title: string, n: number) => text(md`**${title}** (${n})`, { spacing: "Medium" });
  const sections = [
    { title: "New to red or amber", groups: [{ label: null, rows: d.newlyRedAmber.map(digestLineRow) }] },
    { title: "Still red or amber", groups: d.stillRedAmber.map((g) => ({ label: g.service ?? "No service", rows: g.items.map(digestLineRow) })) },
    { title: "Improved", groups: [{ label: null, rows: d.improved.map(digestLineRow) }] },
    { title: "Key actions red or overdue", groups: [{ label: null, rows: d.actions.map(digestActionRow) }] },
  ];
  const build = (cap: number): AdaptiveCard => {
    const body = [...top];
    let more = 0;
    for (const s of sections) {
      const count = s.groups.reduce((n, g) => n + g.rows.length, 0);
      if (!count) continue;
      body.push(heading(s.title, count));
      let room = cap;
      for (const g of s.groups) {
        const rows = g.rows.slice(0, Math.max(room, 0));
        more += g.rows.length - rows.length;
        room -= rows.length;
        if (!rows.length) continue;
        if (g.label !== null) body.push(text(g.label, { weight: "Bolder", isSubtle: true }));
        body.push(...rows);
      }
    }
    if (more) body.push(text(`…and ${more} more: kpi ${d.moreQuery}`, { isSubtle: true, separator: true }));
    if (d.wheel) body.push(...digestWheelRows(d.wheel));
    return card(body);
  };
  let cap = DIGEST_LINES_SHOWN;
  let digest = build(cap);
  while (cap > 1 && Buffer.byteLength(JSON.stringify(digest)) - pictureBytes > DIGEST_BYTES) {
    cap = Math.floor(cap / 2);
    digest = build(cap);
  }
  return digest;
}

/** Lines of each wheel list a digest shows: a wheel has a dozen segments or so; the rest are named. */
const DIGEST_WHEEL_LINES = 12;

/** The wheel in a digest: red segments (each opens its card, with its narrative's first line), then changes of status. */
function digestWheelRows(w: DigestWheel): object[] {
  const headings = digestWheelHeadings(w);
  const also = (codes: string[], what: string) => (codes.length ? [text(`…and ${what} ${codes.join(", ")}`, { isSubtle: true, spacing: "None" })] : []);
  return [
    text(md`**${headings.red}**`, { spacing: "Medium", separator: true }),
    ...w.red.slice(0, DIGEST_WHEEL_LINES).map((r) => opening(text(md`${mark("Red")} **${r.code}** ${clip(r.title, 120)}${r.narrative ? ` — ${clip(r.narrative, 200)}` : ""}`), r.code)),
    ...also(w.red.slice(DIGEST_WHEEL_LINES).map((r) => r.code), "also red:"),
    ...(headings.changes
      ? [text(md`**${headings.changes}**`, { spacing: "Medium" }), ...w.changes.slice(0, DIGEST_WHEEL_LINES).map((c) => text(`• ${statusChangeLine(c)} · ${clip(c.title, 120)}`, { spacing: "None" })), ...also(w.changes.slice(DIGEST_WHEEL_LINES).map((c) => c.code), "changed too:")]
      : []),
    text("kpi wheel for the whole wheel", { isSubtle: true }),
  ];
}

function alertCard(a: Alert): AdaptiveCard {
  return card(
    [text(clip(a.headline, DIGEST_TITLE), { weight: "Bolder" }), text(a.organisation, { isSubtle: true, spacing: "None" }), itemRow({ ...a.line, title: clip(a.line.title, DIGEST_TITLE) }, a.line.was ? ` · was ${a.line.was}` : "")],
    [submit("Open", { verb: VERBS.open, query: a.line.ref })],
  );
}
