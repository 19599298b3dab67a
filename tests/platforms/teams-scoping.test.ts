// Who is asking, in Teams: tenants linked to organisations, people matched by their Entra
// object id (from.aadObjectId), through /api/messages with a local serviceUrl.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeSlack as Recorder } from "../helpers/fake-slack.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { runKpiSteps } from "../helpers/run.ts";

const BARNET = "11111111-1111-4111-8111-111111111111";
const SUTTON = "22222222-2222-4222-8222-222222222222";
const OTHER = "33333333-3333-4333-8333-333333333333";
const PERF = "aaaaaaaa-0000-4000-8000-000000000001";

describe("Teams: each tenant sees the organisations linked to it", () => {
  let fixture: PlatformFixture;
  let connector: Recorder;

  beforeAll(async () => {
    fixture = await startPlatform({
      provider: "sqlite",
      platform: "teams",
      prepare: (_db, env) =>
        runKpiSteps([
          ["org", "link", "barnet", "--teams-tenant", BARNET],
          ["org", "link", "sutton", "--teams-tenant", SUTTON.toUpperCase()],
          ["people", "link", "performance.team@example.org", "--teams", PERF],
        ], env),
    });
    ({ fake: connector } = fixture);
  }, 240_000);
  afterAll(() => fixture?.stop());

  /** An activity from a user of a tenant (given on the conversation, or only in channelData as in channels). */
  const activity = (tenant: string, extra: Record<string, unknown> = {}, user = "bbbbbbbb-0000-4000-8000-000000000009") => fixture.activity({ user, tenant, conversation: `a:conversation-${tenant}` }, extra);
  const post = (body: object) => fixture.post(body);
  /** The card the bot sent back for a message from the tenant, as text. */
  const ask = async (text: string, tenant: string, user?: string) => {
    const { id, body } = activity(tenant, { text }, user);
    expect((await post(body)).status).toBeLessThan(300);
    return JSON.stringify((await connector.waitFor((c) => c.path.endsWith(`/activities/${id}`) && c.body.type === "message")).body);
  };
  const search = async (query: string, tenant: string) => {
    const { body } = activity(tenant, { type: "invoke", name: "composeExtension/query", value: { commandId: "findIndicator", parameters: [{ name: "query", value: query }] } });
    const response = await post(body);
    expect(response.status).toBe(200);
    return (await response.json()).composeExtension as { attachments: unknown[] };
  };

  it("shows Barnet's AC/S8 to Barnet's tenant only, and the notice to an unlinked one", async () => {
    expect(await ask("kpi AC/S8", BARNET)).toContain("53.2%");
    expect(await ask("kpi AC/S8", SUTTON)).not.toContain("53.2%");
    const other = await ask("kpi AC/S8", OTHER);
    expect(other).toContain("not linked to an organisation");
    expect(other).toContain(`--teams-tenant ${OTHER}`);
    expect(other).not.toContain("53.2%");
  });

  it("tells a message without a tenant that it names none and there is nothing to link, not a Slack command, and shows no figures", async () => {
    for (const text of ["kpi AC/S8", "kpi whoami"]) {
      const { id, body } = activity(BARNET, { text });
      const tenantless = { ...body, conversation: { id: "a:conversation-no-tenant", conversationType: "personal" }, channelData: {} };
      expect((await post(tenantless)).status).toBeLessThan(300);
      const sent = JSON.stringify((await connector.waitFor((c) => c.path.endsWith(`/activities/${id}`) && c.body.type === "message")).body);
      expect(sent, text).toContain("a Teams message names its Microsoft 365 tenant; this one names none");
      expect(sent, text).toContain("nothing to link");
      expect(sent, text).not.toContain("slack-team");
      expect(sent, text).not.toContain("53.2%");
    }
  });

  it("reads the tenant from channelData where the conversation does not carry it (channels)", async () => {
    const { id, body } = activity(SUTTON, { text: "kpi AC/S8" });
    const inChannel = { ...body, conversation: { id: "19:channel@thread.tacv2", conversationType: "channel" }, channelData: { tenant: { id: BARNET } } };
    expect((await post(inChannel)).status).toBeLessThan(300);
    expect(JSON.stringify((await connector.waitFor((c) => c.path.endsWith(`/activities/${id}`) && c.body.type === "message")).body)).toContain("53.2%");
  });

  it("cannot be bypassed by a message-extension search or a card button naming another council's reference", async () => {
    expect((await search("AC/S8", BARNET)).attachments).toHaveLength(1);
    expect((await search("AC/S8", SUTTON)).attachments).toEqual([]);
    expect((await search("enablement", SUTTON)).attachments).toEqual([]);
    expect((await search("enablement", OTHER)).attachments).toEqual([]);
    const { body } = activity(SUTTON, { type: "invoke", name: "composeExtension/selectItem", value: { ref: "AC/S8" } });
    expect(JSON.stringify(await (await post(body)).json())).not.toContain("53.2%");
    for (const value of [{ verb: "kpi_history", ref: "AC/S8" }, { verb: "kpi_open", query: "AC/S8" }, { verb: "kpi_page", query: "red page 1" }]) {
      const press = activity(SUTTON, { value });
      expect((await post(press.body)).status).toBeLessThan(300);
      const sent = JSON.stringify((await connector.waitFor((c) => c.path.endsWith(`/activities/${press.id}`))).body);
      expect(sent, value.verb).not.toContain("53.2%");
      expect(sent, value.verb).not.toMatch(/AC\/S\d/);
    }
  });

  it("matches the person by the Entra object id on the activity: kpi whoami names the admin", async () => {
    const answer = await ask("kpi whoami", BARNET, PERF);
    expect(answer).toContain("You are Performance Team (performance.team@example.org), an admin of every organisation");
    expect(answer).toContain("Your workspace sees London Borough of Barnet");
    const stranger = await ask("kpi whoami", BARNET);
    expect(stranger).toContain("The bot does not know you yet");
    // The placeholder's angle bracket escaped, so that Teams shows <your email> rather than take it for HTML (the JSON doubles the backslash).
    expect(stranger).toContain("kpi people link \\\\<your email> --teams bbbbbbbb-0000-4000-8000-000000000009");
  });

  it("refuses a role change from someone it does not know, naming the role it needs", async () => {
    const refused = await ask("kpi role alex.morgan@example.org officer", BARNET);
    expect(refused).toContain("Changing a role needs the admin role");
    expect(await ask("kpi role alex.morgan@example.org viewer", BARNET, PERF)).toContain("Alex Morgan is now an owner of London Borough of Barnet.");
  });
});
