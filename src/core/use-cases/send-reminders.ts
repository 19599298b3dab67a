// Reminders during a reporting cycle: on the organisation's reminder days (so many days before the
// deadline, the deadline itself, so many days after), from 09:00 London time, each owner and delegate
// with something still to update gets one direct message listing it, each item with a button to the
// update form. Each person is claimed once a day in the database (job "reminder", slot the London
// date, key their email), so instances and restarts send it once, and a restart later that day
// still sends it. On the last day after the deadline the review channel hears who is still missing.
import { deadlineDay } from "../format.ts";
import { channelKey, directChannel, parseChannel, type Channel, type Outbox } from "../channels.ts";
import type { Catalogue, Cycles, IndicatorRecord, People, PersonRecord, ReminderCycle, ReminderCycles } from "../ports.ts";
import { addDays, dailySlot, londonDate } from "../schedule.ts";
import { retryDelayMs, type Claims, type JobLog } from "../subscriptions.ts";
import type { MissingUpdates, Reminder, ReminderItem } from "../views.ts";
import { catalogueOf } from "./visible-catalogue.ts";

export const REMINDER_JOB = "reminder";
export const ESCALATION_JOB = "reminder-escalation";
/** Reminders go out from this time of day, London time. */
export const REMINDER_TIME = "09:00";
export const MAX_REMINDER_DAYS = 60;

/** "7,2" -> [2, 7]; "none" or "" -> []; null where it is not whole days 0 to 60 separated by commas. */
export function parseReminderDays(text: string): number[] | null {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === "none" || trimmed === "") return [];
  const parts = trimmed.split(/\s*,\s*/);
  if (!parts.every((p) => /^\d{1,2}$/.test(p) && Number(p) <= MAX_REMINDER_DAYS)) return null;
  return [...new Set(parts.map(Number))].sort((a, b) => a - b);
}

/** [2, 7] -> "7,2" (furthest first, as people say it); [] -> "none". */
export const describeReminderDays = (days: number[]): string => (days.length ? [...days].sort((a, b) => b - a).join(",") : "none");

/**
 * The London date of the deadline. Deadlines are stored as 23:59:59 UTC of the day the officer gave, which in
 * summer is already the next day in London: an hour earlier is the day given, in either season.
 */
export const deadlineDate = (due: Date): string => londonDate(new Date(due.getTime() - 3_600_000));

/** Every reminder day of a cycle, in order, with what it says of the deadline; the last is when the review channel hears who is missing. */
export function reminderDays(cycle: Pick<ReminderCycle, "due" | "remindBefore" | "remindAfter">): { date: string; when: string }[] {
  const due = deadlineDate(cycle.due);
  const plural = (n: number) => `${n} day${n === 1 ? "" : "s"}`;
  const days = new Map<string, string>();
  for (const n of [...cycle.remindBefore].sort((a, b) => b - a)) days.set(addDays(due, -n), n === 0 ? "due today" : n === 1 ? "due tomorrow" : `due in ${plural(n)}`);
  days.set(due, "due today");
  for (const n of [...cycle.remindAfter].sort((a, b) => a - b)) if (n > 0) days.set(addDays(due, n), `${plural(n)} overdue`);
  return [...days].map(([date, when]) => ({ date, when })).sort((a, b) => a.date.localeCompare(b.date));
}

/** An indicator of the cycle's organisation still to be updated for its period: not retired, no result recorded, and no submission waiting or accepted (a returned one is still to do). */
export function stillToUpdate(cycle: Pick<ReminderCycle, "organisation" | "period">, indicators: IndicatorRecord[], submitted: Map<string, { status: string }>): { item: ReminderItem; owners: PersonRecord[] }[] {
  return indicators.flatMap((i) => {
    if (i.organisation !== cycle.organisation || i.retired || i.results.some((r) => r.period.label === cycle.period)) return [];
    const status = submitted.get(i.ref)?.status;
    if (status === "submitted" || status === "accepted") return [];
    return [{ item: { ref: i.ref, title: i.title, returned: status === "returned" }, owners: i.owners }];
  });
}

/** What a cycle comes to on one day: whether it is a reminder day, who is owed a reminder of what, and what is missing. */
export interface ReminderPlan {
  cycle: ReminderCycle;
  date: string;
  /** Null when the date is not one of the cycle's reminder days. */
  when: string | null;
  /** The last reminder day: the review channel hears who is still missing. */
  last: boolean;
  owed: { person: PersonRecord; items: ReminderItem[] }[];
  missing: { item: ReminderItem; owners: PersonRecord[] }[];
}

export interface ReminderJob {
  catalogue: Catalogue;
  cycles: Pick<Cycles, "submitted">;
  reminderCycles: ReminderCycles;
  /** Read fresh before sending: a Slack id or a Teams chat learnt since the catalogue was read counts. */
  people: Pick<People, "byEmail">;
  claims: Claims;
  outbox: Outbox;
  log: JobLog;
  /** Re-reads the catalogue before the first sweep of a day, where it is a read model. */
  readFresh?: () => Promise<void>;
  /** Cycles this instance finished on a day ("organisation|period|date"): later ticks that day skip them without asking the database. */
  finished?: Set<string>;
}

/** The plans of the open cycles (of one organisation, if given) for a London date. */
export async function planReminders(job: Pick<ReminderJob, "catalogue" | "cycles" | "reminderCycles">, date: string, organisation?: string): Promise<ReminderPlan[]> {
  const cycles = (await job.reminderCycles.open()).filter((c) => !organisation || c.organisation === organisation);
  return cycles.length ? await plansFor(job, cycles, date) : [];
}

async function plansFor(job: Pick<ReminderJob, "catalogue" | "cycles">, cycles: ReminderCycle[], date: string): Promise<ReminderPlan[]> {
  // Only the councils whose cycles are open: a read model loads only theirs.
  const indicators = await catalogueOf(job.catalogue, [...new Set(cycles.map((c) => c.organisation))]).indicators({});
  return await Promise.all(
    cycles.map(async (cycle) => {
      const days = reminderDays(cycle);
      const today = days.find((d) => d.date === date);
      const missing = stillToUpdate(cycle, indicators, await job.cycles.submitted(cycle.organisation, cycle.period));
      const owed = new Map<string, { person: PersonRecord; items: ReminderItem[] }>();
      for (const { item, owners } of missing) {
        for (const person of owners) {
          const key = person.email.toLowerCase();
          if (!owed.has(key)) owed.set(key, { person, items: [] });
          owed.get(key)!.items.push(item);
        }
      }
      return { cycle, date, when: today?.when ?? null, last: days.at(-1)?.date === date, owed: [...owed.values()], missing };
    }),
  );
}

export function reminderView(plan: ReminderPlan, items: ReminderItem[], forName: string | null): Reminder {
  const overdue = plan.date > deadlineDate(plan.cycle.due);
  return {
    kind: "reminder",
    heading: `${overdue ? "Overdue" : "Reminder"}: your updates for ${plan.cycle.period}`,
    organisation: plan.cycle.organisation,
    period: plan.cycle.period,
    due: deadlineDay(plan.cycle.due),
    when: plan.when ?? "",
    for: forName,
    items,
  };
}

export function missingView(plan: ReminderPlan): MissingUpdates {
  const people = plan.owed.map((o) => ({ name: o.person.name, items: o.items }));
  const unowned = plan.missing.filter((m) => !m.owners.length).map((m) => m.item);
  return {
    kind: "missing",
    heading: `Still missing for ${plan.cycle.period}`,
    organisation: plan.cycle.organisation,
    period: plan.cycle.period,
    due: deadlineDay(plan.cycle.due),
    people: unowned.length ? [...people, { name: "No owner", items: unowned }] : people,
  };
}

/** What became of one reminder or escalation. */
export interface ReminderRun {
  organisation: string;
  /** The person's email; "review channel" for the list of who is missing. */
  to: string;
  outcome: "posted" | "posted to the review channel" | "already sent" | "not sent" | "failed";
  channel?: string;
  detail?: string;
}

/** Where a reminder is delivered, from the person as stored now: their own chat, else the review channel, else nowhere (and why). */
export function deliveryOf(person: { slackUserId: string | null; teamsChatId?: string | null }, reviewChannel: string | null): { direct: Channel | null; review: Channel | null } {
  return { direct: directChannel(person), review: reviewChannel ? parseChannel(reviewChannel) : null };
}

/**
 * Sends the reminders due now: on a reminder day from 09:00 London time (anyTime: whenever that day,
 * for kpi reminders run --now). Each person and each escalation is claimed first, so it goes once.
 */
export async function sendDueReminders(job: ReminderJob, now: Date, options: { anyTime?: boolean } = {}): Promise<ReminderRun[]> {
  const date = londonDate(now);
  if (!options.anyTime && now < dailySlot(date, REMINDER_TIME).at) return [];
  const finished = job.finished;
  if (finished) for (const key of finished) if (!key.endsWith(`|${date}`)) finished.delete(key);
  const key = (c: ReminderCycle) => `${c.organisation}|${c.period}|${date}`;
  const due = (await job.reminderCycles.open()).filter((c) => reminderDays(c).some((d) => d.date === date) && !finished?.has(key(c)));
  if (!due.length) return [];

  await job.readFresh?.();
  const plans = await plansFor(job, due, date);
  const runs: ReminderRun[] = [];
  // One claim a person a day, whichever organisations they are owed reminders in.
  const byPerson = new Map<string, { person: PersonRecord; parts: { plan: ReminderPlan; items: ReminderItem[] }[] }>();
  for (const plan of plans) {
    for (const { person, items } of plan.owed) {
      const email = person.email.toLowerCase();
      if (!byPerson.has(email)) byPerson.set(email, { person, parts: [] });
      byPerson.get(email)!.parts.push({ plan, items });
    }
  }
  for (const [email, { person, parts }] of byPerson) runs.push(...(await remind(job, now, date, email, person, parts)));
  for (const plan of plans.filter((p) => p.last && p.missing.length)) runs.push(await escalate(job, plan));
  // A cycle with a reminder that failed is not finished for the day: a later tick tries it again.
  const failing = new Set(runs.filter((r) => r.outcome === "failed").map((r) => r.organisation));
  for (const plan of plans) if (!failing.has(plan.cycle.organisation)) finished?.add(key(plan.cycle));
  return runs;
}

async function remind(job: ReminderJob, now: Date, date: string, email: string, person: PersonRecord, parts: { plan: ReminderPlan; items: ReminderItem[] }[]): Promise<ReminderRun[]> {
  const log = { job: REMINDER_JOB, slot: date, email };
  const alreadySent = () => parts.map(({ plan }): ReminderRun => ({ organisation: plan.cycle.organisation, to: email, outcome: "already sent" }));
  const claim = await job.claims.claim(REMINDER_JOB, date, email, { now });
  // Failed before and waiting for its retry time: still failed (so the day's ticks keep asking).
  if (!claim.won && claim.state === "failed" && claim.retryAt) return parts.map(({ plan }): ReminderRun => ({ organisation: plan.cycle.organisation, to: email, outcome: "failed", detail: `tried again from ${claim.retryAt!.toISOString()}` }));
  if (!claim.won) return alreadySent();
  // As stored now: their Slack id or Teams chat may be newer than the catalogue's copy.
  const current = (await job.people.byEmail(email).catch(() => null)) ?? person;
  // Should this instance stop while sending, the claim's outcome is unknown to the others: never sent twice.
  if (!(await job.claims.sending(REMINDER_JOB, date, email))) return alreadySent();
  const runs: ReminderRun[] = [];
  let unknown = false;
  for (const { plan, items } of parts) {
    const { direct, review } = deliveryOf(current, plan.cycle.reviewChannel);
    const organisation = plan.cycle.organisation;
    let why = "no Slack user or Teams personal chat is known for them";
    if (direct) {
      const posted = await job.outbox.post(direct, reminderView(plan, items, null));
      if (posted.kind === "posted") {
        job.log.info({ ...log, channel: channelKey(direct), items: items.length }, "reminder sent");
        runs.push({ organisation, to: email, outcome: "posted", channel: channelKey(direct) });
        continue;
      }
      if (posted.kind === "failed" || posted.kind === "unknown") {
        // Not sent elsewhere: the chat is there, and a failure now may be brief (or, unknown, it may have arrived).
        unknown ||= posted.kind === "unknown";
        job.log.warn({ ...log, channel: channelKey(direct), reason: posted.reason }, "reminder not sent");
        runs.push({ organisation, to: email, outcome: "failed", channel: channelKey(direct), detail: posted.reason });
        continue;
      }
      why = `their chat with the bot is gone (${posted.reason})`;
    }
    if (!review) {
      job.log.warn({ ...log, organisation, reason: why }, "reminder not sent: they cannot be reached and the organisation has no review channel");
      runs.push({ organisation, to: email, outcome: "not sent", detail: `${why}; no review channel` });
      continue;
    }
    const posted = await job.outbox.post(review, reminderView(plan, items, current.name));
    job.log.warn({ ...log, organisation, reason: why, channel: channelKey(review), outcome: posted.kind }, posted.kind === "posted" ? "reminder sent to the review channel instead" : "reminder not sent, nor to the review channel");
    runs.push(posted.kind === "posted" ? { organisation, to: email, outcome: "posted to the review channel", channel: channelKey(review), detail: why } : { organisation, to: email, outcome: "failed", channel: channelKey(review), detail: `${why}; the review channel: ${posted.reason}` });
  }
  const outcome = runs.map((r) => `${r.organisation}: ${r.outcome}${r.channel ? ` ${r.channel}` : ""}${r.detail ? ` (${r.detail})` : ""}`).join("; ");
  if (unknown) await job.claims.settle(REMINDER_JOB, date, email, outcome, "unknown");
  else if (runs.length && runs.every((r) => r.outcome === "failed")) {
    // Nothing reached them: tried again after a pause that doubles each time, the same day only.
    const retryAt = new Date(now.getTime() + retryDelayMs(claim.attempt));
    await job.claims.fail(REMINDER_JOB, date, email, outcome, londonDate(retryAt) === date ? retryAt : null);
  } else await job.claims.settle(REMINDER_JOB, date, email, outcome);
  return runs;
}

/** The review channel told who is still missing, once per organisation and cycle. */
async function escalate(job: ReminderJob, plan: ReminderPlan): Promise<ReminderRun> {
  const { organisation, period, reviewChannel } = plan.cycle;
  const slot = `${period} due ${deadlineDate(plan.cycle.due)}`;
  const log = { job: ESCALATION_JOB, slot, organisation };
  if (!(await job.claims.claim(ESCALATION_JOB, slot, organisation)).won || !(await job.claims.sending(ESCALATION_JOB, slot, organisation))) return { organisation, to: "review channel", outcome: "already sent" };
  const review = reviewChannel ? parseChannel(reviewChannel) : null;
  let run: ReminderRun;
  if (!review) {
    job.log.warn({ ...log, missing: plan.missing.length }, "who is still missing was not posted: the organisation has no review channel");
    run = { organisation, to: "review channel", outcome: "not sent", detail: "the organisation has no review channel" };
  } else {
    const posted = await job.outbox.post(review, missingView(plan));
    if (posted.kind === "posted") job.log.info({ ...log, channel: channelKey(review), missing: plan.missing.length }, "who is still missing posted to the review channel");
    else job.log.warn({ ...log, channel: channelKey(review), reason: posted.reason }, "who is still missing was not posted");
    run = posted.kind === "posted" ? { organisation, to: "review channel", outcome: "posted", channel: channelKey(review) } : { organisation, to: "review channel", outcome: "failed", channel: channelKey(review), detail: posted.reason };
  }
  await job.claims.settle(ESCALATION_JOB, slot, organisation, `${run.outcome}${run.detail ? ` (${run.detail})` : ""}`);
  return run;
}
