// The key action's update modal: RAG and status (each a select, starting at what the action has) and a
// latest note; what it sends back, read and checked; answered with the update form's responseTo.
import type { types } from "@slack/bolt";
import { z } from "zod";
import { ACTION_RAGS, ACTION_STATUSES, MAX_NOTE, readRag, standing, type ActionField } from "../../core/use-cases/update-action.ts";
import type { ActionCard } from "../../core/views.ts";
import { escape, truncate } from "./blocks.ts";
import { input, plain, readModal, select, text } from "./update-form.ts";

/** The modal's callback_id: its submissions come to the listener for it. */
export const ACTION_FORM = "kpi_action_form";
export const ACTION_FIELDS: readonly ActionField[] = ["rag", "status", "note"];

/** The form for one key action (it needs a ref: the submission looks it up again by it). */
export function actionForm(a: Pick<ActionCard, "title" | "organisation" | "rag" | "status" | "note" | "noteDate"> & { ref: string }): types.ModalView {
  return {
    type: "modal",
    callback_id: ACTION_FORM,
    title: plain("Update key action"),
    submit: plain("Submit"),
    close: plain("Cancel"),
    private_metadata: JSON.stringify({ ref: a.ref }),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: truncate(`*${escape(a.ref)}* ${escape(a.title)}`, 3000) } },
      { type: "context", elements: [{ type: "mrkdwn", text: truncate(escape(`${a.organisation} · ${standing(a)}`), 3000) }] },
      ...(a.note ? [{ type: "context" as const, elements: [{ type: "mrkdwn" as const, text: truncate(escape(`Latest note${a.noteDate ? ` (${a.noteDate})` : ""}: ${a.note}`), 3000) }] }] : []),
      input("rag", "RAG", select(ACTION_RAGS, a.rag && readRag(a.rag)), { optional: true, hint: "Your assessment: Green on track; Green Amber or Red Amber delayed; Red at risk; Not rated when not due." }),
      input("status", "Status", select(ACTION_STATUSES, a.status), { optional: true }),
      input("note", "Latest note", text(MAX_NOTE, true), { hint: "Where the action stands now. Dated today." }),
    ],
  };
}

// What a submission carries comes from the client: checked before use.
const metadata = z.object({ ref: z.string().min(1).max(200) });

/** The ref and what was chosen and typed, or null when the view is not this form's. */
export function readActionForm(view: { private_metadata?: string; state?: { values?: unknown } }): ({ ref: string } & Partial<Record<ActionField, string>>) | null {
  const read = readModal(view, metadata, ACTION_FIELDS);
  return read ? { ref: read.state.ref, ...read.values } : null;
}
