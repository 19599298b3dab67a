// A key action's update dialog in Teams: the core's form (action-form.ts) drawn by form.ts, opened and sent
// back as the indicator's dialog is (VERBS.update, the ref in its data).
import { z } from "zod";
import type { TaskModuleTaskInfo } from "botbuilder";
import { ACTION_FIELDS, actionFormSpec, type ActionValues } from "../../core/use-cases/action-form.ts";
import { standing, type ActionUpdateOutcome } from "../../core/use-cases/update-action.ts";
import type { ActionCard } from "../../core/views.ts";
import { card, text, updateButton, VERBS, type AdaptiveCard } from "./cards.ts";
import { dialogFor, readDialog } from "./form.ts";

type Action = Pick<ActionCard, "title" | "organisation" | "rag" | "status" | "note" | "noteDate"> & { ref: string };
export type { ActionValues };
type Errors = Extract<ActionUpdateOutcome, { ok: false }>["errors"];

/** What the dialog sent: the choices and the note as typed (the use case checks them). */
export const readActionForm = (data: unknown): ActionValues => readDialog(data, z.object({}), ACTION_FIELDS)?.values ?? {};

/** The dialog: the core's form, with what was chosen or typed and each error under its input (or above them, for the action itself). */
export const actionDialog = (a: Action, values: ActionValues, errors: Errors = {}): TaskModuleTaskInfo => dialogFor(actionFormSpec(a, values, errors), VERBS.update, "large");

/** What `kpi update CG01` answers: Teams opens a dialog only from a button, so a card holding one. */
export function actionPromptCard(a: Action): AdaptiveCard {
  return card([text(`${a.ref} ${a.title}`, { weight: "Bolder" }), text(a.organisation, { isSubtle: true, spacing: "None" }), text(`${standing(a)}.`), text("Set its RAG or status and a latest note in the form this button opens.")], [updateButton(a.ref)]);
}
