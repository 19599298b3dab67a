// Assessing a wheel's objective in Teams, through /api/messages: the objective card's Assess button, kpi assess
// P3, the dialog a task/fetch opens (at the period after the wheel's latest, no cycle being open), a task/submit
// checked (each problem under its input, what was typed kept), refused with the reason, or recorded and audited
// with the data version. Every card is parsed with the adaptivecards package.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { problems } from "../helpers/adaptive-cards.ts";
import { providers, type TestDatabase } from "../helpers/databases.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { dialogClient, inputOf, under } from "../helpers/teams-dialog.ts";
import { dataVersionAt, importWheel, objectiveHistory } from "../helpers/wheel.ts";

const TENANT = "11111111-1111-4111-8111-111111111111";
const OFFICER = "aaaaaaaa-0000-4000-8000-0000000000a1";
/** Alex Morgan owns P3, but no reporting cycle is open; Priya Shah owns no objective. */
const ALEX = "aaaaaaaa-0000-4000-8000-000000000004";
const PRIYA = "aaaaaaaa-0000-4000-8000-000000000005";
const BUTTON = { type: "Action.Submit", title: "Assess", data: { msteams: { type: "task/fetch" }, verb: "kpi_assess", code: "P3" } };
const RED_NARRATIVE = "A narrative is required for a red segment: say why, and what is being done.";

describe.each(providers)("Teams: assessing an objective (%s)", (provider) => {
  let fixture: PlatformFixture;
  let target: TestDatabase;
  let teams: ReturnType<typeof dialogClient>;

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
    target = fixture.target;
    teams = dialogClient(fixture, TENANT, OFFICER);
  }, 240_000);
  afterAll(() => fixture?.stop());

  const say = (text: string, user?: string) => teams.say(text, user);
  const invoke = (...args: Parameters<typeof teams.invoke>) => teams.invoke(...args);
  const dialogOf = (answer: Awaited<ReturnType<typeof teams.invoke>>) => teams.dialogOf(answer);
  const messageOf = (answer: Awaited<ReturnType<typeof teams.invoke>>) => teams.messageOf(answer);
  const history = () => objectiveHistory(target.url);
  const dataVersion = () => dataVersionAt(target.url);

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
    expect(JSON.stringify(dialog.body)).toContain("Latest: 🔴 Red · ↓ Down (Q2 2017/18).");
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
