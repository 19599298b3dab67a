// The year's chat commands through Slack's real HTTP receiver with signed slash commands: target, lock
// and reopen, retire and unretire answer in the channel as the asker may, and the help lists them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../helpers/databases.ts";
import { slashCommandBody, type FakeSlack } from "../helpers/fake-slack.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { runKpi } from "../helpers/run.ts";

const BARNET = "T0BARNET";

describe("the year's commands in Slack", () => {
  let fixture: PlatformFixture;
  let target: TestDatabase;
  let slack: FakeSlack;

  beforeAll(async () => {
    fixture = await startPlatform({
      provider: "sqlite",
      platform: "slack",
      workspaces: { barnet: BARNET },
      people: [
        { email: "performance.team@example.org", slackUserId: "U0PERF" },
        { email: "olu.officer@example.org", name: "Olu Officer", organisation: "barnet", role: "officer", slackUserId: "U0OLU" },
        { email: "val.viewer@example.org", name: "Val Viewer", organisation: "barnet", role: "viewer", slackUserId: "U0VAL" },
      ],
      // Answered in the acknowledgement, however slow the shared machine is.
      service: { jobs: false, slackAckBudgetMs: 30_000 },
    });
    ({ target, fake: slack } = fixture);
  }, 240_000);
  afterAll(() => fixture?.stop());

  /** The private answer to /kpi <text>, as text. */
  const ask = async (text: string, user = "U0OLU") => {
    const body = slashCommandBody(text, slack.responseUrl(`ask-${Math.random()}`), user, BARNET);
    const res = await fixture.post(body);
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
