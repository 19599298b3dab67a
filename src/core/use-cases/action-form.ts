// The key action's update form, as every platform draws it (slack/form.ts, teams/form.ts): the action and where
// it stands, its latest note, then RAG and status (each a choice, starting at what the action has) and a
// latest note. Who may use it and every check are update-action.ts's.
import type { FormSpec } from "../forms.ts";
import type { ActionCard } from "../views.ts";
import { ACTION_RAGS, ACTION_STATUSES, MAX_NOTE, readRag, standing, type ActionField } from "./update-action.ts";

export const ACTION_FIELDS: readonly ActionField[] = ["rag", "status", "note"];
export type ActionValues = Partial<Record<ActionField, string>>;

const choice = (values: readonly string[]) => ({ options: values.map((v) => ({ value: v, label: v })), placeholder: "Unchanged" });

/** The form for one key action (it needs a ref: the submission looks it up again by it), with what was chosen or typed and each error. */
export function actionFormSpec(a: Pick<ActionCard, "title" | "organisation" | "rag" | "status" | "note" | "noteDate"> & { ref: string }, values: ActionValues = {}, errors: Partial<Record<string, string>> = {}): FormSpec<{ ref: string }> {
  return {
    title: "Update key action",
    submit: "Submit",
    heading: `${a.ref} ${a.title}`,
    lines: [`${a.organisation} · ${standing(a)}`, ...(a.note ? [`Latest note${a.noteDate ? ` (${a.noteDate})` : ""}: ${a.note}`] : [])],
    inputs: [
      { id: "rag", label: "RAG", optional: true, hint: "Your assessment: Green on track; Green Amber or Red Amber delayed; Red at risk; Not rated when not due.", choices: choice(ACTION_RAGS) },
      { id: "status", label: "Status", optional: true, choices: choice(ACTION_STATUSES) },
      { id: "note", label: "Latest note", multiline: true, hint: "Where the action stands now. Dated today.", maxLength: MAX_NOTE },
    ],
    values: { rag: values.rag ?? (a.rag ? readRag(a.rag) ?? undefined : undefined), status: values.status ?? a.status ?? undefined, note: values.note },
    errors,
    state: { ref: a.ref },
  };
}
