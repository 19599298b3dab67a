// What the jobs and the review post in Slack, as Block Kit: digests, alerts, reminders, missing updates, a
// submission for review and its outcome, what is due, and an import's check.
import { QUARTILE_MOVES_HEADING, quartileMoveLine, decisionLine, digestWheelHeadings, statusChangeLine, importHeading, importLine, problemLine, outcomeLine, ratingMark, ratingMark as emojiFor, submittedLine, supersededLine } from "../../core/format.ts";
import { askingFor } from "../../core/query.ts";
import { truncate } from "../../core/text.ts";
import type { DigestWheel } from "../../core/views.ts";
import type { Alert, Digest, DigestAction, DigestLine, DueList, ImportOutcome, MissingUpdates, Reminder, ReminderItem, ReviewOutcome, ReviewRequest } from "../../core/views.ts";
import { needsUpdate } from "../../core/views.ts";
import { type Block, LIMITS, ACTIONS, escape, code, mrkdwn, section, header, context, divider, button, actions, chunked, itemBlock } from "./block-kit.ts";

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
export function reminderBlocks(r: Reminder): Block[] {
  const blocks: Block[] = [header(r.heading), context(escape(`${r.organisation} · due ${r.due} (${r.when})`))];
  if (r.for) blocks.push(section(`For *${escape(r.for)}*, who could not be reached directly: still to update.`));
  blocks.push(...r.items.slice(0, REMINDER_ITEMS_SHOWN).map((i): Block => ({ type: "section", text: mrkdwn(reminderItemText(i)), accessory: button("Submit update", ACTIONS.update, askingFor(i.ref, r.organisation)) })));
  if (r.items.length > REMINDER_ITEMS_SHOWN) blocks.push(context(`And ${r.items.length - REMINDER_ITEMS_SHOWN} more: \`/kpi update <ref>\` for each.`));
  return blocks;
}

export function missingBlocks(m: MissingUpdates): Block[] {
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
export function outcomeBlocks(o: ReviewOutcome): Block[] {
  const blocks: Block[] = [section(`${o.outcome === "accepted" ? "✅" : "↩️"} ${escape(outcomeLine(o))}`), context(escape(o.organisation))];
  if (o.outcome === "returned" && !o.insteadOf) blocks.push(actions(button("Submit again", ACTIONS.update, o.ref, "primary")));
  return blocks;
}

/** Each update due: what still needs a submission has the button that opens the form; the indicator, the period, the deadline and where it stands; or why none is listed. */
export function dueBlocks(d: DueList, max = LIMITS.messageBlocks - 2): Block[] {
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

/** The notification line: "Barnet: 5 red, 7 amber; 2 new". */
export function digestSummary(d: Digest): string {
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
export function digestBlocks(d: Digest, trailing: Block[]): Block[] {
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
    { heading: titled(QUARTILE_MOVES_HEADING, d.quartileMoves?.length ?? 0), groups: [{ label: null, lines: (d.quartileMoves ?? []).map((m) => section(`${m.better ? "⬆" : "⬇"} ${escape(quartileMoveLine(m))}`)) }] },
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

export function alertBlocks(a: Alert): Block[] {
  return [section(`*${escape(truncate(a.headline, DIGEST_TITLE))}*`), digestLineBlock(a.line), context(escape(a.organisation))];
}
