// The "Submit update" form of an indicator: opened at the open cycle's period (or the one after the latest
// result) with the person's draft, recorded by submitUpdate; a submission made since it opened, or unusual
// figures, show it again saying so, and its next Submit records.
import { z } from "zod";
import { askingFor } from "../../query.ts";
import type { IndicatorCard } from "../../views.ts";
import { ask } from "../../use-cases/ask.ts";
import { mayUpdate } from "../../use-cases/may-update.ts";
import { submitUpdate } from "../../use-cases/submit-update.ts";
import { FORM_FIELDS, formIndicator, MAX_PERIOD, saveDraft, startForm, updateFormSpec, type UpdateFormState } from "../../use-cases/update-form.ts";
import { problem } from "../outcome.ts";
import { actionForm } from "./action.ts";
import type { FormHandler, FormReply } from "./form-handler.ts";

// A form opened before drafts carries its ref alone; one opened before openings were recorded, no opening.
const state = z.object({
  ref: z.string().trim().min(1).max(200),
  organisation: z.string().trim().min(1).max(200).optional(),
  opening: z.string().max(100).default(""),
  openedFor: z.string().max(MAX_PERIOD).default(""),
  confirmed: z.string().max(200).optional(),
}) as z.ZodType<UpdateFormState>;

const NO_UPDATES = "This service does not take updates.";
const refused = (message: string): FormReply => ({ kind: "refused", problem: problem("not_allowed", message) });

export const updateForm: FormHandler<IndicatorCard, UpdateFormState> = {
  name: "update",
  command: "update",
  title: "Submit update",
  example: "AC/S8",
  what: (services) => (services.actionUpdates ? "an indicator's reference here, nor a key action's" : "an indicator's reference here"),
  doing: "update",
  notDone: "Not recorded",
  perOrganisation: true,
  fields: FORM_FIELDS,
  state,
  otherwise: "commentary",
  unavailable: (services) => (services.updates ? null : NO_UPDATES),
  pick: (found) => (found.kind === "indicator" ? found : null),
  refusal: async (filler, services, indicator) => {
    const allowed = await mayUpdate(filler.visible, services.updates!, filler.person, indicator.ref, indicator.organisation);
    return allowed.ok ? null : allowed.reason;
  },
  open: async (filler, services, indicator) => {
    const start = await startForm({ updates: services.updates!, drafts: services.drafts }, indicator, filler.person, filler.today);
    return updateFormSpec(indicator, start, start.values, start.note);
  },
  invitation: (indicator) => ({
    heading: `${indicator.ref} ${indicator.title}`,
    organisation: indicator.organisation,
    lines: [indicator.latest ? `Latest result: ${indicator.latest.display} (${indicator.latest.period}).` : "No results reported yet.", "Submit a result and its commentary in the form this button opens."],
    subject: askingFor(indicator.ref, indicator.organisation),
  }),
  submit: async (filler, services, form, values) => {
    if (!services.updates) return refused(NO_UPDATES);
    // A Teams dialog of a key action went back as an update's, carrying its ref alone.
    if (!form.organisation && services.actionUpdates) {
      const found = await ask(filler.visible, form.ref);
      if (actionForm.pick(found, services)) return await actionForm.submit(filler, services, { ref: form.ref }, values);
    }
    const outcome = await submitUpdate(filler.visible, services.updates, filler.person, { ...values, ref: form.ref, organisation: form.organisation ?? null, period: values.period ?? "", opening: form.opening, confirmed: form.confirmed, via: filler.via });
    if (outcome.ok) return { kind: "closed", notice: outcome.notice };
    // Who may submit, and which indicator, are not fixed by editing a field: the form gives way to the reason.
    const reason = outcome.errors.person ?? outcome.errors.ref;
    if (reason || outcome.refused) return refused(reason ?? Object.values(outcome.errors).join(" "));
    const indicator = await formIndicator(filler.visible, form.ref, form.organisation ?? null);
    if (!indicator) return refused(`There is no indicator ${form.ref}${form.organisation ? ` in ${form.organisation}` : ""}.`);
    // A submission made since the form opened: said above the inputs, and the form carries the new opening.
    if (outcome.opening !== undefined) return { kind: "form", spec: updateFormSpec(indicator, { ...form, opening: outcome.opening }, values, null, outcome.errors) };
    // Unusual figures asked about: beside their inputs; submitted again as they are, they record.
    if (outcome.confirm !== undefined) return { kind: "form", spec: updateFormSpec(indicator, { ...form, confirmed: outcome.confirm }, values, null, outcome.errors) };
    return { kind: "form", spec: updateFormSpec(indicator, form, values, null, outcome.errors), invalid: true };
  },
  draft: async (filler, services, form, values) => {
    const indicator = await formIndicator(filler.visible, form.ref, form.organisation ?? null);
    if (!indicator || !services.updates || !services.drafts) return { kind: "refused", problem: problem("stale", "This form is out of date: open it again with the indicator's Submit update.") };
    const saved = await saveDraft(filler.visible, { updates: services.updates, drafts: services.drafts }, filler.person, { ref: indicator.ref, organisation: indicator.organisation }, values, form.openedFor);
    if (!saved.ok && (saved.refused || saved.errors.ref)) return refused(Object.values(saved.errors).join(" "));
    return { kind: "form", spec: updateFormSpec(indicator, form, values, saved.ok ? saved.note : `Not saved: ${Object.values(saved.errors).join(" ")}`, saved.ok ? {} : saved.errors) };
  },
};
