// npm run try:teams (scripts/try-teams.ts): the bot and the Agents Playground started together, the address
// to open printed, and both stopped by Ctrl-C (SIGINT) or SIGTERM, their whole process groups, nothing left.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "../helpers/databases.ts";
import { freePort } from "../helpers/playground.ts";
import { root } from "../helpers/run.ts";

/** The processes whose parent is `pid`, from /proc. */
function childrenOf(pid: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        // The fields after the command's name (in parentheses, which may hold spaces): state, then the parent's pid.
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Whether any process of the group is left. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("npm run try:teams", () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it.each(["SIGINT", "SIGTERM"] as const)("starts the bot and the playground, prints the address, and stops both on %s", async (signal) => {
    const database = await freshDatabase("sqlite");
    databases.push(database);
    const [port, playgroundPort] = [await freePort(), await freePort()];
    const script = spawn(process.execPath, [path.join(root, "scripts/try-teams.ts")], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: database.url, PORT: String(port), PLAYGROUND_PORT: String(playgroundPort), LOG_LEVEL: "warn", M365_AGENTS_PLAYGROUND_LOGFILE: `${database.url.slice("file:".length)}.playground.log` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    script.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    script.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => script.once("exit", (code) => resolve(code)));
    let groups: number[] = [];
    try {
      await expect.poll(() => output, { timeout: 60_000, interval: 200 }).toMatch(/Open http:\/\/localhost:\d+ in a browser/);
      expect(output).toContain(`Open http://localhost:${playgroundPort} in a browser`);
      expect(output).toContain("teams:a:try-teams-personal-chat");
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const page = await fetch(`http://127.0.0.1:${playgroundPort}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("<html");
      // Each in a process group of its own, led by the script's child.
      groups = childrenOf(script.pid!);
      expect(groups).toHaveLength(2);

      script.kill(signal);
      expect(await exited, output).toBe(0);
      expect(output).toContain("[try:teams] stopped.");
      for (const pgid of groups) expect(groupAlive(pgid), `process group ${pgid} outlived the script`).toBe(false);
      for (const closed of [port, playgroundPort]) await expect(fetch(`http://127.0.0.1:${closed}/`)).rejects.toThrow();
    } finally {
      // Whatever a failure left running.
      for (const pgid of script.exitCode === null ? childrenOf(script.pid!) : groups) if (groupAlive(pgid)) process.kill(-pgid, "SIGKILL");
      script.kill("SIGKILL");
    }
  }, 90_000);
});
