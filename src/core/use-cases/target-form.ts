// What the "Set target" form needs of the core (forms/target.ts is the form itself): where it starts (the
// financial year after the latest one with a result or target, with the target that period has), what it
// shows, and a submission's answer: a notice, or an error beside the field that can fix it. Who may open it
// is set-target.ts's mayTarget.
import { latestTargetYear, tooFarAhead } from "../period-checks.ts";
import { comparePeriods, financialYearAt, nextPeriod } from "../periods.ts";
import type { PersonProfile } from "../access.ts";
import type { FormSpec } from "../forms.ts";
import type { Catalogue, Targets } from "../ports.ts";
import type { Notice } from "../views.ts";
import { indicatorNamed } from "./indicator-named.ts";
import { MAX_TARGET, setTarget } from "./set-target.ts";
import { MAX_PERIOD } from "./update-form.ts";

export { MAX_PERIOD, MAX_TARGET };
export const TARGET_FIELDS = ["period", "value"] as const;
export type TargetField = (typeof TARGET_FIELDS)[number];
export type TargetValues = Partial<Record<TargetField, string>>;

/** The indicator a form is for: its ref and organisation ride in the form and are checked again on submission. */
export type TargetFormState = {
  ref: string;
  organisation: string;
};

export interface TargetFormStart {
  indicator: TargetFormState & { title: string };
  /** The period (the one asked for, else the financial year after the latest with a result or target) and the target it has. */
  values: { period: string; value: string };
  /** Said above the inputs: the target the period has, or the latest one set. */
  note: string;
}

/** Where the form for an indicator starts; null where the catalogue no longer has it. `today` stands in where it has no figures at all. */
export async function startTargetForm(catalogue: Catalogue, indicator: TargetFormState, today: Date, period: string | null = null): Promise<TargetFormStart | null> {
  const named = await indicatorNamed(catalogue, indicator.ref, null, indicator.organisation);
  if ("problem" in named) return null;
  const { record } = named;
  const latest = [...record.results, ...record.targets].map((r) => r.period).sort(comparePeriods).at(-1);
  // Never further ahead than a target may be set (a year's target set from before that was refused).
  const after = nextPeriod(financialYearAt(latest?.end ?? today))!;
  const opensFor = period ?? (tooFarAhead(after, today) ? latestTargetYear(today) : after).label;
  const current = record.targets.find((t) => t.period.label === opensFor);
  const newest = [...record.targets].sort((a, b) => comparePeriods(a.period, b.period)).at(-1);
  const note = current
    ? `${opensFor} has the target ${current.text}: change it below.`
    : newest
      ? `Latest target: ${newest.text} for ${newest.period.label}.`
      : "No targets set yet.";
  return { indicator: { ref: record.ref, organisation: record.organisation, title: record.title }, values: { period: opensFor, value: current?.text ?? "" }, note };
}

/** The form, as every platform draws it: the indicator, the target it has, the period and the target with what was typed and each error. */
export function targetFormSpec(start: Pick<TargetFormStart, "indicator" | "note">, values: TargetValues, errors: Partial<Record<TargetField, string>> = {}): FormSpec<TargetFormState> {
  const { ref, organisation, title } = start.indicator;
  return {
    title: "Set target",
    submit: "Set target",
    heading: `${ref} ${title}`,
    lines: [organisation, start.note],
    inputs: [
      { id: "period", label: "Period", hint: "As the reports write it: next year is usually the one, such as 2017/18; or a quarter, such as Q1 2017/18.", placeholder: "2017/18", maxLength: MAX_PERIOD },
      { id: "value", label: "Target", hint: "As the reports print it: 65%, a range such as 60-70%, Increase, Remain at or above 85%, or N/A.", placeholder: "65%, 60-70%, Increase, N/A", maxLength: MAX_TARGET },
    ],
    values,
    errors,
    state: { ref, organisation },
  };
}

/** What a submission gets: the outcome to show in place of the form, or each problem beside its field. */
export type TargetFormAnswer = { notice: Notice } | { errors: Partial<Record<TargetField, string>> };

export async function submitTargetForm(catalogue: Catalogue, targets: Targets, person: PersonProfile | null, form: TargetFormState & { values: TargetValues }, via: string): Promise<TargetFormAnswer> {
  const outcome = await setTarget(catalogue, targets, person, { ref: form.ref, organisation: form.organisation, period: form.values.period ?? "", value: form.values.value ?? "", via });
  return outcome.field ? { errors: { [outcome.field]: outcome.notice.lines.join(" ") } } : { notice: outcome.notice };
}
