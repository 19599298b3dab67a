// Imports a council's indicator table: finds the heading row, reads every row with the core's
// parsers, refuses the whole file when any row is wrong (unless told to skip those rows), and
// writes the rest through the batch write path as accepted figures, audited as an import of the file.
import { holds, refusal, type PersonProfile } from "../access.ts";
import { readHeading, readMapping, type Column } from "../import/headings.ts";
import { readImportPeriod, readIndicatorTable, type IndicatorDraft, type Problem, type Table } from "../import/indicator-table.ts";
import { yearsNote } from "../import/period-hint.ts";
import { currentQuarter, type Period } from "../periods.ts";
import type { ImportCounts, IndicatorImports, OrganisationRecord } from "../ports.ts";
import { organisationCalled } from "../services.ts";
import { foldKey } from "../text.ts";
import { lockedReason } from "./lock-period.ts";

export interface ImportRequest {
  rows: { line: number; cells: string[] }[];
  fileName: string;
  /** As typed: an organisation's name or slug; a name no organisation has creates one. */
  organisation: string;
  period?: string;
  mappings?: string[];
  dryRun: boolean;
  skipInvalid: boolean;
  /** Null: the operator at the command line, who may do anything. */
  person: PersonProfile | null;
  via: string;
  /** Today, for refusing figures for periods that have not started; now where not given. */
  today?: Date;
}

export interface ImportReport {
  /** False: refused or failed, nothing written. */
  ok: boolean;
  organisation: string;
  dryRun: boolean;
  counts: ImportCounts | null;
  problems: Problem[];
  /** Rows left out under --skip-invalid. */
  skipped: number;
  /** What the import chose (the period of columns that name none, columns left out) and why it refused. */
  notes: string[];
}

/** How far down a sheet the table's heading row may be: title rows and notes often come first. */
const HEADING_SEARCH = 30;

/** The heading row: the first naming the references, else the first with most headings this knows. */
function headingRow(rows: ImportRequest["rows"], mapped: Set<string>): number {
  let best = { index: 0, known: 0 };
  for (const [index, row] of rows.slice(0, HEADING_SEARCH).entries()) {
    const columns = row.cells.map((c) => (mapped.has(c.trim().toLowerCase()) ? ({ field: "ref" } as Column) : readHeading(c)));
    if (columns.some((c) => c?.field === "ref")) return index;
    const known = columns.filter(Boolean).length;
    if (known > best.known) best = { index, known };
  }
  return best.index;
}

/**
 * The organisation a table is for (by slug or name; a new one is created by the import) and a report maker for
 * it; `refused` says why this person may not import into it, or that none was named. Shared by every import.
 */
export function importInto(organisations: OrganisationRecord[], request: Pick<ImportRequest, "organisation" | "dryRun" | "person">, doing: string) {
  const typed = request.organisation.trim();
  const found = organisationCalled(organisations, typed);
  const organisation = found?.name ?? typed;
  const report = (fields: Partial<ImportReport>): ImportReport => ({ ok: false, organisation, dryRun: request.dryRun, counts: null, problems: [], skipped: 0, notes: [], ...fields });
  const { person } = request;
  const refused = !typed
    ? report({ notes: ["Say which organisation the table is for: --organisation <name or slug>."] })
    : person && (found ? !holds(person, "officer", organisation) : !holds(person, "admin", null))
      ? report({ notes: [found ? refusal(doing, "officer", organisation, person) : `Creating the organisation “${typed}” by importing needs the admin role for every organisation.`] })
      : null;
  const isNew = found ? [] : [`The organisation “${organisation}” is new: ${request.dryRun ? "it would be created" : "it was created"}.`];
  return { organisation, found, report, refused, isNew };
}

export async function importIndicators(imports: IndicatorImports, organisations: OrganisationRecord[], request: ImportRequest): Promise<ImportReport> {
  const { organisation, found, report, refused, isNew } = importInto(organisations, request, "Importing indicators");
  const { person } = request;
  if (refused) return refused;

  const mappings: { heading: string; column: Column }[] = [];
  for (const text of request.mappings ?? []) {
    const mapping = readMapping(text);
    if (typeof mapping === "string") return report({ notes: [mapping] });
    mappings.push(mapping);
  }
  const period = request.period ? readImportPeriod(request.period) : null;
  if (typeof period === "string") return report({ notes: [period] });

  const rows = request.rows.filter((r) => r.cells.some((c) => c.trim()));
  if (!rows.length) return report({ notes: [`${request.fileName} has no rows.`] });
  const start = headingRow(rows, new Set(mappings.filter((m) => m.column.field === "ref").map((m) => m.heading.trim().toLowerCase())));
  const table: Table = { headings: rows[start]!.cells, rows: rows.slice(start + 1) };
  if (!table.rows.length) return report({ notes: [`${request.fileName} has a heading row (line ${rows[start]!.line}) and no rows under it.`] });

  const read = readIndicatorTable(table, { period, mappings, titleRows: rows.slice(0, start) });
  const twoYears = yearsNote(table.rows);
  if (twoYears) read.notes.push(twoYears);
  const problems = [...read.problems];
  // A figure for a period to come is a typing slip (2017 for 2016), never a result.
  const today = request.today ?? new Date();
  for (const draft of read.drafts) {
    for (const r of draft.results) {
      if (r.text.trim() && notBegun(r.period, today)) problems.push({ line: draft.line, column: null, value: `${draft.ref}: ${r.text}`, problem: notBegunReason(r.period, today) });
    }
  }
  // A new indicator needs what a card cannot do without: its title and which way is better.
  const known = found ? await imports.existingRefs(organisation) : new Set<string>();
  for (const draft of read.drafts) {
    if (known.has(foldKey(draft.ref))) continue;
    if (!draft.title) problems.push({ line: draft.line, column: null, value: draft.ref, problem: `${draft.ref} is new: it needs a title (an Indicator or Description column).` });
    if (!draft.polarityText && !problems.some((p) => p.line === draft.line && /polarity/i.test(p.column ?? ""))) problems.push({ line: draft.line, column: null, value: draft.ref, problem: `${draft.ref} is new: it needs a polarity (Bigger is Better, Smaller is Better, Goldilocks or Monitor).` });
  }
  problems.sort((a, b) => a.line - b.line);

  const badLines = new Set(problems.map((p) => p.line));
  if (problems.length && !request.skipInvalid) return report({ problems, notes: [...read.notes, `Nothing was ${request.dryRun ? "checked further" : "imported"}: correct the rows above, or give --skip-invalid to import the others.`] });
  let drafts: IndicatorDraft[] = read.drafts.filter((d) => !badLines.has(d.line));
  if (!drafts.length) return report({ problems, notes: [...read.notes, "No row could be imported."] });

  const batch = { organisation, by: person?.email ?? "kpi command", via: request.via, source: request.fileName };
  let counts = await imports.importIndicators({ ...batch, drafts }, { dryRun: request.dryRun });
  // Rows that would change a published period: nothing was written; without them, if told to skip them.
  if (counts.blocked.length) {
    for (const b of counts.blocked) problems.push({ line: b.line, column: null, value: b.ref, problem: lockedReason(organisation, b.lock) });
    problems.sort((a, b) => a.line - b.line);
    if (!request.skipInvalid) return report({ problems, notes: [...read.notes, `Nothing was ${request.dryRun ? "checked further" : "imported"}: a row would change a published period.`] });
    const blocked = new Set(counts.blocked.map((b) => b.line));
    drafts = drafts.filter((d) => !blocked.has(d.line));
    blocked.forEach((line) => badLines.add(line));
    counts = await imports.importIndicators({ ...batch, drafts }, { dryRun: request.dryRun });
  }
  return report({ ok: true, counts, problems, skipped: badLines.size, notes: [...read.notes, ...numberedNote(drafts), ...isNew] });
}

/** Whether a period starts after today: a period's start is a calendar date (UTC midnight), today's is London's. */
export function notBegun(period: Pick<Period, "start">, today: Date): boolean {
  const london = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(today);
  return period.start.getTime() > Date.parse(`${london}T00:00:00Z`);
}

/** Why a figure for a period to come is refused, naming today's period. */
export function notBegunReason(period: Pick<Period, "label">, today: Date): string {
  return `${period.label} has not started yet (today is in ${currentQuarter(today).label}): only a period that has begun takes a result or a status.`;
}

/** Indicators numbered 1, 2, 3...: how to ask for one, since a number alone reads as a title word elsewhere. */
function numberedNote(drafts: IndicatorDraft[]): string[] {
  const numbered = drafts.map((d) => d.ref.trim()).filter((ref) => /^\d{1,4}$/.test(ref));
  if (!numbered.length) return [];
  const example = numbered.at(-1)!;
  return [`Numbered indicators: ask for them as /kpi ${example} (or /kpi <organisation> ${example} where several organisations are seen), history ${example}, update ${example}.`];
}
