// A council's indicator table read into indicator rows: each row's reference, title, polarity,
// targets and results filed under their periods, the text kept as written; and every problem
// with its line, column and value, so that a bad file is refused whole and said why.
import { nationalCodesIn } from "../national-codes.ts";
import { aggregationInTitle, parseAggregation, type Aggregation } from "../aggregation.ts";
import { cellText } from "../cell-text.ts";
import { parseFigure, parseFraction } from "../figures.ts";
import { comparePeriods, financialYear, parsePeriod, type Period } from "../periods.ts";
import { parsePolarity } from "../polarity.ts";
import { readPrintedCell } from "../printed-cell.ts";
import { foldKey } from "../text.ts";
import { periodAdvice } from "./period-hint.ts";
import { headingWords, readHeading, type Column } from "./headings.ts";

export interface Table {
  headings: string[];
  /** Each row with its line in the file (the heading row is line 1 of a plain CSV). */
  rows: { line: number; cells: string[] }[];
}

export interface ResultDraft {
  period: Period;
  text: string;
  numerator: number | null;
  denominator: number | null;
  ragRecorded: string | null;
  dotShort: string | null;
  dotLong: string | null;
}

export interface IndicatorDraft {
  line: number;
  ref: string;
  /** As the file printed it: "AC/S4 (ASCOF 1E)". */
  refAsPrinted: string;
  /** National codes printed with the ref: "ASCOF 1E". */
  codes: string[];
  title: string | null;
  polarityText: string | null;
  service: string | null;
  frequency: string | null;
  aggregation: Aggregation | null;
  targets: { period: Period; text: string }[];
  results: ResultDraft[];
  benchmark: string | null;
  commentary: { period: Period; text: string } | null;
  // What a report carries beyond a table's columns (the demo's transcriptions): left out, the indicator keeps its own.
  /** The priority or theme the report files it under: an indicator keeps the first it was filed under. */
  theme?: string | null;
  dataSource?: string | null;
  /** Its comparators, replacing those it had. */
  benchmarks?: { text: string; comparator: string | null; source: string | null }[];
  /** Owners' emails (people already recorded), added to any it has. */
  owners?: string[];
}

/** A row with nothing read yet: the table's reader fills it cell by cell; a single update names its ref and figure. */
export const blankDraft = (line: number, ref = ""): IndicatorDraft => ({ line, ref, refAsPrinted: ref, codes: [], title: null, polarityText: null, service: null, frequency: null, aggregation: null, targets: [], results: [], benchmark: null, commentary: null });

export interface Problem {
  line: number;
  column: string | null;
  value: string;
  problem: string;
}

export interface TableOptions {
  /** --period: the period a column without one ("Latest Performance", "RAG") is for. */
  period?: Period | null;
  /** --map: headings this does not know, or reads otherwise. */
  mappings?: { heading: string; column: Column }[];
  /** The rows above the heading row (a report's title): where a file most often names its period. */
  titleRows?: { line: number; cells: string[] }[];
}

export interface ReadTable {
  drafts: IndicatorDraft[];
  problems: Problem[];
  /** What each heading was read as (null: left out). */
  columns: { heading: string; column: Column | null }[];
  /** What the import chose and the person should know: the year given to months without one. */
  notes: string[];
}

/** A national code printed after the ref: "ASCOF 1E", "NI 135", "PAF C32". */
const CODE = /^[A-Z]{2,6}[\s-]?[A-Z]?\d+[A-Za-z]?(\/\d*[A-Za-z]?)?$/;
/** A council ref with a slash leads the cell, whatever is printed after it: "AC/S5 (ASCOF) 1F)". */
const SLASHED_REF = /^([A-Za-z]{1,8}\/[A-Za-z]*\d+[A-Za-z]?)(?![\w/])\s*(.*)$/s;

/** "AC/S4 (ASCOF 1E)" -> AC/S4 and the code; "CG/C16 (RPS – Biannual)" -> CG/C16 (the note stays in refAsPrinted). */
function readRef(printed: string): { ref: string; codes: string[] } {
  const slashed = SLASHED_REF.exec(printed.trim());
  if (slashed) {
    const rest = slashed[2]!.replace(/[()]/g, " ").replace(/\s+/g, " ").trim();
    return { ref: slashed[1]!, codes: CODE.test(rest) ? [rest] : [] };
  }
  const codes: string[] = [];
  const ref = printed.replace(/\s*\(([^()]*)\)/g, (_whole, inner: string) => {
    if (CODE.test(inner.trim())) codes.push(inner.trim());
    return " ";
  });
  return { ref: ref.replace(/\s+/g, " ").trim() || printed.trim(), codes };
}

const FREQUENCIES: [RegExp, string][] = [
  [/\bmonthly\b/i, "monthly"],
  [/\bquarterly\b/i, "quarterly"],
  [/\bbi-?annual|\bsix[\s-]monthly|\bhalf[\s-]yearly/i, "biannual"],
  [/\bannual|\byearly/i, "annual"],
];
const frequencyIn = (text: string) => FREQUENCIES.find(([pattern]) => pattern.test(text))?.[1] ?? null;

export function readIndicatorTable(table: Table, options: TableOptions = {}): ReadTable {
  const mapped = new Map((options.mappings ?? []).map((m) => [headingWords(m.heading), m.column]));
  const read = table.headings.map((heading) => ({ heading, column: mapped.get(headingWords(heading)) ?? readHeading(heading) }));
  const problems: Problem[] = [];
  const notes: string[] = [];
  const has = (field: string) => read.some((c) => c.column?.field === field);
  if (!has("ref")) problems.push({ line: 1, column: null, value: table.headings.join(", "), problem: "No column holds the indicators' references (Ref, No, Reference): name it with --map \"<heading>=ref\"." });

  // The period of columns that name none: --period, else the latest result column's.
  const named = read.flatMap((c) => (c.column?.field === "result" && c.column.period ? [c.column.period] : []));
  const current = options.period ?? [...named].sort(comparePeriods).at(-1) ?? null;
  const fyStart = current ? current.start.getUTCFullYear() - (current.start.getUTCMonth() < 3 ? 1 : 0) : null;
  const context = fyStart === null ? undefined : { fyStart };
  const year = fyStart === null ? null : financialYear(fyStart);
  // Headings naming a period without its year ("Q2 Target") are in the table's year.
  const columns = read.map((c) => (c.column || !context ? c : { heading: c.heading, column: readHeading(c.heading, context) }));
  if (current) notes.push(`Columns without a period (${columns.filter((c) => c.column && !c.column.period && ["result", "target", "rag", "dotShort", "dotLong", "fraction", "numerator", "denominator", "commentary"].includes(c.column.field)).map((c) => c.heading).join(", ") || "none"}) are for ${current.label}, ${options.period ? "given by --period" : "the latest period the headings name"}; a month without a year is in ${year!.label}.`);
  for (const c of columns) if (!c.column && c.heading.trim()) notes.push(`Column “${c.heading}” is left out: its heading is not one this knows (map it with --map "${c.heading}=<field>").`);

  const drafts: IndicatorDraft[] = [];
  const seen = new Map<string, number>();
  // The --period to suggest, read from the file once, where a column needs one.
  let advice: string | undefined;
  const headingKey = table.headings.map(headingWords).join("|");
  for (const { line, cells } of table.rows) {
    const cell = (i: number) => (cells[i] ?? "").replace(/\s+/g, " ").trim();
    if (cells.every((c) => !c?.trim())) continue;
    // A heading row repeated on each page of a report turned into a table.
    if (cells.map((c) => headingWords(c ?? "")).join("|") === headingKey) continue;
    const problem = (i: number | null, value: string, text: string) => problems.push({ line, column: i === null ? null : table.headings[i] ?? null, value, problem: text });

    const draft = blankDraft(line);
    const resultFor = (period: Period): ResultDraft => {
      let found = draft.results.find((r) => r.period.label === period.label);
      if (!found) draft.results.push((found = { period, text: "", numerator: null, denominator: null, ragRecorded: null, dotShort: null, dotLong: null }));
      return found;
    };
    const periodFor = (i: number, column: Column): Period | null => {
      const period = column.period ?? (column.annual ? year : current);
      if (!period) problem(i, cell(i), `${table.headings[i]} names no period and none is known: ${(advice ??= periodAdvice(options.titleRows ?? [], table.headings, table.rows))}.`);
      return period;
    };
    let fraction: { numerator: number; denominator: number } | null = null;
    // What columns without a period say about the row's result: kept until the row's latest result is known.
    const latestSays: Partial<Pick<ResultDraft, "ragRecorded" | "dotShort" | "dotLong">> = {};

    columns.forEach(({ column }, i) => {
      const value = cell(i);
      if (!column || !value) return;
      switch (column.field) {
        case "ref": {
          const { ref, codes } = readRef(value);
          Object.assign(draft, { ref, refAsPrinted: value, codes });
          break;
        }
        // Tables taken from reports carry their HTML (<sup>, <p>, &amp;): titles and commentary are kept as text.
        case "title":
          draft.title = cellText(value);
          break;
        case "description":
          draft.title ??= cellText(value);
          break;
        case "polarity":
          if (parsePolarity(value)) draft.polarityText = value;
          else problem(i, value, "Not a polarity: write Bigger is Better, Smaller is Better, Goldilocks or Monitor (or Maximise, Minimise).");
          break;
        case "service":
          draft.service = value;
          break;
        case "frequency":
          draft.frequency = frequencyIn(value) ?? value.toLowerCase();
          break;
        case "aggregation":
          draft.aggregation = parseAggregation(value);
          if (!draft.aggregation) problem(i, value, "Not a kind of figure: write Cumulative, Snapshot, Average or Rolling.");
          break;
        case "benchmark":
          draft.benchmark = value;
          break;
        case "national": {
          // Under a heading that names the framework ("ASCOF"), a bare "1C" is that framework's code.
          const scheme = /\b(ascof|phof|ni)\b/i.exec(table.headings[i] ?? "")?.[1] ?? "";
          const codes = nationalCodesIn(value).length ? nationalCodesIn(value) : nationalCodesIn(`${scheme} ${value}`);
          if (codes.length) draft.codes.push(...codes.map((c) => c.code));
          // A column this did not read before refuses no table: what is not a code is said, and left out.
          else if (!/^(n\/?a|none|-|–)$/i.test(value.trim())) notes.push(`Line ${line}: “${value.slice(0, 60)}” under ${table.headings[i]} is not a national code (ASCOF 1C(2A), NI 192); left out.`);
          break;
        }
        case "target": {
          const period = periodFor(i, column);
          if (period) draft.targets.push({ period, text: value });
          break;
        }
        case "result": {
          // A column without a period ("Latest Performance") takes the cell's own: "91.2% (Oct)".
          const printed = column.period ? null : readPrintedCell(value, context);
          const period = printed?.period ?? periodFor(i, column);
          if (!period) break;
          resultFor(period).text = printed?.period ? printed.text : value;
          if (printed?.targetToDate) draft.targets.push({ period, text: printed.targetToDate });
          break;
        }
        case "fraction": {
          // "N/A", "-": none for this indicator.
          if (parseFigure(value).kind === "none" || /^[-–]$/.test(value)) break;
          const pair = parseFraction(value);
          if (!pair) problem(i, value, "Not a numerator and denominator: write them as 194/365.");
          else if (column.period) Object.assign(resultFor(column.period), pair);
          else fraction = pair;
          break;
        }
        case "numerator":
        case "denominator": {
          const number = Number(value.replace(/,/g, ""));
          if (!Number.isFinite(number)) problem(i, value, `The ${column.field} is not a number.`);
          else if (column.period) resultFor(column.period)[column.field] = number;
          else fraction = { numerator: 0, denominator: 0, ...(fraction ?? {}), [column.field]: number };
          break;
        }
        case "dotShort":
        case "dotLong":
        case "rag": {
          const key = column.field === "rag" ? "ragRecorded" : column.field;
          if (column.period) resultFor(column.period)[key] = value;
          else latestSays[key] = value;
          break;
        }
        case "commentary": {
          const period = periodFor(i, column);
          // Commentary keeps its lines (a list, paragraphs): only HTML is turned into text.
          const text = (cells[i] ?? "").replace(/\r\n?/g, "\n").trim();
          if (period) draft.commentary = { period, text: /[<&]/.test(text) ? cellText(text) : text };
          break;
        }
      }
    });

    // A period given only a RAG or a direction, with no figure, is no result.
    draft.results = draft.results.filter((r) => r.text);
    // The row's result those columns speak of: the current period's, else its latest.
    const latest = draft.results.find((r) => r.period.label === current?.label) ?? [...draft.results].sort((a, b) => comparePeriods(a.period, b.period)).at(-1);
    if (latest) Object.assign(latest, latestSays, fraction ?? {});
    draft.aggregation ??= draft.title ? aggregationInTitle(draft.title) : null;
    if (!draft.ref) {
      if (has("ref")) problem(columns.findIndex((c) => c.column?.field === "ref"), "", "No reference: every indicator needs one (or map a numbered column to ref with --map).");
      continue;
    }
    const key = foldKey(draft.ref);
    if (!key) problem(null, draft.ref, "The reference has no letters or digits.");
    else if (seen.has(key)) problem(null, draft.ref, `${draft.ref} is on line ${seen.get(key)} already.`);
    else seen.set(key, line);
    drafts.push(draft);
  }
  return { drafts, problems, columns, notes };
}

/** A period the person typed (--period), or the reason it is not one. */
export function readImportPeriod(text: string): Period | string {
  return parsePeriod(text) ?? `--period “${text}” is not a period: write it as the reports do, such as Q2 2016/17 or Nov 2016.`;
}
