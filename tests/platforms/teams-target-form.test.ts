// The Set target dialog in Teams, through /api/messages: the button on the card and on what `kpi target
// AC/S8` answers, the dialog a task/fetch opens for officers and admins only, and a task/submit that sets
// the target through the use case (audited) or shows the dialog again with the error under its input.
// Invoke answers come back in the HTTP response; message replies go to a local stand-in connector.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdaptiveCard } from "../../src/platforms/teams/cards.ts";
import { problems } from "../helpers/adaptive-cards.ts";
import { providers, type TestDatabase } from "../helpers/databases.ts";
import { eventually } from "../helpers/eventually.ts";
import type { FakeSlack as Recorder } from "../helpers/fake-slack.ts";
import { memoryLog } from "../helpers/log.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { runKpi } from "../helpers/run.ts";

const BARNET = "11111111-1111-4111-8111-111111111111";
/** Teams users (Entra object ids): Barnet's officer, Alex Morgan (who owns AC/S8), someone unknown. */
const OFFICER = "aaaaaaaa-0000-4000-8000-000000000011";
const ALEX = "aaaaaaaa-0000-4000-8000-000000000004";
const STRANGER = "bbbbbbbb-0000-4000-8000-000000000009";

const TARGET_BUTTON = { type: "Action.Submit", title: "Set target", data: { msteams: { type: "task/fetch" }, verb: "kpi_target", ref: "AC/S8" } };
const STATE = { verb: "kpi_target", ref: "AC/S8", organisation: "London Borough of Barnet" };

type Element = Record<string, unknown>;
interface TaskAnswer {
  task: { type: "continue"; value: { title: string; card: { contentType: string; content: AdaptiveCard } } } | { type: "message"; value: string };
}

/** Every element of a card body in reading order, columns' items included. */
function elements(nodes: unknown[]): Element[] {
  return (nodes as Element[]).flatMap((e) => [e, ...elements([...((e.columns as unknown[]) ?? []), ...((e.items as unknown[]) ?? [])])]);
}
const inputOf = (card: AdaptiveCard, id: string) => elements(card.body).find((e) => e.id === id);
/** The text shown right under an input, where its error goes. */
function under(card: AdaptiveCard, id: string): Element | undefined {
  const all = elements(card.body);
  return all[all.findIndex((e) => e.id === id) + 1];
}
const attentions = (card: AdaptiveCard) => elements(card.body).filter((e) => e.type === "TextBlock" && e.color === "Attention");

describe.each(providers)("Teams: the Set target dialog (%s)", (provider) => {
  let fixture: PlatformFixture;
  let target: TestDatabase;
  let connector: Recorder;
  const log = memoryLog();

  beforeAll(async () => {
    fixture = await startPlatform({
      provider,
      platform: "teams",
      workspaces: { barnet: BARNET },
      people: [
        { email: "olu.officer@example.org", name: "Olu Officer", organisation: "barnet", role: "officer", teamsUserId: OFFICER },
        { email: "alex.morgan@example.org", teamsUserId: ALEX },
      ],
      service: { logger: log.logger, jobs: false },
    });
    ({ target, fake: connector } = fixture);
  }, 240_000);
  afterAll(() => fixture?.stop());

  const activity = (user: string, extra: Record<string, unknown>) => fixture.activity({ user, tenant: BARNET }, extra);
  const post = (body: object) => fixture.post(body);
  /** The card the bot sent in reply to a message. */
  const say = async (text: string, user = OFFICER): Promise<AdaptiveCard> => {
    const { id, body } = activity(user, { text });
    expect((await post(body)).status).toBeLessThan(300);
    const reply = await connector.waitFor((c) => c.path.endsWith(`/activities/${id}`) && c.body.type === "message");
    return (reply.body.attachments as { content: AdaptiveCard }[])[0]!.content;
  };
  /** A task/fetch or task/submit invoke, as Teams sends it: the button's or form's data under value.data. */
  const invoke = async (name: "task/fetch" | "task/submit", data: Record<string, unknown>, user = OFFICER): Promise<TaskAnswer> => {
    const { body } = activity(user, { type: "invoke", name, value: { type: name, data, context: { theme: "default" } } });
    const response = await post(body);
    expect(response.status).toBe(200);
    return (await response.json()) as TaskAnswer;
  };
  const open = (user = OFFICER, data: Record<string, unknown> = TARGET_BUTTON.data) => invoke("task/fetch", { ...data }, user);
  const send = (form: Record<string, string>, user = OFFICER) => invoke("task/submit", { ...STATE, ...form }, user);
  const dialogOf = (answer: TaskAnswer): AdaptiveCard => {
    expect(answer.task.type, JSON.stringify(answer)).toBe("continue");
    return (answer.task as Extract<TaskAnswer["task"], { type: "continue" }>).value.card.content;
  };
  const messageOf = (answer: TaskAnswer): string => {
    expect(answer.task.type, JSON.stringify(answer)).toBe("message");
    return String(answer.task.value);
  };
  /** The changes to AC/S8 made from Teams, newest first, as kpi ask "history AC/S8" --json lists them. */
  const fromTeams = async () => {
    const run = await runKpi(["ask", "history AC/S8", "--json"], { DATABASE_URL: target.url });
    expect(run.code, run.stderr).toBe(0);
    return (JSON.parse(run.stdout) as { entries: { by: string; via: string; action: string; before: string | null; after: string | null }[] }).entries.filter((e) => e.via === "teams");
  };

  it("puts a Set target button on the indicator card, and answers kpi target AC/S8 with one for an officer", async () => {
    expect((await say("kpi AC/S8")).actions).toContainEqual(TARGET_BUTTON);
    const prompt = await say("kpi target AC/S8");
    expect(problems(prompt)).toEqual([]);
    expect(prompt.actions).toEqual([TARGET_BUTTON]);
    expect(JSON.stringify(prompt.body)).toContain("next year's target");
    // A period after the reference rides in the button.
    expect((await say("kpi target AC/S8 Q2 2016/17")).actions).toEqual([{ ...TARGET_BUTTON, data: { ...TARGET_BUTTON.data, period: "Q2 2016/17" } }]);
  });

  it("tells an owner and a stranger why not, instead of a button or a dialog", async () => {
    const owner = await say("kpi target AC/S8", ALEX);
    expect(owner.actions).toBeUndefined();
    expect(JSON.stringify(owner)).toContain("You cannot set a target for AC/S8");
    expect(JSON.stringify(owner)).toContain("Setting a target for AC/S8 needs the officer role in London Borough of Barnet; you are an owner there.");
    expect(messageOf(await open(ALEX))).toContain("you are an owner there");
    expect(messageOf(await open(STRANGER))).toContain("the bot does not know who you are yet");
  });

  it("opens the dialog on task/fetch: the indicator, next financial year, the target, the state in its Set target", async () => {
    const dialog = dialogOf(await open());
    expect(problems(dialog)).toEqual([]);
    expect(JSON.stringify(dialog.body)).toContain("AC/S8 Percentage of new clients, older people accessing enablement");
    expect(inputOf(dialog, "period")).toMatchObject({ type: "Input.Text", value: "2017/18", maxLength: 40 });
    expect(inputOf(dialog, "value")).toMatchObject({ type: "Input.Text", value: "", maxLength: 200 });
    expect(dialog.actions).toEqual([{ type: "Action.Submit", title: "Set target", data: STATE }]);
    expect(attentions(dialog)).toEqual([]);
    // The period the button carries, with the target it has.
    const q2 = dialogOf(await open(OFFICER, { ...TARGET_BUTTON.data, period: "Q2 2016/17" }));
    expect(inputOf(q2, "period")!.value).toBe("Q2 2016/17");
    expect(inputOf(q2, "value")!.value).toBe("63.0%");
  });

  it("shows the dialog again with the error under the target or the period, what was typed kept, and sets nothing", async () => {
    const words = dialogOf(await send({ period: "2017/18", value: "about sixty" }));
    expect(problems(words)).toEqual([]);
    expect(under(words, "value")).toMatchObject({ type: "TextBlock", color: "Attention", text: expect.stringContaining("“about sixty” is not a target the bot can read") });
    expect(inputOf(words, "value")!.value).toBe("about sixty");
    expect(attentions(words)).toHaveLength(1);
    const period = dialogOf(await send({ period: "next year", value: "65%" }));
    expect(under(period, "period")).toMatchObject({ color: "Attention", text: expect.stringContaining("“next year” is not a period") });
    expect(inputOf(period, "value")!.value).toBe("65%");
    expect(attentions(period)).toHaveLength(1);
    expect(await fromTeams()).toEqual([]);
  });

  it("refuses an owner's submission and a form that is not this one's, setting nothing", async () => {
    expect(messageOf(await send({ period: "2017/18", value: "65%" }, ALEX))).toContain("you are an owner there");
    expect(messageOf(await invoke("task/submit", { verb: "kpi_target", ref: "AC/S8", period: "2017/18", value: "65%" }))).toContain("That form is out of date");
    expect(await fromTeams()).toEqual([]);
  });

  it("sets an officer's target for next year, audited, and the next dialog holds it", async () => {
    const notice = messageOf(await send({ period: "2017/18", value: "65%" }));
    expect(notice).toContain("Target set");
    expect(notice).toContain("AC/S8 2017/18: target 65%, set by olu.officer@example.org via teams.");
    expect((await fromTeams())[0]).toMatchObject({ action: "target for 2017/18 set", by: "olu.officer@example.org", after: expect.stringContaining("65%") });
    // Once the service reads the new data version (every 5 seconds), the dialog for 2017/18 has it, and the next one is 2018/19.
    const again = await eventually(async () => dialogOf(await open(OFFICER, { ...TARGET_BUTTON.data, period: "2017/18" })), (card) => inputOf(card, "value")!.value === "65%");
    expect(JSON.stringify(again.body)).toContain("2017/18 has the target 65%");
    expect(inputOf(dialogOf(await open()), "period")!.value).toBe("2018/19");
  });

  it("changes the target the card's latest result is rated against, and the card shows it", async () => {
    expect(messageOf(await send({ period: "Q2 2016/17", value: "50%" }))).toContain("53.2% is now rated Green");
    const card = await eventually(async () => JSON.stringify(await say("kpi AC/S8")), (c) => c.includes("against target **50%**"));
    expect(card).toContain("against target **50%**");
    expect((await fromTeams())[0]).toMatchObject({ action: "target for Q2 2016/17 set", before: expect.stringContaining("63.0%") });
  });

  it("logged no failure", () => {
    expect(log.entries().filter((e) => Number(e.level) >= 50).map((e) => JSON.stringify(e).slice(0, 600))).toEqual([]);
  });
});
