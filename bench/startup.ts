// Start-up speed, as a user meets it: `npm start` until /healthz answers 200 on an
// existing SQLite database and on a new one, and `npm run kpi -- ask "AC/S8"` on a
// migrated database until it exits. Each figure is the median of RUNS runs.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RUNS = 5;
/** No chat credentials from the caller's environment: the console and /healthz only. */
export const QUIET = { SLACK_BOT_TOKEN: "", SLACK_SIGNING_SECRET: "", SLACK_APP_TOKEN: "", MICROSOFT_APP_ID: "", LOG_LEVEL: "warn" };

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Milliseconds from `npm start` to the first 200 from /healthz; then stops it (the whole process group). */
async function startToHealthy(databaseUrl: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn("npm", ["start"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, ...QUIET, DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1" },
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited ${child.exitCode}: ${stderr}`);
      const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
      if (healthy) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, "SIGTERM");
    await exited;
  }
}

/** Milliseconds for `npm run kpi -- <args>` to run and exit 0. */
async function kpi(databaseUrl: string, args: string[]): Promise<number> {
  const started = performance.now();
  const child = spawn("npm", ["run", "--silent", "kpi", "--", ...args], { cwd: root, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...QUIET, DATABASE_URL: databaseUrl } });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`npm run kpi -- ${args.join(" ")} exited ${code}: ${stderr}`);
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const spread = (values: number[]) => `median of ${values.length}, ${seconds(Math.min(...values))}–${seconds(Math.max(...values))}`;

export async function benchStartup(): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "kpi-bench-start-"));
  try {
    const existing = `file:${path.join(dir, "existing.db")}`;
    await startToHealthy(existing); // creates, migrates and loads the demo data once
    const onExisting: number[] = [];
    const onNew: number[] = [];
    const asks: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      onExisting.push(await startToHealthy(existing));
      onNew.push(await startToHealthy(`file:${path.join(dir, `new-${run}.db`)}`));
      asks.push(await kpi(existing, ["ask", "AC/S8"]));
    }
    return [
      `start-up: npm start to a healthy /healthz, existing SQLite database: ${seconds(median(onExisting))} (${spread(onExisting)})`,
      `start-up: npm start to a healthy /healthz, new SQLite database (migrations and demo data): ${seconds(median(onNew))} (${spread(onNew)})`,
      `start-up: npm run kpi -- ask "AC/S8" on a migrated database: ${seconds(median(asks))} (${spread(asks)})`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
