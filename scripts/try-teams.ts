// npm run try:teams: the bot and Microsoft's Agents Playground (a Teams-like chat in the browser, which also
// plays the Bot Connector) on this machine, without a Teams tenant or credentials. The bot runs as `npm start`
// does (SQLite, the demo data loaded into an empty database) with TEAMS_LOCAL=true for this run only, on PORT
// (3978); the playground on PLAYGROUND_PORT (56150). Ctrl-C or SIGTERM stops both: each runs in a process
// group of its own, which is signalled whole, so nothing is left behind.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT || 3978);
const playgroundPort = Number(process.env.PLAYGROUND_PORT || 56150);
/** The personal chat's id in the playground: where `kpi subscribe --channel teams:<id>` posts digests. */
const CONVERSATION = "a:try-teams-personal-chat";
/** How long each is given to stop on its own (the service finishes what is in flight within 10 s). */
const STOP_GRACE_MS = 12_000;

const say = (line: string) => process.stdout.write(`[try:teams] ${line}\n`);

const children: ChildProcess[] = [];
let stopping = false;

/** Signals a child's whole process group; false where it is gone already. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): boolean {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return false;
  try {
    process.kill(-child.pid, signal);
    return true;
  } catch {
    return false;
  }
}

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say("stopping the playground and the bot…");
    await Promise.all(
      children.map(async (child) => {
        if (!signalGroup(child, "SIGTERM")) return;
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        const timer = setTimeout(() => signalGroup(child, "SIGKILL"), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
        // Whatever the group's leader left running.
        signalGroup(child, "SIGKILL");
      }),
    );
    say("stopped.");
  }
  process.exit(code);
}

function start(name: string, args: string[], env: NodeJS.ProcessEnv, output: "inherit" | "pipe" = "inherit"): ChildProcess {
  // Its own process group (detached), so that a terminal's Ctrl-C reaches this script only and it stops each in turn.
  const child = spawn(process.execPath, args, { cwd: root, env, detached: true, stdio: ["ignore", output, "inherit"] });
  children.push(child);
  child.once("exit", (code, signal) => {
    if (stopping) return;
    say(`${name} stopped by itself (${signal ?? `exit code ${code}`}); stopping the rest.`);
    void stopAll(1);
  });
  return child;
}

/** Until the address answers 200 (or the time is up). */
async function answers(url: string, timeoutMs: number): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < timeoutMs && !stopping; ) {
    if (await fetch(url).then((r) => r.ok, () => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

mkdirSync(path.join(root, "data"), { recursive: true });
// No credentials: with a Teams app id TEAMS_LOCAL would be refused, and Slack is not what this is for.
const botEnv = { ...process.env, PORT: String(port), HOST: "127.0.0.1", TEAMS_LOCAL: "true", MICROSOFT_APP_ID: "", MICROSOFT_APP_PASSWORD: "", SLACK_BOT_TOKEN: "", SLACK_SIGNING_SECRET: "", SLACK_APP_TOKEN: "" };
say(`starting the bot on port ${port} (TEAMS_LOCAL=true for this run only)…`);
start("the bot", ["--max-semi-space-size=4", "--max-old-space-size=384", "src/main.ts"], botEnv);
if (!(await answers(`http://127.0.0.1:${port}/healthz`, 60_000))) {
  say(`the bot did not answer on http://127.0.0.1:${port}/healthz within 60 s`);
  await stopAll(1);
}

say(`starting the Microsoft 365 Agents Playground on port ${playgroundPort}…`);
// Its log goes to data/ (it writes ./devTools/ otherwise); it opens no browser itself: the address is printed.
const playgroundEnv = { TEAMSAPPTESTER_BROWSER: "none", M365_AGENTS_PLAYGROUND_LOGFILE: path.join(root, "data/agents-playground.log"), ...process.env };
const playgroundCli = path.join(root, "node_modules/@microsoft/m365agentsplayground/cli.js");
const playground = start("the playground", [playgroundCli, "start", "-e", `http://127.0.0.1:${port}/api/messages`, "-c", "msteams", "--dt", "-p", String(playgroundPort), "--conversation-id", CONVERSATION], playgroundEnv, "pipe");
// It takes another port where that one is in use, and says which.
let heard = "";
const listening = new Promise<number>((resolve) => {
  playground.stdout!.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    heard += chunk.toString();
    const port = /Listening on (\d+)/.exec(heard);
    if (port) resolve(Number(port[1]));
  });
});
const actualPort = await Promise.race([listening, new Promise<null>((resolve) => setTimeout(() => resolve(null), 60_000).unref())]);
if (actualPort === null || !(await answers(`http://127.0.0.1:${actualPort}/`, 30_000))) {
  say(`the playground did not answer within a minute (its log: data/agents-playground.log)`);
  await stopAll(1);
}

say("");
say(`Open http://localhost:${actualPort} in a browser: a Teams chat with the bot. Type kpi AC/S8, kpi red, kpi help.`);
say(`A digest in that chat: npm run kpi -- subscribe --channel teams:${CONVERSATION} --organisation barnet`);
say(`                  then npm run kpi -- digest run --now --channel teams:${CONVERSATION}`);
say("Ctrl-C stops both.");
