// The "Submit update" modal: its blocks, within Slack's limits for modals (title, submit and close
// 24 characters, 100 blocks, private_metadata and plain_text_input 3,000 characters), the values
// read back from its submission, and the use case's answer as Slack's response to it.
import type { types, ViewResponseAction } from "@slack/bolt";
import { z } from "zod";
import type { PersonProfile } from "../../core/access.ts";
import { nextPeriod, parsePeriod } from "../../core/periods.ts";
import type { Catalogue } from "../../core/ports.ts";
import type { Updates } from "../../core/ports.ts";
import { MAX_COMMENTARY, submitUpdate, type UpdateInput, type UpdateOutcome } from "../../core/use-cases/submit-update.ts";
import type { IndicatorCard, Notice } from "../../core/views.ts";
import { escape, noticeBlocks, truncate } from "./blocks.ts";

/** The modal's callback_id: its submissions come to the listener for it. */
export const UPDATE_FORM = "kpi_update_form";

/** The inputs, each in a block (and element) named after the use case's field it fills: Slack shows a field's error under its block. */
export const FIELDS = ["period", "value", "numerator", "denominator", "commentary", "intervention"] as const;
type Field = (typeof FIELDS)[number];
export type FormValues = Pick<UpdateInput, "ref" | Field>;

const MODAL_TITLE = "Submit update";
/** Longer than any period label ("Apr - Jul 2016/17"), so a typo is not cut short. */
const MAX_PERIOD = 40;

/** `/kpi update AC/S8`: the reference typed ("" when none), or null when the text is not an update. */
export function updateRequest(text: string): string | null {
  const match = /^\s*update\b(.*)$/is.exec(text);
  return match ? match[1]!.trim() : null;
}

/** The period after the latest result, as a form would next report it (Q2 2016/17 -> Q3 2016/17); else the latest itself. */
const periodAfter = (label: string): string => {
  const period = parsePeriod(label);
  return (period && nextPeriod(period)?.label) ?? label;
};

const plain = (text: string) => ({ type: "plain_text" as const, text });

function input(field: Field, label: string, element: types.PlainTextInput | types.NumberInput, options: { optional?: boolean; hint?: string } = {}): types.InputBlock {
  return {
    type: "input",
    block_id: field,
    label: plain(label),
    element: { ...element, action_id: field },
    optional: options.optional ?? false,
    ...(options.hint ? { hint: plain(options.hint) } : {}),
  };
}
const decimal = (): types.NumberInput => ({ type: "number_input", is_decimal_allowed: true });
const text = (maxLength: number, multiline = false, initial?: string): types.PlainTextInput => ({
  type: "plain_text_input",
  max_length: maxLength,
  multiline,
  ...(initial ? { initial_value: initial } : {}),
});

/** The form for one indicator. private_metadata carries its reference only, and the submission looks it up again as the submitter sees it. */
export function updateForm(card: IndicatorCard): types.ModalView {
  const latest = card.latest ? `Latest: ${card.latest.display} · ${card.latest.period}` : "No results reported yet";
  return {
    type: "modal",
    callback_id: UPDATE_FORM,
    title: plain(MODAL_TITLE),
    submit: plain("Submit"),
    close: plain("Cancel"),
    private_metadata: JSON.stringify({ ref: card.ref }),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: truncate(`*${escape(card.ref)}* ${escape(card.title)}`, 3000) } },
      { type: "context", elements: [{ type: "mrkdwn", text: truncate(escape(`${card.organisation} · ${latest}`), 3000) }] },
      input("period", "Period", text(MAX_PERIOD, false, card.latest ? periodAfter(card.latest.period) : undefined), { hint: "As the reports write it: Q3 2016/17, 2016/17 or Nov 2016." }),
      input("value", "Result", decimal(), { optional: true, hint: "A number, such as 64.1. Leave it empty to work it out from the numerator and denominator." }),
      input("numerator", "Numerator", decimal(), { optional: true }),
      input("denominator", "Denominator", decimal(), { optional: true }),
      input("commentary", "Commentary", text(MAX_COMMENTARY, true), { hint: "What the figure shows and why." }),
      input("intervention", "Proposed intervention", text(MAX_COMMENTARY, true), { optional: true, hint: "Needed when the result would be below Green: what will be done about it." }),
    ],
  };
}

/** A modal that only says something (the outcome, or why there is no form), closed with one button. */
export function saying(notice: Notice): types.ModalView {
  return { type: "modal", callback_id: UPDATE_FORM, title: plain(MODAL_TITLE), close: plain("Close"), blocks: noticeBlocks(notice) };
}

export const notRecorded = (why: string): Notice => ({ kind: "notice", heading: "Not recorded", lines: [why] });

// What a submission carries comes from the client: checked before use.
const metadata = z.object({ ref: z.string().min(1).max(200) });
const stateValues = z.record(z.string(), z.record(z.string(), z.object({ value: z.string().nullish() }).passthrough()));

/** The values as typed (the use case reads and checks them), or null when the submission is not one of this form. */
export function readForm(view: { private_metadata?: string; state?: { values?: unknown } }): FormValues | null {
  let ref: string;
  try {
    const parsed = metadata.safeParse(JSON.parse(view.private_metadata ?? ""));
    if (!parsed.success) return null;
    ref = parsed.data.ref;
  } catch {
    return null;
  }
  const values = stateValues.safeParse(view.state?.values ?? {});
  if (!values.success) return null;
  const read = (field: Field) => values.data[field]?.[field]?.value ?? undefined;
  return { ref, period: read("period") ?? "", value: read("value"), numerator: read("numerator"), denominator: read("denominator"), commentary: read("commentary"), intervention: read("intervention") };
}

/** Slack's response to a submission: the outcome in place of the form, or each problem under its field. */
export function responseTo(outcome: UpdateOutcome): ViewResponseAction {
  if (outcome.ok) return { response_action: "update", view: saying(outcome.notice) };
  // Who may submit, and which indicator, are not fixed by editing a field: the form gives way to the reason.
  const reason = outcome.errors.person ?? outcome.errors.ref;
  if (reason) return { response_action: "update", view: saying(notRecorded(reason)) };
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(outcome.errors)) {
    const block = (FIELDS as readonly string[]).includes(field) ? field : "commentary";
    errors[block] = errors[block] ? `${errors[block]} ${message}` : message;
  }
  return { response_action: "errors", errors };
}


/**
 * Why this person may not submit for the indicator, in the use case's own words, or null when they may.
 * Asked with an empty form, which the use case refuses (who may submit comes first) or finds incomplete.
 */
export async function whyNotAllowed(catalogue: Catalogue, updates: Updates, person: PersonProfile | null, ref: string): Promise<string | null> {
  // A write port for asking only: the empty form fails its checks before anything would be written.
  const neverWrites: Updates = { openCycle: (organisation) => updates.openCycle(organisation), locked: (organisation, period) => updates.locked(organisation, period), submit: () => Promise.reject(new Error("checking who may submit tried to record an update")) };
  const outcome = await submitUpdate(catalogue, neverWrites, person, { ref, period: "", via: "slack" });
  return outcome.ok ? null : (outcome.errors.person ?? outcome.errors.ref ?? null);
}
