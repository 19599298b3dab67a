// A key action's update form: its RAG, status and a latest note, applied at once by updateAction (key actions
// are not reviewed). It is asked for as an indicator's is (`update CG01`, the card's Submit update).
import { z } from "zod";
import type { ActionCard } from "../../views.ts";
import { ask } from "../../use-cases/ask.ts";
import { ACTION_FIELDS, actionFormSpec } from "../../use-cases/action-form.ts";
import { mayUpdateAction, standing, updateAction } from "../../use-cases/update-action.ts";
import { problem } from "../outcome.ts";
import type { FormHandler, FormServices } from "./form-handler.ts";

type NamedAction = ActionCard & { ref: string };

const NO_ACTION_UPDATES = "This service does not take key actions' updates.";

const named = (found: ActionCard, services: FormServices): NamedAction | null => (found.ref && services.actionUpdates ? { ...found, ref: found.ref } : null);

export const actionForm: FormHandler<NamedAction, { ref: string }> = {
  name: "action",
  command: "update",
  title: "Update key action",
  example: "CG01",
  what: () => "a key action's reference here",
  doing: "update",
  notDone: "Not recorded",
  perOrganisation: false,
  fields: ACTION_FIELDS,
  state: z.object({ ref: z.string().trim().min(1).max(200) }),
  otherwise: "note",
  unavailable: (services) => (services.actionUpdates ? null : NO_ACTION_UPDATES),
  pick: (found, services) => (found.kind === "action" ? named(found, services) : null),
  refusal: async (filler, _services, action) => {
    const allowed = await mayUpdateAction(filler.visible, filler.person, action.ref);
    return allowed.ok ? null : allowed.reason;
  },
  open: async (_filler, _services, action) => actionFormSpec(action),
  invitation: (action) => ({
    heading: `${action.ref} ${action.title}`,
    organisation: action.organisation,
    lines: [`${standing(action)}.`, "Set its RAG or status and a latest note in the form this button opens."],
    subject: action.ref,
  }),
  submit: async (filler, services, form, values) => {
    if (!services.actionUpdates) return { kind: "refused", problem: problem("unavailable", NO_ACTION_UPDATES) };
    const outcome = await updateAction(filler.visible, services.actionUpdates, filler.person, { ...values, ref: form.ref, via: filler.via });
    if (outcome.ok) return { kind: "closed", notice: outcome.notice };
    if (outcome.refused || outcome.errors.person || outcome.errors.ref) return { kind: "refused", problem: problem("not_allowed", Object.values(outcome.errors).join(" ")) };
    // Shown again with what was chosen and typed, each problem under its input (or above them, for the action itself).
    const found = await ask(filler.visible, form.ref);
    const action = found.kind === "action" ? named(found, services) : null;
    if (!action) return { kind: "refused", problem: problem("not_found", `There is no key action ${form.ref}.`) };
    return { kind: "form", spec: actionFormSpec(action, values, outcome.errors), invalid: true };
  },
};
