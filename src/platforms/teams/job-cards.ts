// What the jobs and the review post in Teams, as Adaptive Cards: digests, alerts, reminders, missing updates,
// a submission for review, what is due, and an import's check.
import { QUARTILE_MOVES_HEADING, quartileMoveLine, decisionLine, digestWheelHeadings, statusChangeLine, importHeading, importLine, problemLine, ratingMark as mark, submittedLine, supersededLine } from "../../core/format.ts";
import { askingFor } from "../../core/query.ts";
import type { DigestWheel } from "../../core/views.ts";
import type { Alert, Digest, DigestAction, DigestLine, DueList, ImportOutcome, MissingUpdates, Reminder, ReminderItem, ReviewRequest } from "../../core/views.ts";
import { needsUpdate } from "../../core/views.ts";
import { type AdaptiveCard, VERBS, REVIEW_COMMENT, RATING_COLOUR, Markdown, md, text, submit, updateButton, card, type ChartImage, itemRow, clip, opening } from "./card-kit.ts";

/** A table sent to the bot: what importing it would do or did, each row's problem, and Import and Cancel where there is something to write. */
export function importCard(o: ImportOutcome): AdaptiveCard {
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
export function reminderCard(r: Reminder): AdaptiveCard {
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

export function missingCard(m: MissingUpdates): AdaptiveCard {
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
export function reviewCard(r: ReviewRequest): AdaptiveCard {
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
export function dueCard(d: DueList): AdaptiveCard {
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

/** A title in a digest line: enough to recognise it, and a long one cannot push the card over its size. */
const DIGEST_TITLE = 300;
/** Lines shown of each digest section at most, and the card size kept under (Teams refuses over about 100 KB). */
const DIGEST_LINES_SHOWN = 25;
const DIGEST_BYTES = 60 * 1024;

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
export function digestCard(d: Digest, summary: ChartImage | null = null): AdaptiveCard {
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
    { title: QUARTILE_MOVES_HEADING, groups: [{ label: null, rows: (d.quartileMoves ?? []).map((m) => text(`${m.better ? "⬆" : "⬇"} ${quartileMoveLine(m)}`, { separator: true })) }] },
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

export function alertCard(a: Alert): AdaptiveCard {
  return card(
    [text(clip(a.headline, DIGEST_TITLE), { weight: "Bolder" }), text(a.organisation, { isSubtle: true, spacing: "None" }), itemRow({ ...a.line, title: clip(a.line.title, DIGEST_TITLE) }, a.line.was ? ` · was ${a.line.was}` : "")],
    [submit("Open", { verb: VERBS.open, query: a.line.ref })],
  );
}
