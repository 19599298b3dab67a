// The comparison set-up the compare tests share: Barnet's demo data, a second council's table (Northfield, a
// fixture) and a third's (Eastmoor, its EM7 mapped to ASCOF 1C(2A)); Barnet and Northfield sharing, Eastmoor not;
// a published comparator table imported. With the store's functions the kpi commands call, in this process.
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
import { linkWorkspace } from "../../src/store/organisations.ts";
import { root } from "./run.ts";

export const fixtureFile = (name: string) => path.join(root, "tests/fixtures/import", name);
export const SOURCE = "Test comparator table";

/** The second and third councils' tables, Eastmoor's EM7 mapped to the measure, sharing set, the published table in: with the store's functions. */
export const prepareComparison = (kind: "slack-team" | "teams-tenant", links: Record<string, string> = {}) => async (db: Db): Promise<void> => {
  for (const [file, organisation] of [["compare-northfield-q2-2016-17.csv", "Northfield Council"], ["compare-eastmoor-q2-2016-17.csv", "Eastmoor Council"]] as const) {
    const table = await readTableFile(fixtureFile(file));
    const report = await importIndicators(prismaIndicatorImports(db), await prismaCatalogue(db).organisations(), { rows: table.rows, fileName: file, organisation, dryRun: false, skipInvalid: false, person: null, via: "test" });
    expect(report.ok, JSON.stringify(report.problems)).toBe(true);
  }
  await mapNationalCode(db, { organisation: "eastmoor-council", ref: "EM7", code: nationalCode("ASCOF 1C(2A)")!, by: "test" });
  await setComparison(db, "barnet", true, "test");
  await setComparison(db, "northfield-council", true, "test");
  const published = readPublishedTable((await readTableFile(fixtureFile("compare-ascof-1c2a-published.csv"))).rows, { source: SOURCE, code: "ASCOF 1C(2A)" });
  expect(published.problems).toEqual([]);
  await importPublishedFigures(db, published.figures);
  for (const [organisation, id] of Object.entries(links)) await linkWorkspace(db, organisation, kind, id);
};

/** What Barnet is shown for compare AC/S16, on every platform: each council's figure of Q2 2016/17 ranked, the printed benchmarks. */
export const BARNET_SEES = [
  "How London Borough of Barnet compares: AC/S16",
  "ASCOF 1C(2A) · Bigger is Better",
  "Higher is better: 1st of 4 for Q2 2016/17, top quartile.",
  "1. London Borough of Barnet (AC/S16): 38.8% ← you",
  `2. Enfield: 33.0% (published: ${SOURCE})`,
  "3. Northfield Council (NF/A1): 31.2%",
  `4. Camden: 27.4% (published: ${SOURCE})`,
  "Printed benchmarks: CIPFA 29.5%, London 27.6% (ASCOF Comparators (2015/16))",
];
/** What Eastmoor, which does not share, is shown: no other council's own figure, the published ones, and why. */
export const EASTMOOR_SEES = ["How Eastmoor Council compares: EM7", "Eastmoor Council (EM7): 24.0% ← you", `Enfield: 33.0% (published: ${SOURCE})`, `Barnet: 39.0% in 2015/16 (published: ${SOURCE})`, "3 councils report Q2 2016/17: 4 are needed for a rank.", "Eastmoor Council does not share its figures for comparison"];
export const SHARED_ONLY = ["38.8%", "31.2%", "Northfield"];

