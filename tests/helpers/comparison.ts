// The comparison's set-up over the demo data: Northfield's and Eastmoor's tables imported (tests/fixtures/import),
// Eastmoor's EM7 mapped to ASCOF 1C(2A), Barnet and Northfield sharing their figures (Eastmoor not), and the
// published comparator table imported: with the store's functions, as an operator's commands make them.
import path from "node:path";
import { expect } from "vitest";
import { readPublishedTable } from "../../src/core/import/published-table.ts";
import { nationalCode } from "../../src/core/national-codes.ts";
import { importIndicators } from "../../src/core/use-cases/import-indicators.ts";
import { readTableFile } from "../../src/files/read-table.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { importPublishedFigures, mapNationalCode, setComparison } from "../../src/store/comparison.ts";
import type { Db } from "../../src/store/database.ts";
import { prismaIndicatorImports } from "../../src/store/indicator-imports.ts";
import { root } from "./run.ts";

export const COMPARATOR_SOURCE = "Test comparator table";
const fixtureFile = (name: string) => path.join(root, "tests/fixtures/import", name);

export async function prepareComparison(db: Db): Promise<void> {
  for (const [file, organisation] of [["compare-northfield-q2-2016-17.csv", "Northfield Council"], ["compare-eastmoor-q2-2016-17.csv", "Eastmoor Council"]] as const) {
    const table = await readTableFile(fixtureFile(file));
    const report = await importIndicators(prismaIndicatorImports(db), await prismaCatalogue(db).organisations(), { rows: table.rows, fileName: file, organisation, dryRun: false, skipInvalid: false, person: null, via: "test" });
    expect(report.ok, JSON.stringify(report.problems)).toBe(true);
  }
  await mapNationalCode(db, { organisation: "eastmoor-council", ref: "EM7", code: nationalCode("ASCOF 1C(2A)")!, by: "test" });
  await setComparison(db, "barnet", true, "test");
  await setComparison(db, "northfield-council", true, "test");
  const published = readPublishedTable((await readTableFile(fixtureFile("compare-ascof-1c2a-published.csv"))).rows, { source: COMPARATOR_SOURCE, code: "ASCOF 1C(2A)" });
  expect(published.problems).toEqual([]);
  await importPublishedFigures(db, published.figures);
}
