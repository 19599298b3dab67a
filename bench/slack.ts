// Slack speed: signed /kpi AC/S8, /kpi red and /kpi overdue sent to the running
// service, with the demo data, 10,000 generated indicators of 12 periods each and
// 2,000 generated actions in the database, and in the same run to a minimal Bolt app
// that only acknowledges. The service runs in this process: its peak RSS is sampled
// while the scenarios run (load generator and minimal app included).
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { App, ExpressReceiver, LogLevel } from "@slack/bolt";
import express from "express";
import { loadConfig } from "../src/config/config.ts";
import { silentLogger } from "../src/logger.ts";
import { startService } from "../src/service.ts";
import { slackSignature, slashCommandBody, startFakeSlack } from "../tests/helpers/fake-slack.ts";

const SECRET = "bench-signing-secret";
const TOKEN = "xoxb-bench-token";
const REQUESTS = 1_000;
const WARM_UP = 200;
const CONCURRENCY = 8;
/** Rounds of the scenarios in turn; each figure is the median of its rounds, so drift on the shared machine hits all three alike. */
const ROUNDS = 3;

/** A Bolt app that only acknowledges /kpi: the baseline. */
async function startMinimalApp(apiUrl: string): Promise<{ port: number; close(): Promise<void> }> {
  const http = express();
  const receiver = new ExpressReceiver({ signingSecret: SECRET, app: http, endpoints: "/slack/events", logLevel: LogLevel.ERROR });
  const app = new App({ token: TOKEN, receiver, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: apiUrl } });
  app.command("/kpi", async ({ ack }) => {
    await ack();
  });
  const server: Server = await new Promise((resolve) => {
    const s = http.listen(0, "127.0.0.1", () => resolve(s));
  });
  const address = server.address();
  return { port: typeof address === "object" && address ? address.port : 0, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const RSS_SAMPLE_MS = 20;
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** The process's resident set size, sampled until stopped: the peak seen. */
function sampleRss(): { atStart: number; stop(): number } {
  const atStart = process.memoryUsage.rss();
  let peak = atStart;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), RSS_SAMPLE_MS).unref();
  return {
    atStart,
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

interface Result {
  p50: number;
  p99: number;
  rps: number;
  bytes: number;
  /** Requests sent again after their connection was reset. */
  resets: number;
}

async function load(port: number, text: string, responseUrl: string): Promise<Result> {
  const body = slashCommandBody(text, responseUrl);
  let resets = 0;
  // Signed afresh each time, as Slack does.
  const post = () => fetch(`http://127.0.0.1:${port}/slack/events`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...slackSignature(SECRET, body) }, body });
  const send = async () => {
    const started = process.hrtime.bigint();
    let res: Response;
    try {
      res = await post();
    } catch (error) {
      // A kept-alive connection the server closed as the request went out: sent again, as HTTP clients do, and counted.
      if ((error as { cause?: { code?: string } }).cause?.code !== "ECONNRESET") throw error;
      resets++;
      res = await post();
    }
    const payload = await res.text();
    if (res.status !== 200) throw new Error(`HTTP ${res.status} for ${text}`);
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, bytes: payload.length };
  };
  const run = async (count: number) => {
    const times: number[] = [];
    let bytes = 0;
    let issued = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (issued < count) {
          issued++;
          const r = await send();
          times.push(r.ms);
          bytes = r.bytes;
        }
      }),
    );
    return { times, bytes };
  };
  await run(WARM_UP);
  const started = process.hrtime.bigint();
  const { times, bytes } = await run(REQUESTS);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
  return { p50: pct(50), p99: pct(99), rps: times.length / seconds, bytes, resets };
}

export async function benchSlack(): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kpi-bench-"));
  const url = `file:${path.join(dir, "bench.db")}`;
  const slack = await startFakeSlack();
  const lines: string[] = [];
  try {
    const generating = Date.now();
    // Built in another process, so that building (a gigabyte of rows in flight) does not count in this one's RSS.
    const built = await promisify(execFile)(process.execPath, ["--import", "tsx", path.join(path.dirname(fileURLToPath(import.meta.url)), "generate.ts"), url], { maxBuffer: 1 << 20 });
    const counts = JSON.parse(built.stdout) as { indicators: number; results: number; actions: number };
    lines.push(
      `slack: database of ${counts.indicators.toLocaleString("en-GB")} indicators, ${counts.results.toLocaleString("en-GB")} results and ${counts.actions.toLocaleString("en-GB")} actions, built in ${((Date.now() - generating) / 1000).toFixed(1)} s`,
    );

    const rss = sampleRss();
    const service = await startService(loadConfig({ DATABASE_URL: url, PORT: "0", HOST: "127.0.0.1", SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slack.apiUrl }), { logger: silentLogger });
    const warming = Date.now();
    await service.catalogue.indicators({});
    lines.push(`slack: read model of every indicator and action loaded in ${((Date.now() - warming) / 1000).toFixed(1)} s (once, then again only when the data version moves)`);
    const minimal = await startMinimalApp(slack.apiUrl);
    const beforeScenarios = process.memoryUsage.rss();
    try {
      const rounds: Result[][] = [];
      for (let round = 0; round < ROUNDS; round++) {
        rounds.push([
          await load(minimal.port, "AC/S8", slack.responseUrl("bench")),
          await load(service.port, "AC/S8", slack.responseUrl("bench")),
          await load(service.port, "red", slack.responseUrl("bench")),
          await load(service.port, "overdue", slack.responseUrl("bench")),
        ]);
      }
      const median = (i: number): Result => {
        const mid = (pick: (r: Result) => number) => rounds.map((r) => pick(r[i]!)).sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
        return { p50: mid((r) => r.p50), p99: mid((r) => r.p99), rps: mid((r) => r.rps), bytes: rounds[0]![i]!.bytes, resets: rounds.reduce((n, r) => n + r[i]!.resets, 0) };
      };
      const [baseline, card, red, overdue] = [median(0), median(1), median(2), median(3)] as [Result, Result, Result, Result];
      const row = (name: string, r: Result) => `${name.padEnd(24)} p50 ${r.p50.toFixed(2).padStart(6)} ms  p99 ${r.p99.toFixed(2).padStart(6)} ms  ${Math.round(r.rps).toLocaleString("en-GB").padStart(6)} req/s  (${r.bytes.toLocaleString("en-GB")} bytes)${r.resets ? `, ${r.resets} connections reset and sent again` : ""}`;
      const ratio = (r: Result) => `p50 ×${(r.p50 / baseline.p50).toFixed(2)}, p99 ×${(r.p99 / baseline.p99).toFixed(2)}, requests per second ×${(r.rps / baseline.rps).toFixed(2)}`;
      lines.push(`slack: ${ROUNDS} rounds of ${REQUESTS.toLocaleString("en-GB")} signed requests per scenario (after ${WARM_UP} to warm up), ${CONCURRENCY} at a time; medians of the rounds`);
      lines.push(row("minimal Bolt app (ack)", baseline));
      lines.push(row("ours /kpi AC/S8", card), `  against the minimal app: ${ratio(card)}`);
      lines.push(row("ours /kpi red", red), `  against the minimal app: ${ratio(red)}`);
      lines.push(row("ours /kpi overdue", overdue), `  against the minimal app: ${ratio(overdue)}; p50 against /kpi AC/S8: ×${(overdue.p50 / card.p50).toFixed(2)} (goal: within ×1.5)`);
      const peak = rss.stop();
      lines.push(
        `slack: peak RSS ${mb(peak)} (goal: under 300 MB) from the service's start (its first load of the read model included) to the end of the scenarios, sampled every ${RSS_SAMPLE_MS} ms; the service, the minimal app and the load generator share this process (${mb(rss.atStart)} before the service started, ${mb(beforeScenarios)} before the scenarios)`,
      );
    } finally {
      rss.stop();
      await minimal.close();
      await service.stop();
    }
  } finally {
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}
