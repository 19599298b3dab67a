// A performance wheel's table read into objectives: a group column, a code column (a title column
// where there is one), and one status column per period, headed as councils head them: "Apr - Jul",
// "Q2", "Q3", "Q4" under (or beside) a year such as "RAG Status 2017/18". A heading without a year
// takes the year above it, else the import's. Statuses are R, A, G or words, PDF look-alikes included.
// The code and group columns are found by their headings, by --map, else by what they hold: a column of
// codes such as P1, C4 is the code; a column whose values repeat down the rows is the group.
import { cellText } from "../cell-text.ts";
import { notAStatus, readObjectiveDirection, readObjectiveStatus, readTags } from "../objectives.ts";
import { comparePeriods, parsePeriod, type Period } from "../periods.ts";
import type { ObjectiveDraft } from "../ports.ts";
import { foldKey } from "../text.ts";
import { headingWords } from "./headings.ts";
import type { Problem } from "./indicator-table.ts";

export const OBJECTIVE_COLUMNS = ["code", "group", "title", "tags", "owner", "indicators", "direction", "narrative"] as const;
type Role = (typeof OBJECTIVE_COLUMNS)[number];

/** A --map for a wheel's table: the heading as written, and what its column holds. */
export interface ObjectiveMapping {
  heading: string;
  role: Role;
}

/** "--map" values for --kind objectives: "Portfolio=group", "Segment=code". */
export function readObjectiveMapping(text: string): ObjectiveMapping | string {
  const at = text.lastIndexOf("=");
  if (at <= 0) return `--map “${text}”: write it as "<heading>=<column>", for example "Portfolio=group".`;
  const role = text.slice(at + 1).trim().toLowerCase();
  if (!(OBJECTIVE_COLUMNS as readonly string[]).includes(role)) return `--map “${text}”: ${role || "nothing"} is not a column of a wheel's table; they are ${OBJECTIVE_COLUMNS.join(", ")}.`;
  return { heading: text.slice(0, at).trim(), role: role as Role };
}

const ROLES: [RegExp, Role][] = [
  [/^(code|ref|reference|objective code|segment code|objective ref|no|id)$/, "code"],
  [/^(group|wheel group|theme|area|outcome|priority area|section|category)$/, "group"],
  [/^(objective|objectives|title|segment|name|description|objective title|priority)$/, "title"],
  [/^(tags?|committees?|scrutiny|scrutiny committees?|overview and scrutiny|o&s)$/, "tags"],
  [/^(owner|lead|lead officer|owner email|responsible officer)$/, "owner"],
  [/^(indicators?|informing indicators|kpis|pis|related indicators|measures)$/, "indicators"],
  [/^(direction|direction of travel|dot|trend)( .*)?$/, "direction"],
  [/^(narrative|commentary|comments?|notes?|narrative for red segments)$/, "narrative"],
];

const roleOf = (heading: string): Role | null => {
  const words = headingWords(heading);
  return words ? (ROLES.find(([pattern]) => pattern.test(words))?.[1] ?? null) : null;
};

/** A financial year in a heading: "RAG Status 2017/18" -> "2017/18". */
const YEAR = /\b(\d{4}\s*\/\s*\d{2,4}|\d{2}\/\d{2})\b/;
/** Words around a period in a status heading: "RAG Status Q2" is Q2's status. */
const STATUS_WORDS = /\b(rag|status|rating|ratings|assessment|judgement|performance|wheel)\b/gi;
/** A cell that says nothing was assessed: no status, and no problem. */
const NOT_ASSESSED = /^(n\/?a|-+|–|—|not (rated|assessed|due)|tbc|none)$/i;
/** P1, C4, V1, "P 3": letters then a number. */
const CODE = /^[A-Za-z]{1,4}\s*-?\s*\d{1,3}[a-z]?$/;

/** How far down a sheet the heading row may be: a title and notes often come first. */
const HEADING_SEARCH = 30;
/** Found by content: a code column has at least this many codes, a group column this many values. */
const CONTENT_MIN_ROWS = 2;

type Row = { line: number; cells: string[] };

/** The role each heading of a row names: by --map first, then by its words. */
function rolesOf(row: Row, mappings: ObjectiveMapping[]): (Role | null)[] {
  return row.cells.map((cell) => {
    const words = headingWords(cell);
    const mapped = words ? mappings.find((m) => headingWords(m.heading) === words) : undefined;
    return mapped?.role ?? roleOf(cell);
  });
}

const filledCount = (row: Row) => row.cells.filter((c) => c.trim()).length;
const isCode = (text: string) => CODE.test(cellText(text).replace(/\s+/g, ""));
/** A cell that reads as a status or a direction: columns of them repeat, and are no group. */
const isAssessment = (text: string) => readObjectiveStatus(text) !== null || readObjectiveDirection(text) !== null || NOT_ASSESSED.test(text.trim());

interface Layout {
  /** The heading row's index in rows. */
  at: number;
  roles: (Role | null)[];
  /** What was found by content rather than by a heading, for the report. */
  notes: string[];
}

/**
 * The heading row and each column's role: the first row whose headings (or --map) name both a code and a group
 * column; else the row above the first code, with the code and group columns found by what they hold.
 * A string says what is missing, the headings seen, and the --map that would place it.
 */
function layout(rows: Row[], mappings: ObjectiveMapping[]): Layout | string {
  const searched = rows.slice(0, HEADING_SEARCH);
  const named = searched.findIndex((r) => {
    const roles = rolesOf(r, mappings);
    return roles.includes("code") && roles.includes("group");
  });
  if (named >= 0) return { at: named, roles: rolesOf(rows[named]!, mappings), notes: [] };

  const notes: string[] = [];
  const width = Math.max(...rows.map((r) => r.cells.length));
  let at = searched.findIndex((r) => rolesOf(r, mappings).includes("code"));
  let codeColumn = at >= 0 ? rolesOf(rows[at]!, mappings).indexOf("code") : -1;
  if (at < 0) {
    // The column with the most codes; the heading row is the fullest row above its first code.
    let best = { column: -1, codes: 0 };
    for (let c = 0; c < width; c++) {
      const codes = rows.filter((r) => isCode(r.cells[c] ?? "")).length;
      if (codes > best.codes) best = { column: c, codes };
    }
    const firstCode = rows.findIndex((r) => isCode(r.cells[best.column] ?? ""));
    if (best.codes >= CONTENT_MIN_ROWS && firstCode > 0) {
      const above = rows.slice(Math.max(0, firstCode - HEADING_SEARCH), firstCode);
      const fullest = above.reduce((b, r, i) => (filledCount(r) > filledCount(above[b]!) ? i : b), 0);
      at = Math.max(0, firstCode - HEADING_SEARCH) + fullest;
      codeColumn = best.column;
      notes.push(`The code column is “${(rows[at]!.cells[codeColumn] ?? "").trim() || `column ${codeColumn + 1}`}”: its cells are codes such as ${cellText(rows[firstCode]!.cells[codeColumn]!).trim()}.`);
    }
  }
  // With no code column, the headings shown are the fullest row's near the top.
  const headingAt = at >= 0 ? at : searched.reduce((b, r, i) => (filledCount(r) > filledCount(searched[b]!) ? i : b), 0);
  const roles = rolesOf(rows[headingAt]!, mappings);
  while (roles.length < width) roles.push(null);
  if (codeColumn >= 0) roles[codeColumn] = "code";

  const dataRows = codeColumn >= 0 ? rows.slice(headingAt + 1).filter((r) => isCode(r.cells[codeColumn] ?? "")) : [];
  const subHeadings = codeColumn >= 0 ? rows.slice(headingAt + 1, rows.indexOf(dataRows[0]!)) : [];
  const headedAsPeriod = (c: number) => [rows[headingAt]!, ...subHeadings].some((r) => statusPeriod((r.cells[c] ?? "").trim(), 2000) !== null || fyStartOf(r.cells[c] ?? "") !== null);
  let groupColumn = roles.indexOf("group");
  if (groupColumn < 0 && dataRows.length >= CONTENT_MIN_ROWS) {
    // The leftmost unnamed column whose values repeat down the rows, and are not statuses or directions.
    groupColumn = roles.findIndex((role, c) => {
      if (role !== null || headedAsPeriod(c)) return false;
      const values = dataRows.map((r) => cellText(r.cells[c] ?? "").trim()).filter(Boolean);
      return values.length >= CONTENT_MIN_ROWS && new Set(values.map((v) => v.toLowerCase())).size < values.length && values.filter(isAssessment).length * 2 < values.length;
    });
    if (groupColumn >= 0) {
      roles[groupColumn] = "group";
      notes.push(`The group column is “${(rows[headingAt]!.cells[groupColumn] ?? "").trim() || `column ${groupColumn + 1}`}”: its values repeat down the rows.`);
    }
  }
  if (codeColumn >= 0 && groupColumn >= 0) return { at: headingAt, roles, notes };

  // What each heading was taken for, and the --map that would place what is missing.
  const headings = rows[headingAt]!.cells.map((cell, c) => ({ cell: cell.trim(), c })).filter((h) => h.cell);
  const takenFor = headings.map((h) => `“${h.cell}” (${roles[h.c] ?? (headedAsPeriod(h.c) ? "status" : "not known")})`);
  const unplaced = headings.filter((h) => roles[h.c] === null && !headedAsPeriod(h.c));
  const codesIn = (c: number) => rows.filter((r) => isCode(r.cells[c] ?? "")).length;
  // The code: the unplaced column with the most codes; the group: the leftmost unplaced column left.
  const codeGuess = codeColumn < 0 ? [...unplaced].sort((a, b) => codesIn(b.c) - codesIn(a.c))[0] : undefined;
  const groupGuess = unplaced.find((h) => h !== codeGuess);
  const maps = [...(codeColumn < 0 ? [`--map "${codeGuess?.cell ?? "<heading>"}=code"`] : []), ...(groupColumn < 0 ? [`--map "${groupGuess?.cell ?? "<heading>"}=group"`] : [])];
  const missing = [...(codeColumn < 0 ? ["code"] : []), ...(groupColumn < 0 ? ["group"] : [])];
  return `No ${missing.join(" and no ")} column found (line ${rows[headingAt]!.line}): the headings seen were ${takenFor.join(", ")}. Name it with ${maps.join(" ")}, or head the columns Group and Code.`;
}

export interface ObjectiveTable {
  drafts: ObjectiveDraft[];
  problems: Problem[];
  /** The periods the status columns were read as, oldest first. */
  periods: Period[];
  notes: string[];
}

/**
 * Reads the rows (empty rows already left out). `year` is the import's financial year (--period),
 * for headings that name none; null where it was not given.
 */
export function readObjectiveTable(rows: Row[], year: number | null, mappings: ObjectiveMapping[] = []): ObjectiveTable | string {
  const found = layout(rows, mappings);
  if (typeof found === "string") return found;
  const { at, roles } = found;
  const heading = rows[at]!;
  const codeColumn = roles.indexOf("code");
  // Rows under the heading before the first code are its sub-headings ("Apr - Jul", "Q2" under "RAG Status 2017/18").
  let first = at + 1;
  while (first < rows.length && !(rows[first]!.cells[codeColumn] ?? "").trim()) {
    const filled = rows[first]!.cells.filter((c) => c.trim());
    // A row with one cell filled is a group's title row, not a sub-heading.
    if (filled.length === 1 && rows[first]!.cells.findIndex((c) => c.trim()) <= codeColumn + 1) break;
    first++;
  }
  const subHeadings = rows.slice(at + 1, first);
  const headerRows = [...rows.slice(Math.max(0, at - 2), at), heading, ...subHeadings];
  const width = Math.max(...rows.map((r) => r.cells.length));

  // A year carried rightward from the cell that names it, to the next filled cell of its row.
  const yearOf: (number | null)[] = new Array<number | null>(width).fill(null);
  for (const row of headerRows) {
    let carried: number | null = null;
    for (let c = 0; c < width; c++) {
      const cell = (row.cells[c] ?? "").trim();
      if (cell) carried = fyStartOf(cell);
      if (carried !== null) yearOf[c] = carried;
    }
  }

  const periodColumns: { column: number; period: Period }[] = [];
  const notes: string[] = [...found.notes];
  for (let c = 0; c < width; c++) {
    if (roles[c]) continue;
    const texts = [heading, ...subHeadings].map((r) => (r.cells[c] ?? "").trim()).filter(Boolean);
    const fy = yearOf[c] ?? year;
    const period = texts.map((t) => statusPeriod(t, fy)).find((p): p is Period => p !== null);
    if (period) periodColumns.push({ column: c, period });
    else if (texts.some((t) => statusPeriod(t, 2000) !== null)) notes.push(`The column “${texts.join(" ")}” names a period without a year: give the year (--period 2017/18) or head it “RAG Status 2017/18”.`);
  }
  if (!periodColumns.length) return `No status column: head one per period, as “Q2 2017/18”, or “Apr - Jul”, “Q2”, “Q3” under “RAG Status 2017/18”.${notes.length ? ` ${notes[0]}` : ""}`;
  const periods = [...periodColumns.map((p) => p.period)].sort(comparePeriods);
  const twice = periods.find((p, i) => i > 0 && periods[i - 1]!.label === p.label);
  if (twice) return `Two status columns are for ${twice.label}: each period needs one column.`;
  const latest = periods.at(-1)!;

  const columnOf = (role: Role) => roles.indexOf(role);
  const cell = (row: { cells: string[] }, role: Role) => {
    const c = columnOf(role);
    return c < 0 ? "" : cellText(row.cells[c] ?? "");
  };
  const drafts: ObjectiveDraft[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  let group = "";
  for (const row of rows.slice(first)) {
    const code = cell(row, "code").replace(/\s+/g, "");
    if (!code) {
      // A row with a single filled cell names the group of the rows under it.
      const filled = row.cells.map((c) => c.trim()).filter(Boolean);
      if (filled.length === 1) group = cellText(filled[0]!);
      continue;
    }
    group = cell(row, "group") || group;
    const problem = (role: Role, value: string, text: string) => problems.push({ line: row.line, column: columnOf(role) >= 0 ? (heading.cells[columnOf(role)] ?? "").trim() || role : role, value, problem: text });
    if (!CODE.test(code)) {
      problem("code", code, "Not an objective's code: letters and a number, as P1, C4 or V1.");
      continue;
    }
    if (seen.has(foldKey(code))) {
      problem("code", code, `${code} is listed twice (line ${seen.get(foldKey(code))} too).`);
      continue;
    }
    seen.set(foldKey(code), row.line);
    if (!group) problem("group", "", `${code} has no group: fill the group column.`);
    const directionText = cell(row, "direction");
    const direction = directionText ? readObjectiveDirection(directionText) : null;
    if (directionText && !direction && !NOT_ASSESSED.test(directionText)) problem("direction", directionText, "Not a direction: write Up, Stable or Down (or an arrow).");
    const narrative = cell(row, "narrative") || null;
    const assessments: ObjectiveDraft["assessments"] = [];
    for (const { column, period } of periodColumns) {
      const text = (row.cells[column] ?? "").trim();
      if (!text || NOT_ASSESSED.test(text)) continue;
      const status = readObjectiveStatus(text);
      if (!status) {
        problems.push({ line: row.line, column: `${period.label}`, value: text, problem: notAStatus(text) });
        continue;
      }
      // The direction and narrative columns speak of the latest period.
      const isLatest = period.label === latest.label;
      assessments.push({ period, status, direction: isLatest ? direction : null, narrative: isLatest ? narrative : null });
    }
    const tags = columnOf("tags") >= 0 ? readTags(cell(row, "tags")) : null;
    const owner = cell(row, "owner") || null;
    const indicators = columnOf("indicators") >= 0 ? cell(row, "indicators").split(/[,;\n]+/).map((r) => r.trim()).filter(Boolean) : null;
    drafts.push({ line: row.line, code: code.toUpperCase(), title: cell(row, "title") || null, group, tags, owner, indicators, assessments: assessments.sort((a, b) => comparePeriods(a.period, b.period)) });
  }
  return { drafts, problems, periods, notes };
}

function fyStartOf(text: string): number | null {
  const m = YEAR.exec(text);
  const year = m ? parsePeriod(m[1]!.replace(/\s+/g, "")) : null;
  return year?.kind === "year" ? year.start.getUTCFullYear() : null;
}

/** The period a status column's heading names ("Q2", "Apr - Jul", "RAG Status Q2 2017/18", "Q2 2017/18"), in the column's year. */
function statusPeriod(text: string, fyStart: number | null): Period | null {
  const words = text.replace(/<[^>]*>/g, " ").replace(STATUS_WORDS, " ").replace(/[()[\]:]/g, " ").replace(/\s+/g, " ").trim();
  if (!words) return null;
  const own = parsePeriod(words);
  if (own && own.kind !== "year" && own.kind !== "date") return own;
  const yearless = words.replace(YEAR, " ").replace(/\s+/g, " ").trim();
  if (!yearless || fyStart === null) return null;
  const period = parsePeriod(yearless, { fyStart: fyStartOf(words) ?? fyStart });
  return period && (period.kind === "quarter" || period.kind === "span" || period.kind === "month") ? period : null;
}
