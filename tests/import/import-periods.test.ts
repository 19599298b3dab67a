// What an import says of periods, through the import use cases on a real database with a fixed day:
// a period suggested from the file itself where a column names none, rows whose dates fall in two
// financial years, and figures or statuses for a period that has not started refused with nothing written.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importIndicators, type ImportRequest } from "../../src/core/use-cases/import-indicators.ts";
import { importObjectives } from "../../src/core/use-cases/import-objectives.ts";
import { readCsv, readTableFile } from "../../src/files/read-table.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import type { Database } from "../../src/store/database.ts";
import { prismaIndicatorImports } from "../../src/store/indicator-imports.ts";
import { prismaObjectiveImports } from "../../src/store/objectives.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import { freshDatabase, providers, type TestDatabase } from "../helpers/databases.ts";
import { root } from "../helpers/run.ts";

const NUMBERED = path.join(root, "tests/fixtures/import/numbered-q2-2016-17.csv");
const WHEEL = path.join(root, "tests/fixtures/import/wheel-by-content-2017-18.csv");
const csv = (text: string) => readCsv(Buffer.from(text), "table.csv").rows;

describe.each(providers)("periods in an import on %s", (provider) => {
  let target: TestDatabase;
  let database: Database;
  const request = (rows: ImportRequest["rows"], organisation: string, extra: Partial<ImportRequest> = {}): ImportRequest => ({ rows, fileName: "table.csv", organisation, dryRun: false, skipInvalid: false, person: null, via: "command line", ...extra });
  const organisations = () => prismaCatalogue(database.db).organisations();
  const indicatorsOf = async (organisation: string) => (await prismaCatalogue(database.db).indicators({})).filter((i) => i.organisation === organisation);

  beforeAll(async () => {
    target = await freshDatabase(provider);
    ({ database } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: false }));
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  it("refuses a result for a period that has not started, naming today's period, and writes nothing; a day later it imports", async () => {
    const rows = (await readTableFile(NUMBERED)).rows;
    const early = await importIndicators(prismaIndicatorImports(database.db), await organisations(), request(rows, "Early Council", { today: new Date("2016-06-30T12:00:00Z") }));
    expect(early.ok).toBe(false);
    expect(early.problems).toHaveLength(12);
    expect(early.problems[0]!.problem).toBe("Q2 2016/17 has not started yet (today is in Q1 2016/17): only a period that has begun takes a result or a status.");
    expect(await indicatorsOf("Early Council")).toEqual([]);

    const begun = await importIndicators(prismaIndicatorImports(database.db), await organisations(), request(rows, "Early Council", { today: new Date("2016-07-01T08:00:00Z") }));
    expect(begun.ok, JSON.stringify(begun.problems)).toBe(true);
    expect(await indicatorsOf("Early Council")).toHaveLength(12);
  });

  it("refuses a wheel's status for a period that has not started; once it has, the table imports", async () => {
    const rows = (await readTableFile(WHEEL)).rows;
    const early = await importObjectives(prismaObjectiveImports(database.db), await organisations(), request(rows, "Wheel Council", { today: new Date("2017-06-15T12:00:00Z") }));
    expect(early.ok).toBe(false);
    expect(early.problems).toHaveLength(5);
    expect(early.problems[0]).toMatchObject({ column: "Q2 2017/18", value: "P1", problem: "Q2 2017/18 has not started yet (today is in Q1 2017/18): only a period that has begun takes a result or a status." });
    const begun = await importObjectives(prismaObjectiveImports(database.db), await organisations(), request(rows, "Wheel Council", { today: new Date("2017-07-03T12:00:00Z") }));
    expect(begun.ok, JSON.stringify(begun)).toBe(true);
  });

  it("suggests the period the title above the table names, else the one its latest date is in, where a column names none", async () => {
    const titled = csv("Adults performance report Q3 2016/17,,\nRef,Indicator,Polarity,Latest Performance\nX1,Calls answered,Bigger is Better,88%\n");
    const fromTitle = await importIndicators(prismaIndicatorImports(database.db), await organisations(), request(titled, "Hint Council", { dryRun: true }));
    expect(fromTitle.problems[0]!.problem).toBe('Latest Performance names no period and none is known: give --period "Q3 2016/17" (the title above the table names it).');

    const dated = csv("Ref,Indicator,Polarity,Latest Performance,Date of figure\nX1,Calls answered,Bigger is Better,88%,19 Jan 2017\nX2,Bins,Bigger is Better,90%,12 Dec 2016\n");
    const fromDate = await importIndicators(prismaIndicatorImports(database.db), await organisations(), request(dated, "Hint Council", { dryRun: true }));
    expect(fromDate.problems[0]!.problem).toBe('Latest Performance names no period and none is known: give --period "Q4 2016/17" (the file\'s latest date, line 2, is in it).');

    const bare = csv("Ref,Indicator,Polarity,Latest Performance\nX1,Calls answered,Bigger is Better,88%\n");
    const none = await importIndicators(prismaIndicatorImports(database.db), await organisations(), request(bare, "Hint Council", { dryRun: true }));
    expect(none.problems[0]!.problem).toMatch(/give --period with the period the figures are for/);
    // Nothing in the file names a period: the format, never a period passed off as the file's.
    expect(none.problems[0]!.problem).not.toMatch(/give --period "/);
  });

  it("says where the rows' dates fall in two financial years", async () => {
    const rows = csv("Ref,Indicator,Polarity,Latest Performance,Date of figure\nX1,Calls answered,Bigger is Better,88%,15 Mar 2017\nX2,Bins,Bigger is Better,90%,3 May 2017\n");
    const report = await importIndicators(prismaIndicatorImports(database.db), await organisations(), request(rows, "Years Council", { dryRun: true, period: "Q4 2016/17", today: new Date("2017-06-01T12:00:00Z") }));
    expect(report.notes.join("\n")).toContain("The rows' dates fall in two financial years, 2016/17 (line 2) and 2017/18 (line 3)");
    const oneYear = csv("Ref,Indicator,Polarity,Latest Performance,Date of figure\nX1,Calls answered,Bigger is Better,88%,15 Jan 2017\nX2,Bins,Bigger is Better,90%,3 Mar 2017\n");
    const single = await importIndicators(prismaIndicatorImports(database.db), await organisations(), request(oneYear, "Years Council", { dryRun: true, period: "Q4 2016/17", today: new Date("2017-06-01T12:00:00Z") }));
    expect(single.notes.join("\n")).not.toContain("financial years");
  });
});
