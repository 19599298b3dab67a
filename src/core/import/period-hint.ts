// What a file says of its own period, for the import's messages: the --period to suggest where a column
// names none (read from the title above the table, its headings, else its latest date), and whether its
// rows' dates fall in two financial years.
import { comparePeriods, currentQuarter, financialYearAt, parsePeriod, parseReportDate, type Period } from "../periods.ts";

type Row = { line: number; cells: string[] };

/** A period written inside a longer text: "Q2 2016/17", "Nov 2016", "Spring 2016", "2016/17". */
const PERIOD_IN_TEXT = /\bQ[1-4]\s*\d{4}\s*\/\s*\d{2,4}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}\b|\b(?:spring|autumn)\s+\d{4}\b|\b\d{4}\s*\/\s*\d{2}\b/gi;
/** A date in a cell: 19 Jan 2017, 31-Mar-2017, 2017-01-19. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Cells read for dates at most: a council's table has hundreds of rows. */
const MAX_CELLS = 20_000;

/** The most specific, then latest, period named anywhere in the texts. */
function latestNamed(texts: string[]): Period | null {
  const found: Period[] = [];
  for (const text of texts) {
    for (const match of text.slice(0, 500).matchAll(PERIOD_IN_TEXT)) {
      const period = parsePeriod(match[0].replace(/\s+/g, " ").replace(/\s*\/\s*/, "/").replace(/^q/, "Q"));
      if (period) found.push(period);
    }
  }
  const specific = found.filter((p) => p.kind !== "year");
  return [...(specific.length ? specific : found)].sort(comparePeriods).at(-1) ?? null;
}

function dateIn(cell: string): Date | null {
  const text = cell.trim();
  if (text.length > 40) return null;
  const iso = ISO_DATE.exec(text);
  if (iso) {
    const date = new Date(Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3])));
    return Number.isNaN(date.getTime()) ? null : date;
  }
  return parseReportDate(text);
}

/** Each row's dates, the latest first read: what "the file's dates" are. */
function datedRows(rows: Row[]): { line: number; date: Date }[] {
  const dated: { line: number; date: Date }[] = [];
  let read = 0;
  for (const row of rows) {
    for (const cell of row.cells) {
      if (++read > MAX_CELLS) return dated;
      const date = dateIn(cell);
      if (date) dated.push({ line: row.line, date });
    }
  }
  return dated;
}

/** The --period to suggest, with where it was read; null where the file names none. */
export function suggestedPeriod(titleRows: Row[], headings: string[], rows: Row[]): { period: Period; where: string } | null {
  const titled = latestNamed(titleRows.flatMap((r) => r.cells));
  if (titled) return { period: titled, where: "the title above the table names it" };
  const headed = latestNamed(headings);
  if (headed) return { period: headed, where: "the latest period the headings name" };
  const latest = datedRows(rows).sort((a, b) => b.date.getTime() - a.date.getTime())[0];
  if (latest) return { period: currentQuarter(latest.date, "UTC"), where: `the file's latest date, line ${latest.line}, is in it` };
  return null;
}

/** What to say where a column names no period and none is known: a period read from the file, or how to write one. */
export function periodAdvice(titleRows: Row[], headings: string[], rows: Row[]): string {
  const suggested = suggestedPeriod(titleRows, headings, rows);
  return suggested ? `give --period "${suggested.period.label}" (${suggested.where})` : "give --period with the period the figures are for, as the reports write it (a quarter such as Q2 2016/17, or a month such as Nov 2016)";
}

/** A note where the rows' dates fall in two (or more) financial years; null where they fall in one. */
export function yearsNote(rows: Row[]): string | null {
  const byYear = new Map<string, number[]>();
  for (const { line, date } of datedRows(rows)) {
    const label = financialYearAt(date).label;
    const lines = byYear.get(label) ?? [];
    if (!lines.includes(line)) lines.push(line);
    byYear.set(label, lines);
  }
  if (byYear.size < 2) return null;
  const years = [...byYear.entries()].sort(([a], [b]) => a.localeCompare(b));
  const where = years.map(([label, lines]) => `${label} (line${lines.length === 1 ? "" : "s"} ${lines.slice(0, 5).join(", ")}${lines.length > 5 ? ", …" : ""})`);
  return `The rows' dates fall in ${years.length === 2 ? "two" : years.length} financial years, ${where.join(" and ")}: a table is read as one period's report, so check that each figure is filed under the period it is for (--period names it), or import each year's rows apart.`;
}
