// What the update forms of every platform share: the form itself (updateFormSpec, drawn by slack/form.ts and
// teams/form.ts), where it starts (its period, the latest submission it has seen, the person's draft) and
// saving a half-filled form as a draft.
import type { PersonProfile } from "../access.ts";
import type { FormSpec } from "../forms.ts";
import { clock, dayAndClock } from "../format.ts";
import { currentPeriodLike, hasBegun } from "../period-checks.ts";
import { nextPeriod, parsePeriod } from "../periods.ts";
import type { Catalogue, Drafts, Updates } from "../ports.ts";
import type { IndicatorCard } from "../views.ts";
import { buildIndicatorCard } from "../indicator-card.ts";
import { indicatorNamed } from "./indicator-named.ts";
import { mayUpdate } from "./may-update.ts";
import { MAX_COMMENTARY } from "./submit-update.ts";

export const FORM_FIELDS = ["period", "value", "numerator", "denominator", "commentary", "intervention"] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type FormValues = Partial<Record<FormField, string>>;

/** Longer than any period label ("Apr - Jul 2016/17"), so a typo is not cut short. */
export const MAX_PERIOD = 40;
const MAX_LENGTH: Record<FormField, number> = { period: MAX_PERIOD, value: 40, numerator: 40, denominator: 40, commentary: MAX_COMMENTARY, intervention: MAX_COMMENTARY };

/** What an update form carries between its turns: its indicator, its opening's id, the period it opened for, the unusual figures it asked about. */
export type UpdateFormState = { ref: string; organisation?: string; opening: string; openedFor: string; confirmed?: string };

/**
 * The form, as every platform draws it: the indicator and its latest figure, what to say above the inputs (a
 * draft's date, "Draft saved 10:14", a newer submission), each input with what was typed and each problem beside it.
 * No input is required by the client: a half-filled form must still go as a draft; submitUpdate says what is missing.
 */
export function updateFormSpec(indicator: Pick<IndicatorCard, "ref" | "title" | "organisation" | "latest">, state: Omit<UpdateFormState, "ref" | "organisation">, values: FormValues, saying: string | null = null, errors: Partial<Record<string, string>> = {}): FormSpec<UpdateFormState> {
  return {
    title: "Submit update",
    submit: "Submit",
    draft: "Save draft",
    heading: `${indicator.ref} ${indicator.title}`,
    lines: [formContext(indicator)],
    saying,
    inputs: [
      { id: "period", label: "Period", hint: "As the reports write it: Q3 2016/17, 2016/17 or Nov 2016.", placeholder: "Q3 2016/17", maxLength: MAX_PERIOD },
      { id: "value", label: "Result", optional: true, hint: "A number, such as 64.1. Leave it empty to work it out from the numerator and denominator.", number: { error: "Give the result as a number, such as 64.1." } },
      { id: "numerator", label: "Numerator", optional: true, number: { error: "The numerator is a number." } },
      { id: "denominator", label: "Denominator", optional: true, number: { error: "The denominator is a number." } },
      { id: "commentary", label: "Commentary", multiline: true, hint: "What the figure shows and why.", maxLength: MAX_COMMENTARY },
      { id: "intervention", label: "Proposed intervention", optional: true, multiline: true, hint: "Needed when the result would be below Green: what will be done about it.", maxLength: MAX_COMMENTARY },
    ],
    footnote: "The result is provisional until the performance team reviews it.",
    values,
    errors,
    state: { ref: indicator.ref, organisation: indicator.organisation, opening: state.opening, openedFor: state.openedFor, ...(state.confirmed ? { confirmed: state.confirmed } : {}) },
  };
}

export interface FormPorts {
  updates: Updates;
  drafts?: Drafts;
}

export interface FormStart {
  /** The period the form opens for: the open reporting cycle's, else the one after the latest result where it has begun. */
  openedFor: string;
  /** The opening's id, recorded with the latest submission the form shows ("" for someone not known yet): the form carries it, as submitUpdate's opening. */
  opening: string;
  /** What the inputs start with: the person's draft, or the period alone. */
  values: FormValues;
  /** Said on the form where the values are a draft's: "from your draft of 1 Dec 10:14". */
  note: string | null;
}

/**
 * The period after the latest result's, where it has begun; else the latest's own; else (a latest result for a
 * period to come, from before such periods were refused) the current one. Never a period that has not begun.
 */
function periodAfterLatest(label: string | null, today: Date): string {
  const latest = label ? parsePeriod(label) : null;
  if (!latest) return label ?? "";
  const next = nextPeriod(latest);
  if (next && hasBegun(next, today)) return next.label;
  return hasBegun(latest, today) ? latest.label : currentPeriodLike(latest, today).label;
}

/**
 * The card of the indicator a form is for, as the asker's catalogue has it: of the organisation the form carries
 * (none found where the asker does not see it); null where there is none, or several and no organisation said.
 */
export async function formIndicator(catalogue: Catalogue, ref: string, organisation: string | null): Promise<IndicatorCard | null> {
  const named = await indicatorNamed(catalogue, ref, null, organisation);
  return "record" in named ? buildIndicatorCard(named.record) : null;
}

/**
 * What an update form says of its indicator above the inputs, on every platform: its organisation and its
 * latest result with the period and the target it was rated against ("London Borough of Barnet · Latest:
 * 53.2% · Q2 2016/17, target 63.0%"), so the owner sees the figure and its unit before typing the next.
 */
export function formContext(indicator: Pick<IndicatorCard, "organisation" | "latest">): string {
  const l = indicator.latest;
  const latest = l ? `Latest: ${l.display} · ${l.period}${l.target ? `, target ${l.target.display}` : ""}` : "No results reported yet";
  return `${indicator.organisation} · ${latest}`;
}

/** Where the form for an indicator starts, for a person (null: not known yet, so no draft). */
export async function startForm(ports: FormPorts, indicator: Pick<IndicatorCard, "organisation" | "ref" | "latest">, person: PersonProfile | null, today = new Date()): Promise<FormStart> {
  const cycle = await ports.updates.openCycle(indicator.organisation);
  const openedFor = cycle?.period ?? periodAfterLatest(indicator.latest?.period ?? null, today);
  const key = { organisation: indicator.organisation, ref: indicator.ref, period: openedFor };
  const [submitted, draft] = await Promise.all([
    openedFor ? ports.updates.latestSubmission(indicator.organisation, indicator.ref, openedFor) : null,
    openedFor && person && ports.drafts ? ports.drafts.load({ ...key, person: person.email }) : null,
  ]);
  // Recorded here, not carried by the form: what the form has shown is then the server's word, not the client's.
  const opening = person && openedFor ? await ports.updates.openForm({ ...key, seen: submitted?.id ?? 0, person: person.email }) : "";
  if (!draft) return { openedFor, opening, values: { period: openedFor }, note: null };
  const values: FormValues = {};
  for (const field of FORM_FIELDS) if (draft.fields[field] !== undefined) values[field] = draft.fields[field]!.slice(0, MAX_LENGTH[field]);
  return { openedFor, opening, values: { period: openedFor, ...values }, note: `from your draft of ${dayAndClock(draft.savedAt)}` };
}

export type DraftOutcome = { ok: true; note: string } | { ok: false; refused: boolean; errors: Partial<Record<FormField | "person" | "ref", string>> };

/**
 * Keeps a half-filled form for its person, without the checks a submission has (it is not one), only
 * within the form's lengths. Kept for the period typed, or the one the form opened for where what is typed
 * is no period yet. A form with nothing filled in removes the draft.
 */
export async function saveDraft(catalogue: Catalogue, ports: Required<FormPorts>, person: PersonProfile | null, indicator: { ref: string; organisation: string | null }, typed: FormValues, openedFor: string): Promise<DraftOutcome> {
  const allowed = await mayUpdate(catalogue, ports.updates, person, indicator.ref, indicator.organisation);
  if (!allowed.ok) return { ok: false, refused: allowed.field === "person", errors: { [allowed.field]: allowed.reason } };
  const errors: Partial<Record<FormField, string>> = {};
  const fields: Record<string, string> = {};
  for (const field of FORM_FIELDS) {
    const value = typed[field]?.trim() ?? "";
    if (value.length > MAX_LENGTH[field]) errors[field] = `At most ${MAX_LENGTH[field].toLocaleString("en-GB")} characters; this is ${value.length.toLocaleString("en-GB")}.`;
    else if (value) fields[field] = value;
  }
  const period = parsePeriod(fields.period ?? "")?.label ?? (parsePeriod(openedFor)?.label || null);
  if (!period) errors.period ??= "Say which period this draft is for, such as Q3 2016/17.";
  if (Object.keys(errors).length || !period) return { ok: false, refused: false, errors };
  const key = { organisation: allowed.record.organisation, ref: allowed.record.ref, period, person: person!.email };
  const filled = Object.keys(fields).some((field) => field !== "period");
  if (!filled) {
    await ports.drafts.discard(key);
    return { ok: true, note: `Nothing filled in, so no draft is kept for ${period}.` };
  }
  return { ok: true, note: `Draft saved ${clock(await ports.drafts.save(key, fields))}` };
}
