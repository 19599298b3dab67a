// The "Submit update" modal: its blocks, within Slack's limits for modals (title, submit and close
// 24 characters, 100 blocks, private_metadata and plain_text_input 3,000 characters), the values
// read back from its submission or its Save draft button, and the use case's answer as Slack's response to it.
import type { types, ViewResponseAction } from "@slack/bolt";
import { z } from "zod";
import { MAX_COMMENTARY, type UpdateInput, type UpdateOutcome } from "../../core/use-cases/submit-update.ts";
import type { ActionUpdateOutcome } from "../../core/use-cases/update-action.ts";
import { FORM_FIELDS, formContext, MAX_PERIOD, type FormField } from "../../core/use-cases/update-form.ts";
import type { IndicatorCard, Notice } from "../../core/views.ts";
import { escape, noticeBlocks, truncate } from "./blocks.ts";

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

export const plain = (text: string) => ({ type: "plain_text" as const, text });

/** An input block and its element, both named after the use case's field it fills. */
export function input(field: string, label: string, element: types.PlainTextInput | types.NumberInput | types.StaticSelect, options: { optional?: boolean; hint?: string } = {}): types.InputBlock {
  return {
    type: "input",
    block_id: field,
    label: plain(label),
    element: { ...element, action_id: field },
    optional: options.optional ?? false,
    ...(options.hint ? { hint: plain(options.hint) } : {}),
  };
}
const option = (value: string, label = value): types.PlainTextOption => ({ text: plain(label), value });
/** A select of the choices (value and label, or one string for both), starting at the current one where it is one of them. */
export const select = (choices: readonly (string | { value: string; label: string })[], current: string | null, placeholder = "Unchanged"): types.StaticSelect => {
  const options = choices.map((c) => (typeof c === "string" ? option(c) : option(c.value, c.label)));
  const initial = options.find((o) => o.value === current);
  // Slack refuses an initial option that is not one of the options.
  return { type: "static_select", placeholder: plain(placeholder), options, ...(initial ? { initial_option: initial } : {}) };
};
// A number input starts only with a number: Slack refuses the view otherwise.
const decimal = (initial?: string): types.NumberInput => ({ type: "number_input", is_decimal_allowed: true, ...(initial && Number.isFinite(Number(initial)) ? { initial_value: initial } : {}) });
export const text = (maxLength: number, multiline = false, initial?: string): types.PlainTextInput => ({
  type: "plain_text_input",
  max_length: maxLength,
  multiline,
  ...(initial ? { initial_value: initial.slice(0, maxLength) } : {}),
});

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
 * The form for one indicator, started where startForm says (a draft's values, the period) or filled again
 * with what was typed; `saying` is shown above the inputs (a draft's date, "Draft saved 10:14", a newer
 * submission). The submission looks the indicator up again as the submitter sees it.
 */
export function updateForm(card: Pick<IndicatorCard, "ref" | "title" | "organisation" | "latest">, state: Omit<FormState, "ref">, values: Partial<Record<Field, string>>, saying: string | null = null, warnings: Partial<Record<string, string>> = {}): types.ModalView {
  const metadata: FormState = { ref: card.ref, organisation: card.organisation, opening: state.opening, openedFor: state.openedFor, ...(state.confirmed ? { confirmed: state.confirmed } : {}) };
  // A warning stays beside its field: an error (response_action "errors") could not carry what it asked in the form's state.
  const warned = (block: types.InputBlock): types.KnownBlock[] => {
    const warning = warnings[block.block_id!];
    return warning ? [block, { type: "context", block_id: `${block.block_id}_warning`, elements: [{ type: "mrkdwn", text: truncate(`:warning: ${escape(warning)}`, 3000) }] }] : [block];
  };
  return {
    type: "modal",
    callback_id: UPDATE_FORM,
    title: plain(MODAL_TITLE),
    submit: plain("Submit"),
    close: plain("Cancel"),
    private_metadata: JSON.stringify(metadata),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: truncate(`*${escape(card.ref)}* ${escape(card.title)}`, 3000) } },
      { type: "context", elements: [{ type: "mrkdwn", text: truncate(escape(formContext(card)), 3000) }] },
      ...(saying ? [{ type: "section" as const, block_id: "saying", text: { type: "mrkdwn" as const, text: truncate(`_${escape(saying)}_`, 3000) } }] : []),
      input("period", "Period", text(MAX_PERIOD, false, values.period), { hint: "As the reports write it: Q3 2016/17, 2016/17 or Nov 2016." }),
      ...warned(input("value", "Result", decimal(values.value), { optional: true, hint: "A number, such as 64.1. Leave it empty to work it out from the numerator and denominator." })),
      ...warned(input("numerator", "Numerator", decimal(values.numerator), { optional: true })),
      ...warned(input("denominator", "Denominator", decimal(values.denominator), { optional: true })),
      input("commentary", "Commentary", text(MAX_COMMENTARY, true, values.commentary), { hint: "What the figure shows and why." }),
      input("intervention", "Proposed intervention", text(MAX_COMMENTARY, true, values.intervention), { optional: true, hint: "Needed when the result would be below Green: what will be done about it." }),
      { type: "actions", block_id: "draft", elements: [{ type: "button", action_id: SAVE_DRAFT, text: plain("Save draft"), value: "draft" }] },
    ],
  };
}

/** A modal that only says something (the outcome, or why there is no form), closed with one button. */
export function saying(notice: Notice, title = MODAL_TITLE): types.ModalView {
  return { type: "modal", callback_id: UPDATE_FORM, title: plain(title), close: plain("Close"), blocks: noticeBlocks(notice) };
}

export const notRecorded = (why: string): Notice => ({ kind: "notice", heading: "Not recorded", lines: [why] });

// What a submission carries comes from the client: checked before use. A form opened before drafts carries its ref alone,
// one opened before openings were recorded no opening (it is then taken as having shown nothing).
const metadata = z.object({ ref: z.string().min(1).max(200), organisation: z.string().min(1).max(200).optional(), opening: z.string().max(100).optional(), openedFor: z.string().max(MAX_PERIOD).optional(), confirmed: z.string().max(200).optional() });
// A text input sends its value; a select, its selected option.
const stateValues = z.record(z.string(), z.record(z.string(), z.object({ value: z.string().nullish(), selected_option: z.object({ value: z.string().max(100) }).nullish() }).passthrough()));

type SubmittedView = { private_metadata?: string; state?: { values?: unknown } };

/** A modal's state (its private_metadata, checked with the schema) and each input's value as typed or chosen; null when either is not as this version writes them. */
export function readModal<State, F extends string>(view: SubmittedView, schema: z.ZodType<State>, fields: readonly F[]): { state: State; values: Partial<Record<F, string>> } | null {
  let state: State;
  try {
    const parsed = schema.safeParse(JSON.parse(view.private_metadata ?? ""));
    if (!parsed.success) return null;
    state = parsed.data;
  } catch {
    return null;
  }
  const values = stateValues.safeParse(view.state?.values ?? {});
  if (!values.success) return null;
  const typed: Partial<Record<F, string>> = {};
  for (const field of fields) {
    const input = values.data[field]?.[field];
    typed[field] = input?.selected_option?.value ?? input?.value ?? undefined;
  }
  return { state, values: typed };
}

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
