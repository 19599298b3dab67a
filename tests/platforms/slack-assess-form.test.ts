// Assessing a wheel's objective in Slack, through the real HTTP receiver with signed requests: the objective
// card's Assess button and `/kpi assess P3` open the modal (views.open on the fake Web API) for its owner (the
// open cycle's period) and officers, started with that period's assessment; a view_submission is recorded by
// the core's use case, audited with the data version, or answered with each problem under its input, or
// refused with the reason. Barnet's cycle is open for Q2 2017/18, and Apr - Jul 2017/18 is published.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePeriod } from "../../src/core/periods.ts";
import { prismaCycles } from "../../src/store/updates.ts";
import { prismaPeriodLocks } from "../../src/store/year-end.ts";
import type { Json } from "../helpers/block-kit.ts";
import { providers, type TestDatabase } from "../helpers/databases.ts";
import { buttonBody, slashCommandBody, viewSubmissionBody, type FakeSlack } from "../helpers/fake-slack.ts";
import { memoryLog } from "../helpers/log.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { filled, inputOf, modalBreaches } from "../helpers/slack-modal.ts";
import { dataVersionAt, importWheel, objectiveHistory } from "../helpers/wheel.ts";

const TEAM = "T0BARNET";
const BARNET = "London Borough of Barnet";
const RED_NARRATIVE = "A narrative is required for a red segment: say why, and what is being done.";

describe.each(providers)("Slack: assessing an objective (%s)", (provider) => {
  let fixture: PlatformFixture;
  let target: TestDatabase;
  let slack: FakeSlack;
  /** The form as the bot opened it for P3's owner: what later submissions fill in. */
  let form: Json;

  beforeAll(async () => {
    fixture = await startPlatform({
      provider,
      platform: "slack",
      workspaces: { barnet: TEAM },
      people: [
        { email: "olu.officer@example.org", name: "Olu Officer", organisation: "barnet", role: "officer", slackUserId: "U0OLU" },
        // Alex Morgan owns P3; Priya Shah owns no objective.
        { email: "alex.morgan@example.org", slackUserId: "U0ALEX" },
        { email: "priya.shah@example.org", slackUserId: "U0PRIYA" },
      ],
      prepare: async (db) => {
        await importWheel(db);
        await prismaCycles(db).open(BARNET, parsePeriod("Q2 2017/18")!, new Date("2017-10-20T23:59:59Z"), "olu.officer@example.org", "command line");
        await prismaPeriodLocks(db).lock(BARNET, parsePeriod("Apr - Jul 2017/18")!, "olu.officer@example.org", "command line");
      },
      // Questions answered in the acknowledgement, however slow the shared machine is.
      service: { logger: memoryLog().logger, jobs: false, slackAckBudgetMs: 30_000 },
    });
    ({ target, fake: slack } = fixture);
  }, 240_000);
  afterAll(() => fixture?.stop());

  const post = (body: string) => fixture.post(body);
  const opened = async (triggerId: string) => (await slack.waitFor((c) => c.path.startsWith("/api/views.open") && c.body.trigger_id === triggerId)).body.view as Json;
  const submit = async (typed: Record<string, string>, user = "U0ALEX", view = form) => {
    const res = await post(viewSubmissionBody(filled(view, typed), user, TEAM));
    expect(res.status).toBe(200);
    return (await res.json()) as Json;
  };
  const history = () => objectiveHistory(target.url);
  const dataVersion = () => dataVersionAt(target.url);

  it("puts Assess on P3's card, and opens the form from it for the owner: the open cycle's period, with its assessment", async () => {
    const res = await post(slashCommandBody("P3", slack.responseUrl("ask-p3"), "U0ALEX", TEAM));
    const blocks = ((await res.json()) as Json).blocks as Json[];
    const button = blocks.filter((b) => b.type === "actions").flatMap((b) => b.elements as Json[]).find((b) => (b.text as Json).text === "Assess");
    expect(button).toMatchObject({ action_id: "kpi_assess", value: "P3" });

    await post(buttonBody("kpi_assess", "P3", slack.responseUrl("press-alex"), "U0ALEX", TEAM, "trigger-alex"));
    form = await opened("trigger-alex");
    expect(form.callback_id).toBe("kpi_assess_form");
    expect(modalBreaches(form)).toEqual([]);
    expect(JSON.parse(form.private_metadata as string)).toEqual({ code: "P3" });
    expect(JSON.stringify(form.blocks)).toContain("Q2 2017/18 is assessed already");
    expect(inputOf(form, "Period").element).toMatchObject({ type: "plain_text_input", initial_value: "Q2 2017/18" });
    const status = inputOf(form, "Status").element;
    expect((status.options as Json[]).map((o) => o.value)).toEqual(["Green", "Amber", "Red"]);
    expect(status.initial_option).toMatchObject({ value: "Red" });
    const direction = inputOf(form, "Direction of travel").element;
    expect((direction.options as Json[]).map((o) => o.value)).toEqual(["Up", "Stable", "Down", "none"]);
    expect(direction.initial_option).toMatchObject({ value: "Down" });
    expect(inputOf(form, "Narrative").element).toMatchObject({ type: "plain_text_input", multiline: true, max_length: 3000, initial_value: expect.stringMatching(/^Delayed transfers of care/) });
  });

  it("opens the same form for /kpi assess P3, and tells someone who may not assess it why instead", async () => {
    const res = await post(slashCommandBody("assess P3", slack.responseUrl("cmd-alex"), "U0ALEX", TEAM, "trigger-cmd"));
    expect(await res.text()).toBe("");
    expect((await opened("trigger-cmd")).callback_id).toBe("kpi_assess_form");
    const refused = await post(slashCommandBody("assess P3", slack.responseUrl("cmd-priya"), "U0PRIYA", TEAM, "trigger-priya"));
    expect(JSON.stringify(await refused.json())).toContain(`Assessing P3 needs you to own it, or the officer role in ${BARNET}; you are neither.`);
    expect(slack.calls.filter((c) => c.path.startsWith("/api/views.open") && c.body.trigger_id === "trigger-priya")).toHaveLength(0);
    const notObjective = await post(slashCommandBody("assess AC/S8", slack.responseUrl("cmd-indicator"), "U0ALEX", TEAM, "trigger-indicator"));
    expect(JSON.stringify(await notObjective.json())).toContain("is not an objective's code here");
    expect(JSON.stringify(await (await post(slashCommandBody("assess", slack.responseUrl("cmd-none"), "U0ALEX", TEAM))).json())).toContain("/kpi assess P3");
  });

  it("shows the red narrative's requirement under the narrative, and refuses a stranger, a viewer and the owner's other period; records nothing", async () => {
    const before = await dataVersion();
    const unnarrated = await submit({ Period: "Q2 2017/18", Status: "Red", "Direction of travel": "Stable" });
    expect(unnarrated).toEqual({ response_action: "errors", errors: { narrative: RED_NARRATIVE } });
    const bad = await submit({ Period: "Q9 2017", Status: "Green" });
    expect(Object.keys(bad.errors as Json)).toEqual(["period"]);
    expect(JSON.stringify(await submit({ Period: "Q2 2017/18", Status: "Green" }, "U0STRANGER"))).toContain("the bot does not know who you are yet");
    const viewer = await submit({ Period: "Q2 2017/18", Status: "Green" }, "U0PRIYA");
    expect(viewer.response_action).toBe("update");
    expect(JSON.stringify(viewer.view)).toContain("Not recorded");
    expect(JSON.stringify(viewer.view)).toContain("you are neither");
    const otherPeriod = await submit({ Period: "Q3 2017/18", Status: "Green" });
    expect(JSON.stringify(otherPeriod.view)).toContain("The open reporting cycle is for Q2 2017/18");
    // An officer may assess any period, but not a published one: said beside the period.
    const locked = await submit({ Period: "Apr - Jul 2017/18", Status: "Green" }, "U0OLU");
    expect(locked.response_action).toBe("errors");
    expect((locked.errors as Json).period).toContain("published");
    expect(await history()).toHaveLength(3);
    expect(await dataVersion()).toBe(before);
  });

  it("records the owner's assessment: the notice in the modal, audited from Slack with the data version, the card shows it", async () => {
    const before = await dataVersion();
    const answer = await submit({ Period: "Q2 2017/18", Status: "Amber", "Direction of travel": "Stable", Narrative: "Discharge team in place; delays falling." });
    expect(answer.response_action).toBe("update");
    expect(JSON.stringify(answer.view)).toContain("Assessment recorded");
    expect(JSON.stringify(answer.view)).toContain("P3 for Q2 2017/18: Amber, Stable (was Red, Down)");
    expect(await dataVersion()).toBeGreaterThan(before);
    const [latest] = await history();
    expect(latest).toMatchObject({ by: "alex.morgan@example.org", via: "slack", action: "assessed for Q2 2017/18", after: "Amber, Stable: Discharge team in place; delays falling." });
    const card = JSON.stringify(await (await post(slashCommandBody("P3", slack.responseUrl("ask-after"), "U0ALEX", TEAM))).json());
    expect(card).toContain("Discharge team in place; delays falling.");
    // Sent again (a retried request): recorded once.
    expect(JSON.stringify((await submit({ Period: "Q2 2017/18", Status: "Amber", "Direction of travel": "Stable", Narrative: "Discharge team in place; delays falling." })).view)).toContain("Already recorded");
    expect(await history()).toHaveLength(4);
  });

  it("lets an officer give no direction, for any open period", async () => {
    const answer = await submit({ Period: "Q3 2017/18", Status: "Green", "Direction of travel": "Not given" }, "U0OLU");
    expect(JSON.stringify(answer.view)).toContain("P3 for Q3 2017/18: Green.");
    expect((await history())[0]).toMatchObject({ by: "olu.officer@example.org", action: "assessed for Q3 2017/18", after: "Green" });
  });
});
