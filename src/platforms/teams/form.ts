// Any form (core/forms.ts) as a Teams dialog (a task module holding an Adaptive Card): the heading, what it
// says above the inputs, each input with what it holds, how to fill it in and its error under it, and the
// state in the submit data with the form's verb. No input is required in the card: the use case says what is missing.
import type { TaskModuleTaskInfo } from "botbuilder";
import type { FormInput, FormSpec } from "../../core/forms.ts";
import { card, text } from "./cards.ts";
import { attention, choices, dialog, under } from "./update-form.ts";

const textInput = (i: FormInput, value: string | undefined) => ({ type: "Input.Text", id: i.id, label: i.label, value: value ?? "", ...(i.maxLength ? { maxLength: i.maxLength } : {}), ...(i.placeholder ? { placeholder: i.placeholder } : {}), ...(i.multiline ? { isMultiline: true } : {}) });
// A choice that must be made is checked by the client too: nothing typed can be wrong, only nothing chosen.
const choiceInput = (i: FormInput, value: string | undefined) => ({
  ...choices(i.id, i.label, i.choices!.options.map((o) => ({ value: o.value, title: o.label })), value, i.choices!.placeholder),
  ...(i.optional ? {} : { isRequired: true, errorMessage: `${i.choices!.placeholder}.` }),
});

export function dialogFor(spec: FormSpec, verb: string, height: TaskModuleTaskInfo["height"] = "medium"): TaskModuleTaskInfo {
  const body = [
    text(spec.heading, { size: "Medium", weight: "Bolder" }),
    ...spec.lines.map((line, i) => text(line, { isSubtle: true, ...(i === 0 ? { spacing: "None" } : {}) })),
    // A problem no input can fix (who is asking, the action itself) above them all.
    ...Object.entries(spec.errors).flatMap(([id, message]) => (message && !spec.inputs.some((i) => i.id === id) ? [attention(message)] : [])),
    ...spec.inputs.flatMap((i) => [
      ...under(i.choices ? choiceInput(i, spec.values[i.id]) : textInput(i, spec.values[i.id]), spec.errors[i.id]),
      ...(i.hint ? [text(i.hint, { isSubtle: true, size: "Small", spacing: "None" })] : []),
    ]),
  ];
  return dialog(spec.title, card(body, [{ type: "Action.Submit", title: spec.submit, data: { verb, ...spec.state } }]), height);
}
