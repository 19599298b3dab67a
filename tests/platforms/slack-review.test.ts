// The review channel in Slack, through the real HTTP receiver with signed requests and the fake Web API:
// a submission (from the update form or kpi update) is posted once to the organisation's review channel
// with Accept and Return carrying its id, whatever instances and sweeps run; Accept and Return decide
// under the review rules, the message gives way to the outcome, and the submitter is told in a direct
// message (a return with the comment and a button to submit again), or the review channel where the bot
// cannot reach them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { LIMITS } from "../../src/platforms/slack/blocks.ts";
import { startService, type Service } from "../../src/service.ts";
import { parsePeriod } from "../../src/core/periods.ts";
import { setReviewOptions } from "../../src/store/organisations.ts";
import { prismaCycles } from "../../src/store/updates.ts";
import { breaches, type Json } from "../helpers/block-kit.ts";
import { providers, type TestDatabase } from "../helpers/databases.ts";
import { buttonBody, slashCommandBody, viewSubmissionBody, type FakeSlack, type Recorded } from "../helpers/fake-slack.ts";
import { memoryLog } from "../helpers/log.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { runKpi, runKpiSteps } from "../helpers/run.ts";

const BARNET = "T0BARNET";
const SUTTON = "T0SUTTON";
const REVIEW = "C0REVIEW";
const PERF = "performance.team@example.org";
const ALEX = "alex.morgan@example.org";
const KIM = "kim.officer@example.org";
const OLU = "olu.officer@example.org";
const Q3 = "Q3 2016/17";

describe.each(providers)("Slack: the review channel (%s)", (provider) => {
  let fixture: PlatformFixture;
  let target: TestDatabase;
  let slack: FakeSlack;
  let service: Service;
  let second: Service | undefined;
  const log = memoryLog();
  const kpi = (...args: string[]) => runKpi(args, fixture.env);
  /** kpi without Slack's settings: it records, but cannot post. */
  const kpiOffline = (...args: string[]) => runKpi(args, { DATABASE_URL: target.url });
  const startInstance = () => startService(loadConfig(fixture.env), { logger: log.logger });

  beforeAll(async () => {
    fixture = await startPlatform({
      provider,
      platform: "slack",
      workspaces: { barnet: BARNET, sutton: SUTTON },
      people: [
        { email: PERF, slackUserId: "U0PERF" },
        { email: ALEX, slackUserId: "U0ALEX" },
        { email: KIM, name: "Kim Officer", organisation: "barnet", role: "officer", slackUserId: "U0KIM" },
        { email: "val.viewer@example.org", name: "Val Viewer", organisation: "barnet", role: "viewer", slackUserId: "U0VAL" },
        { email: "sam.sutton@example.org", name: "Sam Sutton", organisation: "sutton", role: "officer", slackUserId: "U0SAM" },
        // Not on Slack or Teams: the bot cannot message them.
        { email: OLU, name: "Olu Officer", organisation: "barnet", role: "officer" },
      ],
      slackUsers: [{ id: "U0ALEX", email: ALEX }, { id: "U0KIM", email: KIM }],
      prepare: async (db) => {
        await setReviewOptions(db, "barnet", { reviewChannel: `slack:${REVIEW}` }, "test");
        await prismaCycles(db).open("London Borough of Barnet", parsePeriod(Q3)!, new Date("2017-01-20T00:00:00Z"), "test", "test");
      },
      service: { logger: log.logger },
    });
    ({ target, fake: slack, service } = fixture);
  }, 240_000);
  afterAll(async () => {
    await second?.stop();
    await fixture?.stop();
  });

  const post = (body: string) => fixture.post(body);
  const press = async (action: "kpi_review_accept" | "kpi_review_return", id: number, user: string, name: string, team = BARNET) => {
    expect((await post(buttonBody(action, String(id), slack.responseUrl(name), user, team, `trigger-${name}`))).status).toBe(200);
    return (await slack.waitFor((c) => c.path === `/response/${name}`)).body;
  };
  const submissionOf = async (submittedBy: string, ref: string) => {
    const row = await service.database.db.submission.findFirst({ where: { submittedBy, indicator: { ref } }, orderBy: { id: "desc" } });
    if (!row) throw new Error(`no submission of ${ref} by ${submittedBy}`);
    return row;
  };
  /** The messages posted to the review channel (or a direct message) naming a submission's buttons or text. */
  const postsTo = (channel: string, including: string): Recorded[] => slack.calls.filter((c) => c.path.startsWith("/api/chat.postMessage") && c.body.channel === channel && JSON.stringify(c.body).includes(including));
  const buttonsOf = (call: Recorded) => (call.body.blocks as Json[]).filter((b) => b.type === "actions").flatMap((b) => b.elements as Json[]);
  const reviewPostOf = (id: number) => postsTo(REVIEW, `"value":"${id}"`);
  const latestOf = async (ref: string) => JSON.parse((await kpi("ask", ref, "--json")).stdout).latest as { period: string; display: string };

  let formId = 0;
  it("posts a submission from the update form to the review channel, with the figure, its rating, the commentary and Accept and Return carrying its id", async () => {
    const values = {
      period: { period: { type: "plain_text_input", value: Q3 } },
      value: { value: { type: "number_input", value: "64.1" } },
      commentary: { commentary: { type: "plain_text_input", value: "Up since the new reablement team started in October." } },
    };
    const res = await post(viewSubmissionBody({ callback_id: "kpi_update_form", private_metadata: JSON.stringify({ ref: "AC/S8" }), values }, "U0PERF", BARNET));
    expect(JSON.stringify(await res.json())).toContain("Update recorded");
    formId = (await submissionOf(PERF, "AC/S8")).id;
    const posted = await slack.waitFor((c) => c.path.startsWith("/api/chat.postMessage") && c.body.channel === REVIEW);
    const blocks = posted.body.blocks as Json[];
    expect(breaches(blocks, LIMITS.messageBlocks)).toEqual([]);
    const text = JSON.stringify(blocks);
    expect(text).toContain("AC/S8");
    expect(text).toContain("64.1%");
    expect(text).toContain("Would be *Green*");
    expect(text).toContain("Up since the new reablement team started in October.");
    expect(text).toContain("Submitted by Performance Team");
    expect(text).toContain(`submission ${formId}`);
    expect(buttonsOf(posted)).toEqual([
      expect.objectContaining({ action_id: "kpi_review_accept", value: String(formId), style: "primary" }),
      expect.objectContaining({ action_id: "kpi_review_return", value: String(formId), style: "danger" }),
    ]);
  });

  it("posts kpi update's submission itself, and sweeps one it could not post; two instances' sweeps post each submission once", async () => {
    const fromCli = await kpi("update", "AC/S9", "--period", Q3, "--value", "150", "--commentary", "Fewer admissions this quarter", "--intervention", "Review placements", "--as", ALEX);
    expect(fromCli.code, fromCli.stderr).toBe(0);
    expect(fromCli.stdout).toContain("Posted to the review channel.");
    const cliId = (await submissionOf(ALEX, "AC/S9")).id;
    expect(reviewPostOf(cliId)).toHaveLength(1);

    // Recorded where Slack is not configured (as by an instance that stopped before posting): left for the sweep.
    const offline = await kpiOffline("update", "AC/S10", "--period", Q3, "--value", "80", "--commentary", "Steady", "--intervention", "Keep going", "--as", ALEX);
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).not.toContain("Posted");
    const offlineId = (await submissionOf(ALEX, "AC/S10")).id;
    expect(reviewPostOf(offlineId)).toHaveLength(0);

    // A second instance sweeps as it starts; both sweep again at once. Whichever claims it posts it.
    second = await startInstance();
    await Promise.all([service.scheduler!.tick(), second.scheduler!.tick(), service.scheduler!.tick()]);
    await slack.waitFor((c) => c.path.startsWith("/api/chat.postMessage") && c.body.channel === REVIEW && JSON.stringify(c.body).includes(`"value":"${offlineId}"`));
    await Promise.all([service.scheduler!.tick(), second.scheduler!.tick()]);
    expect(reviewPostOf(offlineId)).toHaveLength(1);
    expect(reviewPostOf(cliId)).toHaveLength(1);
    expect(reviewPostOf(formId)).toHaveLength(1);
    // Each claimed once, and settled once its post is done.
    const settled = async () => {
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
        const claims = await service.database.db.jobClaim.findMany({ where: { job: "review-post" } });
        if (claims.every((c) => c.outcome)) return claims;
      }
      return await service.database.db.jobClaim.findMany({ where: { job: "review-post" } });
    };
    expect((await settled()).map((c) => [c.slot, c.key, c.outcome]).sort()).toEqual([[`slack:${REVIEW}`, String(formId), "posted"], [`slack:${REVIEW}`, String(cliId), "posted"], [`slack:${REVIEW}`, String(offlineId), "posted"]].sort());
  });

  it("posts nothing for an organisation that accepts its updates without review", async () => {
    await runKpiSteps([["org", "set", "barnet", "--auto-accept", "on"]], { DATABASE_URL: target.url });
    try {
      const run = await kpi("update", "AC/S4", "--period", Q3, "--value", "12", "--commentary", "Counted again", "--intervention", "None needed", "--as", PERF);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).not.toContain("Posted");
      await service.scheduler!.tick();
      const id = (await submissionOf(PERF, "AC/S4")).id;
      expect(reviewPostOf(id)).toHaveLength(0);
      expect(postsTo(REVIEW, "AC/S4")).toHaveLength(0);
    } finally {
      await runKpiSteps([["org", "set", "barnet", "--auto-accept", "off"]], { DATABASE_URL: target.url });
    }
  });

  it("refuses the submitter, a viewer and another council's officer privately, deciding nothing and opening no form", async () => {
    const own = JSON.stringify(await press("kpi_review_accept", formId, "U0PERF", "accept-own"));
    expect(own).toContain("Accepting your own submission is not allowed");
    expect(own).toContain('"replace_original":false');
    expect(own).toContain('"response_type":"ephemeral"');
    expect(JSON.stringify(await press("kpi_review_accept", formId, "U0VAL", "accept-viewer"))).toContain("Accepting a submission needs the officer role in London Borough of Barnet; you are a viewer there.");
    expect(JSON.stringify(await press("kpi_review_accept", formId, "U0SAM", "accept-sutton", SUTTON))).toContain("That submission is not one this workspace sees");
    expect(JSON.stringify(await press("kpi_review_return", formId, "U0PERF", "return-own"))).toContain("Returning your own submission is not allowed");
    expect(slack.calls.some((c) => c.path.startsWith("/api/views.open") && String(c.body.trigger_id).startsWith("trigger-return-own"))).toBe(false);
    expect((await submissionOf(PERF, "AC/S8")).status).toBe("submitted");
    expect((await latestOf("AC/S8")).display).toBe("64.1% (provisional)");
  });

  it("accepts for an officer: the figure becomes the period's result, the message gives way to the outcome, and the submitter is told", async () => {
    const replaced = await press("kpi_review_accept", formId, "U0KIM", "accept-kim");
    expect(replaced.replace_original).toBe(true);
    expect(JSON.stringify(replaced.blocks)).toMatch(/Accepted by Kim Officer at \d\d:\d\d/);
    expect((replaced.blocks as Json[]).some((b) => b.type === "actions")).toBe(false);
    expect(await latestOf("AC/S8")).toMatchObject({ period: Q3, display: "64.1%" });
    expect((await submissionOf(PERF, "AC/S8")).decidedBy).toBe(KIM);

    await slack.waitFor((c) => c.path.startsWith("/api/conversations.open") && c.body.users === "U0PERF");
    const told = await slack.waitFor((c) => c.path.startsWith("/api/chat.postMessage") && c.body.channel === "D0PERF");
    expect(JSON.stringify(told.body)).toContain("Your update to AC/S8 for Q3 2016/17 was accepted by Kim Officer: 64.1% is now the period's result.");

    // Pressed again (the same message, or by someone else): already decided, and said so privately.
    const again = JSON.stringify(await press("kpi_review_accept", formId, "U0KIM", "accept-again"));
    expect(again).toContain("was decided already: Accepted by Kim Officer");
    expect(again).toContain('"replace_original":false');
  });

  it("asks why in a modal on Return, insists on a comment, then returns it, updates the message and tells the submitter with a button to submit again", async () => {
    const id = (await submissionOf(ALEX, "AC/S9")).id;
    await post(buttonBody("kpi_review_return", String(id), slack.responseUrl("return-kim"), "U0KIM", BARNET, "trigger-return-kim"));
    const opened = (await slack.waitFor((c) => c.path.startsWith("/api/views.open") && c.body.trigger_id === "trigger-return-kim")).body.view as Json;
    expect(opened).toMatchObject({ type: "modal", callback_id: "kpi_review_return" });
    expect(JSON.parse(opened.private_metadata as string)).toEqual({ id, channel: "C1", ts: "1.1" });
    expect(breaches(opened.blocks as Json[], LIMITS.surfaceBlocks)).toEqual([]);
    expect(JSON.stringify(opened.blocks)).toContain("AC/S9");

    const send = async (comment: string | null) => {
      const body = viewSubmissionBody({ callback_id: "kpi_review_return", private_metadata: opened.private_metadata as string, values: { comment: { comment: { type: "plain_text_input", value: comment } } } }, "U0KIM", BARNET);
      const res = await post(body);
      expect(res.status).toBe(200);
      const text = await res.text();
      return text ? (JSON.parse(text) as Json) : null;
    };
    expect(await send(null)).toEqual({ response_action: "errors", errors: { comment: "Say why it is returned: what should change." } });
    expect(await send("   ")).toMatchObject({ response_action: "errors", errors: { comment: expect.stringContaining("Say why") } });
    expect((await submissionOf(ALEX, "AC/S9")).status).toBe("submitted");

    // Returned: the modal closes (an empty acknowledgement).
    expect(await send("Add the numerator and denominator, please.")).toBeNull();
    const row = await submissionOf(ALEX, "AC/S9");
    expect(row).toMatchObject({ status: "returned", decidedBy: KIM, decisionNote: "Add the numerator and denominator, please." });
    const updated = await slack.waitFor((c) => c.path.startsWith("/api/chat.update"));
    expect(updated.body).toMatchObject({ channel: "C1", ts: "1.1" });
    expect(JSON.stringify(updated.body.blocks)).toMatch(/Returned by Kim Officer at \d\d:\d\d on [^"]+: Add the numerator and denominator, please\./);

    await slack.waitFor((c) => c.path.startsWith("/api/conversations.open") && c.body.users === "U0ALEX");
    const told = await slack.waitFor((c) => c.path.startsWith("/api/chat.postMessage") && c.body.channel === "D0ALEX");
    expect(JSON.stringify(told.body)).toContain("Your update to AC/S9 for Q3 2016/17 was returned by Kim Officer: Add the numerator and denominator, please.");
    expect(buttonsOf(told)).toEqual([expect.objectContaining({ action_id: "kpi_update", value: "AC/S9" })]);

    // The message's Return pressed again: decided already, no second form.
    expect(JSON.stringify(await press("kpi_review_return", id, "U0KIM", "return-again"))).toContain("was decided already");
    expect(slack.calls.filter((c) => c.path.startsWith("/api/views.open") && c.body.trigger_id === "trigger-return-again")).toHaveLength(0);
  });

  it("tells the submitter of a return by the text command and by kpi review; one the bot cannot message, through the review channel", async () => {
    const res = await post(slashCommandBody(`return AC/S10 ${Q3} The quarter's figure is missing a month`, slack.responseUrl("cmd-return"), "U0KIM", BARNET));
    expect(JSON.stringify(await res.json())).toContain("AC/S10 Q3 2016/17 is returned to alex.morgan@example.org");
    const told = await slack.waitFor((c) => c.path.startsWith("/api/chat.postMessage") && c.body.channel === "D0ALEX" && JSON.stringify(c.body).includes("AC/S10"));
    expect(JSON.stringify(told.body)).toContain("Your update to AC/S10 for Q3 2016/17 was returned by Kim Officer: The quarter's figure is missing a month");
    expect(buttonsOf(told)).toEqual([expect.objectContaining({ action_id: "kpi_update", value: "AC/S10" })]);

    // Olu is on neither platform: the return goes to the review channel instead, and the log says why.
    const submitted = await kpi("update", "AC/S14", "--period", Q3, "--value", "5", "--commentary", "A first count", "--intervention", "Count again", "--as", OLU);
    expect(submitted.code, submitted.stderr).toBe(0);
    const returned = await kpi("review", "return", "AC/S14", "--period", Q3, "--comment", "Check the source", "--as", KIM);
    expect(returned.code, returned.stderr).toBe(0);
    expect(returned.stderr).toContain("they have no Slack user or Teams personal chat with the bot");
    const instead = postsTo(REVIEW, "Olu Officer's update to AC/S14");
    expect(instead).toHaveLength(1);
    expect(JSON.stringify(instead[0]!.body)).toContain("Olu Officer's update to AC/S14 for Q3 2016/17 was returned by Kim Officer: Check the source");
    // The button to submit again is the submitter's: not offered to the channel.
    expect(buttonsOf(instead[0]!)).toEqual([]);
  });

  it("supersedes a submission awaiting review with a newer one for its period: it leaves the queue, its message says so without buttons, and its Accept is refused", async () => {
    const update = (value: string, as: string, ...more: string[]) => kpi("update", "AC/S16", "--period", Q3, "--value", value, "--commentary", `Counted ${value}`, "--intervention", "Check the count", "--as", as, ...more);
    const first = await update("5", ALEX);
    expect(first.stdout).toContain("Posted to the review channel.");
    const oldId = (await submissionOf(ALEX, "AC/S16")).id;
    expect(reviewPostOf(oldId)).toHaveLength(1);
    const second = await update("7", PERF, "--replace");
    expect(second.code, second.stderr).toBe(0);
    const newId = (await submissionOf(PERF, "AC/S16")).id;
    expect((await submissionOf(ALEX, "AC/S16")).status).toBe("superseded");

    // The old message gives way to who superseded it and when, with no Accept or Return.
    const updated = await slack.waitFor((c) => c.path.startsWith("/api/chat.update") && JSON.stringify(c.body).includes(`submission ${oldId}`));
    expect(updated.body).toMatchObject({ channel: REVIEW, ts: expect.stringMatching(/^\d+(\.\d+)?$/) });
    expect(JSON.stringify(updated.body.blocks)).toMatch(/Superseded by Performance Team's update at \d\d:\d\d on /);
    expect((updated.body.blocks as Json[]).some((b) => b.type === "actions")).toBe(false);

    // Only the newest waits for review.
    const queue = (await kpi("review")).stdout.split("\n").filter((line) => line.startsWith("AC/S16"));
    expect(queue).toEqual([expect.stringMatching(/^AC\/S16 Q3 2016\/17: 7%? from performance\.team/)]);

    // Accept on the old message (as it was before the update reached someone): refused with the reason, and the message shows it.
    expect((await post(buttonBody("kpi_review_accept", String(oldId), slack.responseUrl("accept-old"), "U0KIM", BARNET, "trigger-accept-old"))).status).toBe(200);
    const answers = async () => {
      for (const deadline = Date.now() + 5_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
        const found = slack.calls.filter((c) => c.path === "/response/accept-old");
        if (found.length >= 2) return found.map((c) => c.body);
      }
      return slack.calls.filter((c) => c.path === "/response/accept-old").map((c) => c.body);
    };
    const [refusal, replaced] = await answers();
    expect(refusal).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(JSON.stringify(refusal)).toMatch(/this submission \(5%?\) was superseded by Performance Team's update at \d\d:\d\d/);
    expect(replaced).toMatchObject({ replace_original: true });
    expect((replaced!.blocks as Json[]).some((b) => b.type === "actions")).toBe(false);
    expect((await submissionOf(ALEX, "AC/S16")).status).toBe("superseded");
    // The text command acts on the newest.
    const accepted = await post(slashCommandBody(`accept AC/S16 ${Q3}`, slack.responseUrl("cmd-accept-16"), "U0KIM", BARNET));
    expect(JSON.stringify(await accepted.json())).toMatch(/AC\/S16 Q3 2016\/17: 7%? is now the period's result/);
    expect((await service.database.db.submission.findUniqueOrThrow({ where: { id: newId } })).status).toBe("accepted");
  });
});
