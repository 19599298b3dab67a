// The "Assess" dialog in Teams (a task module holding an Adaptive Card): a wheel segment's period, status,
// direction and narrative, started where the core's assess-form.ts says. The objective card's Assess button
// opens it (task/fetch, VERBS.assess, the code in its data); its Submit is checked and recorded by the core's
// use case (task/submit), or the dialog comes back with each problem under its input and what was typed.
import type { Application, TurnState } from "@microsoft/teams-ai";
import type { TaskModuleTaskInfo, TurnContext } from "botbuilder";
import { z } from "zod";
import type { PersonProfile } from "../../core/access.ts";
import type { Assessments, Catalogue } from "../../core/ports.ts";
import { ASSESS_FIELDS, assessFormSpec, startAssessForm, submitAssessForm, type AssessFormField, type AssessFormStart, type AssessValues } from "../../core/use-cases/assess-form.ts";
import { mayAssess } from "../../core/use-cases/assess-objective.ts";
import type { ObjectiveCard } from "../../core/views.ts";
import { assessButton, card, text, VERBS, type AdaptiveCard } from "./cards.ts";
import { dialogFor, readDialog } from "./form.ts";
import { noticeText } from "./update-form.ts";

const STALE = "That form is out of date, so it cannot be used. Open it again from the objective's card (kpi P3, then Assess).";
const NO_ASSESSMENTS = "This bot does not record assessments.";

/** What `kpi assess P3` answers: Teams opens a dialog only from a button, so a card holding one. */
export function assessPromptCard(objective: Pick<ObjectiveCard, "code" | "title" | "organisation">): AdaptiveCard {
  return card(
    [text(`${objective.code} ${objective.title}`, { weight: "Bolder" }), text(objective.organisation, { isSubtle: true, spacing: "None" }), text("Set its status, direction and narrative for a period in the form this button opens.")],
    [assessButton(objective.code)],
  );
}

// What a dialog sends back comes from the client: checked before use. The code is the button's or the form's.
const opening = z.object({ code: z.string().trim().min(1).max(200) });

export interface AssessDialogs {
  assessments?: Assessments;
  /** Who is asking and what their tenant sees; or, where it sees nothing, what to say. */
  whoAsks(context: TurnContext): Promise<{ visible: Catalogue; person: PersonProfile | null } | string>;
}

/** Registers the dialog's task/fetch and task/submit. A string answer closes the dialog showing it. */
export function assessDialogs(app: Application<TurnState>, deps: AssessDialogs): void {
  const asking = async (context: TurnContext) => {
    if (!deps.assessments) return NO_ASSESSMENTS;
    const who = await deps.whoAsks(context);
    return typeof who === "string" ? who : { ...who, assessments: deps.assessments };
  };
  const show = (start: AssessFormStart, values: AssessValues, errors?: Partial<Record<AssessFormField, string>>): TaskModuleTaskInfo => dialogFor(assessFormSpec(start, values, errors), VERBS.assess, "large");

  app.taskModules.fetch(VERBS.assess, async (context, _state, button) => {
    const code = opening.safeParse(button).data?.code;
    if (!code) return STALE;
    const who = await asking(context);
    if (typeof who === "string") return who;
    // Who may not assess it is told why before filling anything in.
    const allowed = await mayAssess(who.visible, who.assessments, who.person, code);
    if (!allowed.ok) return allowed.reason;
    const start = await startAssessForm(who.visible, who.assessments, code, who.person);
    return start ? show(start, start.values) : STALE;
  });

  app.taskModules.submit(VERBS.assess, async (context, _state, sent) => {
    const form = readDialog(sent, opening, ASSESS_FIELDS);
    if (!form) return STALE;
    const { state: { code }, values } = form;
    const who = await asking(context);
    if (typeof who === "string") return who;
    const answer = await submitAssessForm(who.visible, who.assessments, who.person, code, values, "teams");
    if ("notice" in answer) return noticeText(answer.notice);
    if ("refused" in answer) return answer.refused;
    const start = await startAssessForm(who.visible, who.assessments, code, who.person);
    return start ? show(start, values, answer.errors) : STALE;
  });
}
