// A period's status, direction and narrative for an objective of a performance wheel, set by the
// performance team (officers and admins of its organisation, any period) or by its owner (the open reporting
// cycle's period, as owners submit results). Applied at once: the assessment is itself the judgement, not a
// figure to review. A narrative is required for a red segment and when performance is judged to be falling.
// Audited with before and after; refused for a published (locked) period.
import { holds, refusal, type PersonProfile } from "../access.ts";
import { dayAndTime } from "../format.ts";
import { narrativeRequired, OBJECTIVE_DIRECTIONS, OBJECTIVE_STATUSES, readObjectiveDirection, readObjectiveStatus } from "../objectives.ts";
import { notBegun, tooLongBefore } from "../period-checks.ts";
import { parsePeriod } from "../periods.ts";
import type { Assessments, Catalogue, ObjectiveRecord } from "../ports.ts";
import { foldKey } from "../text.ts";
import type { Notice } from "../views.ts";
import { lockedReason } from "./lock-period.ts";
import { objectivesByKey } from "./objective-card.ts";
import { MAX_COMMENTARY } from "./submit-update.ts";

export const MAX_NARRATIVE = MAX_COMMENTARY;

export interface AssessInput {
  code: string;
  period: string;
  status: string;
  /** Empty or left out: no direction given. */
  direction?: string;
  narrative?: string;
  via: "slack" | "teams" | "command line";
  /** The day it is, for which periods have begun: the real one unless a test says otherwise. */
  today?: Date;
}

export type AssessField = "code" | "person" | "period" | "status" | "direction" | "narrative";
export type AssessOutcome = { ok: true; notice: Notice } | { ok: false; refused: boolean; errors: Partial<Record<AssessField, string>> };

export type MayAssess = { ok: true; record: ObjectiveRecord; officer: boolean; cycle: { period: string } | null } | { ok: false; field: "code" | "person"; reason: string };

/** The objective a code names (the person's organisation's where two share it); null where none does. */
export async function objectiveNamed(catalogue: Catalogue, code: string, person: PersonProfile | null): Promise<ObjectiveRecord | null> {
  const found = await objectivesByKey(catalogue, foldKey(code));
  return (found.length > 1 && person?.organisation ? found.find((o) => o.organisation === person.organisation) : undefined) ?? found[0] ?? null;
}

/** Officers and admins of its organisation any time; its owner for the open reporting cycle's period. */
export async function mayAssess(catalogue: Catalogue, assessments: Pick<Assessments, "openCycle">, person: PersonProfile | null, code: string): Promise<MayAssess> {
  const record = await objectiveNamed(catalogue, code, person);
  if (!record) return { ok: false, field: "code", reason: `There is no objective ${code}.` };
  const officer = holds(person, "officer", record.organisation);
  if (!officer) {
    if (!person) return { ok: false, field: "person", reason: refusal(`Assessing ${record.code}`, "officer", record.organisation, null) };
    if (record.owner?.email !== person.email) {
      const elsewhere = person.organisation === record.organisation || person.organisation === null ? "you are neither" : `you belong to ${person.organisation}`;
      return { ok: false, field: "person", reason: `Assessing ${record.code} needs you to own it, or the officer role in ${record.organisation}; ${elsewhere}.` };
    }
  }
  const cycle = await assessments.openCycle(record.organisation);
  if (!officer && !cycle) return { ok: false, field: "person", reason: `No reporting cycle is open for ${record.organisation}, so only its officers and admins may assess ${record.code} now.` };
  return { ok: true, record, officer, cycle };
}

const fail = (errors: Extract<AssessOutcome, { ok: false }>["errors"], refused = false): AssessOutcome => ({ ok: false, refused, errors });

export async function assessObjective(catalogue: Catalogue, assessments: Assessments, person: PersonProfile | null, input: AssessInput): Promise<AssessOutcome> {
  const allowed = await mayAssess(catalogue, assessments, person, input.code);
  if (!allowed.ok) return fail({ [allowed.field]: allowed.reason }, allowed.field === "person");
  const { record } = allowed;

  const errors: Extract<AssessOutcome, { ok: false }>["errors"] = {};
  const period = parsePeriod(input.period.trim().replace(/^[“"]|[”"]$/g, ""));
  if (!period) errors.period = `“${input.period.slice(0, 40)}” is not a period: write it as the reports do, such as Q2 2017/18 or Apr - Jul 2017/18.`;
  else if (!allowed.officer && allowed.cycle?.period !== period.label) {
    return fail({ person: `The open reporting cycle is for ${allowed.cycle?.period}: owners assess that period; another period's assessment goes through the performance team.` }, true);
  } else {
    const today = input.today ?? new Date();
    const outOfRange = notBegun(period, today) ?? tooLongBefore(period, record.assessments.map((a) => a.period), record.code);
    if (outOfRange) errors.period = outOfRange;
  }
  const status = readObjectiveStatus(input.status);
  if (!status) errors.status = input.status.trim() ? `“${input.status.slice(0, 40)}” is not a status: choose ${OBJECTIVE_STATUSES.join(", ")}.` : `Choose a status: ${OBJECTIVE_STATUSES.join(", ")}.`;
  const directionTyped = input.direction?.trim() ?? "";
  const direction = directionTyped ? readObjectiveDirection(directionTyped) : null;
  if (directionTyped && !direction) errors.direction = `“${directionTyped.slice(0, 40)}” is not a direction: choose ${OBJECTIVE_DIRECTIONS.join(", ")}.`;
  const narrative = input.narrative?.trim() ?? "";
  const needed = status ? narrativeRequired(status, direction) : null;
  if (!narrative && needed) errors.narrative = needed;
  else if (narrative.length > MAX_NARRATIVE) errors.narrative = `The narrative is at most ${MAX_NARRATIVE.toLocaleString("en-GB")} characters; this is ${narrative.length.toLocaleString("en-GB")}.`;
  if (Object.keys(errors).length || !period || !status) return fail(errors);

  const lock = await assessments.locked(record.organisation, period.label);
  if (lock) return fail({ period: lockedReason(record.organisation, lock) });

  const { recorded, at, before } = await assessments.assess({
    organisation: record.organisation,
    code: record.code,
    period,
    status,
    direction,
    narrative: narrative || null,
    by: person?.email ?? "kpi command",
    via: input.via,
  });
  const what = `${record.code} for ${period.label}: ${status}${direction ? `, ${direction}` : ""}`;
  return {
    ok: true,
    notice: recorded
      ? { kind: "notice", heading: "Assessment recorded", lines: [`${what}${before ? ` (was ${before.split(":")[0]})` : ""}.`, `Recorded ${dayAndTime(at)} from ${person?.email ?? "the kpi command"} via ${input.via}.`] }
      : { kind: "notice", heading: "Already recorded", lines: [`${record.code} already reads so for ${period.label} (assessed ${dayAndTime(at)}); nothing changed.`] },
  };
}
