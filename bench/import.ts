// Import speed and memory: a council table of 10,000 indicators (a target and four quarters' results
// each) imported by `kpi import` into a new SQLite database, as CSV and as XLSX, then the same CSV
// again (everything unchanged). Each run is its own process; its peak RSS is GNU time's maximum.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { toCsv, writeTableFile } from "../src/files/write-table.ts";
import { nodeScript } from "./npm-script.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ROWS = 10_000;
/** The memory flags `npm run kpi` gives node, so that this measures what an officer runs. */
const kpi = nodeScript("kpi");

function table(): string[][] {
  const headings = ["Ref", "Indicator", "Polarity", "Service", "2016/17 Target", "Q1 2016/17 Result", "Q2 2016/17 Result", "Q3 2016/17 Result", "Q4 2016/17 Result", "DOT", "Comments"];
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const base = 40 + (i % 50);
    return [`BM/${i + 1}`, `Benchmark indicator number ${i + 1} of the generated table`, i % 3 ? "Bigger is Better" : "Smaller is Better", `Service ${i % 40}`, `${base}.0%`, `${base - 2}.1%`, `${base - 1}.3%`, `${base}.2%`, `${base + 1}.4%`, "Improving", `Commentary for indicator ${i + 1}: steady progress.`];
  });
  return [headings, ...rows];
}

/** Runs kpi import in its own process under GNU time: seconds and peak RSS in MB. */
function timedImport(file: string, databaseUrl: string): Promise<{ seconds: number; peakMb: number; output: string }> {
  const args = ["-f", "%e %M", "node", ...kpi.args, "import", file, "--organisation", "Benchmark Council"];
  return new Promise((resolve, reject) => {
    execFile("/usr/bin/time", args, { cwd: root, env: { ...process.env, ...kpi.env, DATABASE_URL: databaseUrl, LOAD_DEMO_DATA: "false", LOG_LEVEL: "warn" }, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const timing = /(\d+\.\d+) (\d+)\s*$/.exec(stderr);
      if (error || !timing) return reject(new Error(`kpi import failed: ${stdout}${stderr}`));
      resolve({ seconds: Number(timing[1]), peakMb: Math.round(Number(timing[2]) / 1024), output: stdout.split("\n").find((l) => /new, \d+ updated/.test(l)) ?? stdout });
    });
  });
}

export async function benchImport(): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kpi-bench-import-"));
  try {
    const rows = table();
    const csv = path.join(dir, "indicators.csv");
    writeFileSync(csv, toCsv(rows));
    const xlsx = path.join(dir, "indicators.xlsx");
    await writeTableFile(xlsx, rows, "xlsx");
    const mb = (file: string) => (statSync(file).size / 1048576).toFixed(1);
    const lines: string[] = [];
    const csvRun = await timedImport(csv, `file:${path.join(dir, "csv.db")}`);
    lines.push(`import: ${ROWS.toLocaleString("en-GB")} rows of CSV (${mb(csv)} MB) into a new SQLite database in ${csvRun.seconds.toFixed(1)} s, peak RSS ${csvRun.peakMb} MB (goals: under 10 s, under 300 MB; the whole kpi process, start-up and migrations included): ${csvRun.output.trim()}`);
    const again = await timedImport(csv, `file:${path.join(dir, "csv.db")}`);
    lines.push(`import: the same CSV again (nothing to change) in ${again.seconds.toFixed(1)} s, peak RSS ${again.peakMb} MB: ${again.output.trim()}`);
    const xlsxRun = await timedImport(xlsx, `file:${path.join(dir, "xlsx.db")}`);
    lines.push(`import: the same table as XLSX (${mb(xlsx)} MB, read with exceljs's streaming reader) in ${xlsxRun.seconds.toFixed(1)} s, peak RSS ${xlsxRun.peakMb} MB`);
    return lines;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
