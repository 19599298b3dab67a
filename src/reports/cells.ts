// What the committee report's cells say, in words: the Word and HTML renderers print the same text,
// and differ only in how they lay it out. The rating is always a word, never a colour alone.
import type { CommitteeReport, DirectionCell, ReportActionRow, ReportIndicatorRow } from "../core/committee-report.ts";
import { countWithShare, directionWords, notApplicable } from "../core/format.ts";
import { slug, withSingleBullets } from "../core/text.ts";
import type { SummaryRow, SummarySection } from "../core/views.ts";

export const NONE = "–";

/** The indicator table's headings, in column order: what the seeds print. */
export function indicatorHeadings(report: CommitteeReport): string[] {
  return ["Ref", "Indicator", "Polarity", "Annual target", `${report.period} target`, `${report.period} result`, "DOT short term (against the period before)", "DOT long term (against a year before)", "RAG", "Benchmark", "Comparison"];
}

export const targetText = (row: ReportIndicatorRow): string => (row.periodTarget ? `${row.periodTarget}${row.targetNote ? ` (${row.targetNote})` : ""}` : row.targetNote ?? NONE);

export const resultText = (row: ReportIndicatorRow): string => `${row.result}${row.fraction ? ` (${row.fraction})` : ""}`;

/** "↓ Improving (Q4 2015/16: 8.49 days)", the arrow the figure's way; where nothing is computed, what the report recorded and why there is none: "N/A; n/a (no figure for Q4 2015/16)". */
export function directionText(cell: DirectionCell): string {
  const against = cell.against ? ` (${cell.against.period}: ${cell.against.display})` : "";
  if (!cell.computed && cell.whyNot) return `${cell.recorded ? `${cell.recorded}; ` : ""}${notApplicable(cell.whyNot)}`;
  if (!cell.computed) return `${cell.recorded ?? NONE}${against}`;
  return `${directionWords(cell.computed, cell.move)}${against}${cell.differs ? ` ⚑ differs: recorded ${cell.recorded}` : ""}`;
}

export const ratingText = (row: ReportIndicatorRow): string => `${row.rating.level}${row.rating.differs ? ` ⚑ differs: recorded ${row.rating.recorded}` : ""}`;

/** The whole row as its cells, in the order of indicatorHeadings. */
export function indicatorCells(row: ReportIndicatorRow): string[] {
  return [row.ref, row.title, row.polarity, row.annualTarget ?? NONE, targetText(row), resultText(row), directionText(row.dotShort), directionText(row.dotLong), ratingText(row), row.benchmark ?? NONE, row.comparison ?? NONE];
}

/** The overview's headings: seed 002 §3.1. */
export function overviewHeadings(section: SummarySection): string[] {
  return ["", ...section.levels, "Total RAG ratings", "Not rated (monitor, no target)", "Improving or the same", "Worsening", "No direction of travel", "With a figure this period"];
}

/** A row of counts; the overall row, as the seed prints it, with each share: "50% (13)". */
export function overviewCells(row: SummaryRow, withShares: boolean): string[] {
  const directed = row.improvedOrSame + row.worsened;
  const share = (n: number, of: number) => (withShares ? countWithShare(n, of) : String(n));
  return [row.label, ...row.counts.map((c) => share(c, row.rated)), share(row.rated, row.rated), share(row.notRated, row.total), share(row.improvedOrSame, directed), share(row.worsened, directed), String(row.noDirection), String(row.total)];
}

/** "41 indicators have a figure for Q1 2016/17. 38 have a RAG rating: 39% (15) on or above target ..." as seed 002 words it. */
export function overviewSentence(report: CommitteeReport): string {
  const o = report.overview?.overall;
  if (!o) return `No indicator reports in ${report.period}.`;
  const green = o.counts[0] ?? 0;
  const directed = o.improvedOrSame + o.worsened;
  return `${o.total} indicator${o.total === 1 ? " has" : "s have"} a figure for ${report.period}. ${o.rated} have a RAG rating: ${countWithShare(green, o.rated)} are on or above target and ${countWithShare(o.rated - green, o.rated)} are below target. ${directed} have a long-term direction of travel: ${countWithShare(o.improvedOrSame, directed)} improved or stayed the same and ${countWithShare(o.worsened, directed)} worsened against the same period last year.`;
}

/** Commentary as the report prints it: one bullet a list item, also where it was imported before the loader dropped a doubled one. */
export const commentLines = (text: string): string => withSingleBullets(text);

export const ACTION_HEADINGS = ["Ref", "Action", "RAG or status", "Due", "Latest note", "Owner"];

/** The action columns that something fills: Barnet's key actions have no due dates, Sutton's measures do. */
export function actionColumns(rows: ReportActionRow[]): number[] {
  const empty = (i: number) => (i === 2 ? rows.every((r) => !r.rag && !r.status) : i === 3 ? rows.every((r) => !r.due) : i === 5 ? rows.every((r) => !r.owner) : false);
  return ACTION_HEADINGS.map((_, i) => i).filter((i) => !empty(i));
}

export function actionCells(row: ReportActionRow): string[] {
  const state = [row.rag, row.status].filter(Boolean).join(" · ") || "Not rated";
  const title = row.parent ? `${row.title} (under ${row.parent})` : row.title;
  const note = row.note ? `${row.note}${row.noteDate ? ` (${row.noteDate})` : ""}` : NONE;
  return [row.ref ?? NONE, title, state, row.due ?? NONE, note, row.owner ?? NONE];
}

/** A level's colour where one is shown, always beside its word: Barnet's four levels and the three-level Amber. */
export const LEVEL_COLOURS: Record<string, { fill: string; text: string }> = {
  Green: { fill: "C6EFCE", text: "006100" },
  "Green Amber": { fill: "E2EFDA", text: "375623" },
  Amber: { fill: "FFEB9C", text: "7F6000" },
  "Red Amber": { fill: "FCE4D6", text: "833C0B" },
  Red: { fill: "FFC7CE", text: "9C0006" },
};

/** A rating or RAG text's level for its colour: "Green Amber ⚑ differs ..." -> Green Amber. */
export function levelOf(text: string | null): string | null {
  if (!text) return null;
  return ["Green Amber", "Red Amber", "Green", "Amber", "Red"].find((l) => text.startsWith(l)) ?? null;
}

/** A safe file name for the report: "barnet-commissioning-group-q1-2016-17". */
export function reportFileStem(report: CommitteeReport): string {
  return slug([report.organisationSlug, report.service, report.period].filter(Boolean).join(" "), "report", 200);
}
