// The year's chat commands through Slack's real HTTP receiver with signed slash commands: target, lock
// and reopen, retire and unretire answer in the channel as the asker may, and the help lists them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { startService, type Service } from "../../src/service.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import { freshDatabase, type TestDatabase } from "../helpers/databases.ts";
import { slackSignature, slashCommandBody, startFakeSlack, type FakeSlack } from "../helpers/fake-slack.ts";
import { memoryLog } from "../helpers/log.ts";
import { runKpi, runKpiSteps } from "../helpers/run.ts";

const SECRET = "test-signing-secret-0123456789";
const TOKEN = "xoxb-test-bot-token-0123456789";
const BARNET = "T0BARNET";

describe("the year's commands in Slack", () => {
  let target: TestDatabase;
  let slack: FakeSlack;
  let service: Service;

  beforeAll(async () => {
    target = await freshDatabase("sqlite");
    slack = await startFakeSlack();
    const { database } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: true });
    await database.close();
    await runKpiSteps([
      ["org", "link", "barnet", "--slack-team", BARNET],
      ["people", "link", "performance.team@example.org", "--slack", "U0PERF"],
      ["people", "add", "olu.officer@example.org", "--name", "Olu Officer", "--organisation", "barnet", "--role", "officer"],
      ["people", "link", "olu.officer@example.org", "--slack", "U0OLU"],
      ["people", "add", "val.viewer@example.org", "--name", "Val Viewer", "--organisation", "barnet", "--role", "viewer"],
      ["people", "link", "val.viewer@example.org", "--slack", "U0VAL"],
    ], { DATABASE_URL: target.url });
    service = await startService(loadConfig({ DATABASE_URL: target.url, PORT: "0", HOST: "127.0.0.1", SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slack.apiUrl }), {
      logger: memoryLog().logger,
      jobs: false,
      // Answered in the acknowledgement, however slow the shared machine is.
      slackAckBudgetMs: 30_000,
    });
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
    await slack?.close();
    await target?.drop();
  });

  /** The private answer to /kpi <text>, as text. */
  const ask = async (text: string, user = "U0OLU") => {
    const body = slashCommandBody(text, slack.responseUrl(`ask-${Math.random()}`), user, BARNET);
    const res = await fetch(`http://127.0.0.1:${service.port}/slack/events`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...slackSignature(SECRET, body) }, body });
    expect(res.status).toBe(200);
    return JSON.stringify(await res.json());
  };
  const history = async (ref: string) => (JSON.parse((await runKpi(["ask", `history ${ref}`, "--json"], { DATABASE_URL: target.url })).stdout) as { entries: { action: string; by: string; via: string }[] }).entries;

  it("sets a target as an officer, refuses a viewer, and says the new rating", async () => {
    expect(await ask("target AC/S8 Q2 2016/17 50%", "U0VAL")).toContain("Setting a target for AC/S8 needs the officer role in London Borough of Barnet; you are a viewer there.");
    const set = await ask("target AC/S8 Q2 2016/17 50%");
    expect(set).toContain("AC/S8 Q2 2016/17: target 50% (was 63.0%), set by olu.officer@example.org via slack.");
    expect(set).toContain("53.2% is now rated Green");
    expect((await history("AC/S8"))[0]).toMatchObject({ action: "target for Q2 2016/17 set", by: "olu.officer@example.org", via: "slack" });
  });

  it("locks a period for the asker's organisation, refuses a target for it, and lets only an admin reopen it", async () => {
    expect(await ask("lock Q2 2016/17")).toContain("Q2 2016/17 is published for London Borough of Barnet");
    expect(await ask("target AC/S8 Q2 2016/17 55%")).toContain("Q2 2016/17 is published for London Borough of Barnet: olu.officer@example.org locked it on");
    expect(await ask("reopen Q2 2016/17")).toContain("Reopening a published period needs the admin role in London Borough of Barnet; you are an officer there.");
    expect(await ask("reopen Q2 2016/17", "U0PERF")).toContain("Q2 2016/17 is open again for London Borough of Barnet");
  });

  it("retires an indicator out of the red list, keeps its card saying so, and brings it back", async () => {
    expect(await ask("red")).toContain("CG/C23");
    expect(await ask("retire CG/C23", "U0OLU")).toContain("Say why CG/C23 is retired");
    expect(await ask("retire CG/C23 replaced by CG/C30")).toContain("CG/C23 Sickness absence is retired: replaced by CG/C30.");
    expect(await ask("red")).not.toContain("CG/C23");
    expect(await ask("CG/C23")).toMatch(/Retired \d{1,2} [A-Z][a-z]{2} \d{4} by olu\.officer@example\.org: replaced by CG\/C30\./);
    expect(await ask("unretire CG/C23")).toContain("CG/C23 Sickness absence is current again");
    expect(await ask("red")).toContain("CG/C23");
  });

  it("lists the new commands in the help", async () => {
    const help = await ask("help");
    for (const command of ["target AC/S8 2017/18 65%", "lock Q2 2016/17", "retire AC/S8 replaced by AC/S12"]) expect(help).toContain(command);
  });
});
