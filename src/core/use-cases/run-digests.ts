// The digest job: for each subscription whose weekly slot is due, claim the slot (once across
// instances and restarts), build the digest for the channel and post it through the outbox.
import type { Comparing } from "./compare.ts";
import { channelKey, type Channel, type Outbox } from "../channels.ts";
import type { Catalogue } from "../ports.ts";
import { isDue, latestSlot } from "../schedule.ts";
import { retryDelayMs, type Claim, type Claims, type JobLog, type SubscriptionRecord, type Subscriptions } from "../subscriptions.ts";
import { buildDigest } from "./build-digest.ts";
import { catalogueOf } from "./visible-catalogue.ts";

export interface DigestJob {
  catalogue: Catalogue;
  /** Who shares and the published tables, for the quartile moves a digest lists; absent, none are listed. */
  comparing?: Comparing;
  subscriptions: Subscriptions;
  claims: Claims;
  outbox: Outbox;
  log: JobLog;
  /** How long after its slot a digest missed (the service was down) still posts, and a failed one is tried again. */
  catchUpMs: number;
  /** True once the service is stopping: nothing more is claimed, and a claim not yet sending is given up. */
  stopping?: () => boolean;
}

export interface DigestRunOptions {
  /** Only this channel's subscription. */
  channel?: Channel;
  /** Run each subscription's latest slot however long ago it fell due (kpi digest run --now). */
  now?: boolean;
  /** Send again a slot whose post failed or whose outcome is unknown (kpi digest run --now --retry). */
  retry?: boolean;
}

/** What became of one subscription's slot. */
export interface DigestRun {
  channel: string;
  slot: string;
  outcome: "posted" | "already posted" | "being posted" | "gone" | "failed" | "unknown" | "skipped" | "not due" | "paused" | "stopping";
  detail?: string;
}

export const DIGEST_JOB = "digest";

export async function runDueDigests(job: DigestJob, now: Date, options: DigestRunOptions = {}): Promise<DigestRun[]> {
  const all = await job.subscriptions.list();
  const chosen = options.channel ? all.filter((s) => channelKey(s.channel) === channelKey(options.channel!)) : all;
  const runs: DigestRun[] = [];
  // One after another: Slack and Teams pace each channel, and a digest is built from memory.
  for (const subscription of chosen) {
    if (job.stopping?.()) break;
    runs.push(await runOne(job, subscription, now, options));
  }
  return runs;
}

/** What a slot someone else holds or settled comes to, for the one who asked. */
function lost(claim: Exclude<Claim, { won: true }>, channel: string, slot: string): DigestRun {
  const detail = claim.outcome ?? undefined;
  switch (claim.state) {
    case "claimed":
    case "sending":
      return { channel, slot, outcome: "being posted" };
    case "failed":
      return { channel, slot, outcome: "failed", detail: `${detail ?? "not posted"}; ${claim.retryAt ? `tried again from ${claim.retryAt.toISOString()}` : "kpi digest run --now --retry sends it"}` };
    case "unknown":
      return { channel, slot, outcome: "unknown", detail: `${detail ?? "it may have been posted"}; kpi digest run --now --retry sends it` };
    default:
      return { channel, slot, outcome: "already posted" };
  }
}

async function runOne(job: DigestJob, subscription: SubscriptionRecord, now: Date, options: DigestRunOptions): Promise<DigestRun> {
  const anyAge = options.now === true;
  const channel = channelKey(subscription.channel);
  const slot = latestSlot(subscription.schedule, now);
  const key = String(subscription.id);
  const log = { job: DIGEST_JOB, slot: slot.key, channel };
  // Slots from before the subscription began are not its to post (unless an operator runs it --now).
  if (!anyAge && slot.at < subscription.createdAt) return { channel, slot: slot.key, outcome: "not due" };
  if (subscription.pausedReason) return { channel, slot: slot.key, outcome: "paused", detail: subscription.pausedReason };
  // Run for this slot already (here or elsewhere): no need to ask the database every minute; a failure is tried again.
  if (!anyAge && subscription.lastRunAt && subscription.lastRunAt >= slot.at && !subscription.lastResult?.startsWith("failed")) return { channel, slot: slot.key, outcome: "already posted" };
  const late = !anyAge && !isDue(slot, now, job.catchUpMs);
  const claim = await job.claims.claim(DIGEST_JOB, slot.key, key, { now, retry: options.retry === true });
  if (!claim.won) return lost(claim, channel, slot.key);
  if (late) {
    // Claimed so that it is reported once, by one instance.
    const detail = `missed by ${Math.round((now.getTime() - slot.at.getTime()) / 3_600_000)} h, beyond the catch-up window`;
    await job.claims.settle(DIGEST_JOB, slot.key, key, `skipped: ${detail}`, "skipped");
    await job.subscriptions.recordRun(subscription.id, { at: now, result: `skipped ${slot.key}: ${detail}` });
    job.log.warn({ ...log, detail }, "digest skipped");
    return { channel, slot: slot.key, outcome: "skipped", detail };
  }

  let built: Awaited<ReturnType<typeof buildDigest>>;
  try {
    // The channel's council only (a read model loads only its part); the council's peers for quartile moves from every one.
    built = await buildDigest(catalogueOf(job.catalogue, [subscription.organisation]), { everyCouncil: job.catalogue, organisation: subscription.organisation, levels: subscription.levels, service: subscription.service, lastDigest: subscription.lastDigest, today: now, chart: true, comparing: job.comparing });
  } catch (error) {
    // Nothing was sent: the next tick may take it again.
    await job.claims.release(DIGEST_JOB, slot.key, key);
    throw error;
  }
  // Stopping: nothing sent yet, so the claim is given up for the next instance to take.
  if (job.stopping?.()) {
    await job.claims.release(DIGEST_JOB, slot.key, key);
    return { channel, slot: slot.key, outcome: "stopping" };
  }
  // This instance's lease ran out while it built the digest, and another took the slot: it posts it.
  if (!(await job.claims.sending(DIGEST_JOB, slot.key, key))) return { channel, slot: slot.key, outcome: "being posted" };
  const posted = await job.outbox.post(subscription.channel, built.view);
  if (posted.kind === "failed") {
    // Tried again after a pause that doubles each time, as long as the slot is within the catch-up window.
    const retryAt = new Date(now.getTime() + retryDelayMs(claim.attempt));
    const again = retryAt.getTime() <= slot.at.getTime() + job.catchUpMs ? retryAt : null;
    const when = again ? `tried again from ${again.toISOString()}` : "not tried again (kpi digest run --now --retry sends it)";
    await job.claims.fail(DIGEST_JOB, slot.key, key, `failed (attempt ${claim.attempt}): ${posted.reason}`, again);
    await job.subscriptions.recordRun(subscription.id, { at: now, result: `failed ${slot.key}: ${posted.reason}; ${when}` });
    job.log.warn({ ...log, reason: posted.reason, attempt: claim.attempt, retryAt: again?.toISOString() ?? null }, `digest not posted; ${when}`);
    return { channel, slot: slot.key, outcome: "failed", detail: `${posted.reason}; ${when}` };
  }
  const result = posted.kind === "posted" ? `posted ${slot.key}` : `${posted.kind} ${slot.key}: ${posted.reason}`;
  await job.claims.settle(DIGEST_JOB, slot.key, key, result, posted.kind);
  await job.subscriptions.recordRun(subscription.id, {
    at: now,
    result,
    ...(posted.kind === "posted" ? { listed: built.listed } : {}),
    ...(posted.kind === "gone" ? { pausedReason: posted.reason } : {}),
  });
  if (posted.kind === "posted") job.log.info(log, "digest posted");
  else if (posted.kind === "gone") job.log.warn({ ...log, reason: posted.reason }, "digest not posted: the channel is gone; its subscription is paused");
  else job.log.error({ ...log, reason: posted.reason }, `a digest's outcome is unknown: it may have been posted, so it is not sent again; kpi digest run --now --retry --channel ${channel} sends it`);
  return { channel, slot: slot.key, outcome: posted.kind, ...(posted.kind === "posted" ? {} : { detail: posted.reason }) };
}
