// A published comparator table (NHS Digital's ASCOF tables, LG Inform's downloads): one row per council and
// period with its value for a national measure, the measure in a column or given for the whole file. Read
// whole or not at all: any row that cannot be read is a problem and nothing is imported.
import { figureValue, parseFigure } from "../figures.ts";
import { nationalCode, nationalCodesIn } from "../national-codes.ts";
import { parsePeriod } from "../periods.ts";
import { headingWords } from "./headings.ts";
import type { PublishedFigureRecord } from "../use-cases/compare.ts";
import type { Problem, Table } from "./indicator-table.ts";

/** A published figure as read, before the store folds its code for matching. */
export type PublishedDraft = Omit<PublishedFigureRecord, "codeKey">;

type Row = Table["rows"][number];
type Field = "code" | "area" | "areaCode" | "period" | "value";

const HEADINGS: [RegExp, Field][] = [
  [/^(measure|measure code|code|national code|indicator|indicator code|ascof measure|ascof code)$/, "code"],
  [/^(area code|ons code|la code|geographical code|geography code|ons|council code|gss code)$/, "areaCode"],
  [/^(area|area name|council|local authority|la|la name|geographical description|geography|organisation|authority)$/, "area"],
  [/^(period|year|financial year|time period|reporting period)$/, "period"],
  [/^(value|measure value|result|figure|outturn|measure_value|percentage|rate)$/, "value"],
];

const fieldOf = (heading: string): Field | null => {
  const words = headingWords(heading).replace(/_/g, " ");
  return HEADINGS.find(([pattern]) => pattern.test(words))?.[1] ?? null;
};

/** Downloads often put a title and notes above the table: its heading row is the first naming two of its columns. */
const headingRow = (rows: Row[]) => rows.findIndex((r) => new Set(r.cells.map(fieldOf).filter((f) => f !== null)).size >= 2);

/** The file's figures, or the problems that keep it out; `code` is the measure of a file without a measure column. */
export function readPublishedTable(rows: Row[], options: { source: string; code?: string | null }): { figures: PublishedDraft[]; problems: Problem[] } {
  const start = Math.max(0, headingRow(rows));
  const table: Table = { headings: rows[start]?.cells ?? [], rows: rows.slice(start + 1) };
  const columns = new Map<Field, number>();
  table.headings.forEach((heading, i) => {
    const field = fieldOf(heading);
    if (field && !columns.has(field)) columns.set(field, i);
  });
  const problems: Problem[] = [];
  const given = options.code ? nationalCode(options.code) : null;
  if (options.code && !given) problems.push({ line: 0, column: null, value: options.code, problem: "--code is not a national code: write it as ASCOF 1C(2A), NI 192, PHOF 2.22iii." });
  if (!columns.has("code") && !options.code) problems.push({ line: 1, column: null, value: table.headings.join(", "), problem: "No column names the measure (Measure, Code): give it for the whole file with --code \"ASCOF 1C(2A)\"." });
  for (const field of ["area", "period", "value"] as const) {
    if (!columns.has(field)) problems.push({ line: 1, column: null, value: table.headings.join(", "), problem: `No column holds the ${field === "area" ? "council (Area, Local authority)" : field === "period" ? "period (Period, Year)" : "figure (Value)"}.` });
  }
  if (problems.length) return { figures: [], problems };

  const figures: PublishedDraft[] = [];
  const cell = (cells: string[], field: Field) => (columns.has(field) ? (cells[columns.get(field)!] ?? "").trim() : "");
  for (const { line, cells } of table.rows) {
    if (cells.every((c) => !c.trim())) continue;
    const problem = (field: Field, value: string, why: string) => problems.push({ line, column: table.headings[columns.get(field)!] ?? field, value, problem: why });
    const codeText = cell(cells, "code");
    const code = columns.has("code") && codeText ? (nationalCodesIn(codeText)[0] ?? null) : given;
    const area = cell(cells, "area");
    // One spelling of a period, as the councils' own figures are labelled: 2015-16 is 2015/16.
    const period = parsePeriod(cell(cells, "period"))?.label ?? cell(cells, "period");
    const text = cell(cells, "value");
    const value = text ? figureValue(parseFigure(text)) : null;
    if (!code) problem("code", codeText, "Not a national code: ASCOF 1C(2A), NI 192, PHOF 2.22iii.");
    if (!area) problem("area", area, "No council named.");
    if (!period) problem("period", period, "No period given.");
    // Suppressed or missing figures (*, x, ..) are published as such: left out, not an error.
    if (value === null && !/^(\*|x|\.\.|-|–|n\/a|c|z)?$/i.test(text)) problem("value", text, "Not a figure.");
    if (code && area && period && value !== null) figures.push({ code: code.code, area, areaCode: cell(cells, "areaCode") || null, period, value, text, source: options.source });
  }
  return { figures: problems.length ? [] : figures, problems };
}
