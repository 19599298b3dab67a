// The key action's update modal: the core's form (action-form.ts) drawn by form.ts; what it sends back, read
// and checked; answered with the update form's responseTo.
import type { types } from "@slack/bolt";
import { z } from "zod";
import { ACTION_FIELDS, actionFormSpec } from "../../core/use-cases/action-form.ts";
import type { ActionField } from "../../core/use-cases/update-action.ts";
import type { ActionCard } from "../../core/views.ts";
import { modalFor } from "./form.ts";
import { readModal } from "./form.ts";

/** The modal's callback_id: its submissions come to the listener for it. */
export const ACTION_FORM = "kpi_action_form";
export { ACTION_FIELDS };

/** The form for one key action (it needs a ref: the submission looks it up again by it). */
export const actionForm = (a: Pick<ActionCard, "title" | "organisation" | "rag" | "status" | "note" | "noteDate"> & { ref: string }): types.ModalView => modalFor(actionFormSpec(a), ACTION_FORM);

// What a submission carries comes from the client: checked before use.
const metadata = z.object({ ref: z.string().min(1).max(200) });

/** The ref and what was chosen and typed, or null when the view is not this form's. */
export function readActionForm(view: { private_metadata?: string; state?: { values?: unknown } }): ({ ref: string } & Partial<Record<ActionField, string>>) | null {
  const read = readModal(view, metadata, ACTION_FIELDS);
  return read ? { ref: read.state.ref, ...read.values } : null;
}
