// The digest job: for each subscription whose weekly slot is due, claim the slot (once across
// instances and restarts), build the digest for the channel and post it through the outbox.
import { channelKey, type Channel, type Outbox } from "../channels.ts";
import type { Catalogue } from "../ports.ts";
import { isDue, latestSlot } from "../schedule.ts";
import type { Claims, JobLog, SubscriptionRecord, Subscriptions } from "../subscriptions.ts";
import { buildDigest } from "./build-digest.ts";

export interface DigestJob {
  catalogue: Catalogue;
  subscriptions: Subscriptions;
  claims: Claims;
  outbox: Outbox;
  log: JobLog;
  /** How long after its slot a digest missed (the service was down) still posts. */
  catchUpMs: number;
}

export interface DigestRunOptions {
  /** Only this channel's subscription. */
  channel?: Channel;
  /** Run each subscription's latest slot however long ago it fell due (kpi digest run --now). */
  now?: boolean;
}

/** What became of one subscription's slot. */
export interface DigestRun {
  channel: string;
  slot: string;
  outcome: "posted" | "already posted" | "gone" | "failed" | "skipped" | "not due" | "paused";
  detail?: string;
}

export const DIGEST_JOB = "digest";

export async function runDueDigests(job: DigestJob, now: Date, options: DigestRunOptions = {}): Promise<DigestRun[]> {
  const all = await job.subscriptions.list();
  const chosen = options.channel ? all.filter((s) => channelKey(s.channel) === channelKey(options.channel!)) : all;
  const runs: DigestRun[] = [];
  // One after another: Slack and Teams pace each channel, and a digest is built from memory.
  for (const subscription of chosen) runs.push(await runOne(job, subscription, now, options.now === true));
  return runs;
}

async function runOne(job: DigestJob, subscription: SubscriptionRecord, now: Date, anyAge: boolean): Promise<DigestRun> {
  const channel = channelKey(subscription.channel);
  const slot = latestSlot(subscription.schedule, now);
  const log = { job: DIGEST_JOB, slot: slot.key, channel };
  // Slots from before the subscription began are not its to post (unless an operator runs it --now).
  if (!anyAge && slot.at < subscription.createdAt) return { channel, slot: slot.key, outcome: "not due" };
  if (subscription.pausedReason) return { channel, slot: slot.key, outcome: "paused", detail: subscription.pausedReason };
  // Run for this slot already (here or elsewhere): no need to ask the database every minute.
  if (!anyAge && subscription.lastRunAt && subscription.lastRunAt >= slot.at) return { channel, slot: slot.key, outcome: "already posted" };
  const late = !anyAge && !isDue(slot, now, job.catchUpMs);
  if (!(await job.claims.claim(DIGEST_JOB, slot.key, String(subscription.id)))) return { channel, slot: slot.key, outcome: "already posted" };
  if (late) {
    // Claimed so that it is reported once, by one instance.
    const detail = `missed by ${Math.round((now.getTime() - slot.at.getTime()) / 3_600_000)} h, beyond the catch-up window`;
    await job.claims.settle(DIGEST_JOB, slot.key, String(subscription.id), `skipped: ${detail}`);
    await job.subscriptions.recordRun(subscription.id, { at: now, result: `skipped ${slot.key}: ${detail}` });
    job.log.warn({ ...log, detail }, "digest skipped");
    return { channel, slot: slot.key, outcome: "skipped", detail };
  }

  const built = await buildDigest(job.catalogue, { organisation: subscription.organisation, levels: subscription.levels, service: subscription.service, lastDigest: subscription.lastDigest, today: now, chart: true });
  const posted = await job.outbox.post(subscription.channel, built.view);
  const result = posted.kind === "posted" ? `posted ${slot.key}` : `${posted.kind} ${slot.key}: ${posted.reason}`;
  await job.claims.settle(DIGEST_JOB, slot.key, String(subscription.id), result);
  await job.subscriptions.recordRun(subscription.id, {
    at: now,
    result,
    ...(posted.kind === "posted" ? { listed: built.listed } : {}),
    ...(posted.kind === "gone" ? { pausedReason: posted.reason } : {}),
  });
  if (posted.kind === "posted") job.log.info(log, "digest posted");
  else job.log.warn({ ...log, reason: posted.reason }, posted.kind === "gone" ? "digest not posted: the channel is gone; its subscription is paused" : "digest not posted");
  return { channel, slot: slot.key, outcome: posted.kind, ...(posted.kind === "posted" ? {} : { detail: posted.reason }) };
}
