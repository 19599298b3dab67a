// Any form (core/forms.ts) as a Teams dialog (dialogFor: a task module holding an Adaptive Card): the heading, what it
// says above the inputs, each input with what it holds, how to fill it in and its error under it, and the
// state in the submit data with the form's verb (and `draft: true` from its draft button). No text input is
// required in the card: the use case says what is missing.
import { CardFactory, type TaskModuleTaskInfo } from "botbuilder";
import { z } from "zod";
import type { FormInput, FormSpec } from "../../core/forms.ts";
import { card, text, type AdaptiveCard } from "./cards.ts";

/** A compact choice of options (value and title, or one string for both), at the value given where it is one of them. */
export const choices = (id: string, label: string, options: readonly (string | { value: string; title: string })[], value: string | undefined, placeholder = "Unchanged") => {
  const listed = options.map((o) => (typeof o === "string" ? { title: o, value: o } : o));
  return { type: "Input.ChoiceSet", id, label, style: "compact", placeholder, choices: listed, value: listed.some((o) => o.value === value) ? value : "" };
};
export const attention = (message: string) => text(message, { color: "Attention", spacing: "Small" });
/** An input with its error, where it has one, right under it. */
export const under = (input: object, error: string | undefined) => (error ? [input, attention(error)] : [input]);

/** A form as a task module answer (task/fetch, or task/submit with errors). */
export function dialog(title: string, formCard: AdaptiveCard, height: TaskModuleTaskInfo["height"] = "large"): TaskModuleTaskInfo {
  return { title, width: "medium", height, card: CardFactory.adaptiveCard(formCard) };
}

const textInput = (i: FormInput, value: string | undefined) => ({ type: "Input.Text", id: i.id, label: i.label, value: value ?? "", ...(i.maxLength ? { maxLength: i.maxLength } : {}), ...(i.placeholder ? { placeholder: i.placeholder } : {}), ...(i.multiline ? { isMultiline: true } : {}) });
// Input.Number holds a number only: a value it cannot hold is quoted in its error message instead.
const numberInput = (i: FormInput, value: string | undefined) => {
  const n = value === undefined || value.trim() === "" ? NaN : Number(value.trim());
  return { type: "Input.Number", id: i.id, label: i.label, errorMessage: i.number!.error, ...(Number.isFinite(n) ? { value: n } : {}) };
};
// A choice that must be made is checked by the client too: nothing typed can be wrong, only nothing chosen.
const choiceInput = (i: FormInput, value: string | undefined) => ({
  ...choices(i.id, i.label, i.choices!.options.map((o) => ({ value: o.value, title: o.label })), value, i.choices!.placeholder),
  ...(i.optional ? {} : { isRequired: true, errorMessage: `${i.choices!.placeholder}.` }),
});
const inputFor = (i: FormInput, value: string | undefined) => (i.choices ? choiceInput(i, value) : i.number ? numberInput(i, value) : textInput(i, value));

export function dialogFor(spec: FormSpec, verb: string, height: TaskModuleTaskInfo["height"] = "medium"): TaskModuleTaskInfo {
  const body = [
    text(spec.heading, { size: "Medium", weight: "Bolder" }),
    ...spec.lines.map((line, i) => text(line, { isSubtle: true, ...(i === 0 ? { spacing: "None" } : {}) })),
    ...(spec.saying ? [text(spec.saying, { isSubtle: true, weight: "Bolder" })] : []),
    // A problem no input can fix (who is asking, the action itself) above them all.
    ...Object.entries(spec.errors).flatMap(([id, message]) => (message && !spec.inputs.some((i) => i.id === id) ? [attention(message)] : [])),
    ...spec.inputs.flatMap((i) => [...under(inputFor(i, spec.values[i.id]), spec.errors[i.id]), ...(i.hint ? [text(i.hint, { isSubtle: true, size: "Small", spacing: "None" })] : [])]),
    ...(spec.footnote ? [text(spec.footnote, { isSubtle: true })] : []),
  ];
  const data = { verb, ...spec.state };
  const actions = [{ type: "Action.Submit", title: spec.submit, data }, ...(spec.draft ? [{ type: "Action.Submit", title: spec.draft, data: { ...data, draft: true } }] : [])];
  return dialog(spec.title, card(body, actions), height);
}

// What a dialog sends back comes from the client: checked before use. Clients send numbers as text, but a number is read too.
const typed = z.union([z.string().max(20_000), z.number().transform(String)]).optional();

/**
 * Any dialog's submit data read back: its state (checked with the form's schema), each input's value by id, and
 * whether its draft button sent it; null when the data is not the form's.
 */
export function readDialog<State, F extends string>(data: unknown, state: z.ZodType<State>, fields: readonly F[]): { state: State; values: Partial<Record<F, string>>; draft: boolean } | null {
  const parsedState = state.safeParse(data);
  const values = z.object(Object.fromEntries(fields.map((f) => [f, typed])) as Record<F, typeof typed>).safeParse(data);
  if (!parsedState.success || !values.success) return null;
  const read = values.data as Partial<Record<F, string>>;
  return { state: parsedState.data, values: Object.fromEntries(fields.flatMap((f) => (read[f] === undefined ? [] : [[f, read[f]]]))) as Partial<Record<F, string>>, draft: (data as { draft?: unknown }).draft === true };
}
