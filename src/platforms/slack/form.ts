// Any form (core/forms.ts) as a Slack modal: the heading, what it says above the inputs, each input with what
// it holds and how to fill it in, and the state in private_metadata. Errors go back in the submission's
// answer (response_action "errors"), beside their inputs, as Slack shows them.
import type { types } from "@slack/bolt";
import type { FormSpec } from "../../core/forms.ts";
import { escape, truncate } from "./blocks.ts";
import { input, plain, select, text } from "./update-form.ts";

/** Slack cuts a modal's title at 24 characters. */
const TITLE_LENGTH = 24;

export function modalFor(spec: FormSpec, callbackId: string): types.ModalView {
  return {
    type: "modal",
    callback_id: callbackId,
    title: plain(truncate(spec.title, TITLE_LENGTH)),
    submit: plain(spec.submit),
    close: plain("Cancel"),
    private_metadata: JSON.stringify(spec.state),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: truncate(`*${escape(spec.heading)}*`, 3000) } },
      ...(spec.lines.length ? [{ type: "context" as const, elements: [{ type: "mrkdwn" as const, text: truncate(escape(spec.lines.join(" · ")), 3000) }] }] : []),
      ...spec.inputs.map((i) => {
        const element = i.choices ? select(i.choices.options, spec.values[i.id] ?? null, i.choices.placeholder) : text(i.maxLength ?? 3000, i.multiline ?? false, spec.values[i.id]);
        return input(i.id, i.label, element, { ...(i.optional ? { optional: true } : {}), ...(i.hint ? { hint: i.hint } : {}) });
      }),
    ],
  };
}
