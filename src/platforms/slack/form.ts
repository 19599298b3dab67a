// Any form (core/forms.ts) as a Slack modal (modalFor): the heading, what it says above the inputs, each input
// with what it holds and how to fill it in, a problem Slack's errors cannot carry under its input, the draft
// button, and the state in private_metadata; and any modal read back (readModal). A submission's errors go
// back in its answer (response_action "errors").
import type { types } from "@slack/bolt";
import { z } from "zod";
import type { FormInput, FormSpec } from "../../core/forms.ts";
import { escape, truncate } from "./blocks.ts";

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
export const decimal = (initial?: string): types.NumberInput => ({ type: "number_input", is_decimal_allowed: true, ...(initial && Number.isFinite(Number(initial)) ? { initial_value: initial } : {}) });
export const text = (maxLength: number, multiline = false, initial?: string): types.PlainTextInput => ({
  type: "plain_text_input",
  max_length: maxLength,
  multiline,
  ...(initial ? { initial_value: initial.slice(0, maxLength) } : {}),
});

// A text input sends its value; a select, its selected option.
const stateValues = z.record(z.string(), z.record(z.string(), z.object({ value: z.string().nullish(), selected_option: z.object({ value: z.string().max(100) }).nullish() }).passthrough()));

export type SubmittedView = { private_metadata?: string; state?: { values?: unknown } };

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

/** Slack cuts a modal's title at 24 characters. */
const TITLE_LENGTH = 24;

const mrkdwn = (text: string) => ({ type: "mrkdwn" as const, text: truncate(text, 3000) });

const elementFor = (i: FormInput, value: string | undefined) =>
  i.choices ? select(i.choices.options, value ?? null, i.choices.placeholder) : i.number ? decimal(value) : text(i.maxLength ?? 3000, i.multiline ?? false, value);

/** `draftAction`: the action id of the draft button, where the form has one. */
export function modalFor(spec: FormSpec, callbackId: string, draftAction?: string): types.ModalView {
  const blocks: types.KnownBlock[] = [{ type: "section", text: mrkdwn(`*${escape(spec.heading)}*`) }];
  if (spec.lines.length) blocks.push({ type: "context", elements: [mrkdwn(escape(spec.lines.join(" · ")))] });
  if (spec.saying) blocks.push({ type: "section", block_id: "saying", text: mrkdwn(`_${escape(spec.saying)}_`) });
  // A problem no input can fix (a submission made since the form opened, who is asking) above them all.
  for (const [id, problem] of Object.entries(spec.errors)) if (problem && !spec.inputs.some((i) => i.id === id)) blocks.push({ type: "context", elements: [mrkdwn(`:warning: ${escape(problem)}`)] });
  for (const i of spec.inputs) {
    blocks.push(input(i.id, i.label, elementFor(i, spec.values[i.id]), { ...(i.optional ? { optional: true } : {}), ...(i.hint ? { hint: i.hint } : {}) }));
    // A warning stays beside its input: an error (response_action "errors") could not carry what it asked in the form's state.
    const warning = spec.errors[i.id];
    if (warning) blocks.push({ type: "context", block_id: `${i.id}_warning`, elements: [mrkdwn(`:warning: ${escape(warning)}`)] });
  }
  if (spec.footnote) blocks.push({ type: "context", elements: [mrkdwn(escape(spec.footnote))] });
  if (spec.draft && draftAction) blocks.push({ type: "actions", block_id: "draft", elements: [{ type: "button", action_id: draftAction, text: plain(spec.draft), value: "draft" }] });
  return {
    type: "modal",
    callback_id: callbackId,
    title: plain(truncate(spec.title, TITLE_LENGTH)),
    submit: plain(spec.submit),
    close: plain("Cancel"),
    private_metadata: JSON.stringify(spec.state),
    blocks,
  };
}
