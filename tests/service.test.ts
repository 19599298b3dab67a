// The service loads each chat platform's libraries when it is used: without a Teams app id,
// botbuilder and teams-ai (a second to load, 85 MB) wait for the first activity, which is
// then answered as before.
import { createRequire } from "node:module";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../src/config/config.ts";
import { startService, type Service } from "../src/service.ts";
import { freshDatabase, type TestDatabase } from "./helpers/databases.ts";
import { startFakeSlack as startRecorder, type FakeSlack as Recorder } from "./helpers/fake-slack.ts";
import { memoryLog } from "./helpers/log.ts";

let target: TestDatabase;
let service: Service;
let connector: Recorder;
beforeAll(async () => {
  target = await freshDatabase("sqlite");
  connector = await startRecorder();
  service = await startService(loadConfig({ DATABASE_URL: target.url, PORT: "0", HOST: "127.0.0.1", SLACK_BOT_TOKEN: "", MICROSOFT_APP_ID: "", TEAMS_LOCAL: "true" }), { logger: memoryLog().logger });
});
afterAll(async () => {
  await service?.stop();
  await connector?.close();
  await target?.drop();
});

/** Whether a package's CommonJS modules (botbuilder, teams-ai and Bolt are CommonJS) have been loaded into this process. */
const loaded = (name: string) => Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes(`/node_modules/${name}/`));

it("starts without loading Teams' or Slack's libraries, and loads Teams' for the first activity, which it answers", async () => {
  expect(await (await fetch(`http://127.0.0.1:${service.port}/healthz`)).json()).toEqual({ status: "ok", database: "ok" });
  expect(loaded("botbuilder")).toBe(false);
  expect(loaded("@microsoft/teams-ai")).toBe(false);
  expect(loaded("@slack/bolt")).toBe(false);

  const activity = {
    type: "message",
    id: "first",
    timestamp: new Date().toISOString(),
    channelId: "msteams",
    serviceUrl: `${connector.url}/`,
    from: { id: "29:user1", name: "Officer" },
    recipient: { id: "28:bot", name: "KPI" },
    conversation: { id: "a:conversation-1", conversationType: "personal" },
    text: "kpi AC/S8",
  };
  const res = await fetch(`http://127.0.0.1:${service.port}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
  expect(res.status).toBe(200);
  const reply = await connector.waitFor((c) => c.path.endsWith("/activities/first"));
  expect(JSON.stringify(reply.body)).toContain("53.2%");
  expect(loaded("botbuilder")).toBe(true);
});
