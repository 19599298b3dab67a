// `npm run bench -- scale`, many councils on one PostgreSQL database (issue 33): SCALE_COUNCILS (300) councils
// of SCALE_INDICATORS (300) indicators with SCALE_QUARTERS (8) quarters of targets and results, each council's
// Slack workspace linked to it (bench/scale-data.ts), and three instances of the service as `npm start` runs
// them, each its own process on its own port. Then:
//   - a baseline: signed /kpi questions from the councils' workspaces (a council's own refs, some `red` and
//     `summary`), SCALE_QUESTIONS_PER_SECOND (5) a second round-robin over the instances, for SCALE_BASELINE_SECONDS;
//   - a quarter-end storm: 10 updates a second for SCALE_STORM_SECONDS (120) through the updates store (a result
//     submitted and accepted without review, its change logged), to random councils, while the same questions run;
//     every 5 s one update is watched: each instance is asked about it until its answer shows the new figure.
// Each instance's CPU per write is its CPU during the storm less what the same questions cost it in the
// baseline, divided by the updates: every instance follows every update. Memory is sampled every second and
// the kernel's high-water mark (VmHWM) read at the end. The same is run first at about 10,000 indicators
// (SCALE_SMALL_COUNCILS, default 10,000 / SCALE_INDICATORS councils; 0: not), then at the full size.
// Needs PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL): a fresh database per size, dropped after.
import { readFileSync } from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";
import type { Database } from "../src/store/database.ts";
import { prepareDatabase } from "../src/store/open.ts";
import { prismaUpdates } from "../src/store/updates.ts";
import { slashCommandBody, startFakeSlack } from "../tests/helpers/fake-slack.ts";
import { random } from "./core.ts";
import { nodeScript } from "./npm-script.ts";
import { council, generateScale, quartersOf, refOf, type ScaleSize } from "./scale-data.ts";
import { post, startChild, type Child } from "./slack.ts";
import { freshDatabase } from "./writes.ts";

const SECRET = "bench-signing-secret";
const TOKEN = "xoxb-bench-token";
const INSTANCES = 3;
const WRITES_PER_SECOND = 10;
const WATCH_EVERY_S = 5;
const WATCH_POLL_MS = 250;
const IDLE_MS = 10_000;
/** How long an answer (or a figure to show) may take before it counts as failed: a bound, so a dead instance cannot hang the bench. */
const ANSWER_TIMEOUT_MS = 30_000;
/** The first answer loads the read model: longer. */
const FIRST_ANSWER_TIMEOUT_MS = 180_000;
const GOALS = { rssMb: 300, cpuPerWriteMs: 20, visibleMs: 5_000, p99Ratio: 1.5, healthyMs: 2_000 };

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number, not ${process.env[name]}`);
  return value;
};
/** When the instance has gone quiet (under 50 ms of CPU in a second), at most a minute on: what it reads at start is read. */
async function settled(child: Child): Promise<number> {
  const until = performance.now() + 60_000;
  for (let before = child.cpuMs(); performance.now() < until; ) {
    await sleep(1_000);
    const now = child.cpuMs();
    if (now - before < 50) break;
    before = now;
  }
  return performance.now();
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const n = (x: number) => x.toLocaleString("en-GB");
const mb = (kB: number) => Math.round(kB / 1024);
const each = (values: number[], unit: string, digits = 0) => `${values.map((v) => (Number.isFinite(v) ? v.toFixed(digits) : "–")).join(" / ")} ${unit}`;
const goal = (met: boolean, what: string) => `(goal: ${what}: ${met ? "met" : "NOT met"})`;
/** The whole machine's busy share of its CPU time since `from` (from /proc/stat): the database and this process share the cores with the instances. */
const machineTicks = () => {
  const [, ...fields] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).map(Number);
  const idle = fields[3]! + fields[4]!;
  return { busy: fields.reduce((a, b) => a + b, 0) - idle, all: fields.reduce((a, b) => a + b, 0) };
};
const busyShare = (from: ReturnType<typeof machineTicks>) => {
  const now = machineTicks();
  return (now.busy - from.busy) / Math.max(1, now.all - from.all);
};
const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);

/** Answers timed, and what went wrong with the others. */
interface Asked {
  ms: number[];
  failed: number;
  /** Answers that came but were not about what was asked (a ref question's answer without the ref). */
  unexpected: number;
  errors: string[];
}

/** One instance dying ends the run at that size: what it measured so far is printed, and the goals are missed. */
class InstanceDied extends Error {}

/** `required`: asked for by name, so that without PostgreSQL it fails rather than being left out of a whole `npm run bench`. */
export async function benchScale(required: boolean): Promise<{ lines: string[]; missed: boolean }> {
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!server) return { lines: [`scale: not run: it needs PostgreSQL (BENCH_DATABASE_URL or TEST_DATABASE_URL)${required ? " (NOT met)" : ""}`], missed: required };
  const indicators = env("SCALE_INDICATORS", 300);
  const full: ScaleSize = { councils: env("SCALE_COUNCILS", 300), indicators, quarters: env("SCALE_QUARTERS", 8) };
  const small = env("SCALE_SMALL_COUNCILS", Math.ceil(10_000 / indicators));
  const sizes = small > 0 && small < full.councils ? [{ ...full, councils: small }, full] : [full];
  const lines: string[] = [];
  let missed = false;
  for (const size of sizes) {
    console.error(`scale: measuring at ${n(size.councils * size.indicators)} indicators…`); // a full run takes minutes
    const run = await benchSize(size);
    lines.push(...run.lines);
    missed ||= run.missed;
  }
  return { lines, missed };
}

async function benchSize(size: ScaleSize): Promise<{ lines: string[]; missed: boolean }> {
  const baselineSeconds = env("SCALE_BASELINE_SECONDS", 60);
  const stormSeconds = env("SCALE_STORM_SECONDS", 120);
  const questionsPerSecond = env("SCALE_QUESTIONS_PER_SECOND", 5);
  const total = size.councils * size.indicators;
  const at = `${n(total)} indicators`;
  const lines: string[] = [];
  let missed = false;
  const met = (ok: boolean, what: string) => {
    missed ||= !ok;
    return goal(ok, what);
  };

  const instances: Child[] = [];
  /** Each instance's RSS, sampled every second from its start to the end (kB). */
  const rss: number[][] = [];
  let sampler: NodeJS.Timeout | undefined;
  // Each thing started is stopped in the finally below, whatever fails: the database is dropped last.
  const target = await freshDatabase(`kpi_scale_${process.pid}_${size.councils}`);
  let closeSlack: (() => Promise<void>) | undefined;
  let database: Database | undefined;
  try {
    const slack = await startFakeSlack();
    closeSlack = slack.close;
    ({ database } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: false }));
    const generating = performance.now();
    await generateScale(target.url, database.db, size);
    lines.push(
      `scale: ${at} (${n(size.councils)} councils × ${n(size.indicators)}) × ${size.quarters} quarters: ${n(total * size.quarters)} results and as many targets, ` +
        `${n(size.councils)} linked workspaces, generated on PostgreSQL in ${((performance.now() - generating) / 1000).toFixed(1)} s`,
    );

    const dead = () => instances.map((c, i) => [i, c.exited()] as const).filter(([, why]) => why !== null);
    const alive = () => {
      const gone = dead();
      if (gone.length) throw new InstanceDied(gone.map(([i, why]) => `instance ${i + 1} ${why}`).join("; "));
    };
    // Memory every second from the first start to the end.
    sampler = setInterval(() => {
      instances.forEach((c, i) => {
        if (c.exited()) return;
        try {
          (rss[i] ??= []).push(c.memory().rss);
        } catch {
          // Exited between the check and the read.
        }
      });
    }, 1_000);

    let asked = 0;
    /** /kpi <text> from council `who`'s workspace to an instance: its answer, waiting for a deferred one at response_url. */
    const ask = async (instance: Child, who: number, text: string, timeoutMs = ANSWER_TIMEOUT_MS): Promise<{ ms: number; body: string }> => {
      const where = `scale-${++asked}`;
      const began = performance.now();
      const res = await Promise.race([post(instance.port, slashCommandBody(text, slack.responseUrl(where), `U${who}`, council(who).team)), sleep(timeoutMs).then(() => null)]);
      if (!res) throw new Error(`no answer to /kpi ${text} within ${timeoutMs} ms`);
      const body = await res.text();
      if (res.status !== 200) throw new Error(`HTTP ${res.status} for /kpi ${text}`);
      if (!body.includes("Looking that up")) return { ms: performance.now() - began, body };
      const call = await slack.waitFor((c) => c.path === `/response/${where}`, timeoutMs);
      return { ms: performance.now() - began, body: JSON.stringify(call.body) };
    };

    // Three instances, one after another, each timed to a healthy /healthz and to its first answer (the read model loaded).
    const start = nodeScript("start");
    const healthy: number[] = [];
    const firstAnswer: number[] = [];
    const settledAfter: number[] = [];
    for (let i = 0; i < INSTANCES; i++) {
      const began = performance.now();
      const child = await startChild(start.args, { ...start.env, SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slack.apiUrl, DATABASE_URL: target.url, LOG_LEVEL: "warn" }).catch((error: unknown) => {
        throw new InstanceDied(`instance ${i + 1} did not start: ${String(error).slice(0, 600)}`);
      });
      instances.push(child);
      healthy.push(performance.now() - began);
      try {
        const first = await ask(child, 1, refOf(1, 1), FIRST_ANSWER_TIMEOUT_MS);
        if (!first.body.includes(refOf(1, 1))) throw new Error(`the first answer is not about ${refOf(1, 1)}: ${first.body.slice(0, 300)}`);
      } catch (error) {
        alive();
        throw error;
      }
      firstAnswer.push(performance.now() - began);
      // Each instance reads its linked councils' parts in the background after start: the next starts once that is
      // done, so that each start-up is timed on its own and not against the others' loading on the same two cores.
      settledAfter.push((await settled(child)) - began);
    }
    lines.push(
      `scale: at ${at}, start-up of each instance to a healthy /healthz ${each(healthy.map((ms) => ms / 1000), "s", 2)} ${met(healthy.every((ms) => ms < GOALS.healthyMs), "under 2 s")}; ` +
        `to its first /kpi answer ${each(firstAnswer.map((ms) => ms / 1000), "s", 1)}; done reading in the background after ${each(settledAfter.map((ms) => ms / 1000), "s", 1)}`,
    );

    // Idle: what each instance spends with nothing to do (its polls of the data version).
    await sleep(3_000);
    const cpu = () => {
      alive();
      return instances.map((c) => c.cpuMs());
    };
    const rate = (from: number[], ms: number) => cpu().map((c, i) => (c - from[i]!) / ms);
    let cpuFrom = cpu();
    await sleep(IDLE_MS);
    alive();
    const idleRate = rate(cpuFrom, IDLE_MS);

    const next = random(33);
    const pick = (count: number) => 1 + Math.floor(next() * count);
    /** Questions at a steady rate (sent on time whether or not earlier ones are answered), round-robin over the instances. */
    const questions = async (seconds: number): Promise<Asked> => {
      const result: Asked = { ms: [], failed: 0, unexpected: 0, errors: [] };
      const pending: Promise<void>[] = [];
      const began = performance.now();
      const count = Math.round(seconds * questionsPerSecond);
      for (let q = 0; q < count; q++) {
        await sleep(began + (q * 1000) / questionsPerSecond - performance.now());
        const who = pick(size.councils);
        const ref = refOf(who, pick(size.indicators));
        // Of every ten rounds of the instances, one `red` and one `summary` each: every instance has the same mix in both phases.
        const round = Math.floor(q / INSTANCES) % 10;
        const text = round === 0 ? "red" : round === 5 ? "summary" : ref;
        pending.push(
          ask(instances[q % INSTANCES]!, who, text).then(
            (a) => {
              result.ms.push(a.ms);
              if (text === ref && !a.body.includes(ref)) result.unexpected++;
            },
            (error: unknown) => {
              result.failed++;
              if (result.errors.length < 3) result.errors.push(String(error));
            },
          ),
        );
      }
      await Promise.all(pending);
      result.ms.sort((a, b) => a - b);
      return result;
    };

    // Baseline: the questions with no storm.
    cpuFrom = cpu();
    let machine = machineTicks();
    let began = performance.now();
    const baseline = await questions(baselineSeconds);
    const baselineRate = rate(cpuFrom, performance.now() - began);
    const baselineBusy = busyShare(machine);
    alive();

    // The storm: updates on time, not waiting for the one before (as many officers at once), with the same questions.
    const updates = prismaUpdates(database.db);
    const quarter = quartersOf(size).at(-1)!;
    const written: number[] = [];
    const writeErrors: string[] = [];
    const lags: number[][] = Array.from({ length: INSTANCES }, () => []);
    let unseen = 0;
    /** A result for a random council's indicator: a figure with two decimals, which no generated result has, so that an answer showing it shows this update. */
    const update = async (w: number) => {
      const who = pick(size.councils);
      const ref = refOf(who, pick(size.indicators));
      const text = `${10 + Math.floor(w / 100)}.${String(w % 100).padStart(2, "0")}%`;
      const began = performance.now();
      await updates.submit({
        organisation: council(who).name, ref, period: quarter, text, value: Number.parseFloat(text), numerator: null, denominator: null,
        commentary: "Quarter-end update (bench)", intervention: null, by: "bench@example.org", via: "bench", before: null, sameAs: `scale-${process.pid}-${size.councils}-${w}`, accept: true,
      });
      written.push(performance.now() - began);
      return { who, ref, text };
    };
    /** How long after the update committed each instance's answer shows it. */
    const watch = async ({ who, ref, text }: { who: number; ref: string; text: string }) => {
      const committed = performance.now();
      await Promise.all(
        instances.map(async (instance, i) => {
          while (performance.now() - committed < ANSWER_TIMEOUT_MS) {
            const shown = await ask(instance, who, ref).then((a) => a.body.includes(text), () => false);
            if (shown) return void lags[i]!.push(performance.now() - committed);
            // Not too often: these questions come on top of the storm's and slow them.
            await sleep(WATCH_POLL_MS);
          }
          unseen++;
        }),
      );
    };
    const writes = Math.round(stormSeconds * WRITES_PER_SECOND);
    cpuFrom = cpu();
    machine = machineTicks();
    began = performance.now();
    const storm = questions(stormSeconds);
    const pending: Promise<void>[] = [];
    for (let w = 0; w < writes; w++) {
      await sleep(began + (w * 1000) / WRITES_PER_SECOND - performance.now());
      const writing = update(w).catch((error: unknown) => {
        if (writeErrors.length < 3) writeErrors.push(String(error));
        return null;
      });
      pending.push(w % (WATCH_EVERY_S * WRITES_PER_SECOND) === 0 ? writing.then((u) => (u ? watch(u) : undefined)) : writing.then(() => undefined));
    }
    const stormAsked = await storm;
    const questionsMs = performance.now() - began;
    const stormBusy = busyShare(machine);
    await Promise.all(pending);
    // A moment for every instance to follow the last updates.
    await sleep(3_000);
    const stormCpu = cpu().map((c, i) => c - cpuFrom[i]!);
    const settleMs = performance.now() - began - questionsMs;
    alive();
    // Less what the questions cost (the baseline's rate) while they ran, and the idle rate after.
    const perWrite = stormCpu.map((c, i) => (c - baselineRate[i]! * questionsMs - idleRate[i]! * settleMs) / Math.max(written.length, 1));
    // At most: less only the idle rate, the questions counted as the writes'.
    const perWriteAtMost = stormCpu.map((c, i) => (c - idleRate[i]! * (questionsMs + settleMs)) / Math.max(written.length, 1));

    written.sort((a, b) => a - b);
    lines.push(
      `scale: at ${at}, a storm of ${n(writes)} updates (${WRITES_PER_SECOND} a second for ${stormSeconds} s) through the updates store, results accepted without review: ` +
        `committed in p50 ${pct(written, 50).toFixed(0)} ms, p99 ${pct(written, 99).toFixed(0)} ms; ${n(writes - written.length)} failed${writeErrors.length ? ` (${writeErrors.join("; ")})` : ""}`,
    );
    lines.push(
      // Judged on the bound: where the instances hold fewer councils than are asked about, the baseline's questions
      // read parts as the storm's do, and what is taken off for them can exceed what the writes cost (a figure below 0).
      `scale: at ${at}, CPU per write in each instance at most ${each(perWriteAtMost, "ms", 1)}, counting the questions' CPU as the writes' ${met(written.length > 0 && perWriteAtMost.every((ms) => ms < GOALS.cpuPerWriteMs), "under 20 ms")} ` +
        `(${each(perWrite, "ms", 1)} less what the baseline's questions cost); idle ${each(idleRate.map((r) => r * 60_000), "ms a minute")}, answering the baseline's questions ${each(baselineRate.map((r) => r * 60_000), "ms a minute")}`,
    );
    const worst = lags.map((l) => (l.length ? Math.max(...l) : NaN));
    const p99s = lags.map((l) => pct([...l].sort((a, b) => a - b), 99));
    const watched = Math.ceil(writes / (WATCH_EVERY_S * WRITES_PER_SECOND));
    lines.push(
      `scale: at ${at}, an update shown in each instance's /kpi answer (${watched} watched, one every ${WATCH_EVERY_S} s): ` +
        `p99 ${each(p99s.map((ms) => ms / 1000), "s", 1)}, at most ${each(worst.map((ms) => ms / 1000), "s", 1)}${unseen ? `; ${unseen} not shown within ${ANSWER_TIMEOUT_MS / 1000} s` : ""} ` +
        met(unseen === 0 && worst.every((ms) => ms <= GOALS.visibleMs), "every update in every instance within 5 s"),
    );
    const ratio = pct(stormAsked.ms, 99) / pct(baseline.ms, 99);
    const problems = (a: Asked) => (a.failed || a.unexpected ? `; ${a.failed} failed, ${a.unexpected} not about the ref asked${a.errors.length ? ` (${a.errors.join("; ")})` : ""}` : "");
    lines.push(
      `scale: at ${at}, /kpi from ${n(size.councils)} workspaces, ${questionsPerSecond} a second over ${INSTANCES} instances: no storm ${n(baseline.ms.length)} answers, p50 ${pct(baseline.ms, 50).toFixed(1)} ms, p99 ${pct(baseline.ms, 99).toFixed(1)} ms${problems(baseline)}; ` +
        `in the storm ${n(stormAsked.ms.length)} answers, p50 ${pct(stormAsked.ms, 50).toFixed(1)} ms, p99 ${pct(stormAsked.ms, 99).toFixed(1)} ms${problems(stormAsked)}: p99 ×${ratio.toFixed(2)} ` +
        met(ratio <= GOALS.p99Ratio && !stormAsked.failed && !baseline.failed, "within ×1.5") +
        `; the machine's ${os.cpus().length} cores ${(baselineBusy * 100).toFixed(0)}% busy with no storm, ${(stormBusy * 100).toFixed(0)}% in it (the instances, PostgreSQL, this process and anything else running share them)`,
    );
    lines.push(memoryLine(instances, rss, at, met));
  } catch (error) {
    if (!(error instanceof InstanceDied)) throw error;
    missed = true;
    lines.push(`scale: at ${at}, NOT met: ${error.message}`);
    if (rss.length) lines.push(`scale: at ${at}, each instance's RSS sampled every second until then: at most ${each(rss.map((r) => mb(Math.max(...r))), "MB")}`);
  } finally {
    clearInterval(sampler);
    await Promise.all(instances.map((c) => c.stop()));
    await database?.close();
    await closeSlack?.();
    await target.drop();
  }
  return { lines, missed };
}

function memoryLine(instances: Child[], rss: number[][], at: string, met: (ok: boolean, what: string) => string): string {
  const peaks = instances.map((c) => mb(c.memory().peak));
  const sampled = rss.map((r) => mb(Math.max(...r)));
  const last = rss.map((r) => mb(r.at(-1)!));
  return (
    `scale: at ${at}, each instance's peak RSS (VmHWM) ${each(peaks, "MB")}; sampled every second, at most ${each(sampled, "MB")}, at the end ${each(last, "MB")} ` +
    met(peaks.every((p) => p < GOALS.rssMb), "each under 300 MB throughout")
  );
}
