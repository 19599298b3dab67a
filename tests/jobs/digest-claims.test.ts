// The digest job's claims through the running service, its scheduler and a local Slack Web API: a slot
// missed two hours before is caught up at start; stopping while a digest is being posted waits for it, and a
// restart does not post it again; a post Slack refuses with 5xx is tried again later and posted once; a claim
// whose instance stopped is taken again by one of two instances; a post whose answer never came is not sent
// again but by the operator's --retry.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { DEFAULT_LEVELS } from "../../src/core/subscriptions.ts";
import { runDueDigests } from "../../src/core/use-cases/run-digests.ts";
import { platformOutbox } from "../../src/jobs/outbox.ts";
import { startService, type Service } from "../../src/service.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import { prismaClaims, prismaSubscriptions } from "../../src/store/subscriptions.ts";
import { eventually } from "../helpers/eventually.ts";
import { freshDatabase, providers, type TestDatabase } from "../helpers/databases.ts";
import { startFakeSlack, type FakeSlack } from "../helpers/fake-slack.ts";
import { memoryLog } from "../helpers/log.ts";

const SECRET = "test-signing-secret-0123456789";
const TOKEN = "xoxb-test-bot-token-0123456789";
const BARNET = "London Borough of Barnet";
/** Monday 7 December 2026, 09:00 GMT: the subscriptions' slot. */
const SLOT = "2026-12-07 09:00";
const DUE = new Date("2026-12-07T09:00:30Z");

let slack: FakeSlack;
const databases: TestDatabase[] = [];
beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(async () => {
  await slack?.close();
  for (const target of databases) await target.drop();
});

/** A database with the demo data and the channel subscribed to Barnet's Monday 09:00 digest since 1 December. */
async function subscribed(provider: "sqlite" | "postgresql", channel: string): Promise<{ target: TestDatabase; subscriptionId: number }> {
  const target = await freshDatabase(provider);
  databases.push(target);
  const { database } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: true });
  try {
    const saved = await prismaSubscriptions(database.db).save({ channel: { platform: "slack", id: channel }, organisation: BARNET, schedule: { day: 1, time: "09:00" }, levels: DEFAULT_LEVELS, serviceId: null, alerts: false, createdBy: null });
    await database.db.subscription.update({ where: { id: saved.id }, data: { createdAt: new Date("2026-12-01T00:00:00Z") } });
    return { target, subscriptionId: saved.id };
  } finally {
    await database.close();
  }
}

const config = (target: TestDatabase) => loadConfig({ DATABASE_URL: target.url, PORT: "0", HOST: "127.0.0.1", SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slack.apiUrl });
const start = (target: TestDatabase, clock: () => Date): Promise<Service> => startService(config(target), { logger: memoryLog().logger, clock });

/** Digests Slack took for the channel: with their picture (files.completeUploadExternal) or as text. */
const digestsTo = (channel: string) =>
  slack.calls.filter((c) => c.status === 200 && ((c.path.startsWith("/api/files.completeUploadExternal") && c.body.channel_id === channel) || (c.path.startsWith("/api/chat.postMessage") && c.body.channel === channel))).length;

/** The digest's claim for the slot, as stored. */
async function claimOf(target: TestDatabase) {
  const { database } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: false });
  try {
    return await database.db.jobClaim.findFirst({ where: { job: "digest", slot: SLOT } });
  } finally {
    await database.close();
  }
}

describe("digest claims in the running service", () => {
  it("posts at start a slot missed two hours before, inside the six-hour catch-up window", async () => {
    const { target } = await subscribed("sqlite", "C0CATCHUP");
    const service = await start(target, () => new Date("2026-12-07T11:00:30Z"));
    try {
      const claim = await eventually(() => claimOf(target), (c) => c?.state === "posted" || c?.state === "skipped");
      expect(claim).toMatchObject({ state: "posted", outcome: `posted ${SLOT}` });
      expect(digestsTo("C0CATCHUP")).toBe(1);
    } finally {
      await service.stop();
    }
  }, 120_000);

  it("waits, when stopped, for the digest being posted, and after a restart does not post it again", async () => {
    const { target } = await subscribed("sqlite", "C0STOP");
    // Started a minute before the slot; the clock's next tick posts it, and Slack takes the message and holds its
    // answer while the service is told to stop.
    let now = new Date("2026-12-07T08:59:30Z");
    const first = await start(target, () => now);
    const held = slack.holdNext("files.completeUploadExternal");
    now = DUE;
    void first.scheduler!.tick();
    await held.arrived;
    let answered = false;
    setTimeout(() => {
      answered = true;
      held.release();
    }, 300);
    await first.stop();
    expect(answered).toBe(true);
    expect(await claimOf(target)).toMatchObject({ state: "posted", leaseUntil: null });
    const second = await start(target, () => DUE);
    await second.scheduler!.tick();
    await second.stop();
    expect(digestsTo("C0STOP")).toBe(1);
  }, 120_000);

  it("tries a digest Slack refused with 5xx again after a pause, and posts it once", async () => {
    const { target } = await subscribed("sqlite", "C0FIVEXX");
    let now = DUE;
    slack.answerStatus("files.completeUploadExternal", 503);
    slack.answerStatus("chat.postMessage", 503);
    const service = await start(target, () => now);
    try {
      const failed = await eventually(() => claimOf(target), (c) => c?.state === "failed");
      expect(failed).toMatchObject({ state: "failed", attempts: 1, retryAt: new Date(DUE.getTime() + 60_000) });
      expect(failed!.outcome).toMatch(/Slack answered HTTP 503/);
      slack.answerStatus("files.completeUploadExternal", null);
      slack.answerStatus("chat.postMessage", null);
      // Not before its pause is over.
      await service.scheduler!.tick();
      expect(digestsTo("C0FIVEXX")).toBe(0);
      now = new Date(DUE.getTime() + 61_000);
      await service.scheduler!.tick();
      now = new Date(DUE.getTime() + 10 * 60_000);
      await service.scheduler!.tick();
      expect(digestsTo("C0FIVEXX")).toBe(1);
      expect(await claimOf(target)).toMatchObject({ state: "posted", attempts: 2 });
    } finally {
      await service.stop();
    }
  }, 120_000);

  it("does not send again a digest whose answer never came, until the operator's --retry", async () => {
    const { target } = await subscribed("sqlite", "C0NOANSWER");
    // Slack takes the message, and the connection closes before its answer.
    slack.dropNext("files.completeUploadExternal");
    const service = await start(target, () => DUE);
    try {
      const unknown = await eventually(() => claimOf(target), (c) => c?.state === "unknown");
      expect(unknown!.outcome).toMatch(/may have been posted/);
      await service.scheduler!.tick();
      // Once, as Slack took it: neither sent again with its picture nor as text.
      expect(digestsTo("C0NOANSWER")).toBe(1);
    } finally {
      await service.stop();
    }
    // The operator's run, as kpi digest run --now --retry makes it: without --retry it says why, with it it posts.
    const { database } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: false });
    try {
      const catalogue = prismaCatalogue(database.db);
      const job = { catalogue, subscriptions: prismaSubscriptions(database.db), claims: prismaClaims(database.db, "kpi command"), outbox: platformOutbox(config(target), database.db, memoryLog().logger), log: memoryLog().logger, catchUpMs: 6 * 3_600_000 };
      const channel = { platform: "slack" as const, id: "C0NOANSWER" };
      expect((await runDueDigests(job, DUE, { now: true, channel }))[0]).toMatchObject({ outcome: "unknown", detail: expect.stringMatching(/--retry sends it/) });
      expect((await runDueDigests(job, DUE, { now: true, retry: true, channel }))[0]).toMatchObject({ outcome: "posted" });
    } finally {
      await database.close();
    }
    expect(await claimOf(target)).toMatchObject({ state: "posted", attempts: 2 });
    expect(digestsTo("C0NOANSWER")).toBe(2);
  }, 120_000);
});

describe.each(providers)("two instances on %s", (provider) => {
  it("take a claim whose instance stopped before sending, once its lease ran out: one of them posts it, once", async () => {
    const { target, subscriptionId } = await subscribed(provider, `C0LEASE${provider === "sqlite" ? "S" : "P"}`);
    const { database } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: false });
    await database.db.jobClaim.create({ data: { job: "digest", slot: SLOT, key: String(subscriptionId), claimedBy: "stopped:1", state: "claimed", leaseUntil: new Date(Date.now() - 60_000) } });
    await database.close();
    const [a, b] = await Promise.all([start(target, () => DUE), start(target, () => DUE)]);
    try {
      const claim = await eventually(() => claimOf(target), (c) => c?.state === "posted");
      await Promise.all([a.scheduler!.tick(), b.scheduler!.tick()]);
      expect(claim).toMatchObject({ state: "posted", attempts: 2 });
      expect(digestsTo(`C0LEASE${provider === "sqlite" ? "S" : "P"}`)).toBe(1);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 120_000);
});
