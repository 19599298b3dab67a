// The digest and alert jobs on real databases, with injected clocks: slots claimed once, even
// by jobs racing on separate connections; catch-up inside the window, skipped outside it; what
// changed since the last digest; alerts once per change. The outbox here is a recorder of the
// port (the platform outboxes have their own tests against local Slack and Bot Connector servers).
import { describe, expect, it } from "vitest";
import type { Channel, Outbox, PostOutcome } from "../../src/core/channels.ts";
import { checkAlerts } from "../../src/core/use-cases/check-alerts.ts";
import { runDueDigests } from "../../src/core/use-cases/run-digests.ts";
import type { Alert, Digest, View } from "../../src/core/views.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import type { Db } from "../../src/store/database.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import { prismaClaims, prismaRatingsSeen, prismaSubscriptions } from "../../src/store/subscriptions.ts";
import { demoDatabase, providers } from "../helpers/databases.ts";
import { memoryLog } from "../helpers/log.ts";

const BARNET = "London Borough of Barnet";
const HOUR = 3_600_000;

/** Records what would have been posted; answers gone for the channels named. */
function recorder(gone: string[] = []) {
  const posted: { channel: Channel; view: View }[] = [];
  const outbox: Outbox = {
    async post(channel, view): Promise<PostOutcome> {
      if (gone.includes(channel.id)) return { kind: "gone", reason: "channel_not_found: the channel was deleted" };
      posted.push({ channel, view });
      return { kind: "posted" };
    },
  };
  return { outbox, posted };
}

function jobs(db: Db, outbox: Outbox, instance = "test") {
  const log = memoryLog();
  const base = { catalogue: prismaCatalogue(db), subscriptions: prismaSubscriptions(db), claims: prismaClaims(db, instance), outbox, log: log.logger };
  return { digests: { ...base, catchUpMs: 6 * HOUR }, alerts: { ...base, catchUpMs: 6 * HOUR, ratingsSeen: prismaRatingsSeen(db) }, log };
}

/** Sets an indicator's latest result, as an import or an update form would (or someone straight in the database). */
async function setLatest(db: Db, ref: string, value: number, text: string) {
  const indicator = await db.indicator.findFirstOrThrow({ where: { ref }, include: { results: { include: { period: true } } } });
  const latest = indicator.results.sort((a, b) => b.period.endDate.getTime() - a.period.endDate.getTime())[0]!;
  await db.result.update({ where: { id: latest.id }, data: { value, text } });
}

describe.each(providers)("digest and alert jobs on %s", (provider) => {
  const database = demoDatabase(provider);
  const db = () => database().db;
  const subscribe = (id: string, createdAt: Date, extra: Partial<Parameters<ReturnType<typeof prismaSubscriptions>["save"]>[0]> = {}) =>
    prismaSubscriptions(db())
      .save({ channel: { platform: "slack", id }, organisation: BARNET, schedule: { day: 1, time: "09:00" }, levels: ["Red", "Red Amber", "Green Amber", "Amber"], serviceId: null, alerts: true, createdBy: null, ...extra })
      .then(async (s) => (await db().subscription.update({ where: { id: s.id }, data: { createdAt } }), s));

  it("posts a due slot once, though two instances race for it on their own connections", async () => {
    await subscribe("C0RACE", new Date("2026-11-01T00:00:00Z"));
    // Monday 7 December 2026, 09:00 GMT, and a minute after.
    const now = new Date("2026-12-07T09:01:00Z");
    // A second connection, as a second instance has.
    const other = await prepareDatabase({ DATABASE_URL: database.url(), loadDemoData: false });
    const first = recorder();
    const second = recorder();
    const a = jobs(db(), first.outbox, "a");
    const b = jobs(other.database.db, second.outbox, "b");
    const [runA, runB] = await Promise.all([runDueDigests(a.digests, now, { channel: { platform: "slack", id: "C0RACE" } }), runDueDigests(b.digests, now, { channel: { platform: "slack", id: "C0RACE" } })]);
    await other.database.close();
    // The other run finds it posted, or still being posted by the first.
    const [winner, loser] = [...runA, ...runB].map((r) => r.outcome).sort((a, b) => (a === "posted" ? -1 : b === "posted" ? 1 : 0));
    expect(winner).toBe("posted");
    expect(["already posted", "being posted"]).toContain(loser);
    expect(first.posted.length + second.posted.length).toBe(1);
    const digest = [...first.posted, ...second.posted][0]!.view as Digest;
    expect(digest.kind).toBe("digest");
    expect(digest.newlyRedAmber.map((l) => l.ref)).toContain("AC/S8");
    // The same slot a minute later, and with --now: already posted.
    expect((await runDueDigests(a.digests, new Date("2026-12-07T09:02:00Z"), { channel: { platform: "slack", id: "C0RACE" } }))[0]!.outcome).toBe("already posted");
    expect((await runDueDigests(a.digests, new Date("2026-12-07T10:00:00Z"), { channel: { platform: "slack", id: "C0RACE" }, now: true }))[0]!.outcome).toBe("already posted");
  });

  it("catches a missed slot up inside the window after a restart, and skips it (logged once) outside it", async () => {
    await subscribe("C0LATE1", new Date("2026-11-01T00:00:00Z"));
    await subscribe("C0LATE2", new Date("2026-11-01T00:00:00Z"));
    const { outbox, posted } = recorder();
    const inside = jobs(db(), outbox);
    expect((await runDueDigests(inside.digests, new Date("2026-12-14T14:00:00Z"), { channel: { platform: "slack", id: "C0LATE1" } }))[0]).toMatchObject({ slot: "2026-12-14 09:00", outcome: "posted" });
    const outside = jobs(db(), outbox);
    expect((await runDueDigests(outside.digests, new Date("2026-12-14T16:00:00Z"), { channel: { platform: "slack", id: "C0LATE2" } }))[0]).toMatchObject({ slot: "2026-12-14 09:00", outcome: "skipped" });
    expect(outside.log.text()).toMatch(/"detail":"missed by 7 h, beyond the catch-up window".*"msg":"digest skipped"/);
    expect((await runDueDigests(outside.digests, new Date("2026-12-14T16:01:00Z"), { channel: { platform: "slack", id: "C0LATE2" } }))[0]!.outcome).toBe("already posted");
    expect(posted.map((p) => p.channel.id)).toEqual(["C0LATE1"]);
    // Slots from before a subscription began are not its to post.
    await subscribe("C0NEW", new Date("2026-12-14T10:00:00Z"));
    expect((await runDueDigests(inside.digests, new Date("2026-12-14T10:30:00Z"), { channel: { platform: "slack", id: "C0NEW" } }))[0]!.outcome).toBe("not due");
  });

  it("neither skips nor doubles a slot at the clock changes", async () => {
    await subscribe("C0SPRING", new Date("2027-03-01T00:00:00Z"), { schedule: { day: 7, time: "01:30" } });
    const { outbox, posted } = recorder();
    const job = jobs(db(), outbox).digests;
    // 28 March 2027: 01:00 GMT becomes 02:00 BST, so 01:30 never happens: due at 01:00Z.
    expect((await runDueDigests(job, new Date("2027-03-28T00:59:00Z"), { channel: { platform: "slack", id: "C0SPRING" } }))[0]!.slot).toBe("2027-03-21 01:30");
    const spring = await runDueDigests(job, new Date("2027-03-28T01:00:00Z"), { channel: { platform: "slack", id: "C0SPRING" } });
    expect(spring[0]).toMatchObject({ slot: "2027-03-28 01:30", outcome: "posted" });
    await subscribe("C0AUTUMN", new Date("2027-10-01T00:00:00Z"), { schedule: { day: 7, time: "01:30" } });
    // 31 October 2027: 01:30 happens twice (00:30Z in BST, 01:30Z in GMT): posted at the first only.
    const runs = [];
    for (const at of ["2027-10-31T00:30:00Z", "2027-10-31T01:00:00Z", "2027-10-31T01:30:00Z", "2027-10-31T02:00:00Z"]) runs.push(...(await runDueDigests(job, new Date(at), { channel: { platform: "slack", id: "C0AUTUMN" } })));
    expect(runs.map((r) => r.outcome)).toEqual(["posted", "already posted", "already posted", "already posted"]);
    expect(posted.map((p) => p.channel.id)).toEqual(["C0SPRING", "C0AUTUMN"]);
  });

  it("pauses a channel that is gone, and the others still get theirs", async () => {
    await subscribe("C0GONE", new Date("2026-11-01T00:00:00Z"));
    await subscribe("C0STAYS", new Date("2026-11-01T00:00:00Z"));
    const { outbox, posted } = recorder(["C0GONE"]);
    const job = jobs(db(), outbox);
    const runs = await runDueDigests(job.digests, new Date("2026-12-21T09:05:00Z"));
    expect(runs.find((r) => r.channel === "slack:C0GONE")).toMatchObject({ outcome: "gone" });
    expect(runs.find((r) => r.channel === "slack:C0STAYS")).toMatchObject({ outcome: "posted" });
    expect(posted.some((p) => p.channel.id === "C0STAYS")).toBe(true);
    const paused = await prismaSubscriptions(db()).byChannel({ platform: "slack", id: "C0GONE" });
    expect(paused?.pausedReason).toMatch(/channel_not_found/);
    expect(job.log.text()).toMatch(/the channel is gone; its subscription is paused/);
    expect((await runDueDigests(job.digests, new Date("2026-12-28T09:05:00Z"), { channel: { platform: "slack", id: "C0GONE" } }))[0]!.outcome).toBe("paused");
  });

  it("says what changed since the last digest to the channel", async () => {
    await subscribe("C0CHANGES", new Date("2026-11-01T00:00:00Z"));
    const { outbox, posted } = recorder();
    const job = jobs(db(), outbox).digests;
    await runDueDigests(job, new Date("2027-01-04T09:00:00Z"), { channel: { platform: "slack", id: "C0CHANGES" } });
    const first = posted.at(-1)!.view as Digest;
    expect(first.newlyRedAmber.map((l) => l.ref)).toContain("AC/S8");
    expect(first.stillRedAmber).toEqual([]);
    await setLatest(db(), "AC/S8", 70, "70.0%");
    await setLatest(db(), "AC/S3", 40, "40.0%");
    await runDueDigests(job, new Date("2027-01-11T09:00:00Z"), { channel: { platform: "slack", id: "C0CHANGES" } });
    const second = posted.at(-1)!.view as Digest;
    expect(second.improved.map((l) => [l.ref, l.was])).toContainEqual(["AC/S8", "Red"]);
    expect(second.newlyRedAmber.map((l) => l.ref)).toEqual(["AC/S3"]);
    expect(second.stillRedAmber.flatMap((g) => g.items.map((i) => i.ref))).toContain("CG/C23");
    await setLatest(db(), "AC/S8", 53.2, "53.2%");
    await setLatest(db(), "AC/S3", 65.9, "65.9%");
  });

  it("alerts once when a change in the database turns an indicator red; red, green, red again alerts twice", async () => {
    await subscribe("C0ALERTS", new Date("2026-11-01T00:00:00Z"), { levels: ["Red"], schedule: { day: 1, time: "09:00" } });
    const { outbox, posted } = recorder();
    const job = jobs(db(), outbox).alerts;
    const alerts = () => posted.filter((p) => p.channel.id === "C0ALERTS").map((p) => (p.view as Alert).headline);
    // The first check after subscribing is the baseline: nothing is said.
    expect(await checkAlerts(job, new Date("2027-02-01T10:00:00Z"))).toMatchObject({ ran: true, posted: 0 });
    expect((await checkAlerts(job, new Date("2027-02-01T10:05:00Z"))).skipped).toBe("this quarter-hour was checked already");
    await setLatest(db(), "AC/S3", 40, "40.0%");
    await checkAlerts(job, new Date("2027-02-01T10:15:00Z"));
    expect(alerts()).toEqual(["AC/S3 turned Red (was Green)"]);
    await checkAlerts(job, new Date("2027-02-01T10:30:00Z"));
    expect(alerts()).toHaveLength(1);
    await setLatest(db(), "AC/S3", 70, "70.0%");
    await checkAlerts(job, new Date("2027-02-01T10:45:00Z"));
    await setLatest(db(), "AC/S3", 40, "40.0%");
    await checkAlerts(job, new Date("2027-02-01T11:00:00Z"));
    expect(alerts()).toEqual(["AC/S3 turned Red (was Green)", "AC/S3 turned Red (was Green)"]);
    await setLatest(db(), "AC/S3", 65.9, "65.9%");
  });

  it("alerts a drop short of Red (Green to Green Amber, then to Red Amber); a channel subscribed meanwhile hears nothing at its first check", async () => {
    await subscribe("C0DROPS", new Date("2026-11-01T00:00:00Z"));
    const { outbox, posted } = recorder();
    const job = jobs(db(), outbox).alerts;
    const alerts = (channel: string) => posted.filter((p) => p.channel.id === channel).map((p) => (p.view as Alert).headline);
    await checkAlerts(job, new Date("2027-02-08T10:00:00Z"));
    await setLatest(db(), "AC/S3", 61, "61.0%");
    await checkAlerts(job, new Date("2027-02-08T10:15:00Z"));
    expect(alerts("C0DROPS")).toEqual(["AC/S3 dropped to Green Amber (was Green)"]);
    // A channel that subscribes now: its first check sets its baseline, though AC/S3 drops again meanwhile.
    await subscribe("C0LATECOMER", new Date("2027-02-08T10:20:00Z"));
    await setLatest(db(), "AC/S3", 58, "58.0%");
    expect(await checkAlerts(job, new Date("2027-02-08T10:30:00Z"))).toMatchObject({ ran: true, changes: ["AC/S3 Green Amber -> Red Amber"] });
    expect(alerts("C0DROPS")).toEqual(["AC/S3 dropped to Green Amber (was Green)", "AC/S3 dropped to Red Amber (was Green Amber)"]);
    expect(alerts("C0LATECOMER")).toEqual([]);
    await setLatest(db(), "AC/S3", 65.9, "65.9%");
  });

  it("starts the alerts of more channels than SQLite takes parameters in one statement", async () => {
    const organisation = await db().organisation.findFirstOrThrow({ where: { name: BARNET } });
    await db().subscription.createMany({ data: Array.from({ length: 1_200 }, (_, i) => ({ organisationId: organisation.id, channel: `slack:C9${String(i).padStart(5, "0")}`, levels: JSON.stringify(["Red"]) })) });
    const { outbox } = recorder();
    expect(await checkAlerts(jobs(db(), outbox).alerts, new Date("2027-03-01T10:00:00Z"))).toMatchObject({ ran: true });
    expect(await db().subscription.count({ where: { channel: { startsWith: "slack:C9" }, alertsFrom: null } })).toBe(0);
    await db().subscription.deleteMany({ where: { channel: { startsWith: "slack:C9" } } });
  });
});
