// Targets for a period, typically next year's, set by the organisation's officers and admins:
// kept as written with what it parses to (a figure, a range, or words such as N/A that leave the
// period not rated), audited with what it was; a published (locked) period's targets stay as they are.
import type { PersonProfile } from "../access.ts";
import { printedUnit, targetProblem } from "../figure-checks.ts";
import { parseFigure, targetFigures } from "../figures.ts";
import { buildIndicatorCard, retiredLine } from "../indicator-card.ts";
import { tooFarAhead, tooLongBefore } from "../period-checks.ts";
import { parsePeriod } from "../periods.ts";
import type { Catalogue, IndicatorRecord, Targets } from "../ports.ts";
import { changed, indicatorForOfficer, type Changed } from "./indicator-named.ts";
import { lockedReason } from "./lock-period.ts";

export interface TargetRequest {
  ref: string;
  period: string;
  /** As typed: "65%", "60-65%", "N/A". */
  value: string;
  /** The organisation's name where the command line gave one. */
  organisation?: string | null;
  via: string;
  /** The day it is, for how far ahead a target may be: the real one unless a test says otherwise. */
  today?: Date;
}

export const MAX_TARGET = 200;

/** What setTarget answers: where the request could be fixed by changing one of its parts, which (the forms show it there). */
export type TargetOutcome = Changed & { field?: "period" | "value" };

const wrong = (field: "period" | "value", line: string): TargetOutcome => ({ ...changed("invalid", "Target not set", line), field });

/**
 * Whether the person may set the indicator's targets: its organisation's officers and admins, while it is
 * current. setTarget asks it first; the forms ask it before they open, so that who may not is told why.
 */
export async function mayTarget(catalogue: Catalogue, person: PersonProfile | null, ref: string, organisation: string | null = null): Promise<{ ok: true; record: IndicatorRecord } | { ok: false; outcome: Changed }> {
  const named = await indicatorForOfficer(catalogue, ref, person, organisation, { notMade: "Target not set", doing: (ref) => `Setting a target for ${ref}` });
  if ("outcome" in named) return { ok: false, outcome: named.outcome };
  const { record } = named;
  if (record.retired) return { ok: false, outcome: changed("refused", "Target not set", `${record.ref} is retired (${retiredLine(record.retired)}): unretire it first.`) };
  return { ok: true, record };
}

export async function setTarget(catalogue: Catalogue, targets: Targets, person: PersonProfile | null, request: TargetRequest): Promise<TargetOutcome> {
  const allowed = await mayTarget(catalogue, person, request.ref, request.organisation ?? null);
  if (!allowed.ok) return allowed.outcome;
  const { record } = allowed;
  const period = parsePeriod(request.period.trim());
  if (!period) return wrong("period", `“${request.period}” is not a period: write it as the reports do, such as 2017/18 or Q1 2017/18.`);
  const today = request.today ?? new Date();
  const outOfRange = tooFarAhead(period, today) ?? tooLongBefore(period, [...record.results, ...record.targets].map((r) => r.period), record.ref);
  if (outOfRange) return wrong("period", outOfRange);
  const text = request.value.replace(/\s+/g, " ").trim();
  if (!text) return wrong("value", "Give the target: a figure such as 65%, a range such as 60-65%, or N/A.");
  if (text.length > MAX_TARGET) return wrong("value", `A target is at most ${MAX_TARGET} characters.`);
  const figure = parseFigure(text);
  // Words the ratings do not know would leave every period not rated without saying why.
  if (figure.kind === "unparsed") {
    return wrong("value", `“${text}” is not a target the bot can read: write a figure (65%), a range (60-65%), Increase or Decrease, “Remain at or above 85%”, or N/A, TBC or Monitor.`);
  }
  const problem = targetProblem(text, figure, printedUnit(record), record.ref);
  if (problem) return wrong("value", problem);

  const set = await targets.set({
    organisation: record.organisation,
    ref: record.ref,
    period: { label: period.label, kind: period.kind, start: period.start, end: period.end },
    ...targetFigures(text),
    by: person!.email,
    via: request.via,
  });
  // Another period may be open: the form shows why beside the period.
  if (set.outcome === "locked") return { ...changed("refused", "Period published", lockedReason(record.organisation, set.lock)), field: "period" };
  if (set.outcome === "unchanged") return changed("unchanged", "Target unchanged", `${record.ref} already has the target ${text} for ${period.label}; nothing changed.`);

  // What the card says now, where the new target is what its latest result is rated against.
  const target = { period: { label: period.label, start: period.start, end: period.end }, ...targetFigures(text) };
  const latest = buildIndicatorCard({ ...record, targets: [...record.targets.filter((t) => t.period.label !== period.label), target] }).latest;
  const rates = latest?.target?.period === period.label ? `${record.ref} ${latest.period}: ${latest.display} is now rated ${latest.rating.level} (${latest.rating.reason}).` : null;
  return changed("done", "Target set", `${record.ref} ${period.label}: target ${text}${set.before ? ` (was ${set.before})` : ""}, set by ${person!.email} via ${request.via}.`, ...(rates ? [rates] : []));
}
