// Assessing a wheel's objective in Teams, through /api/messages: the objective card's Assess button, kpi assess
// P3, the dialog a task/fetch opens (at the period after the wheel's latest, no cycle being open), a task/submit
// checked (each problem under its input, what was typed kept), refused with the reason, or recorded and audited
// with the data version. Every card is parsed with the adaptivecards package.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDataVersion } from "../../src/store/data-version.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import type { AdaptiveCard } from "../../src/platforms/teams/cards.ts";
import { problems } from "../helpers/adaptive-cards.ts";
import { providers, type TestDatabase } from "../helpers/databases.ts";
import type { FakeSlack as Recorder } from "../helpers/fake-slack.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { runKpi } from "../helpers/run.ts";
import { importWheel } from "../helpers/wheel.ts";

const TENANT = "11111111-1111-4111-8111-111111111111";
const OFFICER = "aaaaaaaa-0000-4000-8000-0000000000a1";
/** Alex Morgan owns P3, but no reporting cycle is open; Priya Shah owns no objective. */
const ALEX = "aaaaaaaa-0000-4000-8000-000000000004";
const PRIYA = "aaaaaaaa-0000-4000-8000-000000000005";
const BUTTON = { type: "Action.Submit", title: "Assess", data: { msteams: { type: "task/fetch" }, verb: "kpi_assess", code: "P3" } };
const RED_NARRATIVE = "A narrative is required for a red segment: say why, and what is being done.";

type Element = Record<string, unknown>;
interface TaskAnswer {
  task: { type: "continue"; value: { title: string; card: { contentType: string; content: AdaptiveCard } } } | { type: "message"; value: string };
}
const elements = (nodes: unknown[]): Element[] => (nodes as Element[]).flatMap((e) => [e, ...elements([...((e.columns as unknown[]) ?? []), ...((e.items as unknown[]) ?? [])])]);
const inputOf = (card: AdaptiveCard, id: string) => elements(card.body).find((e) => e.id === id);
const under = (card: AdaptiveCard, id: string) => {
  const all = elements(card.body);
  return all[all.findIndex((e) => e.id === id) + 1];
};

describe.each(providers)("Teams: assessing an objective (%s)", (provider) => {
  let fixture: PlatformFixture;
  let target: TestDatabase;
  let connector: Recorder;

  beforeAll(async () => {
    fixture = await startPlatform({
      provider,
      platform: "teams",
      workspaces: { barnet: TENANT },
      people: [
        { email: "olu.officer@example.org", name: "Olu Officer", organisation: "barnet", role: "officer", teamsUserId: OFFICER },
        { email: "alex.morgan@example.org", teamsUserId: ALEX },
        { email: "priya.shah@example.org", teamsUserId: PRIYA },
      ],
      prepare: (db) => importWheel(db),
    });
    ({ target, fake: connector } = fixture);
  }, 240_000);
  afterAll(() => fixture?.stop());

  const activity = (user: string, extra: Record<string, unknown>) => fixture.activity({ user, tenant: TENANT }, extra);
  const say = async (text: string, user = OFFICER): Promise<AdaptiveCard> => {
    const { id, body } = activity(user, { text });
    expect((await fixture.post(body)).status).toBeLessThan(300);
    const reply = await connector.waitFor((c) => c.path.endsWith(`/activities/${id}`));
    return (reply.body.attachments as { content: AdaptiveCard }[])[0]!.content;
  };
  const invoke = async (name: "task/fetch" | "task/submit", data: Record<string, unknown>, user = OFFICER): Promise<TaskAnswer> => {
    const { body } = activity(user, { type: "invoke", name, value: { type: name, data, context: { theme: "default" } } });
    const response = await fixture.post(body);
    expect(response.status).toBe(200);
    return (await response.json()) as TaskAnswer;
  };
  const dialogOf = (answer: TaskAnswer): AdaptiveCard => {
    expect(answer.task.type, JSON.stringify(answer)).toBe("continue");
    const card = (answer.task as Extract<TaskAnswer["task"], { type: "continue" }>).value.card.content;
    expect(problems(card)).toEqual([]);
    return card;
  };
  const messageOf = (answer: TaskAnswer): string => {
    expect(answer.task.type, JSON.stringify(answer)).toBe("message");
    return String(answer.task.value);
  };
  const history = async () => {
    const run = await runKpi(["ask", "history P3", "--json"], { DATABASE_URL: target.url });
    expect(run.code, run.stderr).toBe(0);
    return (JSON.parse(run.stdout) as { entries: { by: string; via: string; action: string; after: string }[] }).entries;
  };
  const dataVersion = async () => {
    const { database } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: false });
    try {
      return await readDataVersion(database.db);
    } finally {
      await database.close();
    }
  };

  it("puts Assess on P3's card, and answers kpi assess P3 with it (or, to someone who may not, why not)", async () => {
    const card = await say("kpi P3");
    expect(problems(card)).toEqual([]);
    expect(card.actions).toEqual([BUTTON]);
    const prompt = await say("kpi assess P3");
    expect(problems(prompt)).toEqual([]);
    expect(prompt.actions).toEqual([BUTTON]);
    const viewer = await say("kpi assess P3", PRIYA);
    expect(problems(viewer)).toEqual([]);
    expect(viewer.actions).toBeUndefined();
    expect(JSON.stringify(viewer)).toContain("You cannot assess P3");
    expect(JSON.stringify(viewer)).toContain("you are neither");
    // Its owner, while no reporting cycle is open.
    expect(JSON.stringify(await say("kpi assess P3", ALEX))).toContain("No reporting cycle is open");
  });

  it("opens the dialog on task/fetch at the period after the wheel's latest, its status, direction and narrative empty", async () => {
    const dialog = dialogOf(await invoke("task/fetch", { ...BUTTON.data }));
    expect(inputOf(dialog, "period")).toMatchObject({ type: "Input.Text", value: "Q3 2017/18" });
    expect(inputOf(dialog, "status")).toMatchObject({ type: "Input.ChoiceSet", value: "", isRequired: true });
    expect((inputOf(dialog, "status")!.choices as { value: string }[]).map((c) => c.value)).toEqual(["Green", "Amber", "Red"]);
    expect((inputOf(dialog, "direction")!.choices as { value: string }[]).map((c) => c.value)).toEqual(["Up", "Stable", "Down", "none"]);
    expect(inputOf(dialog, "narrative")).toMatchObject({ type: "Input.Text", isMultiline: true, maxLength: 3000, value: "" });
    expect(JSON.stringify(dialog.body)).toContain("Latest: 🔴 Red · ▼ Down (Q2 2017/18).");
    expect(dialog.actions).toEqual([{ type: "Action.Submit", title: "Submit", data: { verb: "kpi_assess", code: "P3" } }]);
    expect(messageOf(await invoke("task/fetch", { ...BUTTON.data }, PRIYA))).toContain("you are neither");
    expect(messageOf(await invoke("task/fetch", { ...BUTTON.data }, ALEX))).toContain("No reporting cycle is open");
    expect(messageOf(await invoke("task/fetch", { verb: "kpi_assess" }))).toContain("out of date");
  });

  it("returns the dialog with the red narrative's requirement under the narrative, what was chosen kept; refuses a viewer; records nothing", async () => {
    const before = await dataVersion();
    const dialog = dialogOf(await invoke("task/submit", { verb: "kpi_assess", code: "P3", period: "Q3 2017/18", status: "Red", direction: "Stable", narrative: "  " }));
    expect(under(dialog, "narrative")).toMatchObject({ type: "TextBlock", color: "Attention", text: RED_NARRATIVE });
    expect(inputOf(dialog, "status")!.value).toBe("Red");
    expect(inputOf(dialog, "direction")!.value).toBe("Stable");
    const down = dialogOf(await invoke("task/submit", { verb: "kpi_assess", code: "P3", period: "Q3", status: "Green", direction: "Down" }));
    expect(under(down, "period")).toMatchObject({ color: "Attention", text: expect.stringContaining("is not a period") });
    expect(under(down, "narrative")).toMatchObject({ color: "Attention", text: expect.stringContaining("when the direction is Down") });
    expect(inputOf(down, "period")!.value).toBe("Q3");
    expect(messageOf(await invoke("task/submit", { verb: "kpi_assess", code: "P3", period: "Q3 2017/18", status: "Green" }, PRIYA))).toContain("you are neither");
    expect(messageOf(await invoke("task/submit", { verb: "kpi_assess", code: "Z9", period: "Q3 2017/18", status: "Green" }))).toBe("There is no objective Z9.");
    expect(await history()).toHaveLength(3);
    expect(await dataVersion()).toBe(before);
  });

  it("records the officer's assessment and says so; audited from Teams with the data version; the wheel and card show it", async () => {
    const before = await dataVersion();
    const done = messageOf(await invoke("task/submit", { verb: "kpi_assess", code: "P3", period: "Q3 2017/18", status: "Red", direction: "none", narrative: "Winter pressures.\nA second line." }));
    expect(done).toContain("Assessment recorded");
    expect(done).toContain("P3 for Q3 2017/18: Red.");
    expect(await dataVersion()).toBeGreaterThan(before);
    expect((await history())[0]).toMatchObject({ by: "olu.officer@example.org", via: "teams", action: "assessed for Q3 2017/18", after: "Red: Winter pressures.\nA second line." });
    expect(JSON.stringify(await say("kpi P3"))).toContain("Winter pressures.");
    // The wheel's latest period is Q3 now: the dialog opens for the one after it.
    const again = dialogOf(await invoke("task/fetch", { ...BUTTON.data }));
    expect(inputOf(again, "period")!.value).toBe("Q4 2017/18");
  });
});
