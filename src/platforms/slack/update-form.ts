// The "Submit update" modal: its blocks, within Slack's limits for modals (title, submit and close
// 24 characters, 100 blocks, private_metadata and plain_text_input 3,000 characters), the values
// read back from its submission or its Save draft button, and the use case's answer as Slack's response to it.
import type { types, ViewResponseAction } from "@slack/bolt";
import { z } from "zod";
import type { UpdateInput, UpdateOutcome } from "../../core/use-cases/submit-update.ts";
import type { ActionUpdateOutcome } from "../../core/use-cases/update-action.ts";
import { FORM_FIELDS, MAX_PERIOD, updateFormSpec, type FormField } from "../../core/use-cases/update-form.ts";
import type { IndicatorCard, Notice } from "../../core/views.ts";
import { noticeBlocks } from "./blocks.ts";
import { modalFor, plain, readModal, type SubmittedView } from "./form.ts";

/** The modal's callback_id: its submissions come to the listener for it. */
export const UPDATE_FORM = "kpi_update_form";

/** The inputs, each in a block (and element) named after the use case's field it fills: Slack shows a field's error under its block. */
export const FIELDS = FORM_FIELDS;
type Field = FormField;
export type FormValues = Pick<UpdateInput, "ref" | "organisation" | Field>;

/** The "Save draft" button inside the form: its block_actions carries what is typed so far. */
export const SAVE_DRAFT = "kpi_update_draft";

const MODAL_TITLE = "Submit update";

/** `/kpi update AC/S8`: the reference typed ("" when none), or null when the text is not an update. */
export function updateRequest(text: string): string | null {
  const match = /^\s*update\b(.*)$/is.exec(text);
  return match ? match[1]!.trim() : null;
}

/**
 * What the form carries between its turns (private_metadata): the indicator, its opening's id (the server's record
 * of what it has shown), the period it opened for, and the unusual figures it has asked about (submitted again, they record).
 */
export interface FormState {
  ref: string;
  /** Whose indicator: a ref two councils use stays the one the form was opened for. Absent from forms opened before it was carried. */
  organisation?: string;
  opening: string;
  openedFor: string;
  confirmed?: string;
}

/**
 * The form for one indicator (the core's updateFormSpec), started where startForm says (a draft's values, the
 * period) or filled again with what was typed; `saying` is shown above the inputs (a draft's date, "Draft saved
 * 10:14", a newer submission), `warnings` under their inputs. The submission looks the indicator up again.
 */
export function updateForm(card: Pick<IndicatorCard, "ref" | "title" | "organisation" | "latest">, state: Omit<FormState, "ref">, values: Partial<Record<Field, string>>, saying: string | null = null, warnings: Partial<Record<string, string>> = {}): types.ModalView {
  return modalFor(updateFormSpec(card, state, values, saying, warnings), UPDATE_FORM, SAVE_DRAFT);
}

/** A modal that only says something (the outcome, or why there is no form), closed with one button. */
export function saying(notice: Notice, title = MODAL_TITLE): types.ModalView {
  return { type: "modal", callback_id: UPDATE_FORM, title: plain(title), close: plain("Close"), blocks: noticeBlocks(notice) };
}

export const notRecorded = (why: string): Notice => ({ kind: "notice", heading: "Not recorded", lines: [why] });

// What a submission carries comes from the client: checked before use. A form opened before drafts carries its ref alone,
// one opened before openings were recorded no opening (it is then taken as having shown nothing).
const metadata = z.object({ ref: z.string().min(1).max(200), organisation: z.string().min(1).max(200).optional(), opening: z.string().max(100).optional(), openedFor: z.string().max(MAX_PERIOD).optional(), confirmed: z.string().max(200).optional() });
/** The values as typed (the use case reads and checks them) and the form's state, or null when the view is not one of this form. */
export function readForm(view: SubmittedView): (FormValues & { state: FormState }) | null {
  const read = readModal(view, metadata, FIELDS);
  if (!read) return null;
  const state = { ref: read.state.ref, ...(read.state.organisation ? { organisation: read.state.organisation } : {}), opening: read.state.opening ?? "", openedFor: read.state.openedFor ?? "", ...(read.state.confirmed ? { confirmed: read.state.confirmed } : {}) };
  return { ...read.values, ref: state.ref, organisation: state.organisation ?? null, state, period: read.values.period ?? "" };
}

/**
 * Slack's response to a submission: the outcome in place of the form, or each problem under its field. A
 * submission made since the form opened: the form again (`again`), saying so and carrying its new opening.
 */
export function responseTo(outcome: UpdateOutcome | ActionUpdateOutcome, again?: (saying: string, opening: string) => types.ModalView, form: { fields: readonly string[]; otherwise: string } = { fields: FIELDS, otherwise: "commentary" }): ViewResponseAction {
  if (outcome.ok) return { response_action: "update", view: saying(outcome.notice) };
  // Who may submit, and which indicator, are not fixed by editing a field: the form gives way to the reason.
  const reason = outcome.errors.person ?? outcome.errors.ref;
  if (reason) return { response_action: "update", view: saying(notRecorded(reason)) };
  if ("opening" in outcome && outcome.opening !== undefined && "seen" in outcome.errors && outcome.errors.seen && again) return { response_action: "update", view: again(outcome.errors.seen, outcome.opening) };
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(outcome.errors)) {
    const block = form.fields.includes(field) ? field : field === "seen" ? "value" : form.otherwise;
    errors[block] = errors[block] ? `${errors[block]} ${message}` : message;
  }
  return { response_action: "errors", errors };
}
