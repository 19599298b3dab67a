// kpi import <file.csv|file.xlsx> --organisation <name> [--kind objectives]: a council's indicator table
// (or, with --kind objectives, its performance wheel's table) into the database,
// whole or not at all, with a report of every row's problem and of what changed.
import path from "node:path";
import { problemLine } from "../core/format.ts";
import { importIndicators, type ImportReport } from "../core/use-cases/import-indicators.ts";
import { importObjectives } from "../core/use-cases/import-objectives.ts";
import { prismaObjectiveImports } from "../store/objectives.ts";
import { readTableFile, UnreadableFileError } from "../files/read-table.ts";
import { prismaCatalogue } from "../store/catalogue.ts";
import type { Db } from "../store/database.ts";
import { prismaIndicatorImports } from "../store/indicator-imports.ts";
import { IMPORT_USAGE } from "./usage.ts";
import { readPublishedTable } from "../core/import/published-table.ts";
import { importPublishedFigures } from "../store/comparison.ts";
import { knownPerson } from "./known-person.ts";

/** How many rows' problems and changes are printed: the rest are counted. */
const SHOWN = 50;

export async function runImport(db: Db, args: string[], values: Record<string, unknown>, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const str = (key: string) => (typeof values[key] === "string" ? (values[key] as string) : undefined);
  const [file] = args;
  const organisation = str("organisation");
  const kind = str("kind") ?? "indicators";
  if (file && kind === "benchmarks") return await importBenchmarks(db, file, { source: str("source"), code: str("code"), dryRun: values["dry-run"] === true }, out, err);
  if (!file || !organisation) {
    err(`Say which file and which organisation.\nUsage:\n${IMPORT_USAGE}`);
    return 1;
  }
  const as = str("as");
  const person = as ? await knownPerson(db, as, "import", err) : null;
  if (as && !person) return 3;
  let table;
  try {
    table = await readTableFile(file, { sheet: str("sheet") });
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    err(error.message);
    return 2;
  }
  const maps = values.map;
  if (kind !== "indicators" && kind !== "objectives") {
    err(`--kind ${kind}: say indicators (the default), objectives (a performance wheel) or benchmarks (a published comparator table).`);
    return 1;
  }
  const common = { rows: table.rows, fileName: path.basename(file), organisation, period: str("period"), dryRun: values["dry-run"] === true, skipInvalid: values["skip-invalid"] === true, person, via: "command line" };
  const organisations = await prismaCatalogue(db).organisations();
  const mappings = Array.isArray(maps) ? maps.filter((m): m is string => typeof m === "string") : typeof maps === "string" ? [maps] : [];
  const report = kind === "objectives" ? await importObjectives(prismaObjectiveImports(db), organisations, { ...common, mappings }) : await importIndicators(prismaIndicatorImports(db), organisations, { ...common, mappings });
  out(`${path.basename(file)} (${table.read}) for ${report.organisation}${report.dryRun ? ", dry run: nothing written" : ""}`);
  printReport(report, out, err);
  return report.ok ? 0 : 2;
}

function printReport(report: ImportReport, out: (s: string) => void, err: (s: string) => void): void {
  for (const note of report.notes) out(`  ${note}`);
  if (report.problems.length) {
    err(`${report.problems.length} problem${report.problems.length === 1 ? "" : "s"}${report.ok ? `; ${report.skipped} row${report.skipped === 1 ? "" : "s"} left out` : ""}:`);
    for (const p of report.problems.slice(0, SHOWN)) err(`  ${problemLine(p)}`);
    if (report.problems.length > SHOWN) err(`  and ${report.problems.length - SHOWN} more.`);
  }
  const c = report.counts;
  if (!c) return;
  const would = report.dryRun ? "would be " : "";
  out(`${c.created.length} new, ${c.updated.length} updated, ${c.unchanged} unchanged${report.dryRun ? " (if imported)" : ""}.`);
  if (c.created.length) out(`  New${report.dryRun ? " (would be created)" : ""}: ${c.created.slice(0, SHOWN).join(", ")}${c.created.length > SHOWN ? `, and ${c.created.length - SHOWN} more` : ""}`);
  for (const u of c.updated.slice(0, SHOWN)) out(`  ${u.ref} ${would}updated: ${u.changes.join("; ")}`);
  if (c.updated.length > SHOWN) out(`  and ${c.updated.length - SHOWN} more updated.`);
}

/** A published comparator table: public figures by council for a national measure, whole or not at all. */
async function importBenchmarks(db: Db, file: string, options: { source?: string; code?: string; dryRun: boolean }, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let table;
  try {
    table = await readTableFile(file);
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    err(error.message);
    return 2;
  }
  const source = options.source?.trim() || path.basename(file);
  const { figures, problems } = readPublishedTable(table.rows, { source, code: options.code });
  if (problems.length) {
    err(`${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was imported:`);
    for (const p of problems.slice(0, SHOWN)) err(`  ${problemLine(p)}`);
    if (problems.length > SHOWN) err(`  and ${problems.length - SHOWN} more.`);
    return 2;
  }
  const measures = [...new Set(figures.map((f) => f.code))];
  const areas = new Set(figures.map((f) => f.area)).size;
  if (options.dryRun) {
    out(`${path.basename(file)}: ${figures.length} figures of ${measures.join(", ")} for ${areas} councils read; dry run, nothing written.`);
    return 0;
  }
  const { added, replaced } = await importPublishedFigures(db, figures);
  out(`${path.basename(file)}: ${figures.length} published figures of ${measures.join(", ") || "no measure"} for ${areas} councils (${added} new, ${replaced} replaced), from ${source}.`);
  return 0;
}
