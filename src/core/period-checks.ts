// Sanity checks on the periods people write figures for: a result or an assessment is for a period that has
// begun, a target at most two financial years ahead, and nothing for a period more than ten years before the
// first the indicator (or objective) has, which is a mistyped year far more often than a lost record.
import { currentQuarter, financialYear, financialYearAt, parsePeriod, type Period } from "./periods.ts";
import { londonDate } from "./schedule.ts";

/** How far ahead a target may be set: this financial year and the next two. */
export const TARGET_YEARS_AHEAD = 2;
/** How far before an indicator's first period a figure may be: further is taken for a mistyped year. */
export const YEARS_BEFORE_FIRST = 10;

/** Today's date in London, as a period's dates are held (UTC midnight of the calendar day). */
const londonDay = (today: Date): Date => new Date(`${londonDate(today)}T00:00:00Z`);

/** The period of the same kind that today falls in: the quarter, the financial year or the month. */
export function currentPeriodLike(period: Pick<Period, "kind">, today: Date): Period {
  const day = londonDay(today);
  if (period.kind === "year") return financialYearAt(day);
  if (period.kind === "month") return parsePeriod(day.toLocaleDateString("en-GB", { month: "short", year: "numeric", timeZone: "UTC" }))!;
  return currentQuarter(today);
}

/** Whether the period has begun by today (London's calendar). */
export const hasBegun = (period: Pick<Period, "start">, today: Date): boolean => period.start <= londonDay(today);

/** Why a result or an assessment may not be for this period (it has not begun); null when it may. */
export function notBegun(period: Period, today: Date): string | null {
  if (hasBegun(period, today)) return null;
  return `${period.label} has not begun; the current period is ${currentPeriodLike(period, today).label}.`;
}

/** The last financial year a target may be set for, seen from today. */
export const latestTargetYear = (today: Date): Period => financialYear(financialYearAt(londonDay(today)).start.getUTCFullYear() + TARGET_YEARS_AHEAD);

/** Why a target may not be set for this period (more than two financial years ahead); null when it may. */
export function tooFarAhead(period: Period, today: Date): string | null {
  const latest = latestTargetYear(today);
  if (period.start <= latest.end) return null;
  return `${period.label} is more than ${TARGET_YEARS_AHEAD} financial years ahead: targets may be set up to ${latest.label}.`;
}

/**
 * Why a figure may not be for this period: it ends more than ten years before the first period the subject
 * has (its earliest result, target or assessment). Null when it may, or when the subject has none yet (a
 * bound from today would refuse, as years pass, the back figures a new indicator is loaded with).
 */
export function tooLongBefore(period: Period, firsts: readonly Pick<Period, "label" | "start">[], subject: string): string | null {
  const first = [...firsts].sort((a, b) => a.start.getTime() - b.start.getTime())[0];
  if (!first) return null;
  const earliest = new Date(Date.UTC(first.start.getUTCFullYear() - YEARS_BEFORE_FIRST, first.start.getUTCMonth(), first.start.getUTCDate()));
  if (period.end >= earliest) return null;
  return `${period.label} is more than ${YEARS_BEFORE_FIRST} years before ${subject}'s first period (${first.label}): check the year.`;
}
