// Posting submissions for review and telling submitters of decisions, on real databases: a post claimed
// once though two instances race for it; a post that failed is given up and swept again, one whose
// channel is gone is not; the review rules shared by the buttons (who, whose, which council, a comment);
// a return told directly, or to the review channel where the submitter cannot be reached; an
// acceptance never told to the channel. The outbox is a recorder of the port (the platform outboxes
// have their own tests against the local Slack and Bot Connector servers).
import { describe, expect, it } from "vitest";
import { EVERYTHING, type PersonProfile } from "../../src/core/access.ts";
import type { Channel, Outbox, PostOutcome } from "../../src/core/channels.ts";
import { postForReview, postUnposted, REVIEW_POST_JOB } from "../../src/core/use-cases/post-for-review.ts";
import { decideById } from "../../src/core/use-cases/review.ts";
import { tellDecision } from "../../src/core/use-cases/tell-decision.ts";
import type { View } from "../../src/core/views.ts";
import { renderText } from "../../src/platforms/console/render-text.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import type { Db } from "../../src/store/database.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import { prismaPeople } from "../../src/store/people.ts";
import { prismaClaims } from "../../src/store/subscriptions.ts";
import { prismaReviews, prismaUpdates } from "../../src/store/updates.ts";
import { demoDatabase, providers } from "../helpers/databases.ts";
import { memoryLog } from "../helpers/log.ts";

const BARNET = "London Borough of Barnet";
const PERF = "performance.team@example.org";
const ALEX = "alex.morgan@example.org";

/** Records what would have been posted; answers as scripted per channel id (posted by default). */
function recorder(answers: Record<string, PostOutcome> = {}) {
  const posted: { channel: Channel; view: View }[] = [];
  const outbox: Outbox = {
    async post(channel, view) {
      const answer = answers[channel.id] ?? { kind: "posted" };
      if (answer.kind === "posted") posted.push({ channel, view });
      return answer;
    },
  };
  return { outbox, posted };
}

describe.each(providers)("review posts and decisions told on %s", (provider) => {
  const database = demoDatabase(provider);
  const db = () => database().db;
  const job = (d: Db, outbox: Outbox, instance = "test") => {
    const log = memoryLog();
    return { catalogue: prismaCatalogue(d), reviews: prismaReviews(d), people: prismaPeople(d), claims: prismaClaims(d, instance), outbox, log: log.logger, logged: log };
  };
  let sequence = 0;
  let firstId = 0;
  /** A submission recorded as the forms record it. */
  const submit = async (ref: string, by: string) => {
    const { id } = await prismaUpdates(db()).submit({
      organisation: BARNET,
      ref,
      period: { label: "Q3 2016/17", kind: "quarter", start: new Date("2016-10-01T00:00:00Z"), end: new Date("2016-12-31T00:00:00Z") },
      text: "64.1%",
      value: 64.1,
      numerator: null,
      denominator: null,
      commentary: `Commentary ${++sequence}`,
      intervention: null,
      by,
      via: "slack",
      before: null,
      sameAs: `review-posting-${provider}-${sequence}`,
      accept: false,
    });
    return id;
  };
  const setReviewChannel = (channel: string | null) => db().organisation.updateMany({ where: { name: BARNET }, data: { reviewChannel: channel } });
  const person = async (email: string) => (await prismaPeople(db()).byEmail(email)) as PersonProfile;

  it("posts a submission once, though two instances race for it on their own connections", async () => {
    await setReviewChannel("slack:C0RACE");
    const id = (firstId = await submit("AC/S8", PERF));
    const other = await prepareDatabase({ DATABASE_URL: database.url(), loadDemoData: false });
    try {
      const [first, second] = [recorder(), recorder()];
      const outcomes = await Promise.all([postForReview(job(db(), first.outbox, "a"), id), postForReview(job(other.database.db, second.outbox, "b"), id), postUnposted(job(other.database.db, second.outbox, "b"))]);
      // Three at once (two posts and a sweep): exactly one of them posted.
      const [a, b, swept] = outcomes as [string, string, { posted: number }];
      expect([a, b].filter((o) => o === "posted").length + swept.posted).toBe(1);
      expect([a, b].every((o) => o === "posted" || o === "already posted")).toBe(true);
      const views = [...first.posted, ...second.posted];
      expect(views).toHaveLength(1);
      expect(views[0]!.channel).toEqual({ platform: "slack", id: "C0RACE" });
      expect(views[0]!.view).toMatchObject({ kind: "review", id, ref: "AC/S8", display: "64.1%", submittedBy: "Performance Team", decision: null, rating: { level: "Green" } });
      expect(await postUnposted(job(db(), first.outbox))).toEqual({ posted: 0, notPosted: 0 });
    } finally {
      await other.database.close();
    }
  });

  it("gives a failed post's claim up for the next sweep; a channel that is gone is not tried again", async () => {
    await setReviewChannel("slack:C0FLAKY");
    const id = await submit("AC/S9", PERF);
    const failing = job(db(), recorder({ C0FLAKY: { kind: "failed", reason: "Slack could not be reached" } }).outbox);
    expect(await postForReview(failing, id)).toBe("failed");
    expect(failing.logged.text()).toContain("the next sweep tries again");
    // Swept: it, and the first one, still waiting, which this channel has not had yet.
    const working = recorder();
    expect(await postUnposted(job(db(), working.outbox))).toEqual({ posted: 2, notPosted: 0 });
    expect(working.posted.map((p) => [p.channel.id, (p.view as { id: number }).id])).toEqual([["C0FLAKY", firstId], ["C0FLAKY", id]]);

    await setReviewChannel("slack:C0GONE");
    const lost = await submit("AC/S10", PERF);
    expect(await postUnposted(job(db(), recorder({ C0GONE: { kind: "gone", reason: "channel_not_found" } }).outbox))).toMatchObject({ posted: 0 });
    expect((await db().jobClaim.findFirstOrThrow({ where: { job: REVIEW_POST_JOB, slot: "slack:C0GONE", key: String(lost) } })).outcome).toBe("gone: channel_not_found");
    const later = recorder();
    await postUnposted(job(db(), later.outbox));
    expect(later.posted.filter((p) => p.channel.id === "C0GONE")).toEqual([]);
    // A review channel set anew gets what still waits.
    await setReviewChannel("slack:C0NEW");
    await postUnposted(job(db(), later.outbox));
    expect(later.posted.filter((p) => p.channel.id === "C0NEW").map((p) => (p.view as { ref: string }).ref)).toContain("AC/S10");
    await setReviewChannel(null);
  });

  it("decides by id under the shared rules: an officer of the organisation, not on their own, seen by the workspace, with a comment to return", async () => {
    const id = await submit("AC/S4", ALEX);
    const deps = { catalogue: prismaCatalogue(db()), people: prismaPeople(db()), reviews: prismaReviews(db()) };
    const decideAs = (who: PersonProfile | null, decision: "accepted" | "returned", note: string | null, visibility = EVERYTHING) => decideById(deps, who, visibility, { id, decision, note, via: "slack" });
    const refusal = (outcome: Awaited<ReturnType<typeof decideById>>) => (outcome.ok ? "decided" : renderText(outcome.notice));
    expect(refusal(await decideAs(await person(ALEX), "accepted", null))).toContain("Accepting a submission needs the officer role in London Borough of Barnet; you are an owner there.");
    expect(refusal(await decideAs(null, "accepted", null))).toContain("the bot does not know who you are yet");
    expect(refusal(await decideAs(await person(PERF), "accepted", null, { kind: "organisations", names: ["London Borough of Sutton"] }))).toContain("not one this workspace sees");
    expect(refusal(await decideAs(await person(PERF), "returned", "  "))).toContain("Say why it is returned");
    expect(refusal(await decideAs(await person(PERF), "accepted", null, { kind: "unlinked" }))).toContain("not one this workspace sees");
    expect((await prismaReviews(db()).submission(id))!.status).toBe("submitted");

    const returned = await decideAs(await person(PERF), "returned", "Add the numerator");
    expect(returned).toMatchObject({ ok: true, view: { kind: "review", id, decision: { outcome: "returned", by: "Performance Team", note: "Add the numerator" } } });
    expect(refusal(await decideAs(await person(PERF), "accepted", null))).toMatch(/was decided already: Returned by Performance Team at \d\d:\d\d on .+: Add the numerator/);
  });

  it("tells a return directly, else in the review channel with the reason logged; an acceptance it cannot tell is only logged", async () => {
    await setReviewChannel("slack:C0REVIEW");
    await db().person.update({ where: { email: ALEX }, data: { slackUserId: "U0ALEX" } });
    const reviews = prismaReviews(db());
    const toAlex = await submit("AC/S5", ALEX);
    await reviews.decide(toAlex, "returned", PERF, "slack", "Check the quarter");
    const told = recorder();
    expect(await tellDecision(job(db(), told.outbox), toAlex)).toBe("told");
    expect(told.posted).toHaveLength(1);
    expect(told.posted[0]!.channel).toEqual({ platform: "slack", id: "U0ALEX" });
    expect(renderText(told.posted[0]!.view)).toContain("Your update to AC/S5 for Q3 2016/17 was returned by Performance Team: Check the quarter");

    // Alex's direct message fails: the review channel is told instead.
    const dmFails = recorder({ U0ALEX: { kind: "failed", reason: "Slack refused the message (cannot_dm_bot)" } });
    const failing = job(db(), dmFails.outbox);
    expect(await tellDecision(failing, toAlex)).toBe("told the review channel");
    expect(dmFails.posted.map((p) => [p.channel.id, renderText(p.view)])).toEqual([["C0REVIEW", "Alex Morgan's update to AC/S5 for Q3 2016/17 was returned by Performance Team: Check the quarter"]]);
    expect(failing.logged.text()).toContain("cannot_dm_bot");

    // The performance team is on neither platform: an acceptance is logged, nothing posted.
    const toPerf = await submit("AC/S6", PERF);
    await db().person.create({ data: { name: "Kim Officer", email: "kim.officer@example.org", role: "officer", organisationId: (await db().organisation.findFirstOrThrow({ where: { name: BARNET } })).id } });
    await reviews.decide(toPerf, "accepted", "kim.officer@example.org", "slack", null);
    const quiet = recorder();
    const accepting = job(db(), quiet.outbox);
    expect(await tellDecision(accepting, toPerf)).toBe("not told");
    expect(quiet.posted).toEqual([]);
    expect(accepting.logged.text()).toContain("they have no Slack user or Teams personal chat with the bot");
    // Nothing to tell of a submission still waiting.
    expect(await tellDecision(accepting, await submit("AC/S16", PERF))).toBe("not decided");
    await setReviewChannel(null);
  });
});
