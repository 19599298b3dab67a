// The "Assess objective" modal: a wheel segment's period, status, direction and narrative, started where the
// core's assess-form.ts says; its submission read back, and the answer as Slack's response to it. Opened by
// the objective card's Assess button and `/kpi assess P3`, through the adapter's prepareForm.
import type { types, ViewResponseAction } from "@slack/bolt";
import { z } from "zod";
import type { Assessments, Catalogue } from "../../core/ports.ts";
import type { PersonProfile } from "../../core/access.ts";
import { mayAssess } from "../../core/use-cases/assess-objective.ts";
import { ASSESS_FIELDS, assessFormSpec, startAssessForm, type AssessFormAnswer, type AssessFormStart, type AssessValues } from "../../core/use-cases/assess-form.ts";
import { notice, type Notice, type ObjectiveCard, type View } from "../../core/views.ts";
import { modalFor } from "./form.ts";
import { readModal } from "./form.ts";
import { saying } from "./update-form.ts";

/** The modal's callback_id: its submissions come to the listener for it. */
export const ASSESS_FORM = "kpi_assess_form";
const TITLE = "Assess objective";

/** The modal for one objective, filled with what startAssessForm says or with what was typed. */
export const assessForm = (start: Pick<AssessFormStart, "objective" | "note">, values: AssessValues): types.ModalView => modalFor(assessFormSpec(start, values), ASSESS_FORM);

/** A modal in place of the form that only says something: the outcome, or why there is no form. */
export const assessSaying = (said: Notice) => saying(said, TITLE);

// What a submission carries comes from the client: checked before use.
const metadata = z.object({ code: z.string().min(1).max(200) });

/** The objective the form is for and the values as chosen and typed; null when the view is not one of this form. */
export function readAssessForm(view: { private_metadata?: string; state?: { values?: unknown } }): { code: string; values: AssessValues } | null {
  const read = readModal(view, metadata, ASSESS_FIELDS);
  return read ? { code: read.state.code, values: read.values } : null;
}

/** Slack's answer to a submission: the outcome or the refusal in place of the form, or each problem under its input. */
export function assessResponse(answer: AssessFormAnswer): ViewResponseAction {
  if ("notice" in answer) return { response_action: "update", view: assessSaying(answer.notice) };
  if ("refused" in answer) return { response_action: "update", view: assessSaying(notice("Not recorded", answer.refused)) };
  return { response_action: "errors", errors: answer.errors as Record<string, string> };
}

/** The assessing form as the adapter's prepareForm opens it: for an objective's card, to whoever may assess it. */
export function assessing(assessments: Assessments | undefined) {
  return {
    command: "/kpi assess",
    what: "an objective's code here",
    example: "P3",
    unavailable: assessments ? null : "This service does not take assessments.",
    pick: (found: View): ObjectiveCard | null => (found.kind === "objective" ? found : null),
    refusal: async (visible: Catalogue, person: PersonProfile | null, objective: ObjectiveCard) => {
      const allowed = await mayAssess(visible, assessments!, person, objective.code);
      return allowed.ok ? null : allowed.reason;
    },
    form: async (visible: Catalogue, objective: ObjectiveCard, person: PersonProfile | null) => {
      const start = await startAssessForm(visible, assessments!, objective.code, person);
      if (!start) throw new Error(`${objective.code} was found but not its record`);
      return assessForm(start, start.values);
    },
    refused: (reason: string) => assessSaying(notice("Not allowed", reason)),
  };
}
