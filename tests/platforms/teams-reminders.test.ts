// Reminders in Teams, through the running service: a message in a personal chat from someone the bot
// knows keeps that chat as theirs (once, and only a personal one), and on a reminder day the service's
// own scheduler, its clock moved to 09:00 BST, sends them the reminder card there, through the stored
// reference, to a local server standing in for the Bot Connector.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdaptiveCard } from "../../src/platforms/teams/cards.ts";
import { updateButton } from "../../src/platforms/teams/cards.ts";
import { parsePeriod } from "../../src/core/periods.ts";
import type { Service } from "../../src/service.ts";
import type { Database } from "../../src/store/database.ts";
import { addPerson, linkIdentity } from "../../src/store/people.ts";
import { prismaCycles } from "../../src/store/updates.ts";
import { problems } from "../helpers/adaptive-cards.ts";
import { providers } from "../helpers/databases.ts";
import type { FakeSlack as Connector } from "../helpers/fake-slack.ts";
import { memoryLog, type MemoryLog } from "../helpers/log.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";

const BARNET = "11111111-1111-4111-8111-111111111111";
const ALEX = "aaaaaaaa-0000-4000-8000-000000000002";
const PRIYA = "aaaaaaaa-0000-4000-8000-000000000004";
const STRANGER = "bbbbbbbb-0000-4000-8000-000000000009";
const PERSONAL = "a:1personal-chat-with-alex";

describe.each(providers)("Teams: reminders in a personal chat (%s)", (provider) => {
  let fixture: PlatformFixture;
  let connector: Connector;
  let service: Service;
  let database: Database;
  let log: MemoryLog;
  let now = new Date("2017-07-01T12:00:00Z");

  beforeAll(async () => {
    log = memoryLog();
    fixture = await startPlatform({
      provider,
      platform: "teams",
      workspaces: { barnet: BARNET },
      people: [
        { email: "alex.morgan@example.org", teamsUserId: ALEX },
        { email: "priya.shah@example.org", teamsUserId: PRIYA },
      ],
      // As kpi cycle open "Q1 2017/18" --due 2017-07-20 --organisation barnet opens it.
      prepare: async (db) => void (await prismaCycles(db).open("London Borough of Barnet", parsePeriod("Q1 2017/18")!, new Date("2017-07-20T23:59:59Z"), "test", "test")),
      service: { logger: log.logger, clock: () => now },
    });
    ({ fake: connector, service } = fixture);
    database = service.database;
  }, 240_000);
  afterAll(() => fixture?.stop());

  /** A message as Teams sends it, and the bot's reply having arrived (so the turn is over). */
  const say = async (user: string, conversation: { id: string; conversationType: string }, text = "help") => {
    const { id, body } = fixture.activity({ user, tenant: BARNET, conversation: conversation.id, conversationType: conversation.conversationType }, { text });
    const response = await fixture.post(body);
    expect(response.status).toBeLessThan(300);
    await connector.waitFor((c) => c.path.endsWith(`/activities/${id}`) && c.body.type === "message");
  };
  const chatOf = async (email: string) => (await database.db.person.findUniqueOrThrow({ where: { email } })).teamsChatId;
  /** Reminders the bot sent in the personal chat (through the stored reference, so after the activity it last saw there). */
  const proactive = () => connector.calls.filter((c) => c.path.startsWith(`/v3/conversations/${encodeURIComponent(PERSONAL)}/activities`) && JSON.stringify(c.body.attachments ?? []).includes("Reminder: your updates"));

  it("keeps the personal chat of someone it knows from a message or an install, writing it once, and no other kind of chat", async () => {
    expect(await chatOf("alex.morgan@example.org")).toBeNull();
    await say(ALEX, { id: "19:group-chat@thread.v2", conversationType: "groupChat" });
    expect(await chatOf("alex.morgan@example.org")).toBeNull();
    await say(ALEX, { id: PERSONAL, conversationType: "personal" });
    expect(await chatOf("alex.morgan@example.org")).toBe(PERSONAL);
    await say(ALEX, { id: PERSONAL, conversationType: "personal" }, "AC/S8");
    expect(log.entries().filter((e) => e.msg === "Teams: a person's personal chat with the bot is kept, for direct messages")).toHaveLength(1);
    // Someone the bot does not know: nobody's chat changes.
    await say(STRANGER, { id: "a:1stranger", conversationType: "personal" });
    expect(await database.db.person.count({ where: { teamsChatId: { not: null } } })).toBe(1);
    // Its reference is stored, which the outbox posts through.
    expect(await database.db.conversation.count({ where: { conversationId: PERSONAL } })).toBe(1);

    // Linked later (kpi people link), they are known at their next message in the same chat.
    await addPerson(database.db, { email: "sol.stranger@example.org", name: "Sol Stranger", organisation: "barnet" });
    await linkIdentity(database.db, "sol.stranger@example.org", { teamsUserId: STRANGER });
    await say(STRANGER, { id: "a:1stranger", conversationType: "personal" });
    expect(await chatOf("sol.stranger@example.org")).toBe("a:1stranger");

    // Installing the app in a personal scope (before any message) keeps it too.
    const install = {
      type: "conversationUpdate",
      id: "install1",
      channelId: "msteams",
      serviceUrl: `${connector.url}/`,
      from: { id: `29:${PRIYA}`, name: "Priya", aadObjectId: PRIYA },
      recipient: { id: "28:bot", name: "KPI" },
      membersAdded: [{ id: "28:bot" }],
      conversation: { id: "a:1priya", conversationType: "personal", tenantId: BARNET },
      channelData: { tenant: { id: BARNET } },
    };
    const installed = await fetch(`http://127.0.0.1:${service.port}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(install) });
    expect(installed.status).toBeLessThan(300);
    expect(await chatOf("priya.shah@example.org")).toBe("a:1priya");
  });

  it("sends the reminder card there from 09:00 London time (BST), with the update dialog's button for each, once", async () => {
    now = new Date("2017-07-13T07:59:00Z");
    await service.scheduler!.tick();
    expect(proactive()).toEqual([]);

    now = new Date("2017-07-13T08:00:30Z");
    await service.scheduler!.tick();
    expect(proactive()).toHaveLength(1);
    const card = (proactive()[0]!.body.attachments as { content: AdaptiveCard }[])[0]!.content;
    expect(problems(card)).toEqual([]);
    const json = JSON.stringify(card);
    expect(json).toContain("Reminder: your updates for Q1 2017/18");
    expect(json).toContain("due in 7 days");
    const owned = await database.db.indicator.findMany({ where: { organisation: { slug: "barnet" }, owners: { some: { person: { email: "alex.morgan@example.org" } } } }, select: { ref: true } });
    expect(owned.length).toBeGreaterThan(0);
    for (const { ref } of owned) expect(json).toContain(JSON.stringify(updateButton(ref)));

    now = new Date("2017-07-13T15:00:00Z");
    await service.scheduler!.tick();
    expect(proactive()).toHaveLength(1);
  });

  it("lets the personal chat go with the Teams user when an admin links that user to someone else", async () => {
    await linkIdentity(database.db, "sol.stranger@example.org", { teamsUserId: ALEX });
    expect(await chatOf("alex.morgan@example.org")).toBeNull();
    // Sol's chat was their old Teams user's: learnt again from their next message.
    expect(await chatOf("sol.stranger@example.org")).toBeNull();
    await say(ALEX, { id: PERSONAL, conversationType: "personal" });
    expect(await chatOf("sol.stranger@example.org")).toBe(PERSONAL);
  });
});
