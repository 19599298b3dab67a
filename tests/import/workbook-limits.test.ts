// What a crafted file can make the reader hold. A valid .xlsx of about a megabyte whose shared text
// or one cell inflates to 1 GiB (whether its zip directory says so or lies) is refused by `kpi import`
// in one line, with the memory the command is run with (npm run kpi's flags) and under 400 MB at its
// peak; a cell longer than Excel allows is refused; a chat upload's reading that runs out of its
// thread's memory is refused while the process goes on.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readTableApart } from "../../src/files/read-apart.ts";
import { readTableFile } from "../../src/files/read-table.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import { freshDatabase, type TestDatabase } from "../helpers/databases.ts";
import { root } from "../helpers/run.ts";
import { writeBombWorkbook, type Bomb } from "../helpers/zip-bomb.ts";

const scratch = mkdtempSync(path.join(os.tmpdir(), "kpi-limits-"));
// The bombs are megabytes each: not left behind.
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
/** The memory flags `npm run kpi` runs the command with. */
const kpiFlags = /node ((?:--[\w-]+=\d+ )+)src\/cli\/main\.ts/.exec(JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).scripts.kpi)![1]!.trim().split(" ");
/** Prints the process's peak resident memory as it exits (any exit, process.exit too). */
const PEAK = `data:text/javascript,process.on("exit",()=>process.stderr.write("peak KB "+process.resourceUsage().maxRSS+"\\n"))`;

function kpiImport(file: string, databaseUrl: string): Promise<{ code: number; stdout: string; stderr: string; peakMb: number }> {
  return new Promise((resolve) => {
    const args = [...kpiFlags, "--import", PEAK, "src/cli/main.ts", "import", file, "--organisation", "Testshire"];
    execFile(process.execPath, args, { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl, LOAD_DEMO_DATA: "false", LOG_LEVEL: "warn", MALLOC_ARENA_MAX: "2" }, timeout: 120_000 }, (error, stdout, stderr) => {
      const peak = /peak KB (\d+)\n$/.exec(stderr);
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr: stderr.replace(/peak KB \d+\n$/, ""), peakMb: peak ? Number(peak[1]) / 1024 : Infinity });
    });
  });
}

describe("workbooks made to inflate", () => {
  let target: TestDatabase;
  beforeAll(async () => {
    target = await freshDatabase("sqlite");
    await (await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: false })).database.close();
  }, 60_000);
  afterAll(async () => target?.drop());

  it.each<[Bomb, string]>([
    [{ part: "shared strings", declared: "truly" }, "is refused: its shared text would inflate to more than 32 MB, far more than a table of indicators needs (it may be damaged, or made to harm)."],
    [{ part: "shared strings", declared: "falsely" }, "is refused: a part of it inflates to more than the file says it does (it may be damaged, or made to harm)."],
    [{ part: "inline cell", declared: "truly" }, "is refused: its sheet would inflate to more than 128 MB, far more than a table of indicators needs (it may be damaged, or made to harm)."],
    [{ part: "inline cell", declared: "falsely" }, "is refused: a part of it inflates to more than the file says it does (it may be damaged, or made to harm)."],
  ])("kpi import refuses a 1 GiB %o in one line, under 400 MB at its peak", async (bomb, said) => {
    const file = path.join(scratch, `${bomb.part.replace(" ", "-")}-${bomb.declared}.xlsx`);
    expect(await writeBombWorkbook(file, bomb)).toBeGreaterThan(1024 ** 3 - 1024 ** 2);
    const run = await kpiImport(file, target.url);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toBe(`${path.basename(file)} ${said}\n`);
    expect(run.peakMb).toBeLessThan(400);
  }, 120_000);

  it.each([
    ["40,000 characters: more than Excel holds", 40_000],
    ["300,000 characters: refused while inflating, before the text is built", 300_000],
  ])("refuses a cell of %s", async (_what, length) => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Indicators");
    sheet.addRow(["Ref", "Indicator", "Polarity"]);
    sheet.addRow(["L/1", "x".repeat(length), "Bigger is Better"]);
    const file = path.join(scratch, `long-${length}.xlsx`);
    await workbook.xlsx.writeFile(file);
    await expect(readTableFile(file)).rejects.toThrow("long-" + length + ".xlsx is refused: it has a cell longer than Excel allows (32,767 characters); it may be damaged, or made to harm.");
  });

  it("refuses a chat upload whose reading runs out of its thread's memory, and goes on", async () => {
    const csv = path.join(root, "tests/fixtures/import/barnet-adults-q2-2016-17.csv");
    await expect(readTableApart(csv, { heapMb: 8 })).rejects.toThrow("barnet-adults-q2-2016-17.csv is refused: reading it needs more memory than a table of indicators does (it may be damaged, or made to harm).");
    // The same file in the thread's usual memory: read as in this process.
    expect(await readTableApart(csv)).toEqual(await readTableFile(csv));
  });
});
