// kpi reminders preview | run --now: who would be reminded of what (nothing sent), and sending today's
// reminders through the same outbox and claims as the scheduler, so nobody gets a second one that day.
import { channelKey } from "../core/channels.ts";
import { deadlineDay } from "../core/format.ts";
import { londonDate } from "../core/schedule.ts";
import { deliveryOf, planReminders, reminderDays, sendDueReminders, type ReminderJob } from "../core/use-cases/send-reminders.ts";
import type { Config } from "../config/config.ts";
import { platformOutbox } from "../jobs/outbox.ts";
import type { Logger } from "../logger.ts";
import { prismaCatalogue } from "../store/catalogue.ts";
import type { Db } from "../store/database.ts";
import { findOrganisation } from "../store/organisations.ts";
import { prismaPeople } from "../store/people.ts";
import { prismaReminderCycles } from "../store/reminders.ts";
import { prismaClaims } from "../store/subscriptions.ts";
import { prismaCycles } from "../store/updates.ts";
import { REMINDERS_USAGE } from "./usage.ts";

type Values = Record<string, unknown>;
const str = (values: Values, key: string) => (typeof values[key] === "string" ? (values[key] as string) : undefined);

export function reminderJob(config: Config, db: Db, logger: Logger): ReminderJob {
  return {
    catalogue: prismaCatalogue(db),
    cycles: prismaCycles(db),
    reminderCycles: prismaReminderCycles(db),
    people: prismaPeople(db),
    claims: prismaClaims(db, "kpi command"),
    outbox: platformOutbox(config, db, logger),
    log: logger,
  };
}

export async function runReminders(config: Config, db: Db, logger: Logger, args: string[], values: Values, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const job = reminderJob(config, db, logger);
  if (args[0] === "preview") {
    const dateText = str(values, "date");
    if (dateText !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(dateText) || Number.isNaN(Date.parse(`${dateText}T00:00:00Z`)))) {
      err(`--date: “${dateText}” is not a date; give it as 2017-01-13.`);
      return 1;
    }
    const date = dateText ?? londonDate(new Date());
    const given = str(values, "organisation");
    const organisation = given ? (await findOrganisation(db, given)).name : undefined;
    const plans = await planReminders(job, date, organisation);
    if (!plans.length) out(`No reporting cycle is open${organisation ? ` for ${organisation}` : ""}: nobody would be reminded.`);
    for (const plan of plans) {
      const days = reminderDays(plan.cycle);
      out(`${plan.cycle.organisation}: ${plan.cycle.period}, due ${deadlineDay(plan.cycle.due)}. Reminder days: ${days.map((d) => `${d.date} (${d.when})`).join(", ")}; from 09:00 London time.`);
      if (!plan.when) {
        out(`  ${date} is not a reminder day: nothing would be sent.`);
        continue;
      }
      if (!plan.owed.length) out(`  ${date} (${plan.when}): everything is in or nobody owns what is missing; nobody would be reminded.`);
      else out(`  ${date} (${plan.when}): ${plan.owed.length} ${plan.owed.length === 1 ? "person" : "people"} would be reminded:`);
      for (const { person, items } of plan.owed) {
        const current = (await job.people.byEmail(person.email)) ?? person;
        const { direct, review } = deliveryOf(current, plan.cycle.reviewChannel);
        const where = direct ? `in ${channelKey(direct)}` : review ? `in the review channel ${channelKey(review)}, for them (no Slack user or Teams personal chat is known)` : "nowhere: no Slack user or Teams personal chat is known, and there is no review channel";
        out(`    ${person.name} <${person.email}> ${where}: ${items.map((i) => `${i.ref}${i.returned ? " (returned)" : ""}`).join(", ")}`);
      }
      if (plan.last && plan.missing.length) out(`  The last reminder day: the review channel (${plan.cycle.reviewChannel ?? "none set"}) would be told of the ${plan.missing.length} still missing.`);
    }
    return 0;
  }
  if (args[0] === "run" && values.now === true) {
    const runs = await sendDueReminders(job, new Date(), { anyTime: true });
    if (!runs.length) out("Nothing to send: no open cycle has a reminder day today, or everything is in.");
    for (const run of runs) out(`${run.organisation} ${run.to}: ${run.outcome}${run.channel ? ` ${run.channel}` : ""}${run.detail ? ` (${run.detail})` : ""}`);
    return runs.some((r) => r.outcome === "failed") ? 1 : 0;
  }
  err(`Usage:\n${REMINDERS_USAGE}`);
  return 1;
}
