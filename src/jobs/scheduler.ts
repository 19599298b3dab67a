// The jobs' clock: node-cron ticks every minute for digests, reminders and the sweep posting submissions for
// review that were never posted, and every quarter-hour for alerts,
// in Europe/London. Timers live in memory and node-cron catches nothing up, so a tick only asks
// the use cases what is due now: they claim each slot in the database, which makes several
// instances and restarts do it once, and catch up what a restart missed.
import cron, { type ScheduledTask } from "node-cron";
import { checkAlerts, type AlertJob } from "../core/use-cases/check-alerts.ts";
import { postUnposted, type ReviewPosting } from "../core/use-cases/post-for-review.ts";
import { runDueDigests, type DigestJob } from "../core/use-cases/run-digests.ts";
import { sendDueReminders, type ReminderJob } from "../core/use-cases/send-reminders.ts";
import { TIME_ZONE } from "../core/schedule.ts";
import type { Logger } from "../logger.ts";

export interface SchedulerOptions {
  digests: DigestJob;
  alerts: AlertJob;
  /** Reminders during reporting cycles; none where not given. */
  reminders?: ReminderJob;
  /** Submissions waiting for review that were never posted to their review channel (an instance stopped before it posted). */
  reviewPosts?: ReviewPosting;
  logger: Logger;
  clock?: () => Date;
}

export interface Scheduler {
  /** Runs what is due now (also run once at start, to catch up what a restart missed). */
  tick(): Promise<void>;
  /**
   * Stops the clock and claims nothing more; resolves once the runs in flight are done: a post under way
   * finishes and is settled, a digest claimed but not yet sending is given up for another instance.
   */
  stop(): Promise<void>;
}

export function startScheduler(options: SchedulerOptions): Scheduler {
  const { logger } = options;
  const clock = options.clock ?? (() => new Date());
  let stopping = false;
  const running = new Set<Promise<void>>();
  // Every run is kept until done, so that stopping can wait for it.
  const tracked = (run: () => Promise<void>) => (): Promise<void> => {
    const done = run().finally(() => running.delete(done));
    running.add(done);
    return done;
  };
  const guarded = (job: string, run: () => Promise<unknown>) => async () => {
    if (stopping) return;
    try {
      await run();
    } catch (error) {
      // The next tick tries again: a claimed slot is never run twice, an unclaimed one is retried.
      logger.error({ err: error, job }, `the ${job} job failed; the next tick tries again`);
    }
  };
  const digests = guarded("digest", () => runDueDigests({ ...options.digests, stopping: () => stopping }, clock()));
  const alerts = guarded("alerts", async () => {
    const check = await checkAlerts(options.alerts, clock());
    if (check.ran) logger.info({ job: "alerts", slot: check.slot, indicators: check.indicators, changes: check.changes.length, posted: check.posted, failed: check.failed }, "alert check done");
  });
  const reminderJob = options.reminders ? { ...options.reminders, finished: options.reminders.finished ?? new Set<string>() } : null;
  const reminders = guarded("reminders", async () => {
    if (reminderJob) await sendDueReminders(reminderJob, clock());
  });
  const reviewSweep = guarded("review-post", async () => {
    if (!options.reviewPosts) return;
    const swept = await postUnposted(options.reviewPosts);
    if (swept.posted || swept.notPosted) logger.info({ job: "review-post", ...swept }, "review sweep done");
  });
  // Digests, reminders, then the review sweep: one tick, so a test (and a start) runs what is due of each.
  const everyMinute = tracked(async () => {
    await digests();
    await reminders();
    await reviewSweep();
  });
  const tasks: ScheduledTask[] = [
    cron.schedule("* * * * *", everyMinute, { timezone: TIME_ZONE, name: "digests, reminders and review posts", noOverlap: true }),
    cron.schedule("*/15 * * * *", tracked(alerts), { timezone: TIME_ZONE, name: "alerts", noOverlap: true }),
  ];
  void everyMinute();
  return {
    tick: everyMinute,
    async stop() {
      stopping = true;
      for (const task of tasks) await task.destroy();
      await Promise.all(running);
    },
  };
}
