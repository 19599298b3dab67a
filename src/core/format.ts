// Symbols and short forms every platform shows alike.
import { axisValueText, countsThings, MIN_SPAN_SHARE, valueAxis } from "./chart-axis.ts";
import type { Unit } from "./figures.ts";
import { DIRECTION_MARK } from "./objectives.ts";
import type { FigureMove } from "./ratings.ts";
import type { Comparison, ComparisonRow, DigestWheel, QuartileMove, ImportOutcome, ImportProblem, ReviewDecisionMade, ReviewOutcome, ReviewRequest, WheelCounts } from "./views.ts";

/** One mark per level, the same on every card, list and wheel; Red Amber's differs from Amber's in shape too. Always beside the level's name. */
const RATING_MARK: Record<string, string> = { Green: "🟢", "Green Amber": "🟡", Amber: "🟠", "Red Amber": "🔶", Red: "🔴", "Not rated": "⚪" };
const MOVE_ARROW: Record<FigureMove, string> = { rose: "↑", fell: "↓", held: "→" };

/**
 * "↓ Improving": the word is the direction of travel (better or worse, by polarity), the arrow which way the
 * figure went, so that a falling Smaller-is-Better figure reads "↓ Improving", never "▲ Improving".
 */
export const directionWords = (direction: string, move: FigureMove | null | undefined): string => (move ? `${MOVE_ARROW[move]} ${direction}` : direction);
/** A direction of travel there is none of, with why where known: "n/a (no figure for Q4 2015/16)". */
export const notApplicable = (why: string | null | undefined): string => (why ? `n/a (${why})` : "n/a");

export const ratingMark = (level: string | null): string => (level ? RATING_MARK[level] ?? "⚪" : "⚪");

const SPARKS = "▁▂▃▄▅▆▇█";

/**
 * A trend as block characters on the chart's honest axis: from zero where the figures lie near it or count
 * things, else from the axis' start, which `note` then gives ("from 18%"), so a small change stays small.
 * Blank where a period has no figure; no line for fewer than two figures.
 */
export function trendline(values: (number | null)[], unit: Unit = null): { spark: string; note: string | null } {
  const known = values.filter((v): v is number => v !== null);
  if (known.length < 2) return { spark: "", note: null };
  const axis = valueAxis(known, unit, { count: countsThings(known, unit), labelRoom: false });
  const max = Math.max(...known);
  // The top bar is the highest figure (a sparkline has no labels to make room for), never less than the axis' least span.
  const top = Math.max(max, axis.low + Math.max(...known.map(Math.abs)) * MIN_SPAN_SHARE);
  const bar = (v: number) => (top === axis.low ? 3 : Math.max(0, Math.min(7, Math.round(((v - axis.low) / (top - axis.low)) * 7))));
  return { spark: values.map((v) => (v === null ? " " : SPARKS[bar(v)])).join(""), note: axis.zeroBased ? null : `from ${axisValueText(axis.low, unit)}` };
}

/** The trend's block characters alone. */
export const sparkline = (values: (number | null)[], unit: Unit = null): string => trendline(values, unit).spark;

/** "50% (13)": a count and its share, as the reports print them. */
export function countWithShare(count: number, of: number): string {
  return `${of ? Math.round((count / of) * 100) : 0}% (${count})`;
}

/** One audited change as a line every renderer prints: "1 Dec 2026 17:40 · jo@council.gov.uk via slack · result submitted: 64.1% (was 53.2%)". */
export function changeLine(entry: { at: Date; by: string; via: string; action: string; before: string | null; after: string | null }): string {
  const what = [entry.after, entry.before ? `(was ${entry.before})` : null].filter(Boolean).join(" ");
  return `${dayAndTime(entry.at)} · ${entry.by} via ${entry.via} · ${entry.action}${what ? `: ${what}` : ""}`;
}

/** "1 Dec 2026", as cards print a day. */
export const shortDate = (at: Date): string => at.toLocaleDateString("en-GB", { timeZone: "Europe/London", day: "numeric", month: "short", year: "numeric" });

/** A reporting cycle's deadline, kept as the end of the day typed (23:59:59 UTC): read in UTC it is that day, summer or winter. "Friday, 20 January 2017". */
export const deadlineDay = (due: Date): string => due.toLocaleDateString("en-GB", { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric" });

/** "1 Dec 2026 10:14", in Europe/London. */
export const dayAndTime = (at: Date): string => at.toLocaleString("en-GB", { timeZone: "Europe/London", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });

/** "Submitted by Alex Morgan on 1 Dec 2026 17:40 via slack". */
export const submittedLine = (r: ReviewRequest): string => `Submitted by ${r.submittedBy} on ${dayAndTime(r.at)} via ${r.via} · submission ${r.id}`;

/** "Superseded by Kim Officer's update at 10:14 on 1 Dec 2026: the newest one is reviewed instead." */
export const supersededLine = (s: { by: string; at: Date }): string => `Superseded by ${s.by}'s update at ${clock(s.at)} on ${shortDate(s.at)}: the newest one is reviewed instead.`;

/** "Accepted by Kim Officer at 10:14 on 1 Dec 2026", and a return's comment. */
export function decisionLine(d: ReviewDecisionMade): string {
  return `${d.outcome === "accepted" ? "Accepted" : "Returned"} by ${d.by} at ${clock(d.at)} on ${shortDate(d.at)}${d.note ? `: ${d.note}` : ""}`;
}

/** "Your update to AC/S8 for Q3 2016/17 was returned by Kim Officer: add the numerator" (or, to the review channel, whose update it was). */
export function outcomeLine(o: ReviewOutcome): string {
  const whose = o.insteadOf ? `${o.insteadOf}'s update` : "Your update";
  return o.outcome === "returned"
    ? `${whose} to ${o.ref} for ${o.period} was returned by ${o.by}: ${o.note ?? "no comment given"}`
    : `${whose} to ${o.ref} for ${o.period} was accepted by ${o.by}: ${o.display} is now the period's result.`;
}

/** A time of day in Europe/London, as forms say when something happened: "10:14". */
export const clock = (at: Date): string => at.toLocaleTimeString("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit" });

/** A day and time in Europe/London: "1 Dec 10:14". */
export const dayAndClock = (at: Date): string => `${at.toLocaleDateString("en-GB", { timeZone: "Europe/London", day: "numeric", month: "short" })} ${clock(at)}`;

/** A row's problem in an imported table: "line 4, Polarity, “Upwards”: Not a polarity…". */
export const problemLine = (p: ImportProblem): string => `line ${p.line}${p.column ? `, ${p.column}` : ""}${p.value ? `, “${p.value.length > 60 ? `${p.value.slice(0, 59)}…` : p.value}”` : ""}: ${p.problem}`;

/** "Checked: kpis.xlsx" (a dry run that found nothing wrong), "Imported: …", "Not imported: …". */
export const importHeading = (o: ImportOutcome): string => `${!o.ok ? "Not imported" : o.dryRun ? "Checked" : "Imported"}: ${o.fileName}`;

/** What an import did or would do: "Would import 3 new, 2 updated, 10 unchanged." */
export function importLine(o: ImportOutcome): string {
  if (!o.counts) return o.dryRun ? "Nothing would be imported." : "Nothing was imported.";
  const { created, updated, unchanged } = o.counts;
  return `${o.dryRun ? "Would import" : "Imported"}: ${created} new, ${updated} updated, ${unchanged} unchanged.`;
}

/** A wheel group's statuses as committees print them, marked and named (never colour alone): "🟢 Green 33% (2) · 🟠 Amber 33% (2) · 🔴 Red 33% (2)". */
export const wheelStatusLine = (c: WheelCounts): string => c.statuses.map((s) => `${ratingMark(s.status)} ${s.status} ${s.percent}% (${s.count})`).join(" · ");

/** "↑ Up 33% (2) · → Stable 33% (2) · ↓ Down 33% (2)", and how many have no direction where any. */
export const wheelDirectionLine = (c: WheelCounts): string =>
  [...c.directions.map((d) => `${DIRECTION_MARK[d.direction]} ${d.percent}% (${d.count})`), ...(c.noDirection ? [`no direction ${c.noDirection}`] : [])].join(" · ");

/** "P3 Amber → Red": a segment's change of status since the period before. */
export const statusChangeLine = (c: { code: string; was: string; now: string }): string => `${c.code} ${c.was} → ${c.now}`;

/** A digest's wheel headings, alike on every platform: its red segments, and its changes of status (null where there is no period before). */
export const digestWheelHeadings = (w: DigestWheel): { red: string; changes: string | null } => ({
  red: `Performance wheel, ${w.period}: ${w.red.length ? `red segments (${w.red.length})` : "no red segments"}`,
  changes: w.previous ? (w.changes.length ? `Changes of status since ${w.previous} (${w.changes.length})` : `No change of status since ${w.previous}`) : null,
});

/** A segment's status for a period, marked and named: "🔴 Red"; "not assessed" where it has none. */
export const segmentStatus = (status: string | null): string => (status ? `${ratingMark(status)} ${status}` : "not assessed");

/**
 * A size in megabytes (of 1,048,576 bytes) said precisely enough to read as over the limit it is
 * refused for: "60.2 MB" against 60 MB, "60.000001 MB" for a byte over, never "60 MB; up to 60 MB".
 */
export function megabytesOver(bytes: number, limitBytes: number): string {
  const limit = limitBytes / 1048576;
  for (let decimals = 1; decimals < 7; decimals++) {
    const shown = (Math.floor((bytes / 1048576) * 10 ** decimals) / 10 ** decimals).toFixed(decimals);
    if (Number(shown) > limit) return `${shown} MB`;
  }
  return `${bytes.toLocaleString("en-GB")} bytes`;
}

/** A comparison's heading and what it compares: the same words on every platform. */
export const comparisonHeading = (c: Comparison): string => `How ${c.organisation} compares: ${c.ref} ${c.title}`;
export const comparisonSubheading = (c: Comparison): string => `${c.code} · ${c.polarity}`;

/** "2. London Borough of Barnet (AC/S16): 29.5% ← you", a figure of another period labelled with it. */
export const comparisonRowLine = (r: ComparisonRow): string =>
  `${r.rank ? `${r.rank}. ` : ""}${r.council}${r.ref ? ` (${r.ref})` : ""}: ${r.figure}${r.samePeriod ? "" : ` in ${r.period}`}${r.source ? ` (published: ${r.source})` : ""}${r.asker ? " ← you" : ""}`;

/** The benchmarks the indicator's own report printed: "Printed benchmarks: CIPFA 29.5%, London 27.6% (ASCOF Comparators (2015/16))". */
export function printedBenchmarksLine(c: Comparison): string | null {
  if (!c.benchmarks.length) return c.benchmarkText ? `Printed benchmark: ${c.benchmarkText}` : null;
  const sources = [...new Set(c.benchmarks.flatMap((b) => (b.source ? [b.source] : [])))];
  return `Printed benchmarks: ${c.benchmarks.map((b) => `${b.group} ${b.figure}`).join(", ")}${sources.length ? ` (${sources.join("; ")})` : ""}`;
}

/** Where other periods are listed too: which period comes first, ranked, and that the others say theirs. */
export const comparisonPeriodLine = (c: Comparison): string | null => {
  const mine = c.rows.find((r) => r.asker);
  return mine && c.rows.some((r) => !r.samePeriod) ? `Figures for ${mine.period} first; other periods are labelled.` : null;
};

/** 1st, 2nd, 3rd, 11th, 22nd. */
export const ordinal = (n: number): string => `${n}${n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th")}`;

/** Decimal places a printed figure shows: "29.5%" 1, "169.72" 2. */
const decimalsOf = (text: string) => /\d\.(\d+)/.exec(text)?.[1]?.length ?? 0;

/**
 * The committee report's comparison cell: "ASCOF 1C(2A): 1st of 4, top quartile" where enough councils report
 * the period; else against each printed benchmark, "9.3 points above CIPFA (29.5%)"; else why there is neither.
 */
export function comparisonCell(c: Comparison): string {
  if (c.rank) return `${c.code}: ${ordinal(c.rank.position)} of ${c.rank.of}, ${c.rank.quartile}`;
  const own = c.own;
  if (own && c.benchmarks.length) {
    const against = c.benchmarks.map((b) => {
      const difference = own.value - b.value;
      const places = Math.max(decimalsOf(own.figure), decimalsOf(b.figure));
      const points = own.figure.trim().endsWith("%") ? " points" : "";
      return difference === 0 ? `level with ${b.group} (${b.figure})` : `${Math.abs(difference).toFixed(places)}${points} ${difference > 0 ? "above" : "below"} ${b.group} (${b.figure})`;
    });
    return `${c.code}: ${against.join("; ")}`;
  }
  return `${c.code}: ${c.standing}`;
}

/** A digest's line for a measure that moved quartile: "AC/S16 …: ASCOF 1C(2A) up from the bottom quartile (4th of 4, Q1 2016/17) to the top quartile (1st of 4, Q2 2016/17)". */
export const quartileMoveLine = (m: QuartileMove): string =>
  `${m.ref} ${m.title}: ${m.code} ${m.better ? "up" : "down"} from the ${m.from.quartile} (${ordinal(m.from.position)} of ${m.from.of}, ${m.from.period}) to the ${m.to.quartile} (${ordinal(m.to.position)} of ${m.to.of}, ${m.to.period})`;

export const QUARTILE_MOVES_HEADING = "Moved quartile among councils";
