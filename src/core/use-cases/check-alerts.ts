// The alert check: every indicator's rating now against the one last seen; one that turned
// Red or dropped a level is posted, once, to the subscribed channels whose filters match and
// whose alerts are on. The check for a quarter-hour is claimed, so one instance runs it.
import { channelKey, type Outbox } from "../channels.ts";
import { buildIndicatorCard } from "../indicator-card.ts";
import type { Catalogue, IndicatorRecord } from "../ports.ts";
import type { RagLevel } from "../ratings.ts";
import { alertSlot } from "../schedule.ts";
import { SEVERITY, type Claims, type JobLog, type RatingsSeen, type SubscriptionRecord, type Subscriptions } from "../subscriptions.ts";
import type { Alert } from "../views.ts";
import { listItem } from "./list-indicators.ts";

export interface AlertJob {
  catalogue: Catalogue;
  subscriptions: Subscriptions;
  claims: Claims;
  ratingsSeen: RatingsSeen;
  outbox: Outbox;
  log: JobLog;
  /** Re-reads what is stored before comparing, where the catalogue is a read model (a change made straight in the database bumps no version). */
  readFresh?: () => Promise<void>;
}

export interface AlertCheck {
  slot: string;
  ran: boolean;
  /** Why it did not run: no channel has alerts on, or this quarter-hour was checked already (here or by another instance). */
  skipped?: string;
  indicators: number;
  /** Indicators that turned Red or dropped a level. */
  changes: string[];
  posted: number;
  failed: number;
}

export const ALERT_JOB = "alerts";

/** An indicator as the alert check remembers it: its organisation and folded ref. */
export const ratingKey = (record: IndicatorRecord) => JSON.stringify([record.organisation, record.lookupKeys[0]]);

function alertFor(record: IndicatorRecord, level: RagLevel, was: RagLevel): Alert {
  const line = { ...listItem(buildIndicatorCard(record)), was };
  const headline = level === "Red" ? `${record.ref} turned Red (was ${was})` : `${record.ref} dropped to ${level} (was ${was})`;
  return { kind: "alert", organisation: record.organisation, line, headline };
}

const wants = (s: SubscriptionRecord, record: IndicatorRecord, level: RagLevel) =>
  s.organisation === record.organisation && s.levels.includes(level) && (!s.service || s.service.id === record.serviceId);

export async function checkAlerts(job: AlertJob, now: Date): Promise<AlertCheck> {
  const slot = alertSlot(now);
  const check: AlertCheck = { slot: slot.key, ran: false, indicators: 0, changes: [], posted: 0, failed: 0 };
  const subscriptions = await job.subscriptions.list();
  // Nobody to tell: no check (the first check after a channel subscribes sets its baseline).
  if (!subscriptions.some((s) => s.alerts && !s.pausedReason)) return { ...check, skipped: "no channel has alerts on" };
  if (!(await job.claims.claim(ALERT_JOB, slot.key, "")).won) return { ...check, skipped: "this quarter-hour was checked already" };
  check.ran = true;

  await job.readFresh?.();
  const [records, seen] = await Promise.all([job.catalogue.indicators({}), job.ratingsSeen.all()]);
  // A subscription's first check sets its baseline: it hears of changes after that.
  const starting = subscriptions.filter((s) => s.alerts && !s.pausedReason && !s.alertsFrom);
  if (starting.length) await job.subscriptions.startAlerts(starting.map((s) => s.id), now);
  const listening = subscriptions.filter((s) => s.alerts && !s.pausedReason && s.alertsFrom);

  const moved: { key: string; level: RagLevel }[] = [];
  const alerts: { record: IndicatorRecord; alert: Alert; level: RagLevel }[] = [];
  for (const record of records) {
    const rating = buildIndicatorCard(record).latest?.rating.level;
    if (!rating || rating === "Not rated") continue;
    check.indicators++;
    const key = ratingKey(record);
    const was = seen.get(key);
    if (was === rating) continue;
    moved.push({ key, level: rating });
    // Seen for the first time: the baseline, nothing to say.
    if (was !== undefined && SEVERITY[rating] > SEVERITY[was]) alerts.push({ record, alert: alertFor(record, rating, was), level: rating });
  }
  // Remembered before posting: a failure while posting cannot make the next check say it again.
  await job.ratingsSeen.save(moved);

  for (const { record, alert, level } of alerts) {
    check.changes.push(`${record.ref} ${alert.line.was} -> ${level}`);
    for (const subscription of listening.filter((s) => !s.pausedReason && wants(s, record, level))) {
      const channel = channelKey(subscription.channel);
      const posted = await job.outbox.post(subscription.channel, alert);
      if (posted.kind === "posted") {
        check.posted++;
        job.log.info({ job: ALERT_JOB, slot: slot.key, channel, ref: record.ref }, "alert posted");
        continue;
      }
      check.failed++;
      job.log.warn({ job: ALERT_JOB, slot: slot.key, channel, ref: record.ref, reason: posted.reason }, "alert not posted");
      if (posted.kind === "gone") {
        // Paused here too, so the other changes of this check do not try the channel again.
        subscription.pausedReason = posted.reason;
        await job.subscriptions.pause(subscription.id, posted.reason);
      }
    }
  }
  await job.claims.settle(ALERT_JOB, slot.key, "", `${check.indicators} indicators, ${check.changes.length} changes, ${check.posted} posted, ${check.failed} failed`);
  return check;
}
