// A table sent to the bot as a file in a direct message (Slack) or personal chat (Teams): checked as a
// dry run first, then imported when the sender confirms. Only an officer or admin of the organisation
// the sender's workspace sees may import; the file is read only once that is known. The figures are
// taken as accepted, audited as an import of the file by the sender, through the same use case as
// `kpi import` (whole or not at all).
import { holds, refusal, type Asker, type PersonProfile } from "../access.ts";
import { megabytesOver } from "../format.ts";
import type { Catalogue, IndicatorImports } from "../ports.ts";
import { notice, type ImportOutcome, type Notice } from "../views.ts";
import { importIndicators } from "./import-indicators.ts";
import { organisationFor } from "./organisation-for.ts";

/** Files bigger than this are refused before they are fetched (where the platform says the size) or while they are. */
export const MAX_CHAT_FILE_BYTES = 50 * 1024 * 1024;

/** How many rows' problems and refs a chat message shows: the rest are counted (a message has room for so much). */
const SHOWN = 15;

const TABLE_EXTENSIONS = /\.(csv|tsv|txt|xlsx|xlsm|xls)$/i;

export interface FileImporting {
  catalogue: Catalogue;
  imports: IndicatorImports;
}

export interface FileImport {
  asker: Asker;
  person: PersonProfile | null;
  /** The file as the platform names it; `handle` fetches it again at Confirm (Slack file id, Teams download link). */
  file: { handle: string; name: string; size?: number | null };
  /** The file's rows, or why they cannot be read (said to the sender as it is). Called only once the sender may import. */
  read(): Promise<{ rows: { line: number; cells: string[] }[] } | string>;
  dryRun: boolean;
  via: "slack" | "teams";
}

export async function importFile({ catalogue, imports }: FileImporting, request: FileImport): Promise<ImportOutcome | Notice> {
  const { file, person } = request;
  const notImported = (...lines: string[]): Notice => notice(`Not imported: ${file.name}`, ...lines);
  if (!TABLE_EXTENSIONS.test(file.name)) return notImported(`${file.name} is not a table: send the indicators as a CSV file or an Excel workbook (.xlsx).`);
  if (file.size && file.size > MAX_CHAT_FILE_BYTES) return notImported(`${file.name} is ${megabytesOver(file.size, MAX_CHAT_FILE_BYTES)}; files up to ${MAX_CHAT_FILE_BYTES / 1048576} MB are imported here (bigger ones with kpi import).`);
  const which = await organisationFor(catalogue, request.asker, person, [], `kpi import ${file.name} --organisation {slug}`);
  if (!which.ok) return notImported(which.message);
  const { organisation } = which;
  if (!holds(person, "officer", organisation)) return notImported(refusal("Importing indicators", "officer", organisation, person));

  const read = await request.read();
  if (typeof read === "string") return notImported(read);
  const report = await importIndicators(imports, await catalogue.organisations(), {
    rows: read.rows,
    fileName: file.name,
    organisation,
    dryRun: request.dryRun,
    skipInvalid: false,
    person,
    via: request.via,
  });
  const counts = report.counts && { created: report.counts.created.length, updated: report.counts.updated.length, unchanged: report.counts.unchanged };
  return {
    kind: "import",
    fileName: file.name,
    organisation: report.organisation,
    dryRun: request.dryRun,
    ok: report.ok,
    counts,
    created: report.counts?.created.slice(0, SHOWN) ?? [],
    updated: report.counts?.updated.slice(0, SHOWN).map((u) => u.ref) ?? [],
    // The command line's advice (--skip-invalid, --map) does not apply here: said the chat's way.
    notes: report.notes.map((n) => n.replace(/, or give --skip-invalid to import the others\./, ", then send the file again.").replace(/ \(map it with --map .*\)\.$/, ".")),
    problems: report.problems.slice(0, SHOWN),
    moreProblems: Math.max(0, report.problems.length - SHOWN),
    // Something to write: Confirm imports it (the file fetched again, checked again).
    confirm: request.dryRun && report.ok && counts && counts.created + counts.updated > 0 ? { file: file.handle, name: file.name } : null,
  };
}
