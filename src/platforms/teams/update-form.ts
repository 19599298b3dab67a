// The "Submit update" dialog (a Teams task module holding an Adaptive Card) and reading what it sends back.
// The form carries its own state, the ref in its submit data and what was typed in its inputs, so nothing
// is kept between the turns that open it, check it and show it again.
import { CardFactory, type TaskModuleTaskInfo } from "botbuilder";
import { z } from "zod";
import { MAX_COMMENTARY, type UpdateOutcome } from "../../core/use-cases/submit-update.ts";
import { FORM_FIELDS, formContext, MAX_PERIOD, type FormField, type FormValues } from "../../core/use-cases/update-form.ts";
import type { IndicatorCard, Notice } from "../../core/views.ts";
import { askingFor } from "../../core/query.ts";
import { card, text, updateButton, VERBS, type AdaptiveCard } from "./cards.ts";

export { FORM_FIELDS, type FormField, type FormValues };
type Errors = Extract<UpdateOutcome, { ok: false }>["errors"];

/**
 * What the form carries between turns, in its buttons' data: its opening's id (the server's record of what it has
 * shown), the period it opened for, and the unusual figures it has asked about (submitted again, they record).
 */
export interface FormState {
  /** Whose indicator: a ref two councils use stays the one the form was opened for. Absent from dialogs opened before it was carried. */
  organisation?: string;
  opening: string;
  openedFor: string;
  confirmed?: string;
}

/**
 * What the dialog's Submit or Save draft sends: its data (verb, ref, the form's state, draft) with each input's
 * value by id. Clients send numbers as text, but a number is read too. A dialog opened before drafts has no state.
 */
const typed = z.union([z.string(), z.number().transform(String)]).optional();
const formData = z.object({
  ref: z.string().trim().min(1).max(200),
  organisation: z.string().trim().min(1).max(200).optional(),
  opening: z.string().max(100).optional(),
  openedFor: z.string().max(MAX_PERIOD).optional(),
  confirmed: z.string().max(200).optional(),
  draft: z.boolean().optional(),
  period: typed,
  value: typed,
  numerator: typed,
  denominator: typed,
  commentary: typed,
  intervention: typed,
});

/** The ref, the form's state, whether it is a draft and the typed values from a task/submit; null when the data is not this form's. */
export function readUpdateForm(data: unknown): { ref: string; state: FormState; draft: boolean; values: FormValues } | null {
  const parsed = formData.safeParse(data);
  if (!parsed.success) return null;
  const { ref, organisation, opening, openedFor, confirmed, draft, ...values } = parsed.data;
  return { ref, state: { ...(organisation ? { organisation } : {}), opening: opening ?? "", openedFor: openedFor ?? "", ...(confirmed ? { confirmed } : {}) }, draft: draft ?? false, values };
}

/** A compact choice of options (value and title, or one string for both), at the value given where it is one of them. */
export const choices = (id: string, label: string, options: readonly (string | { value: string; title: string })[], value: string | undefined, placeholder = "Unchanged") => {
  const listed = options.map((o) => (typeof o === "string" ? { title: o, value: o } : o));
  return { type: "Input.ChoiceSet", id, label, style: "compact", placeholder, choices: listed, value: listed.some((o) => o.value === value) ? value : "" };
};
export const attention = (message: string) => text(message, { color: "Attention", spacing: "Small" });
/** An input with its error, where it has one, right under it. */
export const under = (input: object, error: string | undefined) => (error ? [input, attention(error)] : [input]);
const numberOrNothing = (typedValue: string | undefined) => {
  const n = typedValue === undefined || typedValue.trim() === "" ? NaN : Number(typedValue.trim());
  // Input.Number holds a number only: a value it cannot hold is quoted in its error message instead.
  return Number.isFinite(n) ? { value: n } : {};
};

/**
 * The dialog: the indicator, what to say above the inputs (a draft's date, "Draft saved 10:14"), each input
 * with what was typed, and each error under its input. No input is required in the card: the client would
 * then refuse to send a half-filled form as a draft; submitUpdate says what is missing instead.
 */
export function updateFormCard(indicator: Pick<IndicatorCard, "ref" | "title" | "organisation" | "latest">, values: FormValues, state: FormState, errors: Errors = {}, saying: string | null = null): AdaptiveCard {
  const elsewhere = Object.entries(errors).filter(([field]) => !(FORM_FIELDS as readonly string[]).includes(field));
  const numberInput = (id: FormField, label: string, errorMessage: string) => ({ type: "Input.Number", id, label, errorMessage, ...numberOrNothing(values[id]) });
  const body = [
    text(`${indicator.ref} ${indicator.title}`, { size: "Medium", weight: "Bolder" }),
    text(formContext(indicator), { isSubtle: true, spacing: "None" }),
    ...(saying ? [text(saying, { isSubtle: true, weight: "Bolder" })] : []),
    ...elsewhere.map(([, message]) => attention(message!)),
    ...under({ type: "Input.Text", id: "period", label: "Period", placeholder: "Q3 2016/17", maxLength: MAX_PERIOD, value: values.period ?? "" }, errors.period),
    ...under(numberInput("value", "Result (or give the numerator and denominator)", "Give the result as a number, such as 64.1."), errors.value),
    {
      type: "ColumnSet",
      columns: [
        { type: "Column", width: "stretch", items: under(numberInput("numerator", "Numerator (optional)", "The numerator is a number."), errors.numerator) },
        { type: "Column", width: "stretch", items: under(numberInput("denominator", "Denominator (optional)", "The denominator is a number."), errors.denominator) },
      ],
    },
    ...under(
      { type: "Input.Text", id: "commentary", label: "Commentary (what the figure shows and why)", isMultiline: true, maxLength: MAX_COMMENTARY, value: values.commentary ?? "" },
      errors.commentary,
    ),
    ...under(
      { type: "Input.Text", id: "intervention", label: "Proposed intervention (needed when the result is below Green)", isMultiline: true, maxLength: MAX_COMMENTARY, value: values.intervention ?? "" },
      errors.intervention,
    ),
    text("The result is provisional until the performance team reviews it.", { isSubtle: true }),
  ];
  // The ref and its organisation ride in the submit data and are checked again when they come back.
  const data = { verb: VERBS.update, ref: indicator.ref, organisation: indicator.organisation, opening: state.opening, openedFor: state.openedFor, ...(state.confirmed ? { confirmed: state.confirmed } : {}) };
  return card(body, [
    { type: "Action.Submit", title: "Submit", data },
    { type: "Action.Submit", title: "Save draft", data: { ...data, draft: true } },
  ]);
}

/** A form as a task module answer (task/fetch, or task/submit with errors). */
export function dialog(title: string, formCard: AdaptiveCard, height: TaskModuleTaskInfo["height"] = "large"): TaskModuleTaskInfo {
  return { title, width: "medium", height, card: CardFactory.adaptiveCard(formCard) };
}

export const updateDialog = (formCard: AdaptiveCard, ref: string): TaskModuleTaskInfo => dialog(`Update ${ref}`, formCard);

/** What `kpi update AC/S8` answers: Teams opens a dialog only from a button, so a card holding one. */
export function updatePromptCard(indicator: IndicatorCard): AdaptiveCard {
  const latest = indicator.latest ? `Latest result: ${indicator.latest.display} (${indicator.latest.period}).` : "No results reported yet.";
  return card(
    [text(`${indicator.ref} ${indicator.title}`, { weight: "Bolder" }), text(indicator.organisation, { isSubtle: true, spacing: "None" }), text(latest), text("Submit a result and its commentary in the form this button opens.")],
    [updateButton(askingFor(indicator.ref, indicator.organisation))],
  );
}

/** A notice as the plain text a task module message shows. */
/** A notice as a plain Teams message: a blank line between its lines, since Teams runs single line breaks together. */
export const noticeText = (notice: Notice) => [notice.heading, ...notice.lines].join("\n\n");
