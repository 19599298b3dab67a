// Slack speed: signed /kpi AC/S8, /kpi red and /kpi overdue sent to the service, with
// the demo data, 10,000 generated indicators of 12 periods each and 2,000 generated
// actions in the database, and in the same run to a minimal Bolt app that only
// acknowledges. Each runs as its own process, the service with the node flags of
// `npm start` (its script in package.json), so that its memory is its own: the peak RSS is the kernel's
// high-water mark (VmHWM in /proc/<pid>/status), not a sample.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { slackSignature, slashCommandBody, startFakeSlack } from "../tests/helpers/fake-slack.ts";
import { nodeScript } from "./npm-script.ts";
import { freePort, QUIET } from "./startup.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SECRET = "bench-signing-secret";
const TOKEN = "xoxb-bench-token";
const REQUESTS = 1_000;
const WARM_UP = 200;
const CONCURRENCY = 8;
/** Rounds of the scenarios in turn; each figure is the median of its rounds, so drift on the shared machine hits all three alike. */
const ROUNDS = 9;
const STARTING_MS = 60_000;

const mb = (kB: number) => `${Math.round(kB / 1024)} MB`;

export interface Child {
  port: number;
  /** Resident set size now and its peak so far (the kernel's high-water mark), in kB. */
  memory(): { rss: number; peak: number };
  /** CPU time the process has used so far (user and system), in ms: a measure the other processes on the machine move less than latency. */
  cpuMs(): number;
  /** Null while it runs; once it has exited, how (its code or signal) and the end of what it wrote to stderr. */
  exited(): string | null;
  stop(): Promise<void>;
}

/** `node <args>` with the given environment on a free port, once its /healthz answers 200. */
export async function startChild(args: string[], env: Record<string, string>): Promise<Child> {
  const script = args.join(" ");
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, ...QUIET, ...env, PORT: String(port), HOST: "127.0.0.1" },
  });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  const deadline = Date.now() + STARTING_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${script} not healthy within ${STARTING_MS} ms: ${stderr}`);
    }
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    port,
    memory() {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      const kB = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
      return { rss: kB("VmRSS"), peak: kB("VmHWM") };
    },
    cpuMs() {
      // Fields 14 and 15 of /proc/<pid>/stat, after the command's closing parenthesis: utime and stime in clock ticks (100 a second).
      const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    exited() {
      if (child.exitCode === null && child.signalCode === null) return null;
      return `exited ${child.signalCode ? `on ${child.signalCode}` : `with code ${child.exitCode}`}${stderr ? `: ${stderr.trim().slice(-400)}` : ""}`;
    },
    stop,
  };
}

export const post = (port: number, body: string) =>
  fetch(`http://127.0.0.1:${port}/slack/events`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...slackSignature(SECRET, body) }, body });

interface Result {
  p50: number;
  p99: number;
  rps: number;
  bytes: number;
  /** Requests sent again after their connection was reset. */
  resets: number;
  /** The server's CPU time per request, in ms. */
  cpu: number;
}

async function load(server: Child, text: string, responseUrl: string): Promise<Result> {
  const port = server.port;
  const body = slashCommandBody(text, responseUrl);
  let resets = 0;
  // Signed afresh each time, as Slack does.
  const send = async () => {
    const started = process.hrtime.bigint();
    let res: Response;
    try {
      res = await post(port, body);
    } catch (error) {
      // A kept-alive connection the server closed as the request went out: sent again, as HTTP clients do, and counted.
      if ((error as { cause?: { code?: string } }).cause?.code !== "ECONNRESET") throw error;
      resets++;
      res = await post(port, body);
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
  const cpuBefore = server.cpuMs();
  const { times, bytes } = await run(REQUESTS);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = (server.cpuMs() - cpuBefore) / REQUESTS;
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
  return { p50: pct(50), p99: pct(99), rps: times.length / seconds, bytes, resets, cpu };
}

export async function benchSlack(): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kpi-bench-"));
  const url = `file:${path.join(dir, "bench.db")}`;
  const slack = await startFakeSlack();
  const lines: string[] = [];
  try {
    const generating = Date.now();
    const built = await promisify(execFile)(process.execPath, [path.join(root, "bench", "generate.ts"), url], { maxBuffer: 1 << 20 });
    const counts = JSON.parse(built.stdout) as { indicators: number; results: number; actions: number };
    lines.push(
      `slack: database of ${counts.indicators.toLocaleString("en-GB")} indicators, ${counts.results.toLocaleString("en-GB")} results and ${counts.actions.toLocaleString("en-GB")} actions, built in ${((Date.now() - generating) / 1000).toFixed(1)} s`,
    );

    const slackEnv = { SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slack.apiUrl };
    // What `npm start` runs: the service is measured as it is run.
    const start = nodeScript("start");
    const service = await startChild(start.args, { ...start.env, ...slackEnv, DATABASE_URL: url, LOG_LEVEL: "warn" });
    let minimal: Child | null = null;
    try {
      // The read model loads once the service listens: the first question waits for it.
      const warming = Date.now();
      const first = await post(service.port, slashCommandBody("AC/S8", slack.responseUrl("warm")));
      if ((await first.text()).includes("Looking that up")) await slack.waitFor((call) => call.path === "/response/warm", STARTING_MS);
      lines.push(`slack: read model of every indicator and action loaded in ${((Date.now() - warming) / 1000).toFixed(1)} s from a healthy /healthz to the first answer (once, then again only when the data version moves)`);
      const loaded = service.memory();
      minimal = await startChild(["bench/minimal-app.ts"], slackEnv);
      const rounds: Result[][] = [];
      for (let round = 0; round < ROUNDS; round++) {
        rounds.push([
          await load(minimal, "AC/S8", slack.responseUrl("bench")),
          await load(service, "AC/S8", slack.responseUrl("bench")),
          await load(service, "red", slack.responseUrl("bench")),
          await load(service, "overdue", slack.responseUrl("bench")),
        ]);
      }
      const ended = service.memory();
      const minimalEnded = minimal.memory();
      const median = (i: number): Result => {
        const mid = (pick: (r: Result) => number) => rounds.map((r) => pick(r[i]!)).sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
        return { p50: mid((r) => r.p50), p99: mid((r) => r.p99), rps: mid((r) => r.rps), bytes: rounds[0]![i]!.bytes, resets: rounds.reduce((n, r) => n + r[i]!.resets, 0), cpu: mid((r) => r.cpu) };
      };
      const [baseline, card, red, overdue] = [median(0), median(1), median(2), median(3)] as [Result, Result, Result, Result];
      const row = (name: string, r: Result) => `${name.padEnd(24)} p50 ${r.p50.toFixed(2).padStart(6)} ms  p99 ${r.p99.toFixed(2).padStart(6)} ms  ${Math.round(r.rps).toLocaleString("en-GB").padStart(6)} req/s  CPU ${r.cpu.toFixed(2)} ms/req  (${r.bytes.toLocaleString("en-GB")} bytes)${r.resets ? `, ${r.resets} connections reset and sent again` : ""}`;
      const ratio = (r: Result) => `p50 ×${(r.p50 / baseline.p50).toFixed(2)}, p99 ×${(r.p99 / baseline.p99).toFixed(2)}, requests per second ×${(r.rps / baseline.rps).toFixed(2)}, CPU per request ×${(r.cpu / baseline.cpu).toFixed(2)}`;
      lines.push(`slack: ${ROUNDS} rounds of ${REQUESTS.toLocaleString("en-GB")} signed requests per scenario (after ${WARM_UP} to warm up), ${CONCURRENCY} at a time; medians of the rounds`);
      lines.push(row("minimal Bolt app (ack)", baseline));
      lines.push(row("ours /kpi AC/S8", card), `  against the minimal app: ${ratio(card)}`);
      lines.push(row("ours /kpi red", red), `  against the minimal app: ${ratio(red)}`);
      lines.push(row("ours /kpi overdue", overdue), `  against the minimal app: ${ratio(overdue)}; p50 against /kpi AC/S8: ×${(overdue.p50 / card.p50).toFixed(2)} (goal: within ×1.5)`);
      lines.push(
        `slack: the service's peak RSS ${mb(ended.peak)} (goal: under 300 MB) from its start to the end of the scenarios, its own process (node as npm start runs it); ${mb(loaded.peak)} peak and ${mb(loaded.rss)} resident once the read model had loaded, ${mb(ended.rss)} resident at the end; the minimal Bolt app, alike: ${mb(minimalEnded.peak)} peak`,
      );
    } finally {
      await minimal?.stop();
      await service.stop();
    }
  } finally {
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return lines;
}
