// A key action's update form in Slack, through the real HTTP receiver with signed requests: the action
// card's Submit update button and `/kpi update CG01` open the modal (views.open on the fake Web API); a
// view_submission is applied as the submitter may, with errors under their inputs, or refused with the reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIMITS } from "../../src/platforms/slack/blocks.ts";
import { breaches, type Json } from "../helpers/block-kit.ts";
import { providers, type TestDatabase } from "../helpers/databases.ts";
import { buttonBody, slashCommandBody, viewSubmissionBody, type FakeSlack } from "../helpers/fake-slack.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { runKpi } from "../helpers/run.ts";
import { filled } from "../helpers/slack-modal.ts";

const BARNET = "T0BARNET";

const inputs = (view: Json) => (view.blocks as Json[]).filter((b) => b.type === "input");
// The input block itself (its optional flag), where helpers/slack-modal.ts gives its ids and element.
const inputOf = (view: Json, label: string) => inputs(view).find((b) => (b.label as Json).text === label)!;

describe.each(providers)("Slack key action form (%s)", (provider) => {
  let fixture: PlatformFixture;
  let target: TestDatabase;
  let slack: FakeSlack;
  let form: Json;

  beforeAll(async () => {
    fixture = await startPlatform({
      provider,
      platform: "slack",
      workspaces: { barnet: BARNET },
      people: [
        { email: "priya.shah@example.org", slackUserId: "U0PRIYA" },
        { email: "alex.morgan@example.org", slackUserId: "U0ALEX" },
      ],
    });
    ({ target, fake: slack } = fixture);
  }, 240_000);
  afterAll(() => fixture?.stop());

  const post = (body: string) => fixture.post(body);
  const opened = async (triggerId: string) => (await slack.waitFor((c) => c.path.startsWith("/api/views.open") && c.body.trigger_id === triggerId)).body.view as Json;
  const submit = async (chosen: { RAG?: string; Status?: string; "Latest note"?: string }, user = "U0PRIYA") => {
    const res = await post(viewSubmissionBody(filled(form, chosen), user, BARNET));
    expect(res.status).toBe(200);
    return (await res.json()) as Json;
  };
  const history = async () => {
    const run = await runKpi(["ask", "history CG01", "--json"], { DATABASE_URL: target.url });
    expect(run.code, run.stderr).toBe(0);
    return (JSON.parse(run.stdout) as { entries: { by: string; via: string; action: string; after: string }[] }).entries;
  };

  it("puts Submit update on the key action's card, and opens the form from it: RAG and status selects at their current values, a required note", async () => {
    const res = await post(slashCommandBody("CG01", slack.responseUrl("ask-cg01"), "U0PRIYA", BARNET));
    const blocks = ((await res.json()) as Json).blocks as Json[];
    expect(breaches(blocks, LIMITS.messageBlocks)).toEqual([]);
    const button = blocks.filter((b) => b.type === "actions").flatMap((b) => b.elements as Json[]).find((b) => (b.text as Json).text === "Submit update");
    expect(button).toMatchObject({ action_id: "kpi_update", value: "CG01" });

    await post(buttonBody("kpi_update", "CG01", slack.responseUrl("press-priya"), "U0PRIYA", BARNET, "trigger-priya"));
    form = await opened("trigger-priya");
    expect(form.callback_id).toBe("kpi_action_form");
    expect(breaches(form.blocks as Json[], LIMITS.surfaceBlocks)).toEqual([]);
    expect(JSON.parse(form.private_metadata as string)).toEqual({ ref: "CG01" });
    expect(JSON.stringify(form.blocks)).toContain("Building more than 20,000 new homes");
    const rag = inputOf(form, "RAG");
    expect(rag.optional).toBe(true);
    expect(rag.element).toMatchObject({ type: "static_select", initial_option: { value: "Green" } });
    expect(((rag.element as Json).options as Json[]).map((o) => o.value)).toEqual(["Green", "Green Amber", "Amber", "Red Amber", "Red", "Not rated"]);
    expect((inputOf(form, "Status").element as Json).type).toBe("static_select");
    expect(inputOf(form, "Latest note")).toMatchObject({ optional: false, element: { type: "plain_text_input", multiline: true, max_length: 3000 } });
  });

  it("opens the same form for /kpi update CG01, and tells someone who may not update it why instead", async () => {
    const res = await post(slashCommandBody("update CG01", slack.responseUrl("cmd-priya"), "U0PRIYA", BARNET, "trigger-cmd"));
    expect(await res.text()).toBe("");
    expect((await opened("trigger-cmd")).callback_id).toBe("kpi_action_form");
    const refused = await post(slashCommandBody("update CG01", slack.responseUrl("cmd-alex"), "U0ALEX", BARNET, "trigger-alex"));
    expect(JSON.stringify(await refused.json())).toContain("Updating CG01 needs you to own it or be its delegate, or the officer role in London Borough of Barnet; you are neither.");
    expect(slack.calls.filter((c) => c.path.startsWith("/api/views.open") && c.body.trigger_id === "trigger-alex")).toHaveLength(0);
  });

  it("answers a missing note with an error under the note, and a stranger's submission with the reason, recording nothing", async () => {
    const empty = await submit({ RAG: "Amber" });
    expect(empty.response_action).toBe("errors");
    expect(empty.errors).toEqual({ note: "A latest note is required: say where the action stands." });
    const stranger = await submit({ RAG: "Red", "Latest note": "All is lost." }, "U0STRANGER");
    expect(stranger.response_action).toBe("update");
    expect(JSON.stringify(stranger.view)).toContain("the bot does not know who you are yet");
    const notOwner = await submit({ RAG: "Red", "Latest note": "All is lost." }, "U0ALEX");
    expect(JSON.stringify(notOwner.view)).toContain("you are neither");
    expect(await history()).toEqual([]);
  });

  it("applies the owner's update at once: the notice in the modal, the card and the audit show it", async () => {
    const answer = await submit({ RAG: "Green Amber", Status: "Delayed", "Latest note": "Colindale phase 2 slipped by a quarter." });
    expect(answer.response_action).toBe("update");
    expect(JSON.stringify(answer.view)).toContain("Update recorded");
    expect(JSON.stringify(answer.view)).toContain("CG01: RAG Green Amber; status Delayed, latest note of");
    const card = await post(slashCommandBody("CG01", slack.responseUrl("ask-after"), "U0PRIYA", BARNET));
    const shown = JSON.stringify(await card.json());
    expect(shown).toContain("Green Amber");
    expect(shown).toContain("Colindale phase 2 slipped by a quarter.");
    const entries = await history();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ by: "priya.shah@example.org", via: "slack", action: "RAG, status and latest note updated" });
    // Sent again (a retried request): recorded once.
    expect(JSON.stringify((await submit({ RAG: "Green Amber", Status: "Delayed", "Latest note": "Colindale phase 2 slipped by a quarter." })).view)).toContain("Already recorded");
    expect(await history()).toHaveLength(1);
  });
});
