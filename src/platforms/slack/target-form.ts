// The "Set target" modal: the core's form (target-form.ts) drawn by form.ts, its submission read back,
// and the use case's answer as Slack's response to it.
import type { types, ViewResponseAction } from "@slack/bolt";
import { z } from "zod";
import { TARGET_FIELDS, targetFormSpec, type TargetFormAnswer, type TargetFormStart, type TargetFormState, type TargetValues } from "../../core/use-cases/target-form.ts";
import type { Notice } from "../../core/views.ts";
import { modalFor } from "./form.ts";
import { readModal } from "./form.ts";
import { saying } from "./update-form.ts";

/** The modal's callback_id: its submissions come to the listener for it. */
export const TARGET_FORM = "kpi_target_form";
const TITLE = "Set target";

/** The modal, its period and target filled with what startTargetForm says, or with what was typed. */
export const targetForm = (start: Pick<TargetFormStart, "indicator" | "note">, values: TargetValues): types.ModalView => modalFor(targetFormSpec(start, values), TARGET_FORM);

/** A modal in place of the form that only says something: the outcome, or why there is no form. */
export const targetSaying = (notice: Notice) => saying(notice, TITLE);

// What a submission carries comes from the client: checked before use.
const metadata = z.object({ ref: z.string().min(1).max(200), organisation: z.string().min(1).max(200) });

/** The indicator the form is for and the values as typed; null when the view is not one of this form. */
export function readTargetForm(view: { private_metadata?: string; state?: { values?: unknown } }): (TargetFormState & { values: TargetValues }) | null {
  const read = readModal(view, metadata, TARGET_FIELDS);
  return read ? { ...read.state, values: read.values } : null;
}

/** Slack's answer to a submission: the outcome in place of the form, or each problem under its input. */
export function targetResponse(answer: TargetFormAnswer): ViewResponseAction {
  return "notice" in answer ? { response_action: "update", view: targetSaying(answer.notice) } : { response_action: "errors", errors: answer.errors };
}
