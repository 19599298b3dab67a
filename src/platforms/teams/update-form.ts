// The "Submit update" dialog (a Teams task module holding an Adaptive Card) and reading what it sends back.
// The form carries its own state, the ref in its submit data and what was typed in its inputs, so nothing
// is kept between the turns that open it, check it and show it again.
import { CardFactory, type TaskModuleTaskInfo } from "botbuilder";
import { z } from "zod";
import { nextPeriod, parsePeriod } from "../../core/periods.ts";
import { MAX_COMMENTARY, type UpdateOutcome } from "../../core/use-cases/submit-update.ts";
import type { IndicatorCard, Notice } from "../../core/views.ts";
import { card, text, updateButton, VERBS, type AdaptiveCard } from "./cards.ts";

/** The inputs, by the ids the card gives them: the use case's field names, so its errors land on them. */
export const FORM_FIELDS = ["period", "value", "numerator", "denominator", "commentary", "intervention"] as const;
export type FormField = (typeof FORM_FIELDS)[number];
export type FormValues = Partial<Record<FormField, string>>;
type Errors = Extract<UpdateOutcome, { ok: false }>["errors"];

/** What the dialog's Submit sends: its data (verb, ref) with each input's value by id. Clients send numbers as text, but a number is read too. */
const typed = z.union([z.string(), z.number().transform(String)]).optional();
const formData = z.object({ ref: z.string().trim().min(1).max(200), period: typed, value: typed, numerator: typed, denominator: typed, commentary: typed, intervention: typed });

/** The ref and the typed values from a task/submit; null when the data is not this form's. */
export function readUpdateForm(data: unknown): { ref: string; values: FormValues } | null {
  const parsed = formData.safeParse(data);
  if (!parsed.success) return null;
  const { ref, ...values } = parsed.data;
  return { ref, values };
}

/** Values a new form starts with: the period after the card's latest result, the likeliest one being reported. */
export function startingValues(indicator: IndicatorCard): FormValues {
  const latest = indicator.latest ? parsePeriod(indicator.latest.period) : null;
  return { period: (latest && nextPeriod(latest)?.label) ?? "" };
}

const attention = (message: string) => text(message, { color: "Attention", spacing: "Small" });
const under = (input: object, error: string | undefined) => (error ? [input, attention(error)] : [input]);
const numberOrNothing = (typedValue: string | undefined) => {
  const n = typedValue === undefined || typedValue.trim() === "" ? NaN : Number(typedValue.trim());
  // Input.Number holds a number only: a value it cannot hold is quoted in its error message instead.
  return Number.isFinite(n) ? { value: n } : {};
};

/** The dialog: the indicator, each input with what was typed, and each error under its input. */
export function updateFormCard(indicator: Pick<IndicatorCard, "ref" | "title" | "organisation">, values: FormValues, errors: Errors = {}): AdaptiveCard {
  const elsewhere = Object.entries(errors).filter(([field]) => !(FORM_FIELDS as readonly string[]).includes(field));
  const numberInput = (id: FormField, label: string, errorMessage: string) => ({ type: "Input.Number", id, label, errorMessage, ...numberOrNothing(values[id]) });
  const body = [
    text(`${indicator.ref} ${indicator.title}`, { size: "Medium", weight: "Bolder" }),
    text(indicator.organisation, { isSubtle: true, spacing: "None" }),
    ...elsewhere.map(([, message]) => attention(message!)),
    ...under({ type: "Input.Text", id: "period", label: "Period", isRequired: true, errorMessage: "Give the period, such as Q3 2016/17.", placeholder: "Q3 2016/17", maxLength: 40, value: values.period ?? "" }, errors.period),
    ...under(numberInput("value", "Result (or give the numerator and denominator)", "Give the result as a number, such as 64.1."), errors.value),
    {
      type: "ColumnSet",
      columns: [
        { type: "Column", width: "stretch", items: under(numberInput("numerator", "Numerator (optional)", "The numerator is a number."), errors.numerator) },
        { type: "Column", width: "stretch", items: under(numberInput("denominator", "Denominator (optional)", "The denominator is a number."), errors.denominator) },
      ],
    },
    ...under(
      { type: "Input.Text", id: "commentary", label: "Commentary", isMultiline: true, isRequired: true, maxLength: MAX_COMMENTARY, errorMessage: "Commentary is required: say what the figure shows and why.", value: values.commentary ?? "" },
      errors.commentary,
    ),
    ...under(
      { type: "Input.Text", id: "intervention", label: "Proposed intervention (needed when the result is below Green)", isMultiline: true, maxLength: MAX_COMMENTARY, value: values.intervention ?? "" },
      errors.intervention,
    ),
    text("The result is provisional until the performance team reviews it.", { isSubtle: true }),
  ];
  // The ref rides in the submit data and is checked again when it comes back.
  return card(body, [{ type: "Action.Submit", title: "Submit", data: { verb: VERBS.update, ref: indicator.ref } }]);
}

/** The dialog as a task module answer (task/fetch, or task/submit with errors). */
export function updateDialog(formCard: AdaptiveCard, ref: string): TaskModuleTaskInfo {
  return { title: `Update ${ref}`, width: "medium", height: "large", card: CardFactory.adaptiveCard(formCard) };
}

/** What `kpi update AC/S8` answers: Teams opens a dialog only from a button, so a card holding one. */
export function updatePromptCard(indicator: IndicatorCard): AdaptiveCard {
  const latest = indicator.latest ? `Latest result: ${indicator.latest.display} (${indicator.latest.period}).` : "No results reported yet.";
  return card(
    [text(`${indicator.ref} ${indicator.title}`, { weight: "Bolder" }), text(indicator.organisation, { isSubtle: true, spacing: "None" }), text(latest), text("Submit a result and its commentary in the form this button opens.")],
    [updateButton(indicator.ref)],
  );
}

/** A notice as the plain text a task module message shows. */
export const noticeText = (notice: Notice) => [notice.heading, ...notice.lines].join("\n");
