// Alert posts through a local Slack Web API on real databases: a post Slack refuses with 503 is tried
// again after a pause and posted once; a post whose answer never came is not sent again but by the
// operator's --retry; two instances racing on a failed alert's retry post it once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { checkAlerts, type AlertJob } from "../../src/core/use-cases/check-alerts.ts";
import { platformOutbox } from "../../src/jobs/outbox.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import type { Db } from "../../src/store/database.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import { prismaClaims, prismaRatingsSeen, prismaSubscriptions } from "../../src/store/subscriptions.ts";
import { freshDatabase, providers, type TestDatabase } from "../helpers/databases.ts";
import { startFakeSlack, type FakeSlack } from "../helpers/fake-slack.ts";
import { memoryLog } from "../helpers/log.ts";

const BARNET = "London Borough of Barnet";
const TOKEN = "xoxb-test-bot-token-0123456789";
/** The baseline check, and the quarter-hour whose check finds AC/S3 turned Red. */
const BASELINE = new Date("2027-02-01T10:00:00Z");
const CHANGED = new Date("2027-02-01T10:15:00Z");
const minutesAfter = (at: Date, minutes: number) => new Date(at.getTime() + minutes * 60_000);

let slack: FakeSlack;
const opened: { close(): Promise<void> }[] = [];
const databases: TestDatabase[] = [];
beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(async () => {
  await slack?.close();
  for (const database of opened) await database.close();
  for (const target of databases) await target.drop();
});

async function open(target: TestDatabase): Promise<Db> {
  const { database } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: false });
  opened.push(database);
  return database.db;
}

/** An instance's alert job on its own connection, posting through the local Slack. */
async function alertJob(target: TestDatabase, instance: string): Promise<AlertJob> {
  const db = await open(target);
  const config = loadConfig({ DATABASE_URL: target.url, SLACK_SIGNING_SECRET: "test-signing-secret-0123456789", SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slack.apiUrl });
  const log = memoryLog().logger;
  return { catalogue: prismaCatalogue(db), subscriptions: prismaSubscriptions(db), claims: prismaClaims(db, instance), ratingsSeen: prismaRatingsSeen(db), outbox: platformOutbox(config, db, log), log, catchUpMs: 6 * 3_600_000 };
}

/** The demo data, the channel subscribed to Barnet's Red alerts, its baseline checked, then AC/S3 turned Red. */
async function turnedRed(provider: "sqlite" | "postgresql", channel: string): Promise<{ target: TestDatabase; job: AlertJob }> {
  const target = await freshDatabase(provider);
  databases.push(target);
  const { database } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: true });
  opened.push(database);
  const db = database.db;
  await prismaSubscriptions(db).save({ channel: { platform: "slack", id: channel }, organisation: BARNET, schedule: { day: 1, time: "09:00" }, levels: ["Red"], serviceId: null, alerts: true, createdBy: null });
  const job = await alertJob(target, "a");
  expect(await checkAlerts(job, BASELINE)).toMatchObject({ ran: true, posted: 0 });
  const indicator = await db.indicator.findFirstOrThrow({ where: { ref: "AC/S3" }, include: { results: { include: { period: true } } } });
  const latest = indicator.results.sort((a, b) => b.period.endDate.getTime() - a.period.endDate.getTime())[0]!;
  await db.result.update({ where: { id: latest.id }, data: { value: 40, text: "40.0%" } });
  return { target, job };
}

/** Alert messages sent to the channel: all of them, or those Slack took (answered 200). */
const sentTo = (channel: string) => slack.calls.filter((c) => c.path.startsWith("/api/chat.postMessage") && c.body.channel === channel);
const postedTo = (channel: string) => sentTo(channel).filter((c) => c.status === 200 && String(c.body.text ?? JSON.stringify(c.body)).includes("AC/S3"));

describe.each(providers)("alert posts that fail, on %s", (provider) => {
  // One local Slack for both providers: each its own channels.
  const C503 = `C0AL503${provider[0]!.toUpperCase()}`;
  const CDROP = `C0ALDROP${provider[0]!.toUpperCase()}`;
  const CRACE = `C0ALRACE${provider[0]!.toUpperCase()}`;
  const CLATE = `C0ALLATE${provider[0]!.toUpperCase()}`;
  const CBACK = `C0ALBACK${provider[0]!.toUpperCase()}`;
  it("posts later, once, an alert Slack refused with 503", async () => {
    const { job } = await turnedRed(provider, C503);
    slack.answerStatus("chat.postMessage", 503);
    try {
      expect(await checkAlerts(job, CHANGED)).toMatchObject({ ran: true, posted: 0, failed: 1 });
    } finally {
      slack.answerStatus("chat.postMessage", null);
    }
    expect(postedTo(C503)).toHaveLength(0);
    // Not before its pause (a minute after the first attempt) is over; then once, and never again.
    await checkAlerts(job, minutesAfter(CHANGED, 0.5));
    expect(postedTo(C503)).toHaveLength(0);
    await checkAlerts(job, minutesAfter(CHANGED, 2));
    expect(postedTo(C503)).toHaveLength(1);
    await checkAlerts(job, minutesAfter(CHANGED, 5));
    await checkAlerts(job, minutesAfter(CHANGED, 15));
    await checkAlerts(job, minutesAfter(CHANGED, 30));
    expect(postedTo(C503)).toHaveLength(1);
  }, 60_000);

  it("does not send again an alert whose answer never came, until the operator's --retry", async () => {
    const { job } = await turnedRed(provider, CDROP);
    slack.dropNext("chat.postMessage");
    expect(await checkAlerts(job, CHANGED)).toMatchObject({ ran: true, posted: 0, failed: 1 });
    expect(sentTo(CDROP)).toHaveLength(1);
    await checkAlerts(job, minutesAfter(CHANGED, 2));
    await checkAlerts(job, minutesAfter(CHANGED, 15));
    await checkAlerts(job, minutesAfter(CHANGED, 90));
    expect(sentTo(CDROP)).toHaveLength(1);
    // kpi alerts run --now --retry
    expect(await checkAlerts(job, minutesAfter(CHANGED, 95), { retry: true })).toMatchObject({ posted: 1 });
    // Sent a second time, by the operator's run only (Slack's stand-in took the dropped one too, as Slack may have).
    expect(sentTo(CDROP)).toHaveLength(2);
  }, 60_000);

  it("posts a failed alert once when two instances race to try it again", async () => {
    const { target, job } = await turnedRed(provider, CRACE);
    slack.answerStatus("chat.postMessage", 503);
    try {
      expect(await checkAlerts(job, CHANGED)).toMatchObject({ failed: 1 });
    } finally {
      slack.answerStatus("chat.postMessage", null);
    }
    const other = await alertJob(target, "b");
    const later = minutesAfter(CHANGED, 3);
    const [a, b] = await Promise.all([checkAlerts(job, later), checkAlerts(other, later)]);
    expect(a.posted + b.posted).toBe(1);
    expect(postedTo(CRACE)).toHaveLength(1);
  }, 60_000);

  it("stops trying a failed alert once its check is older than the catch-up window", async () => {
    const { job } = await turnedRed(provider, CLATE);
    slack.answerStatus("chat.postMessage", 503);
    try {
      expect(await checkAlerts(job, CHANGED)).toMatchObject({ failed: 1 });
      // Tried again just inside the six hours; its next pause would end outside them, so it is not tried again.
      expect(await checkAlerts(job, minutesAfter(CHANGED, 6 * 60 - 1))).toMatchObject({ failed: 1 });
      expect(sentTo(CLATE)).toHaveLength(2);
      await checkAlerts(job, minutesAfter(CHANGED, 7 * 60));
      await checkAlerts(job, minutesAfter(CHANGED, 9 * 60));
      expect(sentTo(CLATE)).toHaveLength(2);
    } finally {
      slack.answerStatus("chat.postMessage", null);
    }
  }, 60_000);

  it("does not post late a failed alert whose indicator is no longer Red", async () => {
    const { target, job } = await turnedRed(provider, CBACK);
    slack.answerStatus("chat.postMessage", 503);
    try {
      expect(await checkAlerts(job, CHANGED)).toMatchObject({ failed: 1 });
    } finally {
      slack.answerStatus("chat.postMessage", null);
    }
    const db = await open(target);
    const indicator = await db.indicator.findFirstOrThrow({ where: { ref: "AC/S3" }, include: { results: { include: { period: true } } } });
    const latest = indicator.results.sort((a, b) => b.period.endDate.getTime() - a.period.endDate.getTime())[0]!;
    await db.result.update({ where: { id: latest.id }, data: { value: 70, text: "70.0%" } });
    expect(await checkAlerts(job, minutesAfter(CHANGED, 2))).toMatchObject({ posted: 0, failed: 0 });
    expect(sentTo(CBACK)).toHaveLength(1);
    expect(await db.jobClaim.findFirst({ where: { job: "alert post", key: { contains: CBACK } } })).toMatchObject({ state: "skipped", outcome: "skipped: the indicator is no longer Red" });
  }, 60_000);
});
