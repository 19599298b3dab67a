// Locking a published period: once an organisation's Q2 report is out, an officer or admin locks
// the period, and nothing about it changes (no submission, no acceptance, no target) until an
// admin reopens it. Both are audited.
import { holds, refusal, type PersonProfile } from "../access.ts";
import { shortDate } from "../format.ts";
import { parsePeriod } from "../periods.ts";
import type { PeriodLockRecord, PeriodLocks } from "../ports.ts";
import { changed, type Changed } from "./indicator-named.ts";

export interface LockCommand {
  locks: PeriodLocks;
  person: PersonProfile | null;
  /** The organisation's name. */
  organisation: string;
  via: string;
}

/** Why a change to a locked period is refused: what every refusal says. */
export function lockedReason(organisation: string, lock: PeriodLockRecord): string {
  return `${lock.period} is published for ${organisation}: ${lock.by} locked it on ${shortDate(lock.at)}, so nothing about it changes until an admin reopens it (reopen ${lock.period}).`;
}

const periodOf = (text: string) => parsePeriod(text.trim().replace(/^[“"]|[”"]$/g, ""));
const notAPeriod = (text: string) => `“${text}” is not a period: write it as the reports do, such as Q2 2016/17, 2016/17 or Nov 2016.`;

export async function lockPeriod(command: LockCommand, periodText: string): Promise<Changed> {
  const { person, organisation } = command;
  if (!holds(person, "officer", organisation)) return changed("refused", "Not locked", refusal("Locking a period", "officer", organisation, person));
  const period = periodOf(periodText);
  if (!period) return changed("invalid", "Not locked", notAPeriod(periodText));
  const { locked, lock } = await command.locks.lock(organisation, { label: period.label, kind: period.kind, start: period.start, end: period.end }, person!.email, command.via);
  return locked
    ? changed("done", "Period locked", `${period.label} is published for ${organisation}: its results, their acceptance and its targets no longer change.`, `An admin can reopen it: reopen ${period.label}.`)
    : changed("unchanged", "Already locked", `${period.label} was locked for ${organisation} by ${lock.by} on ${shortDate(lock.at)}; nothing changed.`);
}

export async function reopenPeriod(command: LockCommand, periodText: string): Promise<Changed> {
  const { person, organisation } = command;
  // Reopening changes what was published: admins only.
  if (!holds(person, "admin", organisation)) return changed("refused", "Not reopened", refusal("Reopening a published period", "admin", organisation, person));
  const period = periodOf(periodText);
  if (!period) return changed("invalid", "Not reopened", notAPeriod(periodText));
  const was = await command.locks.reopen(organisation, period.label, person!.email, command.via);
  return was
    ? changed("done", "Period reopened", `${period.label} is open again for ${organisation} (${was.by} had locked it on ${shortDate(was.at)}): its figures and targets may change until it is locked again.`)
    : changed("unchanged", "Not locked", `${period.label} is not locked for ${organisation}; nothing changed.`);
}
