// `npm run bench -- writes`, the read model's cost per write in one instance: the Slack bench's database
// (10,000 generated indicators of 12 periods, 2,000 actions, the demo data) on PostgreSQL where BENCH_DATABASE_URL or TEST_DATABASE_URL
// names a server (a fresh database on it, dropped after), else SQLite; the service run as `npm start`
// runs it, in its own process. Writes are made from this process, one every few seconds so that each
// is its own data version, and the service's CPU time is read from /proc around them, less its idle rate:
//   - through the store's writers, which log what they changed: the service reads that indicator again;
//   - the same write with the version bumped but nothing logged: the service reads everything again,
//     as every write made it do before the change log.
// Then a storm of writes (10 a second) through the writers, and how long a write takes to show in a
// /kpi answer. The peak RSS is the kernel's high-water mark (VmHWM).
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { quarter } from "../src/core/periods.ts";
import { bumpDataVersion } from "../src/store/data-version.ts";
import { prepareDatabase } from "../src/store/open.ts";
import { prismaTargets } from "../src/store/year-end.ts";
import { slashCommandBody, startFakeSlack } from "../tests/helpers/fake-slack.ts";
import { nodeScript } from "./npm-script.ts";
import { post, startChild, type Child } from "./slack.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SECRET = "bench-signing-secret";
const TOKEN = "xoxb-bench-token";
/** Writes per way of writing; one every SPACING_MS, longer than the read model's poll (2 s), so each is read on its own. */
const WRITES = 12;
const SPACING_MS = 3_000;
const IDLE_MS = 15_000;
const STORM_PER_SECOND = 10;
const STORM_SECONDS = 20;
const mb = (kB: number) => `${Math.round(kB / 1024)} MB`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh database called `name`: on the PostgreSQL server named, or a SQLite file. */
export async function freshDatabase(name: string): Promise<{ url: string; provider: string; drop(): Promise<void> }> {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!server) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "kpi-writes-"));
    return { url: `file:${path.join(dir, "bench.db")}`, provider: "SQLite", drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), provider: "PostgreSQL", drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export async function benchWrites(): Promise<string[]> {
  const target = await freshDatabase(`kpi_scale_writes_${process.pid}`);
  const slack = await startFakeSlack();
  const lines: string[] = [];
  let service: Child | null = null;
  try {
    const built = await promisify(execFile)(process.execPath, [path.join(root, "bench", "generate.ts"), target.url], { maxBuffer: 1 << 20 });
    const counts = JSON.parse(built.stdout) as { indicators: number; results: number; actions: number };
    lines.push(`writes: ${target.provider} database of ${counts.indicators.toLocaleString("en-GB")} indicators, ${counts.results.toLocaleString("en-GB")} results and ${counts.actions.toLocaleString("en-GB")} actions`);
    const { database } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: false });
    const db = database.db;
    try {
      const start = nodeScript("start");
      service = await startChild(start.args, { ...start.env, SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slack.apiUrl, DATABASE_URL: target.url, LOG_LEVEL: "warn" });
      const running = service;
      let asked = 0;
      /** /kpi <text> to the service, its answer (waiting for a deferred one). */
      const ask = async (text: string) => {
        const where = `writes-${++asked}`;
        const res = await post(running.port, slashCommandBody(text, slack.responseUrl(where)));
        const body = await res.text();
        if (!body.includes("Looking that up")) return body;
        return JSON.stringify((await slack.waitFor((call) => call.path === `/response/${where}`, 60_000)).body);
      };
      await ask("AC/S8");
      await sleep(3_000);
      const loaded = running.memory();

      // Idle: what the service spends with nothing to do (its polls), taken off each phase.
      let cpu = running.cpuMs();
      await sleep(IDLE_MS);
      const idlePerMs = (running.cpuMs() - cpu) / IDLE_MS;

      // The latest quarter's: the target a card shows.
      const period = quarter(4, 2015);
      const periodRow = await db.period.findUniqueOrThrow({ where: { label: period.label } });
      const bench = await db.indicator.findMany({ where: { organisation: { slug: "bench" } }, select: { id: true, ref: true }, orderBy: { id: "asc" }, take: 1_000 });
      let written = 0;
      /** A new target for the next bench indicator, through the store's writer (its change logged). */
      const logged = async () => {
        const { ref } = bench[written++ % bench.length]!;
        const text = `${100 + written}.5%`;
        await prismaTargets(db).set({ organisation: "Bench Council", ref, period, text, value: Number.parseFloat(text), low: null, high: null, by: "bench@example.org", via: "bench" });
        return { ref, text };
      };
      /** The same write with the version bumped and nothing logged: the read model cannot tell what changed. */
      const unlogged = async () => {
        const { id, ref } = bench[written++ % bench.length]!;
        const text = `${100 + written}.5%`;
        await db.$transaction([db.target.updateMany({ where: { indicatorId: id, periodId: periodRow.id }, data: { text, value: Number.parseFloat(text) } }), bumpDataVersion(db)]);
        return { ref, text };
      };
      const perWrite = async (write: () => Promise<unknown>) => {
        const began = Date.now();
        cpu = running.cpuMs();
        for (let i = 0; i < WRITES; i++) {
          await write();
          await sleep(SPACING_MS);
        }
        return ((running.cpuMs() - cpu) - idlePerMs * (Date.now() - began)) / WRITES;
      };
      const withLog = await perWrite(logged);
      const afterLogged = running.memory();
      const withoutLog = await perWrite(unlogged);
      const afterFull = running.memory();
      lines.push(
        `writes: the service's CPU per write at ${counts.indicators.toLocaleString("en-GB")} indicators, ${WRITES} writes one every ${SPACING_MS / 1000} s, less its idle ${(idlePerMs * 60_000).toFixed(0)} ms a minute: ` +
          `${withLog.toFixed(0)} ms with the change log (the changed indicator read again), ${withoutLog.toFixed(0)} ms reading everything again (every write before the change log): ×${(withoutLog / Math.max(withLog, 1)).toFixed(0)}`,
      );

      // A storm: writes through the writers as fast as a quarter end might bring them.
      cpu = running.cpuMs();
      const stormBegan = Date.now();
      for (let i = 0; i < STORM_PER_SECOND * STORM_SECONDS; i++) {
        await logged();
        await sleep(Math.max(0, stormBegan + ((i + 1) * 1000) / STORM_PER_SECOND - Date.now()));
      }
      await sleep(3_000);
      const stormCpu = (running.cpuMs() - cpu - idlePerMs * (Date.now() - stormBegan)) / (STORM_PER_SECOND * STORM_SECONDS);
      const afterStorm = running.memory();
      lines.push(`writes: a storm of ${STORM_PER_SECOND} writes a second for ${STORM_SECONDS} s through the writers: ${stormCpu.toFixed(1)} ms of the service's CPU per write`);

      // How long a write takes to show in an answer: the poll (2 s) and the read of what changed.
      const lags: number[] = [];
      for (let i = 0; i < 5; i++) {
        const { ref, text } = await logged();
        const began = Date.now();
        while (!(await ask(ref)).includes(text)) {
          if (Date.now() - began > 30_000) throw new Error(`${ref}'s new target ${text} not shown within 30 s`);
          await sleep(100);
        }
        lags.push(Date.now() - began);
        await sleep(500);
      }
      lines.push(`writes: a write shows in the service's /kpi answer after ${Math.min(...lags)}–${Math.max(...lags)} ms (goal: within 5 s)`);
      lines.push(
        `writes: the service's peak RSS ${mb(loaded.peak)} once loaded, ${mb(afterLogged.peak)} after the writes with the change log, ${mb(afterFull.peak)} after those reading everything again, ${mb(afterStorm.peak)} after the storm; ${mb(afterStorm.rss)} resident at the end`,
      );
    } finally {
      await service?.stop();
      await database.close();
    }
  } finally {
    await slack.close();
    await target.drop();
  }
  return lines;
}
