// The performance wheel fixture (12 objectives in three groups over Apr - Jul and Q2 2017/18; P3 owned by
// Alex Morgan, Red and Down in Q2 with a narrative) imported into Barnet, as `kpi import --kind objectives` does.
import path from "node:path";
import { importObjectives } from "../../src/core/use-cases/import-objectives.ts";
import { readTableFile } from "../../src/files/read-table.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import type { Db } from "../../src/store/database.ts";
import { prismaObjectiveImports } from "../../src/store/objectives.ts";
import { root } from "./run.ts";

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
