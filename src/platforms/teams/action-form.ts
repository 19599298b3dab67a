// A key action's update dialog in Teams: RAG and status (each a choice, starting at what the action has)
// and a latest note, opened and sent back as the indicator's dialog is (VERBS.update, the ref in its data).
import { z } from "zod";
import { ACTION_RAGS, ACTION_STATUSES, MAX_NOTE, readRag, standing, type ActionUpdateOutcome } from "../../core/use-cases/update-action.ts";
import type { ActionCard } from "../../core/views.ts";
import { card, text, updateButton, VERBS, type AdaptiveCard } from "./cards.ts";
import { attention, choices, under } from "./update-form.ts";

type Action = Pick<ActionCard, "title" | "organisation" | "rag" | "status" | "note" | "noteDate"> & { ref: string };
export type ActionValues = { rag?: string; status?: string; note?: string };
type Errors = Extract<ActionUpdateOutcome, { ok: false }>["errors"];

const typed = z.string().max(MAX_NOTE * 2).optional();
const formData = z.object({ rag: typed, status: typed, note: typed });

/** What the dialog sent: the choices and the note as typed (the use case checks them). */
export const readActionForm = (data: unknown): ActionValues => formData.safeParse(data).data ?? {};

/** The dialog: the action, where it stands, the inputs with what was chosen or typed, each error under its input. */
export function actionFormCard(a: Action, values: ActionValues, errors: Errors = {}): AdaptiveCard {
  const body = [
    text(`${a.ref} ${a.title}`, { size: "Medium", weight: "Bolder" }),
    text(`${a.organisation} · ${standing(a)}`, { isSubtle: true, spacing: "None" }),
    ...(a.note ? [text(`Latest note${a.noteDate ? ` (${a.noteDate})` : ""}: ${a.note}`, { isSubtle: true })] : []),
    ...[errors.person, errors.ref].filter((e): e is string => Boolean(e)).map(attention),
    ...under(choices("rag", "RAG (your assessment)", ACTION_RAGS, values.rag ?? (a.rag ? readRag(a.rag) ?? undefined : undefined)), errors.rag),
    ...under(choices("status", "Status", ACTION_STATUSES, values.status ?? a.status ?? undefined), errors.status),
    ...under({ type: "Input.Text", id: "note", label: "Latest note (where the action stands now; dated today)", isMultiline: true, maxLength: MAX_NOTE, value: values.note ?? "" }, errors.note),
  ];
  // The ref rides in the submit data and is checked again when it comes back.
  return card(body, [{ type: "Action.Submit", title: "Submit", data: { verb: VERBS.update, ref: a.ref } }]);
}

/** What `kpi update CG01` answers: Teams opens a dialog only from a button, so a card holding one. */
export function actionPromptCard(a: Action): AdaptiveCard {
  return card([text(`${a.ref} ${a.title}`, { weight: "Bolder" }), text(a.organisation, { isSubtle: true, spacing: "None" }), text(`${standing(a)}.`), text("Set its RAG or status and a latest note in the form this button opens.")], [updateButton(a.ref)]);
}
