// A key action's update dialog in Teams, through /api/messages: the action card's Submit update button,
// kpi update CG01, the dialog a task/fetch opens, a task/submit checked (errors under their inputs, what was
// typed kept) and applied, and a refusal with its reason. Every card is parsed with the adaptivecards package.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdaptiveCard } from "../../src/platforms/teams/cards.ts";
import { problems } from "../helpers/adaptive-cards.ts";
import { providers, type TestDatabase } from "../helpers/databases.ts";
import type { FakeSlack as Recorder } from "../helpers/fake-slack.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { runKpi } from "../helpers/run.ts";

const BARNET = "11111111-1111-4111-8111-111111111111";
/** Priya Shah owns CG01; Alex Morgan does not. */
const PRIYA = "aaaaaaaa-0000-4000-8000-000000000005";
const ALEX = "aaaaaaaa-0000-4000-8000-000000000004";
const BUTTON = { type: "Action.Submit", title: "Submit update", data: { msteams: { type: "task/fetch" }, verb: "kpi_update", ref: "CG01" } };

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

describe.each(providers)("Teams: a key action's update dialog (%s)", (provider) => {
  let fixture: PlatformFixture;
  let target: TestDatabase;
  let connector: Recorder;

  beforeAll(async () => {
    fixture = await startPlatform({
      provider,
      platform: "teams",
      workspaces: { barnet: BARNET },
      people: [
        { email: "priya.shah@example.org", teamsUserId: PRIYA },
        { email: "alex.morgan@example.org", teamsUserId: ALEX },
      ],
    });
    ({ target, fake: connector } = fixture);
  }, 240_000);
  afterAll(() => fixture?.stop());

  const activity = (user: string, extra: Record<string, unknown>) => fixture.activity({ user, tenant: BARNET }, extra);
  const post = (body: object) => fixture.post(body);
  const say = async (text: string, user = PRIYA): Promise<AdaptiveCard> => {
    const { id, body } = activity(user, { text });
    expect((await post(body)).status).toBeLessThan(300);
    const reply = await connector.waitFor((c) => c.path.endsWith(`/activities/${id}`) && c.body.type === "message");
    return (reply.body.attachments as { content: AdaptiveCard }[])[0]!.content;
  };
  const invoke = async (name: "task/fetch" | "task/submit", data: Record<string, unknown>, user = PRIYA): Promise<TaskAnswer> => {
    const { body } = activity(user, { type: "invoke", name, value: { type: name, data, context: { theme: "default" } } });
    const response = await post(body);
    expect(response.status).toBe(200);
    return (await response.json()) as TaskAnswer;
  };
  const dialogOf = (answer: TaskAnswer): AdaptiveCard => {
    expect(answer.task.type, JSON.stringify(answer)).toBe("continue");
    return (answer.task as Extract<TaskAnswer["task"], { type: "continue" }>).value.card.content;
  };
  const messageOf = (answer: TaskAnswer): string => {
    expect(answer.task.type, JSON.stringify(answer)).toBe("message");
    return String(answer.task.value);
  };
  const history = async () => {
    const run = await runKpi(["ask", "history CG01", "--json"], { DATABASE_URL: target.url });
    expect(run.code, run.stderr).toBe(0);
    return (JSON.parse(run.stdout) as { entries: { by: string; via: string; action: string; after: string }[] }).entries;
  };

  it("puts Submit update on the key action's card, and answers kpi update CG01 with it (or, to someone else, why not)", async () => {
    const card = await say("kpi CG01");
    expect(problems(card)).toEqual([]);
    expect(card.actions).toContainEqual(BUTTON);
    const prompt = await say("kpi update CG01");
    expect(problems(prompt)).toEqual([]);
    expect(prompt.actions).toEqual([BUTTON]);
    const refused = await say("kpi update CG01", ALEX);
    expect(refused.actions).toBeUndefined();
    expect(JSON.stringify(refused)).toContain("Updating CG01 needs you to own it or be its delegate");
  });

  it("opens the dialog on task/fetch: RAG and status choices at the action's values, the note", async () => {
    const dialog = dialogOf(await invoke("task/fetch", { ...BUTTON.data }));
    expect(problems(dialog)).toEqual([]);
    expect(inputOf(dialog, "rag")).toMatchObject({ type: "Input.ChoiceSet", value: "Green" });
    expect((inputOf(dialog, "rag")!.choices as { value: string }[]).map((c) => c.value)).toContain("Red Amber");
    expect(inputOf(dialog, "status")).toMatchObject({ type: "Input.ChoiceSet" });
    expect(inputOf(dialog, "note")).toMatchObject({ type: "Input.Text", isMultiline: true, maxLength: 3000 });
    expect(dialog.actions).toEqual([{ type: "Action.Submit", title: "Submit", data: { verb: "kpi_update", ref: "CG01" } }]);
    // Someone who may not update it is told why instead of getting the dialog.
    expect(messageOf(await invoke("task/fetch", { ...BUTTON.data }, ALEX))).toContain("you are neither");
  });

  it("returns the dialog with the error under the note and the choice kept; refuses a non-owner's submission; records nothing", async () => {
    const dialog = dialogOf(await invoke("task/submit", { verb: "kpi_update", ref: "CG01", rag: "Red Amber", status: "", note: "  " }));
    expect(problems(dialog)).toEqual([]);
    expect(under(dialog, "note")).toMatchObject({ type: "TextBlock", color: "Attention", text: "A latest note is required: say where the action stands." });
    expect(inputOf(dialog, "rag")!.value).toBe("Red Amber");
    expect(messageOf(await invoke("task/submit", { verb: "kpi_update", ref: "CG01", rag: "Red", note: "x" }, ALEX))).toContain("you are neither");
    expect(await history()).toEqual([]);
  });

  it("applies the owner's update and says so; the card shows it and the audit names Teams", async () => {
    const done = messageOf(await invoke("task/submit", { verb: "kpi_update", ref: "CG01", rag: "Red Amber", status: "", note: "Brent Cross station delayed." }));
    expect(done).toContain("Update recorded");
    expect(done).toContain("CG01: RAG Red Amber");
    const card = await say("kpi CG01");
    expect(JSON.stringify(card)).toContain("Red Amber");
    expect(JSON.stringify(card)).toContain("Brent Cross station delayed.");
    const entries = await history();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ by: "priya.shah@example.org", via: "teams", action: "RAG and latest note updated" });
  });
});
