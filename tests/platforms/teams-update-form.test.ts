// The Submit update dialog in Teams, through /api/messages: the button on the cards, the dialog a
// task/fetch opens, a task/submit checked (errors beside their fields) and recorded once, refusals.
// Invoke answers come back in the HTTP response; message replies go to a local stand-in connector.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdaptiveCard } from "../../src/platforms/teams/cards.ts";
import { problems } from "../helpers/adaptive-cards.ts";
import { providers, type TestDatabase } from "../helpers/databases.ts";
import type { FakeSlack as Recorder } from "../helpers/fake-slack.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { runKpi } from "../helpers/run.ts";

const BARNET = "11111111-1111-4111-8111-111111111111";
const SUTTON = "22222222-2222-4222-8222-222222222222";
/** Teams users (Entra object ids): the performance team (admin of every organisation), a Barnet viewer, Sutton's owner, someone unknown. */
const PERF = "aaaaaaaa-0000-4000-8000-000000000001";
const VIEWER = "aaaaaaaa-0000-4000-8000-000000000002";
const SUTTON_OWNER = "aaaaaaaa-0000-4000-8000-000000000003";
const STRANGER = "bbbbbbbb-0000-4000-8000-000000000009";
/** Alex Morgan owns AC/S8 in Barnet. */
const ALEX = "aaaaaaaa-0000-4000-8000-000000000004";

const UPDATE_BUTTON = { type: "Action.Submit", title: "Submit update", data: { msteams: { type: "task/fetch" }, verb: "kpi_update", ref: "AC/S8" } };

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

describe.each(providers)("Teams: the Submit update dialog (%s)", (provider) => {
  let fixture: PlatformFixture;
  let target: TestDatabase;
  let connector: Recorder;

  beforeAll(async () => {
    fixture = await startPlatform({
      provider,
      platform: "teams",
      workspaces: { barnet: BARNET, sutton: SUTTON },
      people: [
        { email: "performance.team@example.org", teamsUserId: PERF },
        { email: "val.viewer@example.org", name: "Val Viewer", organisation: "barnet", role: "viewer", teamsUserId: VIEWER },
        { email: "jordan.lee@example.org", teamsUserId: SUTTON_OWNER },
        { email: "alex.morgan@example.org", teamsUserId: ALEX },
      ],
    });
    ({ target, fake: connector } = fixture);
  }, 240_000);
  afterAll(() => fixture?.stop());

  const activity = (user: string, extra: Record<string, unknown>, tenant = BARNET) => fixture.activity({ user, tenant }, extra);
  const post = (body: object) => fixture.post(body);
  /** The card the bot sent in reply to a message. */
  const say = async (text: string, user = PERF): Promise<AdaptiveCard> => {
    const { id, body } = activity(user, { text });
    expect((await post(body)).status).toBeLessThan(300);
    const reply = await connector.waitFor((c) => c.path.endsWith(`/activities/${id}`) && c.body.type === "message");
    return (reply.body.attachments as { content: AdaptiveCard }[])[0]!.content;
  };
  /** A task/fetch or task/submit invoke, as Teams sends it: the button's or form's data under value.data. */
  const invoke = async (name: "task/fetch" | "task/submit", data: Record<string, unknown>, user = PERF, tenant = BARNET): Promise<TaskAnswer> => {
    const { body } = activity(user, { type: "invoke", name, value: { type: name, data, context: { theme: "default" } } }, tenant);
    const response = await post(body);
    expect(response.status).toBe(200);
    return (await response.json()) as TaskAnswer;
  };
  const open = (user = PERF, tenant = BARNET) => invoke("task/fetch", { ...UPDATE_BUTTON.data }, user, tenant);
  const send = (form: Record<string, string>, user = PERF, tenant = BARNET) => invoke("task/submit", { verb: "kpi_update", ref: "AC/S8", ...form }, user, tenant);
  const dialogOf = (answer: TaskAnswer): AdaptiveCard => {
    expect(answer.task.type, JSON.stringify(answer)).toBe("continue");
    return (answer.task as Extract<TaskAnswer["task"], { type: "continue" }>).value.card.content;
  };
  const messageOf = (answer: TaskAnswer): string => {
    expect(answer.task.type, JSON.stringify(answer)).toBe("message");
    return String(answer.task.value);
  };
  /** What history AC/S8 lists (the recorded changes), from the command line. */
  const recorded = async () => {
    const run = await runKpi(["ask", "history AC/S8", "--json"], { DATABASE_URL: target.url });
    expect(run.code, run.stderr).toBe(0);
    return (JSON.parse(run.stdout) as { entries: { by: string; via: string; action: string; after: string }[] }).entries;
  };

  const VALID = { period: "Q3 2016/17", value: "64.1", numerator: "", denominator: "", commentary: "Up since the new reablement team started in October.", intervention: "" };

  it("puts a Submit update button on the indicator card, and answers kpi update AC/S8 with one", async () => {
    const indicator = await say("kpi AC/S8");
    expect(indicator.actions).toContainEqual(UPDATE_BUTTON);
    const prompt = await say("kpi update AC/S8");
    expect(problems(prompt)).toEqual([]);
    expect(prompt.actions).toEqual([UPDATE_BUTTON]);
    expect(JSON.stringify(prompt.body)).toContain("Latest result: 53.2% (Q2 2016/17)");
    const refused = await say("kpi update AC/S8", STRANGER);
    expect(refused.actions).toBeUndefined();
    expect(JSON.stringify(refused)).toContain("the bot does not know who you are yet");
    // A bare update is asked which one, as Slack asks it.
    const bare = JSON.stringify(await say("kpi update"));
    expect(bare).toContain("Say which one");
    expect(bare).toContain("kpi update AC/S8");
  });

  it("opens the dialog on task/fetch: the indicator, the period after its latest result, each input", async () => {
    const answer = await open();
    expect(answer.task.type).toBe("continue");
    const card = dialogOf(answer);
    expect(problems(card)).toEqual([]);
    expect(JSON.stringify(card.body)).toContain("AC/S8 Percentage of new clients, older people accessing enablement");
    // What the owner needs before typing, as Slack's modal says it: the latest figure (its unit), its period and target.
    expect(JSON.stringify(card.body)).toContain("London Borough of Barnet · Latest: 53.2% · Q2 2016/17, target 63.0%");
    expect(inputOf(card, "period")).toMatchObject({ type: "Input.Text", value: "Q3 2016/17" });
    expect(inputOf(card, "value")).toMatchObject({ type: "Input.Number" });
    expect(inputOf(card, "numerator")).toMatchObject({ type: "Input.Number" });
    expect(inputOf(card, "denominator")).toMatchObject({ type: "Input.Number" });
    expect(inputOf(card, "commentary")).toMatchObject({ type: "Input.Text", isMultiline: true, maxLength: 3000 });
    expect(inputOf(card, "intervention")).toMatchObject({ type: "Input.Text", isMultiline: true });
    // Nothing is required in the card itself, or the client would refuse to send a half-filled draft: the bot says what is missing.
    expect(elements(card.body).filter((e) => e.isRequired)).toEqual([]);
    // The form carries its state: its organisation, its opening's random id (what it has shown is the server's record), the period it opened for.
    const state = { verb: "kpi_update", ref: "AC/S8", organisation: "London Borough of Barnet", opening: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/), openedFor: "Q3 2016/17" };
    expect(card.actions).toEqual([
      { type: "Action.Submit", title: "Submit", data: state },
      { type: "Action.Submit", title: "Save draft", data: { ...state, draft: true } },
    ]);
    expect(attentions(card)).toEqual([]);
  });

  it("shows the dialog again for a result that is not a number, the message under the result and what was typed kept", async () => {
    const card = dialogOf(await send({ ...VALID, value: "abc" }));
    expect(problems(card)).toEqual([]);
    expect(under(card, "value")).toMatchObject({ type: "TextBlock", color: "Attention", text: expect.stringContaining("“abc” is not a number") });
    expect(inputOf(card, "period")!.value).toBe("Q3 2016/17");
    expect(inputOf(card, "commentary")!.value).toBe(VALID.commentary);
    expect(attentions(card)).toHaveLength(1);
    expect(await recorded()).toEqual([]);
  });

  it("asks for an intervention below Green, under the intervention input", async () => {
    const card = dialogOf(await send({ ...VALID, value: "50" }));
    expect(problems(card)).toEqual([]);
    expect(under(card, "intervention")).toMatchObject({ type: "TextBlock", color: "Attention", text: expect.stringContaining("50% would be rated Red") });
    expect(inputOf(card, "value")!.value).toBe(50);
    expect(attentions(card)).toHaveLength(1);
    expect(await recorded()).toEqual([]);
  });

  it("asks about an unusual figure under its input, carries that in the dialog's data, and records the same figure sent again", async () => {
    // AC/S6's figures are percentages: 500 out of 100 is over 100%, and a numerator above its denominator.
    const unusual = { ...VALID, ref: "AC/S6", value: "", numerator: "500", denominator: "100" };
    const card = dialogOf(await send(unusual));
    expect(problems(card)).toEqual([]);
    expect(under(card, "value")).toMatchObject({ color: "Attention", text: "500% is over 100%, unusual for a percentage. Check it, or submit again to record it as it is." });
    expect(under(card, "numerator")).toMatchObject({ color: "Attention", text: expect.stringContaining("The numerator (500) is larger than the denominator (100)") });
    const data = (card.actions as { title: string; data: Record<string, unknown> }[]).find((a) => a.title === "Submit")!.data;
    expect(data).toMatchObject({ ref: "AC/S6", confirmed: expect.any(String) });
    // Another figure with that data is asked about again; the same figure is recorded.
    expect(under(dialogOf(await invoke("task/submit", { ...data, ...unusual, numerator: "600" })), "value")).toMatchObject({ text: expect.stringContaining("600% is over 100%") });
    expect(messageOf(await invoke("task/submit", { ...data, ...unusual }))).toContain("AC/S6 Q3 2016/17: 500%");
  });

  it("refuses a stranger, a viewer and another council's owner, saying why, and records nothing", async () => {
    expect(messageOf(await open(STRANGER))).toContain("the bot does not know who you are yet");
    expect(messageOf(await send(VALID, STRANGER))).toContain("the bot does not know who you are yet");
    expect(messageOf(await open(VIEWER))).toContain("needs you to own it or be its delegate, or the officer role in London Borough of Barnet; you are neither");
    expect(messageOf(await send(VALID, VIEWER))).toContain("you are neither");
    expect(messageOf(await send(VALID, SUTTON_OWNER))).toContain("you belong to London Borough of Sutton");
    // From Sutton's tenant Barnet's AC/S8 is not there to update.
    for (const answer of [await open(PERF, SUTTON), await send(VALID, PERF, SUTTON)]) {
      expect(messageOf(answer)).not.toMatch(/53\.2%|Update recorded/);
    }
    expect(await recorded()).toEqual([]);
  });

  it("records a valid submission, and the card then shows the provisional figure", async () => {
    const notice = messageOf(await send(VALID));
    expect(notice).toContain("Update recorded");
    expect(notice).toContain("AC/S8 Q3 2016/17: 64.1%, Green");
    expect(notice).toContain("from performance.team@example.org via teams");
    const entries = await recorded();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ by: "performance.team@example.org", via: "teams", action: "result submitted for Q3 2016/17 (provisional)" });
    expect(entries[0]!.after).toContain("64.1%; commentary: Up since the new reablement team started in October.");
    // The service's read model picks the change up when it next reads the data version (every 5 s).
    let card = "";
    for (const started = Date.now(); !card.includes("64.1% (provisional)") && Date.now() - started < 15_000; ) card = JSON.stringify(await say("kpi AC/S8"));
    expect(card).toContain("64.1% (provisional)");
    expect(card).toContain("submitted by performance.team@example.org");
    // The next dialog starts at the period after the provisional one.
    expect(inputOf(dialogOf(await open()), "period")!.value).toBe("Q4 2016/17");
  });

  it("records the same submission sent twice from one dialog once; the same figure from a new dialog is a new submission", async () => {
    const opening = (dialogOf(await open(PERF)).actions as { data: { opening: string } }[])[0]!.data.opening;
    const form = { ...VALID, period: "Q4 2016/17", value: "58", intervention: "Two more reablement workers from January.", opening };
    expect(messageOf(await send(form))).toContain("Update recorded");
    expect(messageOf(await send(form))).toContain("Already recorded");
    expect((await recorded()).filter((e) => e.action.includes("Q4 2016/17"))).toHaveLength(1);
    // Meant again (a dialog opened anew, or data from a client that carries no opening): recorded again.
    expect(messageOf(await send({ ...form, opening: "" }))).toContain("Update recorded");
    expect((await recorded()).filter((e) => e.action.includes("Q4 2016/17"))).toHaveLength(2);
  });

  it("answers a form whose data is not this form's as out of date", async () => {
    expect(messageOf(await invoke("task/submit", { verb: "kpi_update" }))).toContain("That form is out of date");
    expect(messageOf(await invoke("task/fetch", { verb: "kpi_update", msteams: { type: "task/fetch" } }))).toContain("That form is out of date");
  });

  it("tells an owner while no cycle is open, and another council's owner, why not before the dialog opens", async () => {
    expect(messageOf(await open(ALEX))).toContain("No reporting cycle is open for London Borough of Barnet, so only its officers and admins may submit");
    expect(messageOf(await open(SUTTON_OWNER))).toContain("you belong to London Borough of Sutton");
    const prompt = await say("kpi update AC/S8", ALEX);
    expect(prompt.actions).toBeUndefined();
    expect(JSON.stringify(prompt)).toContain("No reporting cycle is open");
  });

  describe("with a reporting cycle open for Q1 2017/18", () => {
    /** The Save draft or Submit of Alex's dialog: its state and what is typed. */
    const alexSends = (state: { opening: string; seen?: number; draft?: boolean }, form: Record<string, string>) => invoke("task/submit", { verb: "kpi_update", ref: "AC/S8", openedFor: "Q1 2017/18", ...state, ...form }, ALEX);
    const texts = (card: AdaptiveCard) => elements(card.body).filter((e) => e.type === "TextBlock").map((e) => String(e.text));
    /** The opening a dialog's buttons carry. */
    const openingOf = (card: AdaptiveCard) => (card.actions as { data: { opening: string } }[])[0]!.data.opening;
    const ALEX_FORM = { period: "Q1 2017/18", value: "66.5", numerator: "", denominator: "", commentary: "Up again as the reablement pathway beds in.", intervention: "Keep the weekly referral review." };

    beforeAll(async () => {
      expect((await runKpi(["cycle", "open", "Q1 2017/18", "--due", "2017-07-20", "--organisation", "barnet"], { DATABASE_URL: target.url })).stdout).toContain("updates for Q1 2017/18 are due");
    }, 60_000);

    it("answers kpi due with what the owner owes, each to do with the Submit update button", async () => {
      const due = await say("kpi due", ALEX);
      expect(problems(due)).toEqual([]);
      const row = elements(due.body).find((e) => e.type === "Container" && JSON.stringify(e).includes("**AC/S8**"));
      expect(JSON.stringify(row)).toContain("Q1 2017/18, due Thursday, 20 July 2017 · **to do**");
      expect(elements((row!.items as unknown[]) ?? []).find((e) => e.type === "ActionSet")).toMatchObject({ actions: [UPDATE_BUTTON] });
      // Sutton's owner, asking in Barnet's tenant, owns nothing it shows.
      expect(JSON.stringify(await say("what is due?", SUTTON_OWNER))).toContain("Jordan Lee, you own no indicators");
    });

    it("saves a half-filled dialog as a draft, says so, and opens the next dialog from it for its owner only", async () => {
      const opened = dialogOf(await open(ALEX));
      expect(inputOf(opened, "period")!.value).toBe("Q1 2017/18");
      expect(opened.actions).toContainEqual({ type: "Action.Submit", title: "Save draft", data: { verb: "kpi_update", ref: "AC/S8", organisation: "London Borough of Barnet", opening: openingOf(opened), openedFor: "Q1 2017/18", draft: true } });

      const half = { period: "Q1 2017/18", value: "", numerator: "", denominator: "", commentary: "Half written: waiting for the hospital figures.", intervention: "" };
      const saved = dialogOf(await alexSends({ opening: openingOf(opened), draft: true }, half));
      expect(problems(saved)).toEqual([]);
      expect(texts(saved).join("\n")).toMatch(/Draft saved \d\d:\d\d/);
      // No checks for a draft: no result, yet no error.
      expect(attentions(saved)).toEqual([]);
      expect(inputOf(saved, "commentary")!.value).toBe(half.commentary);
      expect((await recorded()).filter((e) => e.action.includes("Q1 2017/18"))).toEqual([]);
      expect(JSON.stringify(await say("kpi my updates", ALEX))).toContain("Q1 2017/18, due Thursday, 20 July 2017 · **draft saved**");

      const again = dialogOf(await open(ALEX));
      expect(texts(again).join("\n")).toMatch(/from your draft of \d{1,2} [A-Z][a-z]{2} \d\d:\d\d/);
      expect(inputOf(again, "commentary")!.value).toBe(half.commentary);
      const theirs = dialogOf(await open(PERF));
      expect(JSON.stringify(theirs)).not.toContain("from your draft");
      expect(inputOf(theirs, "commentary")!.value).toBe("");
    });

    it("shows the second of two editors what the first submitted since the dialog opened, then records their next Submit and drops the draft", async () => {
      // The performance team submits after Alex opened the dialog.
      const opening = openingOf(dialogOf(await open(ALEX)));
      expect(messageOf(await send({ ...ALEX_FORM, value: "70", commentary: "From the quarterly return." }))).toContain("Update recorded");
      // What the dialog has shown is the server's record of its opening: data claiming more, or another opening, is told all the same.
      for (const forged of [{ opening, seen: 999_999 }, { opening: "A".repeat(24) }]) {
        expect(attentions(dialogOf(await alexSends(forged, ALEX_FORM))).map((e) => e.text).join(" ")).toContain("Performance Team submitted 70%");
      }
      const told = dialogOf(await alexSends({ opening }, ALEX_FORM));
      expect(problems(told)).toEqual([]);
      expect(attentions(told).map((e) => e.text).join(" ")).toMatch(/Performance Team submitted 70% at \d\d:\d\d after you opened this form: submit again to replace it with yours/);
      expect(inputOf(told, "commentary")!.value).toBe(ALEX_FORM.commentary);
      const shown = openingOf(told);
      expect(shown).not.toBe(opening);
      expect((await recorded()).filter((e) => e.action.includes("Q1 2017/18")).map((e) => e.by)).toEqual(["performance.team@example.org"]);

      expect(messageOf(await alexSends({ opening: shown }, ALEX_FORM))).toContain("Update recorded");
      expect((await recorded()).filter((e) => e.action.includes("Q1 2017/18")).map((e) => e.by)).toEqual(["alex.morgan@example.org", "performance.team@example.org"]);
      const reopened = dialogOf(await open(ALEX));
      expect(JSON.stringify(reopened)).not.toContain("from your draft");
      expect(inputOf(reopened, "commentary")!.value).toBe("");
      expect(JSON.stringify(await say("kpi due", ALEX))).toContain("Q1 2017/18, due Thursday, 20 July 2017 · **submitted, awaiting review**");
    });
  });
});
