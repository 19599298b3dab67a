// The performance wheel fixture (12 objectives in three groups over Apr - Jul and Q2 2017/18; P3 owned by
// Alex Morgan, Red and Down in Q2 with a narrative) imported into Barnet, as `kpi import --kind objectives` does;
// and what an assessment leaves behind: the objective's audit entries and the data version.
import path from "node:path";
import { expect } from "vitest";
import { importObjectives } from "../../src/core/use-cases/import-objectives.ts";
import { readTableFile } from "../../src/files/read-table.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import type { Db } from "../../src/store/database.ts";
import { readDataVersion } from "../../src/store/data-version.ts";
import { prismaObjectiveImports } from "../../src/store/objectives.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import { root, runKpi } from "./run.ts";

export const WHEEL_FIXTURE = path.join(root, "tests/fixtures/import/wheel-2017-18.csv");

export async function importWheel(db: Db, file = WHEEL_FIXTURE): Promise<void> {
  const report = await importObjectives(prismaObjectiveImports(db), await prismaCatalogue(db).organisations(), {
    rows: (await readTableFile(file)).rows,
    fileName: path.basename(file),
    organisation: "barnet",
    period: "2017/18",
    dryRun: false,
    skipInvalid: false,
    person: null,
    via: "command line",
  });
  if (!report.ok) throw new Error(`the wheel fixture did not import: ${JSON.stringify(report.problems)}`);
}

/** An objective's audit entries, newest first, as `kpi ask "history P3" --json` gives them. */
export async function objectiveHistory(url: string, code = "P3"): Promise<{ by: string; via: string; action: string; before: string | null; after: string }[]> {
  const run = await runKpi(["ask", `history ${code}`, "--json"], { DATABASE_URL: url });
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { entries: { by: string; via: string; action: string; before: string | null; after: string }[] }).entries;
}

/** The data version, read on a connection of its own, as another instance would. */
export async function dataVersionAt(url: string): Promise<number> {
  const { database } = await prepareDatabase({ DATABASE_URL: url, loadDemoData: false });
  try {
    return await readDataVersion(database.db);
  } finally {
    await database.close();
  }
}
