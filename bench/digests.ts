// Digests and alerts at scale: 1,000 subscriptions over the bench database (10,000 generated
// indicators of 12 periods, plus the demo data). Every digest is built from the read model as
// the service builds it; the alert check runs over every indicator. The measuring runs in its own
// process with the node flags of `npm start`, so its peak RSS (VmHWM) is what the service would add.
// Posting is paced by the Slack outbox (one message a second per channel): measured against the
// local Slack stand-in.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Outbox } from "../src/core/channels.ts";
import type { RagLevel } from "../src/core/ratings.ts";
import { buildDigest } from "../src/core/use-cases/build-digest.ts";
import { checkAlerts } from "../src/core/use-cases/check-alerts.ts";
import { silentLogger } from "../src/logger.ts";
import { createSlackOutbox } from "../src/platforms/slack/outbox.ts";
import { quarter } from "../src/core/periods.ts";
import { cachedCatalogue, changesSinceLastRun } from "../src/store/cached-catalogue.ts";
import { prismaCatalogue, prismaChangeSource } from "../src/store/catalogue.ts";
import { prismaTargets } from "../src/store/year-end.ts";
import { readDataVersion } from "../src/store/data-version.ts";
import { prepareDatabase } from "../src/store/open.ts";
import { prismaClaims, prismaRatingsSeen, prismaSubscriptions } from "../src/store/subscriptions.ts";
import { startFakeSlack } from "../tests/helpers/fake-slack.ts";
import { nodeScript } from "./npm-script.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SUBSCRIPTIONS = 1_000;
const LEVEL_CHOICES: RagLevel[][] = [["Red", "Red Amber", "Green Amber", "Amber"], ["Red"], ["Red", "Red Amber"], ["Red", "Red Amber", "Green Amber", "Amber", "Green"]];

/** The process's peak resident set size so far, in MB (the kernel's high-water mark). */
const peakMb = () => Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))![1]) / 1024);
const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

/** Runs in the child: subscribes 1,000 channels, builds every digest, runs the alert check twice. */
async function measure(url: string): Promise<string[]> {
  const { database } = await prepareDatabase({ DATABASE_URL: url, loadDemoData: false });
  const db = database.db;
  const organisation = await db.organisation.findFirstOrThrow({ where: { slug: "bench" } });
  const services = await db.service.findMany({ where: { organisationId: organisation.id } });
  await db.subscription.createMany({
    data: Array.from({ length: SUBSCRIPTIONS }, (_, i) => ({
      organisationId: organisation.id,
      channel: `slack:C${String(i).padStart(6, "0")}`,
      levels: JSON.stringify(LEVEL_CHOICES[i % LEVEL_CHOICES.length]),
      serviceId: i % 3 === 0 ? null : services[i % services.length]!.id,
      createdAt: new Date("2026-01-01T00:00:00Z"),
    })),
  });
  const catalogue = cachedCatalogue(prismaCatalogue(db), { version: () => readDataVersion(db) });
  let started = process.hrtime.bigint();
  await catalogue.warm();
  const lines = [`digests: read model of every indicator and action loaded in ${seconds(started).toFixed(1)} s`];

  const subscriptions = await prismaSubscriptions(db).list();
  const today = new Date();
  started = process.hrtime.bigint();
  let listed = 0;
  for (const s of subscriptions) {
    const { view } = await buildDigest(catalogue, { organisation: s.organisation, levels: s.levels, service: s.service, lastDigest: s.lastDigest, today });
    listed += view.newlyRedAmber.length;
  }
  lines.push(`digests: ${subscriptions.length.toLocaleString("en-GB")} digests built in ${seconds(started).toFixed(2)} s (goal: under 5 s), ${listed.toLocaleString("en-GB")} indicator lines in all; peak RSS of the process so far ${peakMb()} MB (goal: under 300 MB)`);

  // Alerts to a channel that records nothing: the check is what is measured.
  const nowhere: Outbox = { post: async () => ({ kind: "posted" }) };
  const job = { catalogue, subscriptions: prismaSubscriptions(db), claims: prismaClaims(db, "bench"), ratingsSeen: prismaRatingsSeen(db), outbox: nowhere, log: silentLogger, catchUpMs: 6 * 3_600_000 };
  started = process.hrtime.bigint();
  const first = await checkAlerts(job, new Date("2027-01-04T10:00:00Z"));
  lines.push(`alerts: first check (the baseline: ${first.indicators.toLocaleString("en-GB")} ratings written) ${seconds(started).toFixed(2)} s`);
  started = process.hrtime.bigint();
  const second = await checkAlerts(job, new Date("2027-01-04T10:15:00Z"));
  lines.push(`alerts: a check over ${second.indicators.toLocaleString("en-GB")} rated indicators, nothing changed, ${seconds(started).toFixed(2)} s (goal: under 1 s)`);
  started = process.hrtime.bigint();
  await catalogue.reload();
  lines.push(`alerts: reading everything again before each check (what the service did before the change log): ${seconds(started).toFixed(1)} s; peak RSS ${peakMb()} MB`);
  catalogue.close();

  // As the service checks now: its read model catches up from the change log, and the check rates only the
  // indicators changed since its last run (every one on its first).
  const following = cachedCatalogue(prismaCatalogue(db), { version: () => readDataVersion(db), changes: prismaChangeSource(db), pollMs: 3_600_000 });
  const logged = { ...job, catalogue: following, readFresh: () => following.catchUp(), changed: changesSinceLastRun(following) };
  await checkAlerts(logged, new Date("2027-01-04T10:30:00Z"));
  const bench = await db.indicator.findMany({ where: { organisationId: organisation.id }, select: { ref: true }, orderBy: { id: "asc" }, take: 10 });
  for (const [i, { ref }] of bench.entries()) await prismaTargets(db).set({ organisation: organisation.name, ref, period: quarter(4, 2015), text: `${i + 1}.5%`, value: i + 1.5, low: null, high: null, by: "bench@example.org", via: "bench" });
  started = process.hrtime.bigint();
  await following.catchUp();
  const caughtUp = seconds(started);
  started = process.hrtime.bigint();
  const changed = await checkAlerts(logged, new Date("2027-01-04T10:45:00Z"));
  lines.push(
    `alerts: with the change log, after ${bench.length} writes: the read model caught up in ${caughtUp.toFixed(3)} s (instead of reading everything), then the check rated ${changed.indicators} indicators ` +
      `and posted ${changed.posted.toLocaleString("en-GB")} alerts (${changed.changes.length} changes to the subscribed channels, a claim each) in ${seconds(started).toFixed(2)} s; peak RSS ${peakMb()} MB (this process now holds two read models)`,
  );
  following.close();
  await database.close();
  return lines;
}

/** Five digests to one channel and one to another through the Slack outbox: paced per channel. */
async function pacing(): Promise<string> {
  const slack = await startFakeSlack();
  try {
    const outbox = createSlackOutbox({ botToken: "xoxb-bench", apiUrl: slack.apiUrl, logger: silentLogger });
    const view = { kind: "notice" as const, heading: "Bench", lines: ["pacing"] };
    const started = Date.now();
    await Promise.all([...Array.from({ length: 5 }, () => outbox.post({ platform: "slack", id: "C0ONE" }, view)), outbox.post({ platform: "slack", id: "C0TWO" }, view)]);
    const at = (channel: string) => slack.calls.filter((c) => c.body.channel === channel).map((c) => c.at - started);
    const one = at("C0ONE");
    return `posting: 5 messages to one channel arrived over ${((one.at(-1)! - one[0]!) / 1000).toFixed(1)} s (one a second per channel); one to another channel at ${at("C0TWO")[0]} ms, not held back`;
  } finally {
    await slack.close();
  }
}

export async function benchDigests(): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kpi-bench-digests-"));
  const url = `file:${path.join(dir, "bench.db")}`;
  try {
    await promisify(execFile)(process.execPath, [path.join(root, "bench", "generate.ts"), url], { maxBuffer: 1 << 20 });
    const start = nodeScript("start");
    const child = await promisify(execFile)(process.execPath, [...start.flags, fileURLToPath(import.meta.url), url], { env: { ...process.env, ...start.env }, maxBuffer: 1 << 20 });
    return [...child.stdout.trim().split("\n"), await pacing()];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2]) {
  for (const line of await measure(process.argv[2])) console.log(line);
}
