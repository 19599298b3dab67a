// Who is asking, in Slack: workspaces linked to organisations with `kpi org link`, people
// linked to Slack users (by `kpi people link`, or by email through users.info and
// users.lookupByEmail on the fake Web API), roles checked, through signed requests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Service } from "../../src/service.ts";
import { buttonBody, slashCommandBody, type FakeSlack } from "../helpers/fake-slack.ts";
import { memoryLog } from "../helpers/log.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { runKpi, runKpiSteps } from "../helpers/run.ts";


describe("Slack: each workspace sees the organisations linked to it", () => {
  let fixture: PlatformFixture;
  let slack: FakeSlack;
  let service: Service;
  const log = memoryLog();
  const kpi = (...args: string[]) => runKpi(args, fixture.env);

  beforeAll(async () => {
    fixture = await startPlatform({
      provider: "sqlite",
      platform: "slack",
      slackUsers: [
        { id: "U0ALEX", email: "alex.morgan@example.org" },
        { id: "U0PRIYA", email: "priya.shah@example.org" },
        { id: "U0NEW", email: "new.officer@example.org" },
      ],
      // As the "done when" runs them, with the real command.
      prepare: (_db, env) =>
        runKpiSteps([
          ["org", "link", "barnet", "--slack-team", "T0BARNET"],
          ["org", "link", "sutton", "--slack-team", "T0SUTTON"],
          ["people", "link", "performance.team@example.org", "--slack", "U0PERF"],
          ["people", "add", "val.viewer@example.org", "--name", "Val Viewer", "--organisation", "London Borough of Barnet", "--role", "viewer"],
          ["people", "link", "val.viewer@example.org", "--slack", "U0VAL"],
        ], env),
      service: { logger: log.logger },
    });
    ({ fake: slack, service } = fixture);
  }, 240_000);
  afterAll(() => fixture?.stop());

  const post = (body: string, contentType?: string) => fixture.post(body, contentType);
  /** The private answer to /kpi <text> from a user of a workspace, as text. */
  const ask = async (text: string, team: string, user = "U1") => {
    const res = await post(slashCommandBody(text, slack.responseUrl(`cmd-${team}`), user, team));
    expect(res.status).toBe(200);
    return JSON.stringify(await res.json());
  };
  /** What a button press from a workspace sends back through response_url, as text. */
  const press = async (actionId: string, value: string, team: string, id: string) => {
    expect((await post(buttonBody(actionId, value, slack.responseUrl(id), "U1", team))).status).toBe(200);
    return JSON.stringify((await slack.waitFor((c) => c.path === `/response/${id}`)).body);
  };

  it("says at start that scoping is on, with how many links", () => {
    expect(service.notices.join("\n")).toMatch(/Scoping: 2 workspace and tenant links/);
  });

  it("shows Barnet's AC/S8 to Barnet's workspace only; Sutton's does not see it, another gets the notice and no figures", async () => {
    expect(await ask("AC/S8", "T0BARNET")).toContain("53.2%");
    const sutton = await ask("AC/S8", "T0SUTTON");
    expect(sutton).not.toContain("53.2%");
    expect(sutton).not.toContain("enablement");
    const other = await ask("AC/S8", "T0OTHER");
    expect(other).toContain("not linked to an organisation");
    expect(other).toContain("kpi org link &lt;organisation&gt; --slack-team T0OTHER");
    expect(other).not.toContain("53.2%");
    expect(await ask("red", "T0OTHER")).not.toContain("AC/");
  });

  it("scopes lists, summaries and suggestions: Sutton's workspace sees no Barnet indicator, service or action", async () => {
    for (const question of ["red", "summary", "adults", "overdue", "enablement", "AC/S9", "barnet"]) {
      const answer = await ask(question, "T0SUTTON");
      expect(answer, question).not.toMatch(/AC\/S\d|Adults & Communities|London Borough of Barnet/);
    }
    expect(await ask("red", "T0BARNET")).toMatch(/AC\/S\d/);
  });

  it("cannot be bypassed by a button value naming another council's reference", async () => {
    for (const [action, id] of [
      ["kpi_open", "open-sutton"],
      ["kpi_page", "page-sutton"],
      ["kpi_history", "history-sutton"],
      ["kpi_commentary", "commentary-sutton"],
      ["kpi_share", "share-sutton"],
      ["kpi_chart", "chart-sutton"],
    ]) {
      const reply = await press(action!, "AC/S8", "T0SUTTON", id!);
      expect(reply, action).not.toContain("53.2%");
      expect(reply, action).not.toContain("enablement");
    }
    // No picture of Barnet's figures went anywhere for Sutton's workspace either.
    expect(fixture.fake.uploads()).toEqual([]);
    expect(await press("kpi_history", "AC/S8", "T0BARNET", "history-barnet")).toContain("53.2%");
  });

  it("names U0PERF, linked with kpi people link, as the admin it is", async () => {
    const answer = await ask("whoami", "T0BARNET", "U0PERF");
    expect(answer).toContain("You are Performance Team (performance.team@example.org), an admin of every organisation");
    expect(answer).toContain("Your workspace sees London Borough of Barnet");
  });

  it("matches an unknown user by the email Slack gives for them (users.info), once", async () => {
    const answer = await ask("who am I?", "T0BARNET", "U0ALEX");
    expect(answer).toContain("You are Alex Morgan (alex.morgan@example.org), an owner of London Borough of Barnet");
    expect(slack.calls.filter((c) => c.path.startsWith("/api/users.info") && c.body.user === "U0ALEX")).toHaveLength(1);
    await ask("whoami", "T0BARNET", "U0ALEX");
    expect(slack.calls.filter((c) => c.path.startsWith("/api/users.info") && c.body.user === "U0ALEX")).toHaveLength(1);
  });

  it("does not let one council's workspace claim another's people by email", async () => {
    // Priya is Barnet's; her Slack user asks from Sutton's workspace.
    const answer = await ask("whoami", "T0SUTTON", "U0PRIYA");
    expect(answer).toContain("does not know who you are");
    expect(answer).toContain("--slack U0PRIYA");
    expect(answer).not.toContain("Priya");
  });

  it("refuses a viewer's role change, naming the role it needs; lets the admin make it", async () => {
    const refused = await ask("role alex.morgan@example.org officer", "T0BARNET", "U0VAL");
    expect(refused).toContain("Changing a role needs the admin role in London Borough of Barnet; you are a viewer there.");
    const stranger = await ask("role alex.morgan@example.org officer", "T0BARNET", "U0NOBODY");
    expect(stranger).toContain("the bot does not know who you are yet");
    expect(await ask("whoami", "T0BARNET", "U0ALEX")).not.toContain("officer");

    const done = await ask("role <mailto:alex.morgan@example.org|alex.morgan@example.org> officer", "T0BARNET", "U0PERF");
    expect(done).toContain("Alex Morgan is now an officer and owner of London Borough of Barnet.");
    expect(await ask("whoami", "T0BARNET", "U0ALEX")).toContain("an officer and owner");
    expect(await ask("role alex.morgan@example.org boss", "T0BARNET", "U0PERF")).toContain("The roles are admin, officer, viewer");
  });

  it("does not tell a Barnet admin whether a Sutton person exists", async () => {
    const answer = await ask("role jordan.lee@example.org viewer", "T0BARNET", "U0VAL");
    expect(answer).toContain("needs the admin role in London Borough of Barnet");
    expect(answer).not.toContain("Sutton");
    expect(await ask("role val.viewer@example.org admin", "T0BARNET", "U0PERF")).toContain("Val Viewer is now an admin");
    const admin = await ask("role jordan.lee@example.org viewer", "T0BARNET", "U0VAL");
    expect(admin).toContain("Nobody in London Borough of Barnet has the email jordan.lee@example.org");
  });

  it("shows the App Home of an unlinked workspace as the notice, and of a linked one with its figures", async () => {
    const home = (team: string, user: string) =>
      JSON.stringify({ token: "t", team_id: team, api_app_id: "A1", type: "event_callback", event_id: `Ev-${team}`, event_time: Math.floor(Date.now() / 1000), event: { type: "app_home_opened", user, channel: "D1", tab: "home", event_ts: "1.1" } });
    expect((await post(home("T0OTHER", "U0STRANGER"), "application/json")).status).toBe(200);
    const other = JSON.stringify((await slack.waitFor((c) => c.path.startsWith("/api/views.publish") && c.body.user_id === "U0STRANGER")).body);
    expect(other).toContain("not linked to an organisation");
    expect(other).not.toMatch(/AC\/S\d/);
    expect((await post(home("T0SUTTON", "U0SUTTON"), "application/json")).status).toBe(200);
    const sutton = JSON.stringify((await slack.waitFor((c) => c.path.startsWith("/api/views.publish") && c.body.user_id === "U0SUTTON")).body);
    expect(sutton).not.toMatch(/AC\/S\d/);
    expect(sutton).toContain("Performance summary");
  });

  it("kpi people add finds a new person's Slack user by email (users.lookupByEmail) and links them", async () => {
    const run = await kpi("people", "add", "new.officer@example.org", "--name", "Nia Officer", "--organisation", "barnet", "--role", "officer");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Slack: found U0NEW by email; linked.");
    expect(slack.calls.some((c) => c.path.startsWith("/api/users.lookupByEmail") && c.body.email === "new.officer@example.org")).toBe(true);
    const missing = await kpi("people", "add", "nobody@example.org", "--name", "No Body", "--organisation", "barnet");
    expect(missing.stdout).toContain("Slack: nobody in the workspace has the email nobody@example.org");
    // The running service reads people fresh: the new officer is known at once.
    expect(await ask("whoami", "T0BARNET", "U0NEW")).toContain("You are Nia Officer (new.officer@example.org), an officer of London Borough of Barnet");
  });
});
