// The "Set target" dialog: the core's form (target-form.ts) drawn by form.ts, the card whose button opens it,
// and reading what it sends back. The form carries its state, the indicator in its submit data, so nothing
// is kept between turns.
import type { TaskModuleTaskInfo } from "botbuilder";
import { z } from "zod";
import { MAX_PERIOD, TARGET_FIELDS, targetFormSpec, type TargetFormStart, type TargetFormState, type TargetValues } from "../../core/use-cases/target-form.ts";
import type { IndicatorCard } from "../../core/views.ts";
import { askingFor } from "../../core/query.ts";
import { card, targetButton, text, VERBS, type AdaptiveCard } from "./cards.ts";
import { dialogFor, readDialog } from "./form.ts";

/** The dialog: the core's form, with what was typed and each error under its input. */
export const targetDialog = (start: Pick<TargetFormStart, "indicator" | "note">, values: TargetValues, errors: Partial<Record<keyof TargetValues, string>> = {}): TaskModuleTaskInfo =>
  dialogFor(targetFormSpec(start, values, errors), VERBS.target);

const stateData = z.object({ ref: z.string().trim().min(1).max(200), organisation: z.string().trim().min(1).max(200) });

/** The indicator and the typed values from a task/submit; null when the data is not this form's. */
export function readTargetForm(data: unknown): (TargetFormState & { values: TargetValues }) | null {
  const read = readDialog(data, stateData, TARGET_FIELDS);
  return read ? { ...read.state, values: read.values } : null;
}

/** The button's data (task/fetch): the indicator, and the period where one was asked for. */
export const targetOpening = z.object({ ref: z.string().trim().min(1).max(200), period: z.string().max(MAX_PERIOD).optional() });

/** What `kpi target AC/S8` answers: Teams opens a dialog only from a button, so a card holding one. */
export function targetPromptCard(indicator: IndicatorCard, period: string | null): AdaptiveCard {
  return card(
    [text(`${indicator.ref} ${indicator.title}`, { weight: "Bolder" }), text(indicator.organisation, { isSubtle: true, spacing: "None" }), text(`Set ${period ? `the ${period} target` : "next year's target"} in the form this button opens.`)],
    [targetButton(askingFor(indicator.ref, indicator.organisation), period)],
  );
}
