// The "Submit update" dialog (a Teams task module holding an Adaptive Card) and reading what it sends back.
// The form carries its own state, the ref in its submit data and what was typed in its inputs, so nothing
// is kept between the turns that open it, check it and show it again.
import type { TaskModuleTaskInfo } from "botbuilder";
import { z } from "zod";
import type { UpdateOutcome } from "../../core/use-cases/submit-update.ts";
import { FORM_FIELDS, MAX_PERIOD, updateFormSpec, type FormField, type FormValues } from "../../core/use-cases/update-form.ts";
import type { IndicatorCard, Notice } from "../../core/views.ts";
import { askingFor } from "../../core/query.ts";
import { card, text, updateButton, VERBS, type AdaptiveCard } from "./cards.ts";
import { dialogFor, readDialog } from "./form.ts";

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

// A dialog opened before drafts carries its ref alone.
const stateData = z.object({
  ref: z.string().trim().min(1).max(200),
  organisation: z.string().trim().min(1).max(200).optional(),
  opening: z.string().max(100).optional(),
  openedFor: z.string().max(MAX_PERIOD).optional(),
  confirmed: z.string().max(200).optional(),
});

/** The ref, the form's state, whether it is a draft and the typed values from a task/submit; null when the data is not this form's. */
export function readUpdateForm(data: unknown): { ref: string; state: FormState; draft: boolean; values: FormValues } | null {
  const read = readDialog(data, stateData, FORM_FIELDS);
  if (!read) return null;
  const { ref, organisation, opening, openedFor, confirmed } = read.state;
  return { ref, state: { ...(organisation ? { organisation } : {}), opening: opening ?? "", openedFor: openedFor ?? "", ...(confirmed ? { confirmed } : {}) }, draft: read.draft, values: read.values };
}

/** The dialog for one indicator (the core's updateFormSpec): what was typed, what to say above the inputs (a draft's date, "Draft saved 10:14"), each error under its input. */
export const updateDialog = (indicator: Pick<IndicatorCard, "ref" | "title" | "organisation" | "latest">, values: FormValues, state: FormState, errors: Errors = {}, saying: string | null = null): TaskModuleTaskInfo =>
  dialogFor(updateFormSpec(indicator, state, values, saying, errors), VERBS.update, "large");

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
