// npm start, as a newcomer runs it: migrate, load the demo data, serve /healthz, stop cleanly.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase, type TestDatabase } from "./helpers/databases.ts";
import { slackSignature, slashCommandBody, startFakeSlack, type FakeSlack } from "./helpers/fake-slack.ts";
import { root } from "./helpers/run.ts";

interface Started {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  port: Promise<number>;
  /** Sends SIGTERM and resolves with the exit code. */
  stop: () => Promise<number | null>;
}

/** The service as one Node process (what `npm start` execs), or through `npm start` itself. */
function start(env: Record<string, string>, via: "node" | "npm" = "node"): Started {
  const [command, args] = via === "npm" ? ["npm", ["start", "--silent"]] : [process.execPath, ["src/main.ts"]];
  const child = spawn(command as string, args as string[], { cwd: root, env: { ...process.env, ...env } });
  let text = "";
  const port = new Promise<number>((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      text += chunk;
      const m = /listening on http:\/\/localhost:(\d+)/.exec(text);
      if (m) resolve(Number(m[1]));
    });
    child.stderr.on("data", (chunk) => (text += chunk));
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${text}`)));
  });
  const stop = () => {
    if (child.exitCode !== null) return Promise.resolve(child.exitCode);
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    return exited;
  };
  return { child, output: () => text, port, stop };
}

describe("npm start", () => {
  let target: TestDatabase;
  beforeAll(async () => {
    target = await freshDatabase("sqlite");
  });
  afterAll(async () => target?.drop());

  it("serves /healthz on the embedded database, says what to configure, and stops on SIGTERM", async () => {
    const app = start({ DATABASE_URL: target.url, PORT: "0", HOST: "127.0.0.1", SLACK_BOT_TOKEN: "", SLACK_SIGNING_SECRET: "", MICROSOFT_APP_ID: "" });
    const port = await app.port;
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok" });
    expect(app.output()).toMatch(/Loaded the demo data: 2 organisations, 45 indicators/);
    expect(app.output()).toMatch(/No Slack or Teams credentials are set/);

    expect(await app.stop()).toBe(0);
    expect(app.output()).toMatch(/SIGTERM: shutting down/);
  });

  it("stops in one line naming the port and what to do when the port is taken", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    try {
      const port = (taken.address() as { port: number }).port;
      const app = start({ DATABASE_URL: target.url, PORT: String(port), HOST: "127.0.0.1", SLACK_BOT_TOKEN: "", SLACK_SIGNING_SECRET: "", MICROSOFT_APP_ID: "" });
      await expect(app.port).rejects.toThrow(/exited 1/);
      const said = app.output().split("\n").filter((line) => /port/i.test(line) && !/"level"|INFO/.test(line));
      expect(said).toEqual([`Cannot listen: port ${port} on 127.0.0.1 is already in use (another copy of this service, or another program). Stop it, or give this one another port: PORT=3000 npm start.`]);
      expect(app.output()).not.toMatch(/EADDRINUSE|\n\s+at /);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  // Signed /kpi questions from 20 clients at once until told to stop: what each got back.
  function load(port: number, secret: string, slack: FakeSlack) {
    const questions = ["AC/S8", "red", "summary", "overdue"];
    const statuses: number[] = [];
    const refused: string[] = [];
    let running = true;
    const client = async (n: number) => {
      for (let i = 0; running; i++) {
        const body = slashCommandBody(questions[(n + i) % questions.length]!, slack.responseUrl(`load-${n}-${i}`));
        try {
          const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...slackSignature(secret, body) }, body });
          statuses.push(res.status);
          await res.arrayBuffer();
        } catch (error) {
          // Once the server stops accepting, new connections are refused: expected, and the client stops.
          refused.push(String((error as { cause?: { code?: string } }).cause?.code ?? error));
          return;
        }
      }
    };
    const clients = Array.from({ length: 20 }, (_, n) => client(n));
    return { statuses, refused, stop: async () => ((running = false), await Promise.all(clients)) };
  }

  for (const via of ["node", "npm"] as const) {
    it(`stops cleanly on SIGTERM under load, sent to the ${via === "npm" ? "npm start" : "node"} process: answers in flight finish, nothing stays listening`, async () => {
      const slack = await startFakeSlack();
      const secret = "shutdown-test-signing-secret";
      const app = start({ DATABASE_URL: target.url, PORT: "0", HOST: "127.0.0.1", SLACK_SIGNING_SECRET: secret, SLACK_BOT_TOKEN: "xoxb-shutdown-test", SLACK_API_URL: slack.apiUrl }, via);
      try {
        const port = await app.port;
        const traffic = load(port, secret, slack);
        // Let the load build up: some hundreds of answers first.
        while (traffic.statuses.length < 200 && traffic.refused.length === 0) await new Promise((r) => setTimeout(r, 20));
        const code = await app.stop();
        await traffic.stop();

        expect(code).toBe(0);
        expect(app.output()).toMatch(/SIGTERM: shutting down/);
        expect(app.output()).toMatch(/Stopped cleanly/);
        // Every request that got an answer got a real one: none cut off with an error status.
        expect(traffic.statuses.length).toBeGreaterThanOrEqual(200);
        expect(traffic.statuses.filter((s) => s !== 200)).toEqual([]);
        // Nothing listens any more: not npm's child, not a leftover node.
        await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
      } finally {
        await app.stop();
        await slack.close();
      }
    });
  }

  it("answers a signed /kpi AC/S8 from Slack at /slack/events when Slack is configured", async () => {
    const slack = await startFakeSlack();
    const secret = "start-test-signing-secret";
    const app = start({ DATABASE_URL: target.url, PORT: "0", HOST: "127.0.0.1", SLACK_SIGNING_SECRET: secret, SLACK_BOT_TOKEN: "xoxb-start-test", SLACK_API_URL: slack.apiUrl });
    try {
      const port = await app.port;
      const body = slashCommandBody("AC/S8", slack.responseUrl("start"));
      const started = Date.now();
      const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...slackSignature(secret, body) }, body });
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(JSON.stringify((await res.json()).blocks)).toContain("53.2%");
      expect(app.output()).toMatch(/Slack: answering at http:\/\/localhost:\d+\/slack\/events/);
      const stale = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...slackSignature(secret, body, Math.floor(Date.now() / 1000) - 600) }, body });
      expect(stale.status).toBe(401);
      expect(app.output()).not.toContain(secret);
    } finally {
      await app.stop();
      await slack.close();
    }
  });

  it("answers a Teams activity from this machine at /api/messages without an app id with TEAMS_LOCAL, and warns so", async () => {
    const connector = await startFakeSlack();
    const app = start({ DATABASE_URL: target.url, PORT: "0", HOST: "127.0.0.1", MICROSOFT_APP_ID: "", TEAMS_LOCAL: "true" });
    try {
      const port = await app.port;
      const activity = {
        type: "message",
        id: "start-1",
        channelId: "emulator",
        serviceUrl: `${connector.url}/`,
        from: { id: "user-1", name: "Officer" },
        recipient: { id: "bot-1", name: "KPI" },
        conversation: { id: "conv-start" },
        text: "kpi AC/S8",
      };
      const res = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
      expect(res.status).toBeLessThan(300);
      const reply = await connector.waitFor((c) => c.path.endsWith("/activities/start-1"));
      expect(JSON.stringify(reply.body)).toContain("53.2%");
      expect(app.output()).toMatch(/TEAMS_LOCAL=true: Teams activities are not authenticated/);
    } finally {
      await app.stop();
      await connector.close();
    }
  });

  it("refuses a bad setting with one line naming it", async () => {
    const app = start({ DATABASE_URL: target.url, PORT: "not-a-port" });
    await expect(app.port).rejects.toThrow(/exited 1: Configuration problem:\n\s+PORT: /);
    expect(app.output()).not.toMatch(/\n\s+at /);
  });
});
