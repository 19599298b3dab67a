// Slack speed: signed /kpi AC/S8 and /kpi red sent to the running service, with the
// demo data and 10,000 generated indicators of 12 periods each in the database,
// and in the same run to a minimal Bolt app that only acknowledges.
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { App, ExpressReceiver, LogLevel } from "@slack/bolt";
import express from "express";
import { loadConfig } from "../src/config/config.ts";
import { figureValue, parseFigure } from "../src/core/figures.ts";
import { quarter } from "../src/core/periods.ts";
import { silentLogger } from "../src/logger.ts";
import { startService } from "../src/service.ts";
import type { Db } from "../src/store/database.ts";
import { prepareDatabase } from "../src/store/open.ts";
import { slackSignature, slashCommandBody, startFakeSlack } from "../tests/helpers/fake-slack.ts";
import { random } from "./core.ts";

const SECRET = "bench-signing-secret";
const TOKEN = "xoxb-bench-token";
const INDICATORS = 10_000;
const PERIODS = 12;
const REQUESTS = 1_000;
const WARM_UP = 200;
const CONCURRENCY = 8;
/** Rounds of the three scenarios in turn; each figure is the median of its rounds, so drift on the shared machine hits all three alike. */
const ROUNDS = 3;

async function generate(db: Db): Promise<void> {
  const next = random(7);
  const org = await db.organisation.create({ data: { slug: "bench", name: "Bench Council" } });
  const services = await Promise.all(Array.from({ length: 12 }, (_, i) => db.service.create({ data: { organisationId: org.id, name: `Bench service ${i}` } })));
  const periods = [];
  for (let i = 0; i < PERIODS; i++) {
    const p = quarter(((i % 4) + 1) as 1 | 2 | 3 | 4, 2013 + Math.floor(i / 4));
    periods.push(await db.period.upsert({ where: { label: p.label }, create: { label: p.label, kind: p.kind, startDate: p.start, endDate: p.end }, update: {} }));
  }
  for (let start = 0; start < INDICATORS; start += 2_000) {
    const n = Math.min(2_000, INDICATORS - start);
    await db.indicator.createMany({
      data: Array.from({ length: n }, (_, i) => ({
        organisationId: org.id,
        ref: `BN/S${start + i}`,
        refKey: `bns${start + i}`,
        title: `Generated indicator ${start + i} of the bench council`,
        polarity: (start + i) % 3 === 0 ? "smaller" : "bigger",
        polarityText: (start + i) % 3 === 0 ? "Smaller is Better" : "Bigger is Better",
        type: (start + i) % 2 ? "SPI" : "CPI",
        serviceId: services[(start + i) % services.length]!.id,
        searchText: `bn s${start + i} generated indicator ${start + i} of the bench council`,
      })),
    });
  }
  const indicators = await db.indicator.findMany({ where: { organisationId: org.id }, select: { id: true } });
  const targets = [];
  const results = [];
  for (const { id } of indicators) {
    const base = 20 + next() * 60;
    for (const period of periods) {
      const target = `${base.toFixed(1)}%`;
      const result = `${(base * (0.85 + next() * 0.3)).toFixed(1)}%`;
      targets.push({ indicatorId: id, periodId: period.id, text: target, value: figureValue(parseFigure(target)) });
      results.push({ indicatorId: id, periodId: period.id, text: result, value: figureValue(parseFigure(result)) });
    }
  }
  for (let i = 0; i < targets.length; i += 10_000) {
    await db.target.createMany({ data: targets.slice(i, i + 10_000) });
    await db.result.createMany({ data: results.slice(i, i + 10_000) });
  }
}

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

interface Result {
  p50: number;
  p99: number;
  rps: number;
  bytes: number;
}

async function load(port: number, text: string, responseUrl: string): Promise<Result> {
  const body = slashCommandBody(text, responseUrl);
  const send = async () => {
    const started = process.hrtime.bigint();
    // Signed afresh each time, as Slack does; signing is the client's cost, outside the timing.
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...slackSignature(SECRET, body) }, body });
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
  return { p50: pct(50), p99: pct(99), rps: times.length / seconds, bytes };
}

export async function benchSlack(): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kpi-bench-"));
  const url = `file:${path.join(dir, "bench.db")}`;
  const slack = await startFakeSlack();
  const lines: string[] = [];
  try {
    const generating = Date.now();
    const { database } = await prepareDatabase({ DATABASE_URL: url, loadDemoData: true });
    await generate(database.db);
    const counts = { indicators: await database.db.indicator.count(), results: await database.db.result.count() };
    await database.close();
    lines.push(`slack: database of ${counts.indicators.toLocaleString("en-GB")} indicators and ${counts.results.toLocaleString("en-GB")} results, built in ${((Date.now() - generating) / 1000).toFixed(1)} s`);

    const service = await startService(loadConfig({ DATABASE_URL: url, PORT: "0", HOST: "127.0.0.1", SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slack.apiUrl }), { logger: silentLogger });
    const warming = Date.now();
    await service.catalogue.indicators({});
    lines.push(`slack: read model of every indicator loaded in ${((Date.now() - warming) / 1000).toFixed(1)} s (once, then every 30 s in the background)`);
    const minimal = await startMinimalApp(slack.apiUrl);
    try {
      const rounds: Result[][] = [];
      for (let round = 0; round < ROUNDS; round++) {
        rounds.push([
          await load(minimal.port, "AC/S8", slack.responseUrl("bench")),
          await load(service.port, "AC/S8", slack.responseUrl("bench")),
          await load(service.port, "red", slack.responseUrl("bench")),
        ]);
      }
      const median = (i: number): Result => {
        const mid = (pick: (r: Result) => number) => rounds.map((r) => pick(r[i]!)).sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
        return { p50: mid((r) => r.p50), p99: mid((r) => r.p99), rps: mid((r) => r.rps), bytes: rounds[0]![i]!.bytes };
      };
      const [baseline, card, red] = [median(0), median(1), median(2)] as [Result, Result, Result];
      const row = (name: string, r: Result) => `${name.padEnd(24)} p50 ${r.p50.toFixed(2).padStart(6)} ms  p99 ${r.p99.toFixed(2).padStart(6)} ms  ${Math.round(r.rps).toLocaleString("en-GB").padStart(6)} req/s  (${r.bytes.toLocaleString("en-GB")} bytes)`;
      const ratio = (r: Result) => `p50 ×${(r.p50 / baseline.p50).toFixed(2)}, p99 ×${(r.p99 / baseline.p99).toFixed(2)}, requests per second ×${(r.rps / baseline.rps).toFixed(2)}`;
      lines.push(`slack: ${ROUNDS} rounds of ${REQUESTS.toLocaleString("en-GB")} signed requests per scenario (after ${WARM_UP} to warm up), ${CONCURRENCY} at a time; medians of the rounds`);
      lines.push(row("minimal Bolt app (ack)", baseline));
      lines.push(row("ours /kpi AC/S8", card), `  against the minimal app: ${ratio(card)}`);
      lines.push(row("ours /kpi red", red), `  against the minimal app: ${ratio(red)}`);
    } finally {
      await minimal.close();
      await service.stop();
    }
  } finally {
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}
