// Any form (core/forms.ts) as a Teams dialog (a task module holding an Adaptive Card): the heading, what it
// says above the inputs, each input with what it holds, how to fill it in and its error under it, and the
// state in the submit data with the form's verb. No input is required in the card: the use case says what is missing.
import type { TaskModuleTaskInfo } from "botbuilder";
import type { FormSpec } from "../../core/forms.ts";
import { card, text } from "./cards.ts";
import { dialog, under } from "./update-form.ts";

export function dialogFor(spec: FormSpec, verb: string, height: TaskModuleTaskInfo["height"] = "medium"): TaskModuleTaskInfo {
  const body = [
    text(spec.heading, { size: "Medium", weight: "Bolder" }),
    ...spec.lines.map((line, i) => text(line, { isSubtle: true, ...(i === 0 ? { spacing: "None" } : {}) })),
    ...spec.inputs.flatMap((i) => [
      ...under({ type: "Input.Text", id: i.id, label: i.label, maxLength: i.maxLength, value: spec.values[i.id] ?? "", ...(i.placeholder ? { placeholder: i.placeholder } : {}), ...(i.multiline ? { isMultiline: true } : {}) }, spec.errors[i.id]),
      ...(i.hint ? [text(i.hint, { isSubtle: true, size: "Small", spacing: "None" })] : []),
    ]),
  ];
  return dialog(spec.title, card(body, [{ type: "Action.Submit", title: spec.submit, data: { verb, ...spec.state } }]), height);
}
