// View models as readable text, for the console and `kpi ask`.
import { QUARTILE_MOVES_HEADING, quartileMoveLine, changeLine, comparisonHeading, comparisonPeriodLine, comparisonRowLine, comparisonSubheading, countWithShare, printedBenchmarksLine, decisionLine, digestWheelHeadings, importHeading, importLine, problemLine, notApplicable, outcomeLine, statusChangeLine, submittedLine, supersededLine } from "../../core/format.ts";
import { queryForPage } from "../../core/paging.ts";
import { DIRECTION_MARK } from "../../core/objectives.ts";
import type { DigestWheel, ObjectiveCard, Wheel, WheelCounts } from "../../core/views.ts";
import type { ActionCard, ActionList, Digest, DigestAction, DigestLine, Help, IndicatorCard, IndicatorList, IndicatorListItem, MissingUpdates, NotFound, Paging, Reminder, ReminderItem, ReviewRequest, Summary, SummaryRow, View } from "../../core/views.ts";

export function renderText(view: View): string {
  switch (view.kind) {
    case "indicator":
      return indicatorText(view);
    case "action":
      return actionText(view);
    case "list":
      return listText(view);
    case "actions":
      return actionListText(view);
    case "summary":
      return summaryText(view);
    case "not_found":
      return notFoundText(view);
    case "help":
      return helpText(view);
    case "changes":
      return [`Changes to ${view.ref} ${view.title} (${view.organisation})`, ...(view.entries.length ? view.entries.map((e) => `  ${changeLine(e)}`) : ["  No change has been recorded since the data was loaded."])].join("\n");
    case "notice":
      return [view.heading, ...view.lines].join("\n");
    case "digest":
      return digestText(view);
    case "alert":
      return [view.headline, view.organisation, digestLine(view.line)].join("\n");
    case "reminder":
      return reminderText(view);
    case "missing":
      return missingText(view);
    case "review":
      return reviewText(view);
    case "review_outcome":
      return [outcomeLine(view), ...(view.outcome === "returned" && !view.insteadOf ? [`Submit it again with Submit update on ${view.ref}'s card.`] : [])].join("\n");
    case "import":
      return [
        `${importHeading(view)} (${view.organisation})`,
        importLine(view),
        ...view.problems.map((p) => `  ${problemLine(p)}`),
        ...(view.moreProblems ? [`  and ${view.moreProblems} more.`] : []),
        ...view.notes.map((n) => `  ${n}`),
      ].join("\n");
    case "wheel":
      return wheelText(view);
    case "objective":
      return objectiveText(view);
    case "comparison":
      return [comparisonHeading(view), comparisonSubheading(view), ...[view.standing, comparisonPeriodLine(view)].filter((l) => l !== null), ...view.rows.map((r) => `  ${comparisonRowLine(r)}`), ...[printedBenchmarksLine(view)].filter((l) => l !== null), ...view.notes].join("\n");
    case "due":
      return [view.heading, ...(view.message ? [view.message] : []), ...view.items.map((i) => `  ${i.ref}  ${i.title}\n    ${i.period}, due ${i.due}: ${i.status}`)].join("\n");
  }
}

const reminderLine = (i: ReminderItem) => `  ${i.ref.padEnd(8)} ${i.title}${i.returned ? "  (returned to you: submit it again)" : ""}`;

function reminderText(r: Reminder): string {
  return [
    r.heading,
    `${r.organisation} · due ${r.due} (${r.when})`,
    ...(r.for ? [`For ${r.for}, who could not be reached directly:`] : []),
    "Still to update:",
    ...r.items.map(reminderLine),
    "Submit each with Submit update, or: kpi update <ref>.",
  ].join("\n");
}

function missingText(m: MissingUpdates): string {
  return [m.heading, `${m.organisation} · was due ${m.due}`, ...m.people.flatMap((p) => [`${p.name}:`, ...p.items.map(reminderLine)])].join("\n");
}

function reviewText(r: ReviewRequest): string {
  const lines = [`Update to review: ${r.ref} ${r.title}`.trim(), `${r.organisation} · ${r.period}`, `${r.display}${r.rating ? ` — would be ${r.rating.level} (${r.rating.reason})` : ""}`, "", "Commentary:", indent(r.commentary)];
  if (r.intervention) lines.push("Proposed intervention:", indent(r.intervention));
  lines.push("", submittedLine(r));
  lines.push(r.superseded ? supersededLine(r.superseded) : r.decision ? decisionLine(r.decision) : `Decide with: accept ${r.ref} ${r.period} | return ${r.ref} ${r.period} <what to change>`);
  return lines.join("\n");
}

function indicatorText(c: IndicatorCard): string {
  const lines = [`${c.ref}  ${c.title}`, `${c.organisation}${c.service ? ` · ${c.service}` : ""} · ${c.polarityText}`];
  if (c.codes.length) lines.push(`Also known as: ${c.codes.join(", ")}`);
  const l = c.latest;
  if (!l) lines.push("No results reported yet.");
  else {
    lines.push("");
    const fraction = l.numerator !== null && l.denominator !== null ? ` (${l.numerator}/${l.denominator})` : "";
    const target = !l.target
      ? "  (no target for this period)"
      : l.target.toDateNote
        ? `  against ${l.target.display} to date (${l.target.toDateNote})`
        : l.target.annualNote
        ? `  against the annual target ${l.target.display} (${l.target.annualNote})`
        : `  against target ${l.target.display}`;
    lines.push(`${l.period}: ${l.display}${fraction}${target}`);
    lines.push(`Rating: ${l.rating.level} (${l.rating.reason})${l.ratingRecorded ? `; reported as ${l.ratingRecorded}` : ""}`);
    lines.push(`Direction of travel: short term ${l.dotShort ?? notApplicable(l.dotShortWhyNot)}${l.dotShortRecorded ? ` (reported: ${l.dotShortRecorded})` : ""}, long term ${l.dotLong ?? notApplicable(l.dotLongWhyNot)}${l.dotLongRecorded ? ` (reported: ${l.dotLongRecorded})` : ""}`);
    if (l.annualTarget) lines.push(`Annual target ${l.annualTarget.period}: ${l.annualTarget.display}`);
    if (l.previous) lines.push(`Previous (${l.previous.period}): ${l.previous.display}`);
    if (l.yearBefore) lines.push(`A year before (${l.yearBefore.period}): ${l.yearBefore.display}`);
  }
  if (c.history.length > 1) {
    lines.push("", "History:");
    for (const h of c.history) lines.push(`  ${h.period.padEnd(12)} ${h.display}${h.target ? `  (target ${h.target})` : ""}`);
  }
  if (c.benchmarkText) lines.push("", `Benchmark: ${c.benchmarkText}`);
  if (c.commentary) lines.push("", `Commentary${c.commentary.period ? ` (${c.commentary.period})` : ""}:`, indent(c.commentary.text));
  if (c.owners.length) lines.push("", `Owner: ${c.owners.map((o) => `${o.name} <${o.email}>`).join(", ")}`);
  for (const f of c.flags) lines.push(`⚠ ${f}`);
  return lines.join("\n");
}

const ACTION_KINDS: Record<string, string> = {
  key_action: "Key action",
  commissioning_intention: "Commissioning intention",
  key_commissioning_activity: "Key commissioning activity",
  measure_of_success: "Measure of success",
};

function actionText(a: ActionCard): string {
  const lines = [`${a.ref ? `${a.ref}  ` : ""}${a.title}`, `${ACTION_KINDS[a.actionKind] ?? a.actionKind} · ${a.organisation}${a.service ? ` · ${a.service}` : ""}`];
  const state = [a.rag && `RAG: ${a.rag}`, a.status && `Status: ${a.status}`, a.due && `Due: ${a.due}`].filter(Boolean);
  if (state.length) lines.push(state.join("  "));
  if (a.parent) lines.push(`Part of: ${a.parent.ref ?? ""} ${a.parent.title}`.trim());
  if (a.note) lines.push("", `Latest note${a.noteDate ? ` (${a.noteDate})` : ""}:`, indent(a.note));
  if (a.children.length) {
    lines.push("", "Measures of success:");
    for (const ch of a.children) lines.push(`  ${ch.ref ?? "-"}  ${ch.status ?? ch.rag ?? ""}${ch.due ? ` (due ${ch.due})` : ""}  ${ch.title}`);
  }
  if (a.owner) lines.push("", `Owner: ${a.owner}`);
  return lines.join("\n");
}

function listText(l: IndicatorList): string {
  const lines = [...(l.notice ? [l.notice] : []), l.heading];
  for (const i of l.items) lines.push(itemLine(i));
  return withPaging(lines, l);
}

function itemLine(i: IndicatorListItem, indent = "  "): string {
  const figures = i.latest ? `  ·  ${i.latest}${i.target ? ` vs ${i.target}` : ""}${i.period ? ` (${i.period})` : ""}` : "";
  const state = [i.rating, i.dotShort].filter(Boolean).join(", ");
  return `${indent}${i.ref.padEnd(8)} ${i.title}${figures}${state ? `  [${state}]` : ""}`;
}

function actionListText(l: ActionList): string {
  const lines = [...(l.notice ? [l.notice] : []), l.heading];
  for (const a of l.items) {
    const state = [a.rag, a.status, a.due && `due ${a.due}`].filter(Boolean).join(", ");
    lines.push(`  ${(a.ref ?? "-").padEnd(8)} ${a.title}${state ? `  [${state}]` : ""}`);
  }
  return withPaging(lines, l);
}

function withPaging(lines: string[], p: Paging): string {
  if (p.pageCount > 1) lines.push(`Page ${p.page} of ${p.pageCount}${p.page < p.pageCount ? `: ask “${queryForPage(p.query, p.page + 1)}” for more` : ""}`);
  return lines.join("\n");
}


function summaryText(s: Summary): string {
  const lines = [s.heading];
  if (!s.sections.length) lines.push("No indicators.");
  for (const section of s.sections) {
    lines.push("", `${section.organisation}: latest results (${section.periods.join(", ")})`);
    const o = section.overall;
    lines.push(`  ${section.levels.map((level, i) => `${level} ${countWithShare(o.counts[i]!, o.rated)}`).join(" · ")}`);
    lines.push(`  Rated ${o.rated} of ${o.total}; not rated ${o.notRated}`);
    lines.push(`  Long-term direction: improved or same ${countWithShare(o.improvedOrSame, o.improvedOrSame + o.worsened)} · worsened ${countWithShare(o.worsened, o.improvedOrSame + o.worsened)} · no direction ${o.noDirection}`);
    const header = `  ${"".padEnd(24)} ${section.levels.map((l) => l.padStart(11)).join(" ")}  Rated  Not rated  Improved/same  Worsened  No DOT  Total`;
    const rowText = (r: SummaryRow) =>
      `  ${r.label.slice(0, 24).padEnd(24)} ${r.counts.map((c) => String(c).padStart(11)).join(" ")}  ${String(r.rated).padStart(5)}  ${String(r.notRated).padStart(9)}  ${String(r.improvedOrSame).padStart(13)}  ${String(r.worsened).padStart(8)}  ${String(r.noDirection).padStart(6)}  ${String(r.total).padStart(5)}`;
    lines.push("", "  By type", header, ...section.byType.map(rowText), rowText(o));
    lines.push("", "  By service", header, ...section.byService.map(rowText));
  }
  return lines.join("\n");
}

function notFoundText(n: NotFound): string {
  const lines = [n.message];
  if (n.suggestions.length) lines.push(n.suggestionsHeading, ...n.suggestions.map((s) => `  ${s.query.padEnd(12)} ${s.what}`));
  else lines.push("Type help for examples.");
  return lines.join("\n");
}

function helpText(h: Help): string {
  const lines = h.message ? [h.message, ""] : [];
  lines.push("Ask about council performance indicators. Examples:");
  for (const e of h.examples) lines.push(`  ${e.query.padEnd(12)} ${e.what}`);
  return lines.join("\n");
}

const digestLine = (l: DigestLine, indent = "  ") => `${itemLine(l, indent)}${l.was ? `  was ${l.was}` : ""}`;

function digestActionLine(a: DigestAction): string {
  const state = [a.rag, a.status, a.due && `due ${a.due}`, a.overdue && "OVERDUE"].filter(Boolean).join(", ");
  return `  ${(a.ref ?? "-").padEnd(8)} ${a.title}${state ? `  [${state}]` : ""}`;
}

/** Everything, uncut: text has no size limit. */
function digestText(d: Digest): string {
  const lines = [d.heading, `${d.organisation}${d.period ? ` · ${d.period}` : ""}: ${d.counts.map((c) => `${c.level} ${c.count}`).join(" · ")}`, d.filter];
  if (d.quiet) return [...lines, "", "Nothing is red or amber, and nothing changed since the last digest."].join("\n");
  const section = (title: string, rows: string[]) => (rows.length ? ["", `${title} (${rows.length})`, ...rows] : []);
  const still = d.stillRedAmber.filter((g) => g.items.length).flatMap((g) => [`  ${g.service ?? "No service"}`, ...g.items.map((l) => digestLine(l, "    "))]);
  lines.push(
    ...section("New to red or amber", d.newlyRedAmber.map((l) => digestLine(l))),
    ...(still.length ? ["", `Still red or amber (${d.stillRedAmber.reduce((n, g) => n + g.items.length, 0)})`, ...still] : []),
    ...section("Improved", d.improved.map((l) => digestLine(l))),
    ...section("Key actions red or overdue", d.actions.map(digestActionLine)),
    ...section(QUARTILE_MOVES_HEADING, (d.quartileMoves ?? []).map((m) => `  ${quartileMoveLine(m)}`)),
    ...(d.wheel ? digestWheelText(d.wheel) : []),
  );
  return lines.join("\n");
}

/** The wheel's red segments with their narratives' first lines, and its changes of status. */
function digestWheelText(w: DigestWheel): string[] {
  const headings = digestWheelHeadings(w);
  return [
    "",
    headings.red,
    ...w.red.map((r) => `  ${r.code.padEnd(8)} ${r.title}${r.narrative ? ` — ${r.narrative}` : ""}`),
    ...(headings.changes ? [headings.changes, ...w.changes.map((c) => `  ${statusChangeLine(c)}  ${c.title}`)] : []),
  ];
}

const indent = (text: string) => text.split("\n").map((line) => `  ${line}`).join("\n");

const countsRow = (c: WheelCounts, width: number) =>
  `  ${c.label.slice(0, width).padEnd(width)} ${String(c.segments).padStart(8)}  ${c.statuses.map((x) => `${x.percent}% (${x.count})`.padStart(9)).join(" ")}  ${c.directions.map((x) => `${x.percent}% (${x.count})`.padStart(9)).join(" ")}  ${String(c.noDirection).padStart(6)}`;

/** The committee's summary table, the red segments' narratives first, and each segment's status period by period. */
function wheelText(w: Wheel): string {
  const lines = [w.heading];
  if (w.filter) lines.push(`Only: ${w.filter}`);
  if (w.red.length) {
    lines.push("", `Red segments (${w.red.length})`);
    for (const r of w.red) lines.push(`  ${r.code.padEnd(5)} ${r.title} (${r.group})${r.direction ? `  ${DIRECTION_MARK[r.direction]}` : ""}`, indent(`    ${r.narrative ?? "No narrative given."}`));
  }
  const width = Math.min(32, Math.max(12, ...w.groups.map((g) => g.label.length)));
  lines.push(
    "",
    `  ${"".padEnd(width)} ${"Segments".padStart(8)}  ${w.total.statuses.map((x) => x.status.padStart(9)).join(" ")}  ${w.total.directions.map((x) => x.direction.padStart(9)).join(" ")}  ${"No DOT".padStart(6)}`,
    ...w.groups.map((g) => countsRow(g, width)),
    countsRow(w.total, width),
  );
  const titleWidth = Math.min(40, Math.max(10, ...w.segments.map((s) => s.title.length)));
  lines.push("", "Status by period", `  ${"Code".padEnd(5)} ${"Objective".padEnd(titleWidth)} ${w.periods.map((p) => p.padEnd(18)).join(" ")} Direction`);
  let group: string | null = null;
  for (const s of w.segments) {
    if (s.group !== group) lines.push(`  ${(group = s.group)}`);
    lines.push(`  ${s.code.padEnd(5)} ${s.title.slice(0, titleWidth).padEnd(titleWidth)} ${s.statuses.map((x) => (x ?? "-").padEnd(18)).join(" ")} ${s.direction ?? "-"}`);
  }
  if (w.others.length) lines.push("", `Other wheels: ${w.others.map((o) => `wheel ${o}`).join(", ")}`);
  return lines.join("\n");
}

function objectiveText(o: ObjectiveCard): string {
  const lines = [`${o.code}  ${o.title}`, `${o.organisation} · ${o.group}${o.tags.length ? ` · tags ${o.tags.join(", ")}` : ""}`];
  const l = o.latest;
  if (!l) lines.push("Not assessed yet.");
  else {
    lines.push("", `${l.period}: ${l.status}${l.direction ? `, ${DIRECTION_MARK[l.direction]}` : ""}`);
    if (l.narrative) lines.push("Narrative:", indent(l.narrative));
  }
  if (o.history.length) lines.push("", "Status by period:", ...o.history.map((h) => `  ${h.period.padEnd(18)} ${h.status}${h.direction ? `  ${DIRECTION_MARK[h.direction]}` : ""}`));
  if (o.indicators.length) lines.push("", "Informed by:", ...o.indicators.map((i) => itemLine(i)));
  if (o.owner) lines.push("", `Owner: ${o.owner.name} <${o.owner.email}>`);
  return lines.join("\n");
}
