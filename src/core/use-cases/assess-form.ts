// What the "Assess objective" form needs of the core (forms/assess.ts is the form itself): where it starts
// (the open reporting cycle's period, else the one after the wheel's latest assessed period, filled with that
// period's assessment where there is one), what it shows, and a submission's answer. Who may assess, and every
// check, is assess-objective.ts's: the form only carries what was chosen.
import type { PersonProfile } from "../access.ts";
import { dayAndTime, segmentStatus } from "../format.ts";
import type { FormSpec } from "../forms.ts";
import { DIRECTION_MARK, OBJECTIVE_DIRECTIONS, OBJECTIVE_STATUSES } from "../objectives.ts";
import { hasBegun } from "../period-checks.ts";
import { currentQuarter, nextPeriod, parsePeriod, type Period } from "../periods.ts";
import type { Assessments, Catalogue, ObjectiveRecord } from "../ports.ts";
import type { Notice } from "../views.ts";
import { assessObjective, MAX_NARRATIVE, objectiveNamed, type AssessInput } from "./assess-objective.ts";
import { assessedPeriods } from "./show-wheel.ts";
import { MAX_PERIOD } from "./update-form.ts";

export { MAX_NARRATIVE, MAX_PERIOD };
export const ASSESS_FIELDS = ["period", "status", "direction", "narrative"] as const;
export type AssessFormField = (typeof ASSESS_FIELDS)[number];
export type AssessValues = Partial<Record<AssessFormField, string>>;
/** The direction choice that gives none (a first report has none): a select cannot be emptied once chosen. */
export const NO_DIRECTION = "none";

export interface AssessFormStart {
  objective: Pick<ObjectiveRecord, "code" | "title" | "organisation" | "group">;
  /** Said above the inputs: where the objective stands, and whether the period is assessed already. */
  note: string;
  values: AssessValues;
}

/** The period after one: the next quarter or year, or for a span such as Apr - Jul the quarter it runs into. */
function periodAfter(period: Period): Period | null {
  if (period.kind !== "span") return nextPeriod(period);
  return currentQuarter(new Date(period.end.getTime() + 86_400_000), "UTC");
}

/**
 * The period a form opens for: the open cycle's, else the one after the latest that any segment of the wheel
 * was assessed for ("" where none is); never a period that has not begun (then the latest's, or the current quarter).
 */
async function openingPeriod(catalogue: Catalogue, assessments: Pick<Assessments, "openCycle">, record: ObjectiveRecord, today: Date): Promise<string> {
  const cycle = await assessments.openCycle(record.organisation);
  if (cycle) return cycle.period;
  const latest = assessedPeriods((await catalogue.objectives()).filter((o) => o.organisation === record.organisation)).at(-1);
  const period = latest ? parsePeriod(latest.label) : null;
  if (!period) return latest?.label ?? "";
  const after = periodAfter(period);
  if (after && hasBegun(after, today)) return after.label;
  return hasBegun(period, today) ? period.label : currentQuarter(today).label;
}

/** What the inputs start with for a period: its assessment where it has one, else the period alone. */
function valuesFor(record: ObjectiveRecord, period: string): { values: AssessValues; assessed: ObjectiveRecord["assessments"][number] | null } {
  const assessed = record.assessments.find((a) => a.period.label === period) ?? null;
  if (!assessed) return { values: { period }, assessed };
  return { values: { period, status: assessed.status, direction: assessed.direction ?? NO_DIRECTION, narrative: assessed.narrative?.slice(0, MAX_NARRATIVE) ?? "" }, assessed };
}

const standing = (a: { status: string; direction: keyof typeof DIRECTION_MARK | null; period: { label: string } }) =>
  `${segmentStatus(a.status)}${a.direction ? ` · ${DIRECTION_MARK[a.direction]}` : ""} (${a.period.label})`;

/** Where the form for an objective starts; null where the catalogue has no objective of that code. */
export async function startAssessForm(catalogue: Catalogue, assessments: Pick<Assessments, "openCycle">, code: string, person: PersonProfile | null, today = new Date()): Promise<AssessFormStart | null> {
  const record = await objectiveNamed(catalogue, code, person);
  if (!record) return null;
  const period = await openingPeriod(catalogue, assessments, record, today);
  const { values, assessed } = valuesFor(record, period);
  const latest = record.assessments.at(-1);
  const note = assessed
    ? `${period} is assessed already (${assessed.by}, ${dayAndTime(assessed.at)}): change it below.`
    : latest
      ? `Latest: ${standing(latest)}.`
      : "Not assessed yet.";
  return { objective: { code: record.code, title: record.title, organisation: record.organisation, group: record.group }, note, values };
}

/** The form, as every platform draws it: the objective, where it stands, the period, status, direction and narrative with what was chosen or typed and each error. */
export function assessFormSpec(start: Pick<AssessFormStart, "objective" | "note">, values: AssessValues, errors: Partial<Record<AssessFormField, string>> = {}): FormSpec<{ code: string }> {
  const { code, title, organisation, group } = start.objective;
  return {
    title: "Assess objective",
    submit: "Submit",
    heading: `${code} ${title}`,
    lines: [`${organisation} · ${group}`, start.note],
    inputs: [
      { id: "period", label: "Period", hint: "As the reports write it: Q2 2017/18, or Apr - Jul 2017/18.", placeholder: "Q2 2017/18", maxLength: MAX_PERIOD },
      { id: "status", label: "Status", choices: { options: OBJECTIVE_STATUSES.map((s) => ({ value: s, label: s })), placeholder: "Choose a status" } },
      {
        id: "direction",
        label: "Direction of travel",
        optional: true,
        hint: "Whether performance is improving or deteriorating, in your judgement.",
        choices: { options: [...OBJECTIVE_DIRECTIONS.map((d) => ({ value: d, label: d })), { value: NO_DIRECTION, label: "Not given" }], placeholder: "Choose a direction" },
      },
      { id: "narrative", label: "Narrative", optional: true, multiline: true, hint: "Required when the status is Red or the direction is Down: why, and what is being done.", maxLength: MAX_NARRATIVE },
    ],
    values,
    errors,
    state: { code },
  };
}

export type AssessFormAnswer = { notice: Notice } | { refused: string } | { errors: Partial<Record<AssessFormField, string>> };

export async function submitAssessForm(catalogue: Catalogue, assessments: Assessments, person: PersonProfile | null, code: string, values: AssessValues, via: AssessInput["via"]): Promise<AssessFormAnswer> {
  const outcome = await assessObjective(catalogue, assessments, person, { code, period: values.period ?? "", status: values.status ?? "", direction: values.direction === NO_DIRECTION ? "" : values.direction, narrative: values.narrative, via });
  if (outcome.ok) return { notice: outcome.notice };
  const { person: who, code: which, ...fields } = outcome.errors;
  if (who || which) return { refused: [which, who].filter(Boolean).join(" ") };
  return { errors: fields };
}
