// kpi export [--organisation x] [--period p] [--format csv|xlsx] [--out file]: an organisation's
// indicators as a table kpi import reads back unchanged.
import path from "node:path";
import { parsePeriod } from "../core/periods.ts";
import { organisationCalled } from "../core/services.ts";
import { exportTable } from "../core/use-cases/export-indicators.ts";
import { toCsv, writeTableFile } from "../files/write-table.ts";
import { prismaCatalogue } from "../store/catalogue.ts";
import type { Db } from "../store/database.ts";
import { EXPORT_USAGE } from "./usage.ts";

export async function runExport(db: Db, values: Record<string, unknown>, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const str = (key: string) => (typeof values[key] === "string" ? (values[key] as string) : undefined);
  const catalogue = prismaCatalogue(db);
  const organisations = await catalogue.organisations();
  const wanted = str("organisation")?.trim();
  const organisation = wanted ? organisationCalled(organisations, wanted) : organisations.length === 1 ? organisations[0] : undefined;
  if (!organisation) {
    err(`${wanted ? `No organisation “${str("organisation")}”.` : "Say which organisation: --organisation <name or slug>."} The organisations are: ${organisations.map((o) => o.slug).join(", ") || "none yet"}.\nUsage:\n${EXPORT_USAGE}`);
    return 1;
  }
  const period = str("period") ? parsePeriod(str("period")!) : null;
  if (str("period") && !period) {
    err(`--period “${str("period")}” is not a period: write it as the reports do, such as Q2 2016/17.`);
    return 1;
  }
  const outFile = str("out");
  const format = (str("format") ?? (outFile && path.extname(outFile).toLowerCase() === ".xlsx" ? "xlsx" : "csv")).toLowerCase();
  if (format !== "csv" && format !== "xlsx") {
    err(`--format ${format}: write csv or xlsx.`);
    return 1;
  }
  if (format === "xlsx" && !outFile) {
    err("A workbook needs a file to go in: --out indicators.xlsx.");
    return 1;
  }
  const records = (await catalogue.indicators({})).filter((r) => r.organisation === organisation.name);
  const rows = exportTable(records, period);
  if (!outFile) {
    out(toCsv(rows).replace(/^\uFEFF/, "").trimEnd());
    return 0;
  }
  await writeTableFile(outFile, rows, format);
  err(`Wrote ${rows.length - 1} indicators of ${organisation.name}${period ? ` for ${period.label}` : ""} to ${outFile}.`);
  return 0;
}
