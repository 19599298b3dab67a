// Committee report speed and memory: 500 indicators (targets, five quarters' results, a benchmark and a
// comment each) imported by `kpi import` into a new SQLite database (the import write path), then the
// report for Q1 2017/18 built by `kpi report` as DOCX and as HTML, each its own process under GNU time
// (seconds and peak RSS of the whole process, start-up included), with the memory flags `npm run kpi` gives:
// without charts (--no-charts; goal under 5 s), then with a trend chart per indicator (goal under 60 s);
// both under 300 MB.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { toCsv } from "../src/files/write-table.ts";
import { nodeScript } from "./npm-script.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const INDICATORS = 500;
const kpi = nodeScript("kpi");

function table(): string[][] {
  const quarters = ["Q1 2016/17", "Q2 2016/17", "Q3 2016/17", "Q4 2016/17", "Q1 2017/18"];
  const headings = ["Ref", "Indicator", "Polarity", "Service", "2017/18 Target", "Q1 2017/18 Target", ...quarters.map((q) => `${q} Result`), "Q1 2017/18 Numerator", "Q1 2017/18 Denominator", "Benchmarking", "Comments"];
  const rows = Array.from({ length: INDICATORS }, (_, i) => {
    const base = 40 + (i % 50);
    const denominator = 300 + i;
    const numerator = Math.round((denominator * (base - 3 + (i % 7))) / 100);
    const comment = `Commentary for indicator ${i + 1}: performance moved with demand this quarter. The service has reviewed its casework and expects to recover the position by the end of the year; a proposed intervention is agreed with the lead member.`;
    return [`RB/${i + 1}`, `Report bench indicator ${i + 1}: percentage of cases completed within the agreed timescale`, i % 3 ? "Bigger is Better" : "Smaller is Better", `Service ${i % 12}`, `${base}.0%`, `${base}.0%`, ...quarters.map((_, q) => `${base - 4 + ((i + q) % 9)}.${q}%`), String(numerator), String(denominator), `London ${base + 2}% (2016/17, CIPFA)`, comment];
  });
  return [headings, ...rows];
}

function timedKpi(args: string[], databaseUrl: string): Promise<{ seconds: number; peakMb: number; output: string }> {
  return new Promise((resolve, reject) => {
    execFile("/usr/bin/time", ["-f", "%e %M", "node", ...kpi.args, ...args], { cwd: root, env: { ...process.env, ...kpi.env, DATABASE_URL: databaseUrl, LOAD_DEMO_DATA: "false", LOG_LEVEL: "warn" }, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const timing = /(\d+\.\d+) (\d+)\s*$/.exec(stderr);
      if (error || !timing) return reject(new Error(`kpi ${args[0]} failed: ${stdout}${stderr}`));
      resolve({ seconds: Number(timing[1]), peakMb: Math.round(Number(timing[2]) / 1024), output: stdout.trim() });
    });
  });
}

export async function benchReport(): Promise<{ lines: string[]; missed: boolean }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kpi-bench-report-"));
  try {
    const csv = path.join(dir, "indicators.csv");
    writeFileSync(csv, toCsv(table()));
    const url = `file:${path.join(dir, "report.db")}`;
    const imported = await timedKpi(["import", csv, "--organisation", "Report Bench Council"], url);
    const lines = [`report: ${INDICATORS} indicators imported through kpi import in ${imported.seconds.toFixed(1)} s`];
    let missed = false;
    for (const charts of [false, true]) {
      const goal = charts ? 60 : 5;
      for (const format of ["docx", "html"] as const) {
        const out = path.join(dir, `report${charts ? "-charts" : ""}.${format}`);
        const run = await timedKpi(["report", "--organisation", "Report Bench Council", "--period", "Q1 2017/18", "--format", format, "--out", out, charts ? "--charts" : "--no-charts"], url);
        const kb = Math.round(statSync(out).size / 1024);
        missed ||= run.seconds >= goal || run.peakMb >= 300;
        lines.push(`report: ${format.toUpperCase()} of ${INDICATORS} indicators (${kb} kB, ${charts ? "a chart each" : "no charts"}) in ${run.seconds.toFixed(2)} s, peak RSS ${run.peakMb} MB (goals: under ${goal} s, under 300 MB; the whole kpi process, start-up included): ${run.output}`);
      }
    }
    return { lines, missed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
