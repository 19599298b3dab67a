// Imports a performance wheel's table: objectives by group and code, each with a status for every
// period the table has a column for. Whole or not at all: any bad row refuses the file (unless told to
// skip such rows), and what the rows name (owners, indicators) must be known. Audited as an import of the file.
import { readObjectiveMapping, readObjectiveTable, type ObjectiveMapping } from "../import/objective-table.ts";
import { parsePeriod } from "../periods.ts";
import type { ObjectiveImports, OrganisationRecord } from "../ports.ts";
import { importInto, notBegun, notBegunReason, type ImportReport, type ImportRequest } from "./import-indicators.ts";

export async function importObjectives(imports: ObjectiveImports, organisations: OrganisationRecord[], request: ImportRequest): Promise<ImportReport> {
  const { organisation, report, refused, isNew } = importInto(organisations, request, "Importing objectives");
  const { person } = request;
  if (refused) return refused;
  // --period names the financial year that headings without a year ("Q2", "Apr - Jul") belong to.
  let year: number | null = null;
  if (request.period) {
    const period = parsePeriod(request.period);
    if (!period || (period.kind !== "year" && period.kind !== "quarter" && period.kind !== "span")) return report({ notes: [`--period “${request.period}” is not a financial year: write it as 2017/18.`] });
    year = period.start.getUTCFullYear() - (period.start.getUTCMonth() < 3 ? 1 : 0);
  }

  // --map "Portfolio=group": a column headed in the council's own words.
  const mappings: ObjectiveMapping[] = [];
  for (const text of request.mappings ?? []) {
    const mapping = readObjectiveMapping(text);
    if (typeof mapping === "string") return report({ notes: [mapping] });
    mappings.push(mapping);
  }

  const rows = request.rows.filter((r) => r.cells.some((c) => c.trim()));
  if (!rows.length) return report({ notes: [`${request.fileName} has no rows.`] });
  const read = readObjectiveTable(rows, year, mappings);
  if (typeof read === "string") return report({ notes: [read] });
  const notes = [`Statuses read for ${read.periods.map((p) => p.label).join(", ")}.`, ...read.notes];
  const problems = [...read.problems];
  // A status for a period to come is a slip in the headings' year: nothing is assessed ahead.
  const today = request.today ?? new Date();
  for (const draft of read.drafts) {
    const ahead = draft.assessments.find((a) => notBegun(a.period, today));
    if (ahead) problems.push({ line: draft.line, column: ahead.period.label, value: draft.code, problem: notBegunReason(ahead.period, today) });
  }
  const badLines = new Set(problems.map((p) => p.line));
  if (problems.length && !request.skipInvalid) return report({ problems, notes: [...notes, `Nothing was ${request.dryRun ? "checked further" : "imported"}: correct the rows above, or give --skip-invalid to import the others.`] });
  const drafts = read.drafts.filter((d) => !badLines.has(d.line));
  if (!drafts.length) return report({ problems, notes: [...notes, "No row could be imported."] });

  const counts = await imports.importObjectives({ organisation, drafts, by: person?.email ?? "kpi command", via: request.via, source: request.fileName }, { dryRun: request.dryRun });
  if (counts.problems.length) {
    const named = counts.problems.map((p) => ({ line: p.line, column: null, value: p.value, problem: p.problem }));
    return report({ problems: [...problems, ...named].sort((a, b) => a.line - b.line), notes: [...notes, "Nothing was imported: a row names what the organisation does not have."] });
  }
  return report({
    ok: true,
    counts: { created: counts.created, updated: counts.updated.map((u) => ({ ref: u.code, changes: u.changes })), unchanged: counts.unchanged, blocked: [] },
    problems,
    skipped: badLines.size,
    notes: [...notes, ...isNew],
  });
}
