// The Slack target form, through the real HTTP receiver with signed requests: `/kpi target AC/S8` and the
// card's Set target button open the modal (views.open on the fake Web API) for officers and admins only,
// and a view_submission, as Slack sends it, sets the target through the use case (audited), or answers
// with the problem under its input.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Json } from "../helpers/block-kit.ts";
import { eventually } from "../helpers/eventually.ts";
import { providers, type TestDatabase } from "../helpers/databases.ts";
import { buttonBody, slashCommandBody, viewSubmissionBody, type FakeSlack } from "../helpers/fake-slack.ts";
import { memoryLog } from "../helpers/log.ts";
import { filled, inputOf, modalBreaches } from "../helpers/slack-modal.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { runKpi } from "../helpers/run.ts";

const BARNET = "T0BARNET";

describe.each(providers)("Slack target form (%s)", (provider) => {
  let fixture: PlatformFixture;
  let target: TestDatabase;
  let slack: FakeSlack;
  const log = memoryLog();
  /** The form as the bot opened it for Barnet's officer: what later submissions fill in. */
  let form: Json;

  beforeAll(async () => {
    fixture = await startPlatform({
      provider,
      platform: "slack",
      workspaces: { barnet: BARNET, sutton: "T0SUTTON" },
      people: [
        { email: "olu.officer@example.org", name: "Olu Officer", organisation: "barnet", role: "officer", slackUserId: "U0OLU" },
        // Alex Morgan owns AC/S8: an owner submits its results, but does not set its targets.
        { email: "alex.morgan@example.org", slackUserId: "U0ALEX" },
      ],
      // Questions answered in the acknowledgement, however slow the shared machine is.
      service: { logger: log.logger, jobs: false, slackAckBudgetMs: 30_000 },
    });
    ({ target, fake: slack } = fixture);
  }, 240_000);
  afterAll(() => fixture?.stop());

  const post = (body: string) => fixture.post(body);
  /** `/kpi <text>` with a trigger_id: the acknowledgement's body ("" where a form opens instead). */
  const command = async (text: string, user: string, trigger: string, team = BARNET) => {
    const res = await post(slashCommandBody(text, slack.responseUrl(`cmd-${trigger}`), user, team, trigger));
    expect(res.status).toBe(200);
    return await res.text();
  };
  const opened = async (triggerId: string) => (await slack.waitFor((c) => c.path.startsWith("/api/views.open") && c.body.trigger_id === triggerId)).body.view as Json;
  const opensFor = (triggerId: string) => slack.calls.filter((c) => c.path.startsWith("/api/views.open") && c.body.trigger_id === triggerId);
  /** Slack's answer to a submitted form, typed by label. */
  const submit = async (typed: Record<string, string>, user = "U0OLU", view: Json = form) => {
    const res = await post(viewSubmissionBody(filled(view, typed), user, BARNET));
    expect(res.status).toBe(200);
    return (await res.json()) as Json;
  };
  /** The changes to AC/S8 made from Slack, newest first, as kpi ask "history AC/S8" --json lists them. */
  const fromSlack = async () => {
    const run = await runKpi(["ask", "history AC/S8", "--json"], { DATABASE_URL: target.url });
    expect(run.code, run.stderr).toBe(0);
    return (JSON.parse(run.stdout) as { entries: { via: string; by: string; action: string; before: string | null; after: string | null }[] }).entries.filter((e) => e.via === "slack");
  };
  const card = async () => {
    const res = await post(slashCommandBody("AC/S8", slack.responseUrl(`card-${Math.random()}`), "U0OLU", BARNET));
    return JSON.stringify(await res.json());
  };

  it("puts a Set target button, valued with the reference, beside Submit update on the card", async () => {
    const blocks = JSON.parse(await card()).blocks as Json[];
    const buttons = blocks.filter((b) => b.type === "actions").flatMap((b) => b.elements as Json[]);
    expect(buttons.map((b) => (b.text as Json).text)).toEqual(expect.arrayContaining(["Submit update", "Set target"]));
    expect(buttons.find((b) => (b.text as Json).text === "Set target")).toMatchObject({ type: "button", action_id: "kpi_target", value: "AC/S8" });
  });

  it("opens the form for /kpi target AC/S8: the indicator, next financial year, the target empty, within Block Kit's limits", async () => {
    // The form is the answer: the acknowledgement is empty.
    expect(await command("target AC/S8", "U0OLU", "trigger-olu")).toBe("");
    form = await opened("trigger-olu");
    expect(modalBreaches(form)).toEqual([]);
    expect(form.callback_id).toBe("kpi_target_form");
    expect(JSON.stringify(form.blocks)).toContain("Percentage of new clients, older people accessing enablement");
    // The latest figures are for 2016/17: the form offers the year after; the latest target set is said above.
    expect(inputOf(form, "Period").element).toMatchObject({ type: "plain_text_input", initial_value: "2017/18", max_length: 40 });
    expect(inputOf(form, "Target").element).toMatchObject({ type: "plain_text_input", max_length: 200 });
    expect(inputOf(form, "Target").element.initial_value).toBeUndefined();
    expect(JSON.stringify(form.blocks)).toMatch(/Latest target: [^"]+ for [^"]*2016\/17/);
    expect((form.blocks as Json[]).filter((b) => b.type === "input" && b.optional)).toEqual([]);
    // The form carries which indicator it is for, and nothing else.
    expect(JSON.parse(form.private_metadata as string)).toEqual({ ref: "AC/S8", organisation: "London Borough of Barnet" });
    expect(slack.calls.some((c) => c.path === "/response/cmd-trigger-olu")).toBe(false);
  });

  it("opens it from the card's Set target button too, and for the period asked for", async () => {
    expect((await post(buttonBody("kpi_target", "AC/S8", slack.responseUrl("press-olu"), "U0OLU", BARNET, "trigger-press"))).status).toBe(200);
    const pressed = await opened("trigger-press");
    expect(modalBreaches(pressed)).toEqual([]);
    expect(inputOf(pressed, "Period").element.initial_value).toBe("2017/18");
    // A period typed after the reference goes into the form; the one it has is there to change.
    expect(await command("target AC/S8 Q2 2016/17", "U0OLU", "trigger-q2")).toBe("");
    const q2 = await opened("trigger-q2");
    expect(inputOf(q2, "Period").element.initial_value).toBe("Q2 2016/17");
    expect(inputOf(q2, "Target").element.initial_value).toBe("63.0%");
    expect(JSON.stringify(q2.blocks)).toContain("Q2 2016/17 has the target 63.0%");
  });

  it("tells an owner, and an officer's workspace that does not see AC/S8, why not instead of opening the form", async () => {
    const owner = await command("target AC/S8", "U0ALEX", "trigger-alex");
    expect(owner).toContain("Setting a target for AC/S8 needs the officer role in London Borough of Barnet; you are an owner there.");
    expect(opensFor("trigger-alex")).toHaveLength(0);
    await post(buttonBody("kpi_target", "AC/S8", slack.responseUrl("press-alex"), "U0ALEX", BARNET, "trigger-alex-press"));
    const reply = JSON.stringify((await slack.waitFor((c) => c.path === "/response/press-alex")).body);
    expect(reply).toContain("needs the officer role in London Borough of Barnet; you are an owner there");
    expect(reply).toContain('"response_type":"ephemeral"');
    expect(opensFor("trigger-alex-press")).toHaveLength(0);
    expect(await command("target AC/S8", "U0OLU", "trigger-sutton", "T0SUTTON")).toContain("is not an indicator's reference here");
    expect(opensFor("trigger-sutton")).toHaveLength(0);
  });

  it("opens the form for someone not linked yet, then replaces it with the reason", async () => {
    expect(await command("target AC/S8", "U0NOBODY", "trigger-nobody")).toBe("");
    expect((await opened("trigger-nobody")).callback_id).toBe("kpi_target_form");
    const update = await slack.waitFor((c) => c.path.startsWith("/api/views.update") && JSON.stringify(c.body.view).includes("Setting a target"));
    expect(modalBreaches(update.body.view as Json)).toEqual([]);
    expect(JSON.stringify(update.body.view)).toContain("Setting a target for AC/S8 needs the officer role in London Borough of Barnet, and the bot does not know who you are yet");
    expect(slack.calls.some((c) => c.path.startsWith("/api/users.info") && c.body.user === "U0NOBODY")).toBe(true);
  });

  it("answers a target it cannot read, or a period that is none, with the error under that input, and sets nothing", async () => {
    const words = await submit({ Period: "2017/18", Target: "about sixty" });
    expect(words.response_action).toBe("errors");
    expect(Object.keys(words.errors as Json)).toEqual([inputOf(form, "Target").blockId]);
    expect((words.errors as Json)[inputOf(form, "Target").blockId]).toContain("“about sixty” is not a target the bot can read");
    const empty = await submit({ Period: "2017/18" });
    expect((empty.errors as Json)[inputOf(form, "Target").blockId]).toContain("Give the target");
    const period = await submit({ Period: "next year", Target: "65%" });
    expect(Object.keys(period.errors as Json)).toEqual([inputOf(form, "Period").blockId]);
    expect((period.errors as Json)[inputOf(form, "Period").blockId]).toContain("“next year” is not a period");
    expect(await fromSlack()).toEqual([]);
  });

  it("refuses an owner's submission in the modal, and a form that was tampered with, setting nothing", async () => {
    const owner = await submit({ Period: "2017/18", Target: "65%" }, "U0ALEX");
    expect(owner.response_action).toBe("update");
    expect(modalBreaches(owner.view as Json)).toEqual([]);
    expect(JSON.stringify(owner.view)).toContain("you are an owner there");
    const tampered = await submit({ Period: "2017/18", Target: "65%" }, "U0OLU", { ...form, private_metadata: JSON.stringify({ ref: "AC/S8" }) });
    expect(JSON.stringify(tampered.view)).toContain("This form is out of date");
    expect(await fromSlack()).toEqual([]);
  });

  it("sets an officer's Goldilocks range for next year, audited, and the next form starts from the year after", async () => {
    const answer = await submit({ Period: "2017/18", Target: "60-70%" });
    expect(answer.response_action).toBe("update");
    expect(modalBreaches(answer.view as Json)).toEqual([]);
    expect(JSON.stringify(answer.view)).toContain("Target set");
    expect(JSON.stringify(answer.view)).toContain("AC/S8 2017/18: target 60-70%, set by olu.officer@example.org via slack.");
    expect((await fromSlack())[0]).toMatchObject({ action: "target for 2017/18 set", by: "olu.officer@example.org", after: expect.stringContaining("60-70%") });
    // The same again changes nothing, and says so.
    expect(JSON.stringify((await submit({ Period: "2017/18", Target: "60-70%" })).view)).toContain("Target unchanged");
    expect(await fromSlack()).toHaveLength(1);

    // Once the service reads the new data version (every 5 seconds), the form for 2017/18 holds the target.
    let attempt = 0;
    const reopened = await eventually(
      async () => {
        const trigger = `trigger-again-${++attempt}`;
        await command("target AC/S8 2017/18", "U0OLU", trigger);
        return await opened(trigger);
      },
      (view) => inputOf(view, "Target").element.initial_value === "60-70%",
    );
    expect(JSON.stringify(reopened.blocks)).toContain("2017/18 has the target 60-70%");
    await command("target AC/S8", "U0OLU", "trigger-after");
    expect(inputOf(await opened("trigger-after"), "Period").element.initial_value).toBe("2018/19");
  });

  it("changes the target the card's latest result is rated against, and the card shows it", async () => {
    const answer = await submit({ Period: "Q2 2016/17", Target: "50%" });
    expect(JSON.stringify(answer.view)).toContain("AC/S8 Q2 2016/17: target 50% (was 63.0%)");
    expect(JSON.stringify(answer.view)).toContain("53.2% is now rated Green");
    const shown = await eventually(card, (c) => c.includes("against target *50%*"));
    expect(shown).toContain("against target *50%*");
    expect((await fromSlack())[0]).toMatchObject({ action: "target for Q2 2016/17 set", before: expect.stringContaining("63.0%"), after: expect.stringContaining("50%") });
  });

  it("logged no failure", () => {
    expect(log.entries().filter((e) => Number(e.level) >= 50).map((e) => JSON.stringify(e).slice(0, 600))).toEqual([]);
  });
});
