// The alert check: every indicator's rating now against the one last seen; one that turned
// Red or dropped a level is posted, once, to the subscribed channels whose filters match and
// whose alerts are on. The check for a quarter-hour is claimed, so one instance runs it; each
// post (check slot, channel, change) has a claim of its own, so that a failed one is tried again
// with a pause that doubles, within the catch-up window, by whichever instance ticks first.
import { channelKey, type Outbox } from "../channels.ts";
import { buildIndicatorCard } from "../indicator-card.ts";
import type { Catalogue, IndicatorRecord } from "../ports.ts";
import type { RagLevel } from "../ratings.ts";
import { alertSlot } from "../schedule.ts";
import { retryDelayMs, SEVERITY, type Claims, type JobLog, type RatingsSeen, type SubscriptionRecord, type Subscriptions } from "../subscriptions.ts";
import type { Alert } from "../views.ts";
import { listItem } from "./list-indicators.ts";
import { catalogueOf } from "./visible-catalogue.ts";

export interface AlertJob {
  catalogue: Catalogue;
  subscriptions: Subscriptions;
  claims: Claims;
  ratingsSeen: RatingsSeen;
  outbox: Outbox;
  log: JobLog;
  /** Re-reads what is stored before comparing, where the catalogue is a read model (a change made straight in the database bumps no version). */
  readFresh?: () => Promise<void>;
  /** Where the catalogue can tell what changed: only the indicators changed since this instance's last check are rated. */
  changed?: ChangedIndicators;
  /** How long after its check a failed alert is still tried again (DIGEST_CATCH_UP_HOURS). */
  catchUpMs: number;
}

/**
 * The indicators changed since the last check this instance finished, as of the catalogue now (after
 * readFresh): a rating moves only when its indicator changes, and comparing one that did not is harmless,
 * so a check that rates these (a superset of what changed since the last check anywhere) misses nothing.
 */
export interface ChangedIndicators {
  /** The current indicators of these organisations changed since then; null for every one (the first check after start, or it cannot tell). */
  sinceLastCheck(organisations: string[]): Promise<IndicatorRecord[] | null>;
  /** The check that asked is done (its ratings saved): the next one starts from what it was asked at. */
  checked(): void;
}

export interface AlertCheckOptions {
  /** Send again alerts whose post failed or whose outcome is unknown (kpi alerts run --now --retry). */
  retry?: boolean;
}

export interface AlertCheck {
  slot: string;
  ran: boolean;
  /** Why it did not run: no channel has alerts on, or this quarter-hour was checked already (here or by another instance). */
  skipped?: string;
  indicators: number;
  /** Indicators that turned Red or dropped a level. */
  changes: string[];
  /** Alerts posted by this run: of this check, or of an earlier one tried again. */
  posted: number;
  /** Alerts not posted: failed (tried again later) or outcome unknown. */
  failed: number;
}

export const ALERT_JOB = "alerts";
/** The claims of single alert posts: key [channel, organisation, folded ref, level, was]. */
export const ALERT_POST_JOB = "alert post";

/** An indicator as the alert check remembers it: its organisation and folded ref. */
export const ratingKey = (record: IndicatorRecord) => JSON.stringify([record.organisation, record.lookupKeys[0]]);

function alertFor(record: IndicatorRecord, level: RagLevel, was: RagLevel): Alert {
  const line = { ...listItem(buildIndicatorCard(record)), was };
  const headline = level === "Red" ? `${record.ref} turned Red (was ${was})` : `${record.ref} dropped to ${level} (was ${was})`;
  return { kind: "alert", organisation: record.organisation, line, headline };
}

const wants = (s: SubscriptionRecord, record: IndicatorRecord, level: RagLevel) =>
  s.organisation === record.organisation && s.levels.includes(level) && (!s.service || s.service.id === record.serviceId);

/** What one alert post is about: enough, with the catalogue, to build it again for a retry. */
type Owed = { channel: string; organisation: string; lookupKey: string; level: RagLevel; was: RagLevel };

const postKey = (o: Owed) => JSON.stringify([o.channel, o.organisation, o.lookupKey, o.level, o.was]);

function parsePostKey(key: string): Owed | null {
  try {
    const parts: unknown = JSON.parse(key);
    if (!Array.isArray(parts) || parts.length !== 5 || !parts.every((p) => typeof p === "string")) return null;
    const [channel, organisation, lookupKey, level, was] = parts as string[];
    if (!(level! in SEVERITY) || !(was! in SEVERITY)) return null;
    return { channel: channel!, organisation: organisation!, lookupKey: lookupKey!, level: level as RagLevel, was: was as RagLevel };
  } catch {
    return null;
  }
}

/** "2027-02-01 10:15Z" (alertSlot's key, in UTC) as an instant. */
const slotInstant = (slot: string) => new Date(`${slot.slice(0, 10)}T${slot.slice(11, 16)}:00Z`);

const currentLevel = (record: IndicatorRecord) => buildIndicatorCard(record).latest?.rating.level;

export async function checkAlerts(job: AlertJob, now: Date, options: AlertCheckOptions = {}): Promise<AlertCheck> {
  const slot = alertSlot(now);
  const check: AlertCheck = { slot: slot.key, ran: false, indicators: 0, changes: [], posted: 0, failed: 0 };
  const subscriptions = await job.subscriptions.list();
  // Only the councils some channel hears alerts of are rated: a read model loads only theirs.
  const watched = [...new Set(subscriptions.filter((s) => s.alerts).map((s) => s.organisation))];
  let records: IndicatorRecord[] | null = null;
  const catalogueNow = async () => {
    if (records) return records;
    await job.readFresh?.();
    return (records = await catalogueOf(job.catalogue, watched).indicators({}));
  };

  // Earlier checks' alerts that failed (their pause is over) or whose instance stopped: tried again first.
  const open = await job.claims.open(ALERT_POST_JOB, { now, retry: options.retry === true });
  for (const { slot: openSlot, key } of open) await retryPost(job, check, subscriptions, catalogueNow, openSlot, key, now, options.retry === true);

  // Nobody to tell: no check (the first check after a channel subscribes sets its baseline).
  if (!subscriptions.some((s) => s.alerts && !s.pausedReason)) return { ...check, skipped: "no channel has alerts on" };
  if (!(await job.claims.claim(ALERT_JOB, slot.key, "")).won) return { ...check, skipped: "this quarter-hour was checked already" };
  check.ran = true;

  const every = await catalogueNow();
  // Asked after catalogueNow read fresh, so that what it names and what the catalogue holds agree.
  const changedOnly = await job.changed?.sinceLastCheck(watched);
  // A subscription's first check sets its baseline: it hears of changes after that.
  const starting = subscriptions.filter((s) => s.alerts && !s.pausedReason && !s.alertsFrom);
  // A council a channel has just begun to hear of is rated whole: what it was rated when nobody listened may be old.
  const startingCouncils = new Set(starting.map((s) => s.organisation));
  const current = changedOnly ? [...new Set([...changedOnly, ...every.filter((r) => startingCouncils.has(r.organisation))])] : every;
  // The last ratings of what is rated now only: after a few writes, a few rows rather than every indicator's.
  const seen = changedOnly ? await job.ratingsSeen.of(current.map(ratingKey)) : await job.ratingsSeen.all();
  if (starting.length) await job.subscriptions.startAlerts(starting.map((s) => s.id), now);
  const listening = subscriptions.filter((s) => s.alerts && !s.pausedReason && s.alertsFrom);

  const moved: { key: string; level: RagLevel }[] = [];
  const alerts: { record: IndicatorRecord; alert: Alert; level: RagLevel; was: RagLevel }[] = [];
  for (const record of current) {
    const rating = currentLevel(record);
    if (!rating || rating === "Not rated") continue;
    check.indicators++;
    const key = ratingKey(record);
    const was = seen.get(key);
    if (was === rating) continue;
    moved.push({ key, level: rating });
    // Seen for the first time: the baseline, nothing to say.
    if (was !== undefined && SEVERITY[rating] > SEVERITY[was]) alerts.push({ record, alert: alertFor(record, rating, was), level: rating, was });
  }
  // Remembered before posting: a failure while posting cannot make the next check say it again (the post's own claim retries it).
  await job.ratingsSeen.save(moved);
  job.changed?.checked();

  for (const { record, alert, level, was } of alerts) {
    check.changes.push(`${record.ref} ${was} -> ${level}`);
    for (const subscription of listening.filter((s) => !s.pausedReason && wants(s, record, level))) {
      const key = postKey({ channel: channelKey(subscription.channel), organisation: record.organisation, lookupKey: record.lookupKeys[0]!, level, was });
      const claim = await job.claims.claim(ALERT_POST_JOB, slot.key, key, { now });
      if (claim.won) await post(job, check, subscription, alert, slot.key, key, claim.attempt, now);
    }
  }
  await job.claims.settle(ALERT_JOB, slot.key, "", `${check.indicators} indicators, ${check.changes.length} changes, ${check.posted} posted, ${check.failed} failed`);
  return check;
}

/** An earlier check's alert, taken again if nobody else has: built afresh from what its claim's key says, if it still holds. */
async function retryPost(job: AlertJob, check: AlertCheck, subscriptions: SubscriptionRecord[], catalogueNow: () => Promise<IndicatorRecord[]>, slot: string, key: string, now: Date, retry: boolean) {
  const claim = await job.claims.claim(ALERT_POST_JOB, slot, key, { now, retry });
  if (!claim.won) {
    // Found unknown (its instance stopped while sending): said once, here, since it is not sent again but by --retry.
    if (claim.state === "unknown") job.log.error({ job: ALERT_JOB, slot, key, reason: claim.outcome }, "an alert's outcome is unknown: it may have been posted, so it is not sent again; kpi alerts run --now --retry sends it");
    return;
  }
  const owed = parsePostKey(key);
  const subscription = owed && subscriptions.find((s) => channelKey(s.channel) === owed.channel);
  const record = owed && (await catalogueNow()).find((r) => r.organisation === owed.organisation && r.lookupKeys[0] === owed.lookupKey);
  // No longer true or wanted (the rating moved on, the channel unsubscribed or paused): not said late.
  let stale: string | null = null;
  if (!owed) stale = "its record is unreadable";
  else if (!subscription || !subscription.alerts || subscription.pausedReason || !subscription.alertsFrom) stale = "the channel no longer takes alerts";
  else if (!record || currentLevel(record) !== owed.level || !wants(subscription, record, owed.level)) stale = `the indicator is no longer ${owed.level}`;
  if (stale || !owed || !subscription || !record) {
    await job.claims.settle(ALERT_POST_JOB, slot, key, `skipped: ${stale}`, "skipped");
    job.log.info({ job: ALERT_JOB, slot, key, reason: stale }, "alert not tried again");
    return;
  }
  await post(job, check, subscription, alertFor(record, owed.level, owed.was), slot, key, claim.attempt, now);
}

/** Posts one alert under its claim and settles it: a failure is tried again after a pause that doubles, within the catch-up window. */
async function post(job: AlertJob, check: AlertCheck, subscription: SubscriptionRecord, alert: Alert, slot: string, key: string, attempt: number, now: Date) {
  const channel = channelKey(subscription.channel);
  const log = { job: ALERT_JOB, slot, channel, ref: alert.line.ref };
  // This instance's lease ran out meanwhile and another took it: it posts it.
  if (!(await job.claims.sending(ALERT_POST_JOB, slot, key))) return;
  const posted = await job.outbox.post(subscription.channel, alert);
  if (posted.kind === "posted") {
    check.posted++;
    await job.claims.settle(ALERT_POST_JOB, slot, key, "posted", "posted");
    job.log.info({ ...log, attempt }, "alert posted");
    return;
  }
  check.failed++;
  if (posted.kind === "failed") {
    const retryAt = new Date(now.getTime() + retryDelayMs(attempt));
    const again = retryAt.getTime() <= slotInstant(slot).getTime() + job.catchUpMs ? retryAt : null;
    const when = again ? `tried again from ${again.toISOString()}` : "not tried again (kpi alerts run --now --retry sends it)";
    await job.claims.fail(ALERT_POST_JOB, slot, key, `failed (attempt ${attempt}): ${posted.reason}`, again);
    job.log.warn({ ...log, reason: posted.reason, attempt, retryAt: again?.toISOString() ?? null }, `alert not posted; ${when}`);
    return;
  }
  await job.claims.settle(ALERT_POST_JOB, slot, key, `${posted.kind}: ${posted.reason}`, posted.kind);
  if (posted.kind === "gone") {
    // Paused here too, so the other changes of this check do not try the channel again.
    subscription.pausedReason = posted.reason;
    await job.subscriptions.pause(subscription.id, posted.reason);
    job.log.warn({ ...log, reason: posted.reason }, "alert not posted: the channel is gone; its subscription is paused");
  } else {
    job.log.error({ ...log, reason: posted.reason }, `an alert's outcome is unknown: it may have been posted, so it is not sent again; kpi alerts run --now --retry sends it`);
  }
}
