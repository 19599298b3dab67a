// Reporting cycles: an officer opens a period for owners' updates with a deadline, sees who has
// submitted, and closes it. One open cycle per organisation.
import { holds, refusal, type PersonProfile } from "../access.ts";
import { deadlineDay } from "../format.ts";
import { notBegun } from "../period-checks.ts";
import { parsePeriod } from "../periods.ts";
import type { Catalogue, Cycles } from "../ports.ts";
import { notice, type Notice } from "../views.ts";


export interface CycleCommand {
  catalogue: Catalogue;
  cycles: Cycles;
  person: PersonProfile | null;
  organisation: string;
  via: string;
  /** The day it is, for which periods have begun: the real one unless a test says otherwise. */
  today?: Date;
}

export async function openCycle(command: CycleCommand, periodText: string, dueText: string): Promise<Notice> {
  const { person, organisation } = command;
  if (!holds(person, "officer", organisation)) return notice("Not opened", refusal("Opening a reporting cycle", "officer", organisation, person));
  const period = parsePeriod(periodText.trim());
  if (!period) return notice("Not opened", `“${periodText}” is not a period: write it as the reports do, such as Q3 2016/17.`);
  // Owners could submit only for a period that has not begun, which every submission refuses.
  const future = notBegun(period, command.today ?? new Date());
  if (future) return notice("Not opened", future);
  const due = /^\d{4}-\d{2}-\d{2}$/.test(dueText.trim()) ? new Date(`${dueText.trim()}T23:59:59Z`) : null;
  if (!due || Number.isNaN(due.getTime())) return notice("Not opened", `“${dueText}” is not a date: give the deadline as 2017-01-20.`);
  const { opened, cycle } = await command.cycles.open(organisation, { label: period.label, kind: period.kind, start: period.start, end: period.end }, due, person!.email, command.via);
  return opened
    ? notice("Reporting cycle open", `${organisation}: updates for ${cycle.period} are due by ${deadlineDay(cycle.due)}.`, "Owners and delegates can now submit their results (Submit update on a card, or /kpi update <ref>).")
    : notice("Already open", `${organisation} already has the cycle for ${cycle.period} open (due ${deadlineDay(cycle.due)}): close it first (cycle close).`);
}

export async function cycleStatus(command: CycleCommand): Promise<Notice> {
  const { catalogue, cycles, organisation } = command;
  const cycle = await cycles.current(organisation);
  if (!cycle) return notice("No cycle open", `${organisation} has no reporting cycle open. An officer opens one: cycle open "Q3 2016/17" due 2017-01-20.`);
  const [indicators, submitted] = await Promise.all([catalogue.indicators({}), cycles.submitted(organisation, cycle.period)]);
  const ours = indicators.filter((i) => i.organisation === organisation);
  const missing = ours.filter((i) => !submitted.has(i.ref) || submitted.get(i.ref)!.status === "returned");
  const lines = [`${cycle.period}, due ${deadlineDay(cycle.due)}: ${ours.length - missing.length} of ${ours.length} indicators submitted.`];
  const shown = missing.slice(0, 40);
  if (shown.length) lines.push(`Still to come: ${shown.map((i) => `${i.ref} (${i.owners.map((o) => o.name).join(", ") || "no owner"})`).join("; ")}${missing.length > shown.length ? `; and ${missing.length - shown.length} more` : ""}.`);
  return notice(`Reporting cycle ${cycle.period}`, ...lines);
}

export async function closeCycle(command: CycleCommand): Promise<Notice> {
  const { person, organisation } = command;
  if (!holds(person, "officer", organisation)) return notice("Not closed", refusal("Closing a reporting cycle", "officer", organisation, person));
  const closed = await command.cycles.close(organisation, person!.email, command.via);
  return closed ? notice("Reporting cycle closed", `${organisation}: the cycle for ${closed.period} is closed; owners can no longer submit for it.`) : notice("No cycle open", `${organisation} has no reporting cycle open.`);
}
