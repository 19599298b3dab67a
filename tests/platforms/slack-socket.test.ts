// Slack in Socket Mode, against a local WebSocket server playing Slack's part:
// apps.connections.open, hello, a slash_commands envelope and its acknowledgement.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { startService, type Service } from "../../src/service.ts";
import { freshDatabase, type TestDatabase } from "../helpers/databases.ts";
import { slashCommand, startFakeSlack, type FakeSlack } from "../helpers/fake-slack.ts";
import { memoryLog } from "../helpers/log.ts";

const BOT_TOKEN = "xoxb-test-bot-token-0123456789";
const APP_TOKEN = "xapp-1-test-app-token-0123456789";

describe("Slack in Socket Mode", () => {
  let target: TestDatabase;
  let slack: FakeSlack;
  let service: Service | undefined;
  const log = memoryLog();

  beforeAll(async () => {
    target = await freshDatabase("sqlite");
    slack = await startFakeSlack();
    // Starting waits for Slack's hello on the WebSocket.
    service = await startService(
      loadConfig({ DATABASE_URL: target.url, PORT: "0", HOST: "127.0.0.1", SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: slack.apiUrl }),
      { logger: log.logger },
    );
  });
  afterAll(async () => {
    await service?.stop();
    await slack?.close();
    await target?.drop();
  });

  it("connects through apps.connections.open and says so", () => {
    expect(service!.slack?.mode).toBe("socket");
    expect(slack.calls.filter((c) => c.path.startsWith("/api/apps.connections.open"))).toHaveLength(1);
    expect(slack.socketMode.open()).toBe(1);
    expect(service!.notices.join("\n")).toContain("Socket Mode");
  });

  it("answers /kpi AC/S8 in the acknowledgement of its envelope", async () => {
    const ack = await slack.socketMode.send("slash_commands", slashCommand("AC/S8", slack.responseUrl("socket1")));
    expect(ack.envelope_id).toMatch(/^envelope-/);
    expect(ack.payload).toMatchObject({ response_type: "ephemeral" });
    expect(JSON.stringify(ack.payload?.blocks)).toContain("53.2%");
    expect(JSON.stringify(ack.payload?.blocks)).toContain('"action_id":"kpi_share"');
  });

  it("stops cleanly: the connection is closed and not opened again", async () => {
    await service!.stop();
    service = undefined;
    await slack.socketMode.allClosed();
    // The client reconnects 5 s after losing a connection it did not close itself; give it the chance.
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    expect(slack.socketMode.open()).toBe(0);
    expect(slack.calls.filter((c) => c.path.startsWith("/api/apps.connections.open"))).toHaveLength(1);
    // Nothing went wrong on the way: no warning or error (a WebSocket error, a failed reconnection).
    expect(log.entries().filter((e) => Number(e.level) >= 40)).toEqual([]);
  }, 15_000);
});
