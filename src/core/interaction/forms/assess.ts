// The "Assess objective" form of a wheel's objective: its period, status, direction and narrative, opened
// at the open cycle's period (or the one after the wheel's latest), recorded by assessObjective.
import { z } from "zod";
import type { ObjectiveCard } from "../../views.ts";
import { mayAssess } from "../../use-cases/assess-objective.ts";
import { ASSESS_FIELDS, assessFormSpec, startAssessForm, submitAssessForm } from "../../use-cases/assess-form.ts";
import { problem } from "../outcome.ts";
import type { FormHandler } from "./form-handler.ts";

const NO_ASSESSMENTS = "This service does not take assessments.";
const STALE = "This form is out of date: open it again from the objective's Assess.";

export const assessForm: FormHandler<ObjectiveCard, { code: string }> = {
  name: "assess",
  command: "assess",
  title: "Assess objective",
  example: "P3",
  what: () => "an objective's code here",
  doing: "assess",
  notDone: "Not recorded",
  perOrganisation: false,
  fields: ASSESS_FIELDS,
  state: z.object({ code: z.string().trim().min(1).max(200) }),
  otherwise: "narrative",
  unavailable: (services) => (services.assessments ? null : NO_ASSESSMENTS),
  pick: (found) => (found.kind === "objective" ? found : null),
  refusal: async (filler, services, objective) => {
    const allowed = await mayAssess(filler.visible, services.assessments!, filler.person, objective.code);
    return allowed.ok ? null : allowed.reason;
  },
  open: async (filler, services, objective) => {
    const start = await startAssessForm(filler.visible, services.assessments!, objective.code, filler.person, filler.today);
    if (!start) throw new Error(`${objective.code} was found but not its record`);
    return assessFormSpec(start, start.values);
  },
  invitation: (objective) => ({
    heading: `${objective.code} ${objective.title}`,
    organisation: objective.organisation,
    lines: ["Set its status, direction and narrative for a period in the form this button opens."],
    subject: objective.code,
  }),
  submit: async (filler, services, form, values) => {
    if (!services.assessments) return { kind: "refused", problem: problem("unavailable", NO_ASSESSMENTS) };
    const answer = await submitAssessForm(filler.visible, services.assessments, filler.person, form.code, values, filler.via);
    if ("notice" in answer) return { kind: "closed", notice: answer.notice };
    if ("refused" in answer) return { kind: "refused", problem: problem("not_allowed", answer.refused) };
    const start = await startAssessForm(filler.visible, services.assessments, form.code, filler.person, filler.today);
    return start ? { kind: "form", spec: assessFormSpec(start, values, answer.errors), invalid: true } : { kind: "refused", problem: problem("stale", STALE) };
  },
};
