// The "Set target" modal: its blocks (the update form's inputs and limits), its submission read back,
// and the use case's answer as Slack's response to it. The core's target-form.ts says what goes in it.
import type { types, ViewResponseAction } from "@slack/bolt";
import { z } from "zod";
import { MAX_PERIOD, MAX_TARGET, TARGET_FIELDS, type TargetFormAnswer, type TargetFormStart, type TargetFormState, type TargetValues } from "../../core/use-cases/target-form.ts";
import type { Notice } from "../../core/views.ts";
import { escape, truncate } from "./blocks.ts";
import { input, plain, readModal, saying, text } from "./update-form.ts";

/** The modal's callback_id: its submissions come to the listener for it. */
export const TARGET_FORM = "kpi_target_form";
const TITLE = "Set target";

/** The modal, its period and target filled with what startTargetForm says, or with what was typed. */
export function targetForm(start: Pick<TargetFormStart, "indicator" | "note">, values: TargetValues): types.ModalView {
  const { ref, organisation, title } = start.indicator;
  const metadata: TargetFormState = { ref, organisation };
  return {
    type: "modal",
    callback_id: TARGET_FORM,
    title: plain(TITLE),
    submit: plain("Set target"),
    close: plain("Cancel"),
    private_metadata: JSON.stringify(metadata),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: truncate(`*${escape(ref)}* ${escape(title)}`, 3000) } },
      { type: "context", elements: [{ type: "mrkdwn", text: truncate(escape(`${organisation} · ${start.note}`), 3000) }] },
      input("period", "Period", text(MAX_PERIOD, false, values.period), { hint: "As the reports write it: next year is usually the one, such as 2017/18; or a quarter, such as Q1 2017/18." }),
      input("value", "Target", text(MAX_TARGET, false, values.value), { hint: "As the reports print it: 65%, a range such as 60-70%, Increase, Remain at or above 85%, or N/A." }),
    ],
  };
}

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
