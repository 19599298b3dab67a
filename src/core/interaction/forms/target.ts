// The "Set target" form of an indicator: opened for the period asked for (else the year after the latest
// figures) with the target it has; set by setTarget, or shown again with the problem beside its input.
import { z } from "zod";
import { askingFor } from "../../query.ts";
import type { IndicatorCard } from "../../views.ts";
import { mayTarget } from "../../use-cases/set-target.ts";
import { startTargetForm, submitTargetForm, TARGET_FIELDS, targetFormSpec, type TargetFormState } from "../../use-cases/target-form.ts";
import { problem } from "../outcome.ts";
import type { FormHandler } from "./form-handler.ts";

const NO_TARGETS = "This service does not set targets.";
const STALE = "This form is out of date: open it again from the indicator's Set target.";

export const targetForm: FormHandler<IndicatorCard, TargetFormState> = {
  name: "target",
  command: "target",
  title: "Set target",
  example: "AC/S8",
  what: () => "an indicator's reference here",
  doing: "set a target for",
  notDone: "Target not set",
  perOrganisation: true,
  fields: TARGET_FIELDS,
  state: z.object({ ref: z.string().trim().min(1).max(200), organisation: z.string().trim().min(1).max(200) }),
  otherwise: "value",
  unavailable: (services) => (services.targets ? null : NO_TARGETS),
  pick: (found) => (found.kind === "indicator" ? found : null),
  refusal: async (filler, _services, indicator) => {
    const allowed = await mayTarget(filler.visible, filler.person, indicator.ref, indicator.organisation);
    return allowed.ok ? null : allowed.outcome.notice.lines.join(" ");
  },
  open: async (filler, _services, indicator, period) => {
    const start = await startTargetForm(filler.visible, indicator, filler.today ?? new Date(), period);
    if (!start) throw new Error(`${indicator.ref} was found but not its record`);
    return targetFormSpec(start, start.values);
  },
  invitation: (indicator, period) => ({
    heading: `${indicator.ref} ${indicator.title}`,
    organisation: indicator.organisation,
    lines: [`Set ${period ? `the ${period} target` : "next year's target"} in the form this button opens.`],
    subject: askingFor(indicator.ref, indicator.organisation),
  }),
  submit: async (filler, services, form, values) => {
    if (!services.targets) return { kind: "refused", problem: problem("unavailable", NO_TARGETS) };
    const answer = await submitTargetForm(filler.visible, services.targets, filler.person, { ...form, values }, filler.via);
    if ("notice" in answer) return { kind: "closed", notice: answer.notice };
    // Beside the inputs, with what was typed; the indicator as the form names it.
    const start = await startTargetForm(filler.visible, form, filler.today ?? new Date());
    return start ? { kind: "form", spec: targetFormSpec(start, values, answer.errors), invalid: true } : { kind: "refused", problem: problem("stale", STALE) };
  },
};

