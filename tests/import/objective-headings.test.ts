// A performance wheel's table headed in a council's own words: kpi import --kind objectives finds the code
// and group columns by what they hold, and where it cannot, says which headings it saw, what it took each
// for, and the --map that places the missing column; that --map, copied from its message, imports the table.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import { freshDatabase, providers, type TestDatabase } from "../helpers/databases.ts";
import { root, runKpi } from "../helpers/run.ts";

const fixture = (name: string) => path.join(root, "tests/fixtures/import", name);

/** The objectives of an organisation: code, group, and statuses by period. */
async function objectives(url: string, organisation: string) {
  const { database } = await prepareDatabase({ DATABASE_URL: url, loadDemoData: false });
  try {
    const all = (await prismaCatalogue(database.db).objectives()).filter((o) => o.organisation === organisation);
    return Object.fromEntries(all.map((o) => [o.code, `${o.group}: ${o.assessments.map((a) => `${a.period.label} ${a.status}`).join(", ")}`]));
  } finally {
    await database.close();
  }
}

describe.each(providers)("importing a wheel's table with unfamiliar headings on %s", (provider) => {
  let target: TestDatabase;
  const kpi = (...args: string[]) => runKpi(args, { DATABASE_URL: target.url, LOAD_DEMO_DATA: "false", LOG_LEVEL: "warn" });

  beforeAll(async () => {
    target = await freshDatabase(provider);
    (await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: false })).database.close();
  }, 120_000);
  afterAll(() => target?.drop());

  it("refuses a group column it cannot place, naming the headings seen and the --map that places it; that --map imports the table", async () => {
    const file = fixture("wheel-own-headings-2017-18.csv");
    const refused = await kpi("import", file, "--organisation", "Own Words Council", "--kind", "objectives");
    expect(refused.code).toBe(2);
    const said = refused.stdout + refused.stderr;
    expect(said).toContain("“Ambition” (not known)");
    expect(said).toContain("“Ref” (code)");
    expect(said).toContain("“Objective” (title)");
    expect(said).toContain("“Q1 2017/18” (status)");
    const suggested = /--map "([^"]+)"/.exec(said);
    expect(suggested, said).not.toBeNull();

    const imported = await kpi("import", file, "--organisation", "Own Words Council", "--kind", "objectives", "--map", suggested![1]!);
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(await objectives(target.url, "Own Words Council")).toEqual({
      P1: "A place to be proud of: Q1 2017/18 Green, Q2 2017/18 Green",
      P2: "A place to be proud of: Q1 2017/18 Amber, Q2 2017/18 Amber",
      P3: "A place to be proud of: Q1 2017/18 Red, Q2 2017/18 Amber",
      C1: "A council that works well: Q1 2017/18 Green, Q2 2017/18 Green",
      C2: "A council that works well: Q1 2017/18 Amber, Q2 2017/18 Red",
    });
  });

  it("finds a column of codes and a column whose values repeat without a map, and says so", async () => {
    const run = await kpi("import", fixture("wheel-by-content-2017-18.csv"), "--organisation", "Content Council", "--kind", "objectives");
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("The code column is “Segment no”");
    expect(run.stdout).toContain("The group column is “Wheel area”");
    expect(await objectives(target.url, "Content Council")).toEqual({
      P1: "Residents: Q1 2017/18 Green, Q2 2017/18 Green",
      P2: "Residents: Q1 2017/18 Amber, Q2 2017/18 Green",
      P3: "Residents: Q1 2017/18 Red, Q2 2017/18 Amber",
      C1: "Running the council: Q1 2017/18 Green, Q2 2017/18 Green",
      C2: "Running the council: Q1 2017/18 Amber, Q2 2017/18 Red",
    });
  });

  it("refuses a --map naming no column of a wheel, saying which there are", async () => {
    const run = await kpi("import", fixture("wheel-own-headings-2017-18.csv"), "--organisation", "Own Words Council", "--kind", "objectives", "--map", "Ambition=grup");
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toContain("grup is not a column of a wheel's table; they are code, group, title");
  });
});
