// Reminders during a reporting cycle on real databases with the demo data and an injected clock:
// from 09:00 London on the reminder days, one direct message a person a day (through a local Slack),
// listing what they still owe with the update button; returned counts, submitted and retired do not;
// the unreachable and the gone go to the review channel by name; two instances racing send once;
// the review channel hears who is missing once, on the last day. And kpi org set / reminders.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Channel, Outbox, PostOutcome } from "../../src/core/channels.ts";
import { parsePeriod } from "../../src/core/periods.ts";
import { sendDueReminders, type ReminderJob, type ReminderRun } from "../../src/core/use-cases/send-reminders.ts";
import type { MissingUpdates, Reminder, View } from "../../src/core/views.ts";
import { createSlackOutbox } from "../../src/platforms/slack/outbox.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import type { Db } from "../../src/store/database.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import { setReviewOptions } from "../../src/store/organisations.ts";
import { setOwners } from "../../src/store/owners.ts";
import { addPerson, linkIdentity, prismaPeople } from "../../src/store/people.ts";
import { prismaReminderCycles } from "../../src/store/reminders.ts";
import { prismaClaims } from "../../src/store/subscriptions.ts";
import { prismaCycles, prismaReviews, prismaUpdates } from "../../src/store/updates.ts";
import { demoDatabase, freshDatabase, providers, type TestDatabase } from "../helpers/databases.ts";
import { startFakeSlack, type FakeSlack } from "../helpers/fake-slack.ts";
import { memoryLog, type MemoryLog } from "../helpers/log.ts";
import { runKpi } from "../helpers/run.ts";

const BARNET = "London Borough of Barnet";
const JO = "jo.bloggs@example.org";
const ALEX = "alex.morgan@example.org";
const PRIYA = "priya.shah@example.org";
const Q3 = parsePeriod("Q3 2016/17")!;

/** Records what would have been posted; answers gone for the channel ids named. */
function recorder(gone: string[] = []) {
  const posted: { channel: Channel; view: View }[] = [];
  const outbox: Outbox = {
    async post(channel, view): Promise<PostOutcome> {
      if (gone.includes(channel.id)) return { kind: "gone", reason: "cannot_dm_bot: the user left the workspace" };
      posted.push({ channel, view });
      return { kind: "posted" };
    },
  };
  return { outbox, posted };
}

function reminderJob(db: Db, outbox: Outbox, log: MemoryLog, instance = "test"): ReminderJob {
  return { catalogue: prismaCatalogue(db), cycles: prismaCycles(db), reminderCycles: prismaReminderCycles(db), people: prismaPeople(db), claims: prismaClaims(db, instance), outbox, log: log.logger };
}

const reminders = (posted: { channel: Channel; view: View }[]) => posted.filter((p): p is { channel: Channel; view: Reminder } => p.view.kind === "reminder");
const outcomeFor = (runs: ReminderRun[], to: string) => runs.filter((r) => r.to === to).map((r) => r.outcome);

describe.each(providers)("reminders on %s", (provider) => {
  const database = demoDatabase(provider);
  const db = () => database().db;
  let slack: FakeSlack;

  beforeAll(async () => {
    slack = await startFakeSlack();
    // Jo owns three of Alex's indicators, one of them retired; Jo and Alex are on Slack, Priya on nothing.
    await addPerson(db(), { email: JO, name: "Jo Bloggs", organisation: "barnet" });
    await linkIdentity(db(), JO, { slackUserId: "U0JO" });
    await linkIdentity(db(), ALEX, { slackUserId: "U0ALEX" });
    for (const ref of ["AC/S8", "AC/S9", "AC/S10"]) await setOwners(db(), ref, { owner: JO, delegate: null, organisation: "barnet", by: "test" });
    const retired = await db().indicator.findFirstOrThrow({ where: { ref: "AC/S10" } });
    await db().indicator.update({ where: { id: retired.id }, data: { retiredAt: new Date("2016-12-01T00:00:00Z"), retiredBy: "test", retiredNote: "replaced" } });
    await setReviewOptions(db(), "barnet", { reviewChannel: "slack:C0REVIEW" }, "test");
    await prismaCycles(db()).open(BARNET, { label: Q3.label, kind: Q3.kind, start: Q3.start, end: Q3.end }, new Date("2017-01-20T23:59:59Z"), "test", "test");
  });
  afterAll(async () => slack?.close());

  it("from 09:00 London on a reminder day: one direct message each, listing what is still to do with its update button; the unreachable owner's list goes to the review channel with their name; at most once a day", async () => {
    const log = memoryLog();
    const job = reminderJob(db(), createSlackOutbox({ botToken: "xoxb-test", apiUrl: slack.apiUrl, logger: log.logger, minGapMs: 0 }), log);
    // Friday 13 January 2017, seven days before the deadline (GMT): nothing at 08:59.
    expect(await sendDueReminders(job, new Date("2017-01-13T08:59:00Z"))).toEqual([]);
    expect(slack.calls.filter((c) => c.path.startsWith("/api/chat.postMessage"))).toEqual([]);

    const runs = await sendDueReminders(job, new Date("2017-01-13T09:00:30Z"));
    expect(outcomeFor(runs, JO)).toEqual(["posted"]);
    expect(outcomeFor(runs, ALEX)).toEqual(["posted"]);
    expect(outcomeFor(runs, PRIYA)).toEqual(["posted to the review channel"]);

    // Jo: the direct message opened with conversations.open, one message, both live indicators each with the card's Submit update action; not the retired one.
    expect(slack.calls.filter((c) => c.path.startsWith("/api/conversations.open") && c.body.users === "U0JO")).toHaveLength(1);
    const toJo = slack.calls.filter((c) => c.path.startsWith("/api/chat.postMessage") && c.body.channel === "D0JO");
    expect(toJo).toHaveLength(1);
    const buttons = (toJo[0]!.body.blocks as { accessory?: { action_id: string; value: string; text: { text: string } } }[]).flatMap((b) => (b.accessory ? [b.accessory] : []));
    expect(buttons.map((b) => [b.action_id, b.value, b.text.text]).sort()).toEqual([["kpi_update", "AC/S8", "Submit update"], ["kpi_update", "AC/S9", "Submit update"]]);
    expect(String(toJo[0]!.body.text)).toMatch(/Reminder: your updates for Q3 2016\/17: 2 to update by Friday,? 20 January 2017/);
    expect(JSON.stringify(toJo[0]!.body.blocks)).toContain("due in 7 days");
    expect(JSON.stringify(toJo[0]!.body.blocks)).not.toContain("AC/S10");

    // Alex: only the ones still theirs.
    const toAlex = slack.calls.filter((c) => c.path.startsWith("/api/chat.postMessage") && c.body.channel === "D0ALEX");
    expect(toAlex).toHaveLength(1);
    expect(JSON.stringify(toAlex[0]!.body.blocks)).toContain("AC/S3");
    expect(JSON.stringify(toAlex[0]!.body.blocks)).not.toContain("AC/S8");

    // Priya: no Slack user or Teams chat, so the review channel has her list under her name, and the log says why.
    const toReview = slack.calls.filter((c) => c.path.startsWith("/api/chat.postMessage") && c.body.channel === "C0REVIEW");
    expect(toReview).toHaveLength(1);
    expect(JSON.stringify(toReview[0]!.body.blocks)).toContain("For *Priya Shah*");
    expect(JSON.stringify(toReview[0]!.body.blocks)).toContain("CG/C23");
    expect(log.entries().find((e) => e.level === 40 && e.email === PRIYA)).toMatchObject({ reason: "no Slack user or Teams personal chat is known for them", channel: "slack:C0REVIEW", msg: "reminder sent to the review channel instead" });

    // Later that day (a restart, another tick): claimed, so nothing more.
    const again = await sendDueReminders(job, new Date("2017-01-13T15:00:00Z"));
    expect(again.map((r) => r.outcome)).toEqual(["already sent", "already sent", "already sent"]);
    expect(slack.calls.filter((c) => c.path.startsWith("/api/chat.postMessage"))).toHaveLength(3);
    // Not a reminder day: nothing, whatever the time.
    expect(await sendDueReminders(job, new Date("2017-01-14T09:30:00Z"))).toEqual([]);
  });

  it("sends each person's reminder once though two instances race for it on their own connections", async () => {
    const other = await prepareDatabase({ DATABASE_URL: database.url(), loadDemoData: false });
    const [first, second] = [recorder(), recorder()];
    const now = new Date("2017-01-18T09:01:00Z");
    const [a, b] = await Promise.all([sendDueReminders(reminderJob(db(), first.outbox, memoryLog(), "a"), now), sendDueReminders(reminderJob(other.database.db, second.outbox, memoryLog(), "b"), now)]);
    await other.database.close();
    for (const email of [JO, ALEX, PRIYA]) expect([...outcomeFor(a, email), ...outcomeFor(b, email)].sort(), email).toEqual(["already sent", email === PRIYA ? "posted to the review channel" : "posted"].sort());
    const sent = reminders([...first.posted, ...second.posted]);
    expect(sent.map((p) => `${p.channel.id} ${p.view.for ?? ""}`).sort()).toEqual(["C0REVIEW Priya Shah", "U0ALEX ", "U0JO "]);
    expect(sent.find((p) => p.channel.id === "U0JO")!.view.when).toBe("due in 2 days");

    // An instance that finished the day (as the scheduler's does) asks nobody again until the next day.
    const claims = prismaClaims(db(), "c");
    let claimed = 0;
    const counting = { ...reminderJob(db(), recorder().outbox, memoryLog(), "c"), claims: { ...claims, claim: (...args: Parameters<typeof claims.claim>) => (claimed++, claims.claim(...args)) }, finished: new Set<string>() };
    await sendDueReminders(counting, new Date("2017-01-18T10:00:00Z"));
    expect(claimed).toBe(3);
    expect(await sendDueReminders(counting, new Date("2017-01-18T10:01:00Z"))).toEqual([]);
    expect(claimed).toBe(3);
    expect([...counting.finished]).toEqual([`${BARNET}|Q3 2016/17|2017-01-18`]);
  });

  it("counts a returned submission as still to do, and one waiting for review as done; nothing once everything is in", async () => {
    const updates = prismaUpdates(db());
    const submit = (ref: string, sameAs: string) =>
      updates.submit({ organisation: BARNET, ref, period: { label: Q3.label, kind: Q3.kind, start: Q3.start, end: Q3.end }, text: "64.1%", value: 64.1, numerator: null, denominator: null, commentary: "Up", intervention: null, by: JO, via: "test", before: null, sameAs, accept: false });
    await submit("AC/S8", "reminder-test-s8");
    await submit("AC/S9", "reminder-test-s9");
    const pending = await prismaReviews(db()).pending([BARNET]);
    await prismaReviews(db()).decide(pending.find((p) => p.ref === "AC/S9")!.id, "returned", "performance.team@example.org", "test", "Add the numerator");

    const { outbox, posted } = recorder();
    await sendDueReminders(reminderJob(db(), outbox, memoryLog()), new Date("2017-01-20T09:00:00Z"));
    const jo = reminders(posted).filter((p) => p.channel.id === "U0JO");
    expect(jo).toHaveLength(1);
    expect(jo[0]!.view.items).toEqual([{ ref: "AC/S9", title: expect.any(String), returned: true }]);
    expect(jo[0]!.view.when).toBe("due today");

    // Sent again: everything of Jo's is in, so the day after the deadline Jo hears nothing; Alex still does.
    await submit("AC/S9", "reminder-test-s9-again");
    const later = recorder();
    const runs = await sendDueReminders(reminderJob(db(), later.outbox, memoryLog()), new Date("2017-01-21T09:00:00Z"));
    expect(outcomeFor(runs, JO)).toEqual([]);
    expect(reminders(later.posted).map((p) => p.channel.id)).not.toContain("U0JO");
    const alex = reminders(later.posted).find((p) => p.channel.id === "U0ALEX")!;
    expect(alex.view.heading).toBe("Overdue: your updates for Q3 2016/17");
    expect(alex.view.when).toBe("1 day overdue");
    // Not the last day: the review channel hears of nobody missing yet.
    expect(later.posted.filter((p) => p.view.kind === "missing")).toEqual([]);
  });

  it("on the last day after the deadline tells the review channel once who is still missing and what; a gone chat's reminder goes there too", async () => {
    const log = memoryLog();
    const { outbox, posted } = recorder(["U0ALEX"]);
    const runs = await sendDueReminders(reminderJob(db(), outbox, log), new Date("2017-01-23T09:10:00Z"));
    expect(outcomeFor(runs, ALEX)).toEqual(["posted to the review channel"]);
    expect(log.entries().find((e) => e.level === 40 && e.email === ALEX)?.reason).toMatch(/their chat with the bot is gone \(cannot_dm_bot/);
    expect(reminders(posted).find((p) => p.view.for === "Alex Morgan")?.channel).toEqual({ platform: "slack", id: "C0REVIEW" });

    const missing = posted.filter((p): p is { channel: Channel; view: MissingUpdates } => p.view.kind === "missing");
    expect(missing).toHaveLength(1);
    expect(missing[0]!.channel).toEqual({ platform: "slack", id: "C0REVIEW" });
    expect(missing[0]!.view.heading).toBe("Still missing for Q3 2016/17");
    const names = missing[0]!.view.people.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(["Alex Morgan", "Priya Shah"]));
    expect(names).not.toContain("Jo Bloggs");
    expect(missing[0]!.view.people.flatMap((p) => p.items.map((i) => i.ref))).not.toContain("AC/S10");

    // Again that day, by another instance: neither reminders nor the list again.
    const again = recorder();
    const second = await sendDueReminders(reminderJob(db(), again.outbox, memoryLog(), "other"), new Date("2017-01-23T17:00:00Z"));
    expect(second.map((r) => r.outcome).every((o) => o === "already sent")).toBe(true);
    expect(second.filter((r) => r.to === "review channel")).toHaveLength(1);
    expect(again.posted).toEqual([]);
  });
});

describe("kpi org set --remind-before/--remind-after and kpi reminders", () => {
  let target: TestDatabase;
  const kpi = (...args: string[]) => runKpi(args, { DATABASE_URL: target.url, LOG_LEVEL: "warn" });
  beforeAll(async () => {
    target = await freshDatabase("sqlite");
    const { database } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: true });
    await database.close();
  }, 120_000);
  afterAll(async () => target?.drop());

  it("takes whole days 0 to 60 or none, refuses anything else changing nothing, and lists them", async () => {
    // (The rules themselves are tested in tests/core/reminders.test.ts; each run here is a process.)
    for (const bad of ["61", "1.5"]) {
      const run = await kpi("org", "set", "barnet", "--remind-before", bad, "--review-channel", "slack:C0REVIEW");
      expect(run.code, bad).toBe(1);
      expect(run.stdout).toContain(`--remind-before: “${bad}” is not whole days from 0 to 60`);
    }
    expect((await kpi("org", "set", "barnet", "--remind-after", "3 days")).stdout).toContain("--remind-after: “3 days” is not whole days");
    const set = await kpi("org", "set", "barnet", "--remind-before", "3, 10,0", "--remind-after", "none");
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain("London Borough of Barnet: owners are reminded 10,3,0 days before a cycle's deadline, on the day, and no days after.");
    const list = (await kpi("org", "list")).stdout;
    // "review channel none": the refused commands wrote nothing, not even the review channel given beside the bad days.
    expect(list).toMatch(/barnet +review channel none; reviewed; reminders 10,3,0 days before a cycle's deadline, on the day, and no days after/);
    expect(list).toMatch(/sutton +review channel none; reviewed; reminders 7,2 days before/);
  }, 240_000);

  it("previews who would be reminded of what on a day, sending nothing", async () => {
    expect((await kpi("reminders", "preview", "--organisation", "barnet")).stdout).toContain("No reporting cycle is open for London Borough of Barnet");
    expect((await kpi("cycle", "open", "Q3 2016/17", "--due", "2017-01-20", "--organisation", "barnet")).code).toBe(0);
    const preview = await kpi("reminders", "preview", "--organisation", "barnet", "--date", "2017-01-10");
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain("Reminder days: 2017-01-10 (due in 10 days), 2017-01-17 (due in 3 days), 2017-01-20 (due today)");
    expect(preview.stdout).toMatch(/Alex Morgan <alex\.morgan@example\.org> nowhere: no Slack user or Teams personal chat is known, and there is no review channel: .*AC\/S8/);
    expect(preview.stdout).toContain("2017-01-10 (due in 10 days): 2 people would be reminded");
    expect((await kpi("reminders", "preview", "--date", "2017-01-11")).stdout).toContain("2017-01-11 is not a reminder day");
    expect((await kpi("reminders", "preview", "--date", "tomorrow")).stderr).toContain("--date: “tomorrow” is not a date");
    // Today (long after this cycle's days): nothing to send.
    expect((await kpi("reminders", "run", "--now")).stdout).toContain("Nothing to send");
  }, 240_000);
});

describe("a reminder whose post failed", () => {
  const database = demoDatabase("sqlite");
  const db = () => database().db;
  beforeAll(async () => {
    await addPerson(db(), { email: JO, name: "Jo Bloggs", organisation: "barnet" });
    await linkIdentity(db(), JO, { slackUserId: "U0JO" });
    await setOwners(db(), "AC/S8", { owner: JO, delegate: null, organisation: "barnet", by: "test" });
    await prismaCycles(db()).open(BARNET, { label: Q3.label, kind: Q3.kind, start: Q3.start, end: Q3.end }, new Date("2017-01-20T23:59:59Z"), "test", "test");
  });

  it("is tried again after a pause the same day, by the scheduler's ticks, and sent once", async () => {
    // Slack refuses the first two posts to Jo (nothing posted), then takes them.
    let refusals = 2;
    const posted: { channel: Channel; view: View }[] = [];
    const outbox: Outbox = {
      async post(channel, view): Promise<PostOutcome> {
        if (channel.id === "U0JO" && refusals > 0) {
          refusals--;
          return { kind: "failed", reason: "Slack answered HTTP 503" };
        }
        posted.push({ channel, view });
        return { kind: "posted" };
      },
    };
    // As the scheduler runs it: one job, remembering the cycles it finished each day.
    const job = { ...reminderJob(db(), outbox, memoryLog()), finished: new Set<string>() };
    const at = (time: string) => sendDueReminders(job, new Date(`2017-01-13T${time}Z`));
    expect(outcomeFor(await at("09:00:30"), JO)).toEqual(["failed"]);
    // Not before its pause (a minute, then two) is over.
    expect(outcomeFor(await at("09:01:00"), JO)).toEqual(["failed"]);
    expect(outcomeFor(await at("09:01:40"), JO)).toEqual(["failed"]);
    expect(outcomeFor(await at("09:03:00"), JO)).toEqual(["failed"]);
    expect(reminders(posted).filter((p) => p.channel.id === "U0JO")).toHaveLength(0);
    expect(outcomeFor(await at("09:03:50"), JO)).toEqual(["posted"]);
    // Finished for the day once it went.
    expect(await at("09:30:00")).toEqual([]);
    expect(await sendDueReminders({ ...job, finished: new Set<string>() }, new Date("2017-01-13T12:00:00Z")).then((runs) => outcomeFor(runs, JO))).toEqual(["already sent"]);
    expect(reminders(posted).filter((p) => p.channel.id === "U0JO")).toHaveLength(1);
  });
});
