// The Slack update form, through the real HTTP receiver with signed requests: the card's Submit update
// button and `/kpi update AC/S8` open the modal (views.open on the fake Web API), and a view_submission,
// as Slack sends it, is recorded by the use case as the submitter may, or answered with the reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIMITS } from "../../src/platforms/slack/blocks.ts";
import type { Service } from "../../src/service.ts";
import { breaches, type Json } from "../helpers/block-kit.ts";
import { eventually } from "../helpers/eventually.ts";
import { filled, inputOf, modalBreaches } from "../helpers/slack-modal.ts";
import { providers } from "../helpers/databases.ts";
import { buttonBody, slackSignature, slashCommandBody, viewSubmissionBody, type FakeSlack } from "../helpers/fake-slack.ts";
import { memoryLog } from "../helpers/log.ts";
import { SLACK_SECRET as SECRET, startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { runKpi } from "../helpers/run.ts";

const BARNET = "T0BARNET";
/** A form opening's id: random, recorded by the server when the form opened. */
const OPENING = expect.stringMatching(/^[A-Za-z0-9_-]{24}$/);

/** Save draft pressed inside the modal (block_actions from a view), as Slack sends it: the view with what is typed so far. */
function saveDraftBody(view: Json, typed: Record<string, string>, user: string, team: string, viewId: string): string {
  const { values, private_metadata, callback_id } = filled(view, typed);
  const payload = {
    type: "block_actions",
    user: { id: user, username: "owner", team_id: team },
    api_app_id: "A1",
    token: "legacy-verification-token",
    container: { type: "view", view_id: viewId },
    trigger_id: "5.5.5",
    team: { id: team, domain: "council" },
    view: { id: viewId, team_id: team, type: "modal", callback_id, private_metadata, blocks: view.blocks, state: { values }, hash: "1.1", root_view_id: viewId, app_id: "A1", bot_id: "BBOT" },
    actions: [{ action_id: "kpi_update_draft", block_id: "draft", value: "draft", type: "button", action_ts: "1.2", text: { type: "plain_text", text: "Save draft" } }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** The App Home opened (event_callback), as Slack sends it. */
const appHomeOpened = (user: string, team: string) =>
  JSON.stringify({ token: "legacy-verification-token", team_id: team, api_app_id: "A1", type: "event_callback", event_id: `Ev-${user}`, event_time: Math.floor(Date.now() / 1000), event: { type: "app_home_opened", user, channel: "D1", tab: "home", event_ts: "1.1" } });

describe.each(providers)("Slack update form (%s)", (provider) => {
  let fixture: PlatformFixture;
  let slack: FakeSlack;
  let service: Service;
  const log = memoryLog();
  const kpi = (...args: string[]) => runKpi(args, fixture.env);
  /** The form as the bot opened it for an admin, from Barnet's workspace: what later submissions fill in. */
  let form: Json;

  beforeAll(async () => {
    fixture = await startPlatform({
      provider,
      platform: "slack",
      workspaces: { barnet: BARNET, sutton: "T0SUTTON" },
      people: [
        { email: "performance.team@example.org", slackUserId: "U0PERF" },
        { email: "val.viewer@example.org", name: "Val Viewer", organisation: "London Borough of Barnet", role: "viewer", slackUserId: "U0VAL" },
      ],
      slackUsers: [{ id: "U0ALEX", email: "alex.morgan@example.org" }],
      service: { logger: log.logger },
    });
    ({ fake: slack, service } = fixture);
  }, 240_000);
  afterAll(() => fixture?.stop());

  const post = (body: string) => fixture.post(body);
  /** The private answer to /kpi <text>. */
  const ask = async (text: string, user = "U0PERF", team = BARNET) => {
    const res = await post(slashCommandBody(text, slack.responseUrl(`ask-${Math.random()}`), user, team));
    expect(res.status).toBe(200);
    return (await res.json()) as Json;
  };
  /** The view views.open was called with for this trigger_id. */
  const opened = async (triggerId: string) => (await slack.waitFor((c) => c.path.startsWith("/api/views.open") && c.body.trigger_id === triggerId)).body.view as Json;
  const opensFor = (triggerId: string) => slack.calls.filter((c) => c.path.startsWith("/api/views.open") && c.body.trigger_id === triggerId);
  /** Slack's answer to a submitted form. */
  const submit = async (typed: Record<string, string>, user = "U0PERF", team = BARNET, view: Json = form) => {
    const res = await post(viewSubmissionBody(filled(view, typed), user, team));
    expect(res.status).toBe(200);
    return (await res.json()) as Json;
  };
  /** The updates recorded for AC/S8 from Slack, as kpi ask "history AC/S8" --json lists them. */
  const recordedFromSlack = async () => {
    const run = await kpi("ask", "history AC/S8", "--json");
    expect(run.code, run.stderr).toBe(0);
    return (JSON.parse(run.stdout) as { entries: { via: string; by: string; action: string; after: string }[] }).entries.filter((e) => e.via === "slack");
  };

  it("puts a Submit update button, valued with the reference, on the card", async () => {
    const answer = await ask("AC/S8");
    const blocks = answer.blocks as Json[];
    expect(breaches(blocks, LIMITS.messageBlocks)).toEqual([]);
    const buttons = blocks.filter((b) => b.type === "actions").flatMap((b) => b.elements as Json[]);
    const submitButton = buttons.find((b) => (b.text as Json).text === "Submit update");
    expect(submitButton).toMatchObject({ type: "button", action_id: "kpi_update", value: "AC/S8" });
  });

  it("opens the form with views.open when the button is pressed: the indicator, the next period, the inputs within Block Kit's limits", async () => {
    expect((await post(buttonBody("kpi_update", "AC/S8", slack.responseUrl("press-perf"), "U0PERF", BARNET, "trigger-perf"))).status).toBe(200);
    form = await opened("trigger-perf");
    expect(modalBreaches(form)).toEqual([]);
    expect(JSON.stringify(form.blocks)).toContain("AC/S8");
    expect(JSON.stringify(form.blocks)).toContain("Percentage of new clients, older people accessing enablement");
    // The same words as the Teams dialog (formContext): the latest figure, its period and target.
    expect(JSON.stringify(form.blocks)).toContain("London Borough of Barnet · Latest: 53.2% · Q2 2016/17, target 63.0%");
    // The form carries its state: its indicator's organisation, its opening's id (what it has shown is the server's record), the period it opened for.
    expect(JSON.parse(form.private_metadata as string)).toEqual({ ref: "AC/S8", organisation: "London Borough of Barnet", opening: OPENING, openedFor: "Q3 2016/17" });
    // The latest result is Q2 2016/17's: the form offers the quarter after.
    expect(inputOf(form, "Period").element).toMatchObject({ type: "plain_text_input", initial_value: "Q3 2016/17" });
    expect(inputOf(form, "Result").element).toMatchObject({ type: "number_input", is_decimal_allowed: true });
    expect(inputOf(form, "Commentary").element).toMatchObject({ type: "plain_text_input", multiline: true, max_length: 3000 });
    const optional = (form.blocks as Json[]).filter((b) => b.type === "input" && b.optional).map((b) => (b.label as Json).text);
    expect(optional).toEqual(expect.arrayContaining(["Numerator", "Denominator", "Proposed intervention"]));
    expect(optional).not.toContain("Commentary");
    expect(optional).not.toContain("Period");
    // Nothing was said in the channel: the form is the answer.
    expect(slack.calls.some((c) => c.path === "/response/press-perf")).toBe(false);
  });

  it("opens the same form for /kpi update AC/S8, and says what to type for /kpi update alone or a reference it does not see", async () => {
    const res = await post(slashCommandBody("update AC/S8", slack.responseUrl("cmd-update"), "U0PERF", BARNET, "trigger-cmd"));
    expect(res.status).toBe(200);
    // The form is the answer: the acknowledgement is empty, and nothing follows through response_url.
    expect(await res.text()).toBe("");
    const view = await opened("trigger-cmd");
    expect(modalBreaches(view)).toEqual([]);
    expect(JSON.parse(view.private_metadata as string)).toEqual({ ref: "AC/S8", organisation: "London Borough of Barnet", opening: OPENING, openedFor: "Q3 2016/17" });
    expect(inputOf(view, "Period").element.initial_value).toBe("Q3 2016/17");

    // Where there is no form to open, the acknowledgement says why.
    const bare = await post(slashCommandBody("update", slack.responseUrl("cmd-bare"), "U0PERF", BARNET, "trigger-bare"));
    expect(JSON.stringify(await bare.json())).toContain("/kpi update AC/S8");
    // Sutton's workspace does not see Barnet's AC/S8, even for an admin of every organisation.
    const suttonRes = await post(slashCommandBody("update AC/S8", slack.responseUrl("cmd-sutton"), "U0PERF", "T0SUTTON", "trigger-sutton"));
    const sutton = JSON.stringify(await suttonRes.json());
    expect(sutton).toContain("is not an indicator's reference here");
    expect(sutton).not.toContain("enablement");
    expect(opensFor("trigger-bare")).toHaveLength(0);
    expect(opensFor("trigger-sutton")).toHaveLength(0);
    expect(slack.calls.some((c) => c.path.startsWith("/response/cmd-"))).toBe(false);
  });

  it("tells a linked viewer why they may not submit instead of opening the form", async () => {
    await post(buttonBody("kpi_update", "AC/S8", slack.responseUrl("press-viewer"), "U0VAL", BARNET, "trigger-viewer"));
    const reply = JSON.stringify((await slack.waitFor((c) => c.path === "/response/press-viewer")).body);
    expect(reply).toContain("Submitting a result for AC/S8 needs you to own it or be its delegate, or the officer role in London Borough of Barnet; you are neither.");
    expect(reply).toContain('"response_type":"ephemeral"');
    expect(opensFor("trigger-viewer")).toHaveLength(0);
  });

  it("opens the form for someone not linked yet, then replaces it with the reason once their email says who they are", async () => {
    // A stranger: Slack has no email the bot knows for U0NOBODY.
    await post(buttonBody("kpi_update", "AC/S8", slack.responseUrl("press-stranger"), "U0NOBODY", BARNET, "trigger-stranger"));
    await opened("trigger-stranger");
    const update = await slack.waitFor((c) => c.path.startsWith("/api/views.update"));
    expect(update.body.view_id).toMatch(/^V/);
    expect(JSON.stringify(update.body.view)).toContain("the bot does not know who you are yet");
    expect(slack.calls.some((c) => c.path.startsWith("/api/users.info") && c.body.user === "U0NOBODY")).toBe(true);
    // An owner is known by email and linked; owning alone does not allow a submission while no reporting cycle is open.
    await post(buttonBody("kpi_update", "AC/S8", slack.responseUrl("press-owner"), "U0ALEX", BARNET, "trigger-owner"));
    await opened("trigger-owner");
    const owner = await slack.waitFor((c) => c.path.startsWith("/api/views.update") && JSON.stringify(c.body.view).includes("No reporting cycle is open"));
    expect(JSON.stringify(owner.body.view)).not.toContain("does not know who you are");
  });

  it("answers a result that is not a number with an error under the Result input, and records nothing", async () => {
    const answer = await submit({ Period: "Q3 2016/17", Result: "sixty", Commentary: "Up on last quarter." });
    expect(answer.response_action).toBe("errors");
    expect(Object.keys(answer.errors as Json)).toEqual([inputOf(form, "Result").blockId]);
    expect((answer.errors as Json)[inputOf(form, "Result").blockId]).toContain("is not a number");
    const noPeriod = await submit({ Period: "next quarter", Result: "64.1", Commentary: "" });
    expect(Object.keys(noPeriod.errors as Json).sort()).toEqual([inputOf(form, "Period").blockId, inputOf(form, "Commentary").blockId].sort());
    expect(await recordedFromSlack()).toEqual([]);
  });

  it("asks for a proposed intervention, under its input, when the result would be below Green", async () => {
    const answer = await submit({ Period: "Q3 2016/17", Result: "55", Commentary: "Fewer referrals from hospital." });
    expect(answer.response_action).toBe("errors");
    const error = (answer.errors as Json)[inputOf(form, "Proposed intervention").blockId];
    expect(error).toContain("would be rated Red");
    expect(Object.keys(answer.errors as Json)).toHaveLength(1);
    expect(await recordedFromSlack()).toEqual([]);
  });

  it("refuses a period that has not begun under the Period input, naming the current one", async () => {
    const answer = await submit({ Period: "Q1 2040/41", Result: "64.1", Commentary: "Up on last quarter." });
    expect(answer.response_action).toBe("errors");
    expect(answer.errors).toEqual({ [inputOf(form, "Period").blockId]: expect.stringMatching(/^Q1 2040\/41 has not begun; the current period is Q[1-4] 20\d\d\/\d\d\.$/) });
    expect(await recordedFromSlack()).toEqual([]);
  });

  it("asks about an unusual figure beside its field, carries that in the form's state, and records the same figure submitted again", async () => {
    // AC/S6's form (its figures are percentages): 500 out of 100 is over 100%, and a numerator above its denominator.
    const formForS6 = { ...form, private_metadata: JSON.stringify({ ref: "AC/S6", seen: 0, openedFor: "Q3 2016/17" }) };
    const typed = { Period: "Q3 2016/17", Numerator: "500", Denominator: "100", Commentary: "Counted twice?" };
    const asked = await submit(typed, "U0PERF", BARNET, formForS6);
    expect(asked.response_action).toBe("update");
    const view = asked.view as Json;
    expect(modalBreaches(view)).toEqual([]);
    const blocks = view.blocks as Json[];
    const after = (label: string) => blocks[blocks.indexOf(blocks.find((b) => b.type === "input" && (b.label as Json).text === label)!) + 1]!;
    expect(JSON.stringify(after("Result"))).toContain("500% is over 100%, unusual for a percentage. Check it, or submit again to record it as it is.");
    expect(JSON.stringify(after("Numerator"))).toContain("The numerator (500) is larger than the denominator (100)");
    expect(JSON.parse(view.private_metadata as string)).toMatchObject({ ref: "AC/S6", confirmed: expect.any(String) });
    expect(inputOf(view, "Commentary").element.initial_value).toBe(typed.Commentary);
    // Another figure in the same form is asked about again; the same figure again is recorded.
    const other = await submit({ ...typed, Numerator: "600" }, "U0PERF", BARNET, view);
    expect(JSON.stringify(other.view)).toContain("600% is over 100%");
    const recorded = await submit(typed, "U0PERF", BARNET, view);
    expect(JSON.stringify(recorded.view)).toContain("AC/S6 Q3 2016/17: 500%");
  });

  it("refuses a viewer's or a stranger's submission with the reason in the modal, and records nothing", async () => {
    const typed = { Period: "Q3 2016/17", Result: "64.1", Commentary: "Up on last quarter." };
    const viewer = await submit(typed, "U0VAL");
    expect(viewer.response_action).toBe("update");
    expect(JSON.stringify(viewer.view)).toContain("you are neither");
    expect(modalBreaches(viewer.view as Json)).toEqual([]);
    const stranger = await submit(typed, "U0STRANGER");
    expect(JSON.stringify(stranger.view)).toContain("the bot does not know who you are yet");
    // A workspace linked to no organisation, and one that does not see AC/S8, cannot submit for it either.
    expect(JSON.stringify((await submit(typed, "U0PERF", "T0OTHER")).view)).toContain("not linked to an organisation");
    expect(JSON.stringify((await submit(typed, "U0PERF", "T0SUTTON")).view)).toContain("There is no indicator AC/S8 in London Borough of Barnet.");
    // A form whose private_metadata was tampered with is out of date.
    expect(JSON.stringify((await submit(typed, "U0PERF", BARNET, { ...form, private_metadata: "not json" })).view)).toContain("out of date");
    expect(await recordedFromSlack()).toEqual([]);
  });

  it("records an admin's update from the form, shows the notice in the modal, and the card shows the provisional figure", async () => {
    const typed = { Period: "Q3 2016/17", Result: "64.1", Numerator: "234", Denominator: "365", Commentary: "Up on last quarter: the new reablement pathway." };
    const answer = await submit(typed);
    expect(answer.response_action).toBe("update");
    const view = answer.view as Json;
    expect(modalBreaches(view)).toEqual([]);
    expect(JSON.stringify(view)).toContain("Update recorded");
    expect(JSON.stringify(view)).toContain("AC/S8 Q3 2016/17: 64.1%, Green");
    expect(JSON.stringify(view)).toContain("via slack");
    const recorded = await recordedFromSlack();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ by: "performance.team@example.org", action: "result submitted for Q3 2016/17 (provisional)" });
    expect(recorded[0]!.after).toContain("64.1%");
    // Nothing is posted: the modal says it.
    expect(slack.calls.some((c) => c.path.startsWith("/api/chat.postMessage"))).toBe(false);

    // The service's read model reloads when it next reads the data version (every 5 seconds).
    const card = await eventually(async () => JSON.stringify(await ask("AC/S8")), (c) => c.includes("64.1% (provisional)"));
    expect(card).toContain("64.1% (provisional)");
    expect(card).toContain("Q3 2016/17");

    // The same submission again (a double click, a retry: the same form opening) is recorded once.
    const again = await submit(typed);
    expect(again.response_action).toBe("update");
    expect(JSON.stringify(again.view)).toContain("Already recorded");
    expect(await recordedFromSlack()).toHaveLength(1);
    // The same figure with other commentary is not a retry: recorded anew.
    const reworded = await submit({ ...typed, Commentary: "Up on last quarter: the new reablement pathway, and fewer delayed discharges." });
    expect(JSON.stringify(reworded.view)).toContain("Update recorded");
    expect((await recordedFromSlack()).map((e) => e.after)).toEqual([expect.stringContaining("fewer delayed discharges"), expect.stringContaining("64.1%")]);
  });

  it("offers the quarter after the provisional figure the next time the form opens", async () => {
    await post(buttonBody("kpi_update", "AC/S8", slack.responseUrl("press-next"), "U0PERF", BARNET, "trigger-next"));
    expect(inputOf(await opened("trigger-next"), "Period").element.initial_value).toBe("Q4 2016/17");
  });

  it("records the same figure again from a new form opening: A, then B, then A is three submissions, the last awaiting review", async () => {
    const period = "Q2 2017/18";
    const openNew = async (trigger: string) => {
      await post(buttonBody("kpi_update", "AC/S8", slack.responseUrl(`press-${trigger}`), "U0PERF", BARNET, trigger));
      return await opened(trigger);
    };
    const typed = (value: string) => ({ Period: period, Result: value, Commentary: "Quarterly return.", "Proposed intervention": "Weekly review of referrals." });
    for (const [value, trigger] of [["61", "trigger-a"], ["62", "trigger-b"], ["61", "trigger-a-again"]] as const) {
      const answer = await submit(typed(value), "U0PERF", BARNET, await openNew(trigger));
      expect(JSON.stringify(answer.view), value).toContain("Update recorded");
    }
    const rows = await service.database.db.submission.findMany({ where: { indicator: { ref: "AC/S8" }, period: { label: period } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.text, r.status])).toEqual([["61%", "superseded"], ["62%", "superseded"], ["61%", "submitted"]]);
  });

  describe("with a reporting cycle open for Q4 2016/17", () => {
    /** The form Alex Morgan (who owns AC/S8) opened, as they will submit it. */
    let alexForm: Json;
    const ALEX_TYPED = { Period: "Q4 2016/17", Result: "66.5", Commentary: "Up again: the reablement pathway is bedding in." };
    const openFor = async (user: string, trigger: string) => {
      await post(buttonBody("kpi_update", "AC/S8", slack.responseUrl(`press-${trigger}`), user, BARNET, trigger));
      return await opened(trigger);
    };
    const due = async (user: string) => JSON.stringify(await ask("due", user));

    beforeAll(async () => {
      const run = await kpi("cycle", "open", "Q4 2016/17", "--due", "2017-04-20", "--organisation", "barnet");
      expect(run.stdout).toContain("updates for Q4 2016/17 are due");
    }, 60_000);

    it("answers due (and my updates) with what the owner owes: AC/S8 to do by the deadline, with its Submit update button", async () => {
      const answer = await ask("due", "U0ALEX");
      expect(breaches(answer.blocks as Json[], LIMITS.messageBlocks)).toEqual([]);
      const row = (answer.blocks as Json[]).find((b) => JSON.stringify(b.text ?? "").includes("*AC/S8*"));
      expect(JSON.stringify(row)).toContain("Q4 2016/17, due Thursday, 20 April 2017 · *to do*");
      expect(row!.accessory).toMatchObject({ type: "button", action_id: "kpi_update", value: "AC/S8" });
      expect(JSON.stringify(await ask("my updates", "U0ALEX"))).toContain("*AC/S8*");
      // A viewer owns nothing, so owes nothing.
      expect(await due("U0VAL")).toContain("you own no indicators");
    });

    it("shows the updates due on the App Home, above the indicators owned, each to do with the Submit update button", async () => {
      const event = appHomeOpened("U0ALEX", BARNET);
      const res = await fetch(`http://127.0.0.1:${service.port}/slack/events`, { method: "POST", headers: { "content-type": "application/json", ...slackSignature(SECRET, event) }, body: event });
      expect(res.status).toBe(200);
      const published = await slack.waitFor((c) => c.path.startsWith("/api/views.publish") && c.body.user_id === "U0ALEX");
      const blocks = (published.body.view as Json).blocks as Json[];
      expect(breaches(blocks, LIMITS.surfaceBlocks)).toEqual([]);
      const texts = blocks.map((b) => JSON.stringify(b.text ?? ""));
      const dueAt = texts.findIndex((t) => t.includes("Your updates due"));
      expect(dueAt).toBeGreaterThan(0);
      expect(dueAt).toBeLessThan(texts.findIndex((t) => t.includes("Your indicators")));
      const row = blocks.find((b) => JSON.stringify(b.text ?? "").includes("*AC/S8*") && JSON.stringify(b.text).includes("to do"));
      expect(row!.accessory).toMatchObject({ action_id: "kpi_update", value: "AC/S8" });
    });

    it("opens the owner's form for the cycle's period; Save draft keeps what is typed and says so in the modal", async () => {
      alexForm = await openFor("U0ALEX", "trigger-alex");
      expect(modalBreaches(alexForm)).toEqual([]);
      expect(JSON.parse(alexForm.private_metadata as string)).toEqual({ ref: "AC/S8", organisation: "London Borough of Barnet", opening: OPENING, openedFor: "Q4 2016/17" });
      const draftButton = (alexForm.blocks as Json[]).filter((b) => b.type === "actions").flatMap((b) => b.elements as Json[]);
      expect(draftButton).toEqual([expect.objectContaining({ action_id: "kpi_update_draft", text: expect.objectContaining({ text: "Save draft" }) })]);

      const half = { Period: "Q4 2016/17", Result: "66.5", Commentary: "Half written: waiting for the hospital figures." };
      expect((await post(saveDraftBody(alexForm, half, "U0ALEX", BARNET, "V-ALEX"))).status).toBe(200);
      const update = await slack.waitFor((c) => c.path.startsWith("/api/views.update") && c.body.view_id === "V-ALEX");
      const saved = update.body.view as Json;
      expect(modalBreaches(saved)).toEqual([]);
      expect(JSON.stringify(saved.blocks)).toMatch(/Draft saved \d\d:\d\d/);
      // Still the same form: its state and what was typed.
      expect(JSON.parse(saved.private_metadata as string)).toEqual(JSON.parse(alexForm.private_metadata as string));
      expect(inputOf(saved, "Commentary").element.initial_value).toBe(half.Commentary);
      // Saved, not submitted: nothing recorded, and due says so.
      expect((await recordedFromSlack()).filter((e) => e.action.includes("Q4 2016/17"))).toEqual([]);
      expect(await due("U0ALEX")).toContain("Q4 2016/17, due Thursday, 20 April 2017 · *draft saved*");

      // Opened again, the form starts from the draft and says so.
      const again = await openFor("U0ALEX", "trigger-alex-again");
      expect(modalBreaches(again)).toEqual([]);
      expect(JSON.stringify(again.blocks)).toMatch(/from your draft of \d{1,2} [A-Z][a-z]{2} \d\d:\d\d/);
      expect(inputOf(again, "Commentary").element.initial_value).toBe(half.Commentary);
      expect(inputOf(again, "Result").element.initial_value).toBe("66.5");
      // Nobody else sees it: the performance team's form for the same period starts empty.
      const theirs = await openFor("U0PERF", "trigger-perf-q4");
      expect(JSON.stringify(theirs.blocks)).not.toContain("from your draft");
      expect(inputOf(theirs, "Commentary").element.initial_value).toBeUndefined();
    });

    it("tells the second of two editors what the first submitted since their form opened, and records their next submit", async () => {
      // The performance team submits first (from the command line), after Alex opened the form.
      const first = await kpi("update", "AC/S8", "--period", "Q4 2016/17", "--value", "62.0", "--commentary", "From the quarterly return.", "--intervention", "Weekly review of referrals.", "--as", "performance.team@example.org");
      expect(first.code, first.stderr).toBe(0);
      const told = await submit(ALEX_TYPED, "U0ALEX", BARNET, alexForm);
      expect(told.response_action).toBe("update");
      const view = told.view as Json;
      expect(modalBreaches(view)).toEqual([]);
      expect(JSON.stringify(view.blocks)).toMatch(/Performance Team submitted 62\.0% at \d\d:\d\d after you opened this form: submit again to replace it with yours/);
      const state = JSON.parse(view.private_metadata as string) as { opening: string };
      expect(state.opening).toEqual(OPENING);
      expect(state.opening).not.toBe(JSON.parse(alexForm.private_metadata as string).opening);
      // What Alex typed is still there; nothing of theirs was recorded.
      expect(inputOf(view, "Commentary").element.initial_value).toBe(ALEX_TYPED.Commentary);
      expect((await recordedFromSlack()).filter((e) => e.action.includes("Q4 2016/17"))).toEqual([]);

      // What the form has shown is the server's record: a state claiming to have seen more, or another opening, is told again.
      const opening = JSON.parse(alexForm.private_metadata as string).opening as string;
      for (const forged of [{ ref: "AC/S8", opening, seen: 999_999, openedFor: "Q4 2016/17" }, { ref: "AC/S8", opening: "A".repeat(24), openedFor: "Q4 2016/17" }]) {
        const tampered = await submit(ALEX_TYPED, "U0ALEX", BARNET, { ...alexForm, private_metadata: JSON.stringify(forged) });
        expect(JSON.stringify((tampered.view as Json).blocks)).toContain("Performance Team submitted 62.0%");
      }
      expect((await recordedFromSlack()).filter((e) => e.action.includes("Q4 2016/17"))).toEqual([]);

      // Submitted again from the form as it now stands: recorded, and the draft is gone.
      const recorded = await submit(ALEX_TYPED, "U0ALEX", BARNET, view);
      expect(JSON.stringify(recorded.view)).toContain("Update recorded");
      expect((await recordedFromSlack()).filter((e) => e.action.includes("Q4 2016/17")).map((e) => e.by)).toEqual(["alex.morgan@example.org"]);
      const reopened = await openFor("U0ALEX", "trigger-alex-after");
      expect(JSON.stringify(reopened.blocks)).not.toContain("from your draft");
      expect(inputOf(reopened, "Commentary").element.initial_value).toBeUndefined();
      expect(await due("U0ALEX")).toContain("Q4 2016/17, due Thursday, 20 April 2017 · *submitted, awaiting review*");
    });

    it("never tells someone about their own submission as though another editor made it", async () => {
      const own = await openFor("U0ALEX", "trigger-alex-own");
      const fromCli = await kpi("update", "AC/S8", "--period", "Q4 2016/17", "--value", "66.8", "--commentary", "Corrected count.", "--as", "alex.morgan@example.org");
      expect(fromCli.code, fromCli.stderr).toBe(0);
      const answer = await submit({ ...ALEX_TYPED, Result: "66.9" }, "U0ALEX", BARNET, own);
      expect(JSON.stringify(answer.view)).not.toContain("after you opened this form");
      expect(JSON.stringify(answer.view)).toContain("Update recorded");
    });
  });

  it("logged no failure", () => {
    expect(log.entries().filter((e) => Number(e.level) >= 50).map((e) => JSON.stringify(e).slice(0, 600))).toEqual([]);
    expect(log.entries().filter((e) => Number(e.level) >= 50)).toEqual([]);
  });
});
