// The "Assess" dialog in Teams (a task module holding an Adaptive Card): a wheel segment's period, status,
// direction and narrative, started where the core's assess-form.ts says. The objective card's Assess button
// opens it (task/fetch, VERBS.assess, the code in its data); its Submit is checked and recorded by the core's
// use case (task/submit), or the dialog comes back with each problem under its input and what was typed.
import type { Application, TurnState } from "@microsoft/teams-ai";
import type { TaskModuleTaskInfo, TurnContext } from "botbuilder";
import { z } from "zod";
import type { PersonProfile } from "../../core/access.ts";
import { OBJECTIVE_DIRECTIONS, OBJECTIVE_STATUSES } from "../../core/objectives.ts";
import type { Assessments, Catalogue } from "../../core/ports.ts";
import { ASSESS_FIELDS, MAX_NARRATIVE, MAX_PERIOD, NO_DIRECTION, startAssessForm, submitAssessForm, type AssessFormField, type AssessFormStart, type AssessValues } from "../../core/use-cases/assess-form.ts";
import { mayAssess } from "../../core/use-cases/assess-objective.ts";
import type { ObjectiveCard } from "../../core/views.ts";
import { assessButton, card, text, VERBS, type AdaptiveCard } from "./cards.ts";
import { choices, dialog, noticeText, under } from "./update-form.ts";

const STALE = "That form is out of date, so it cannot be used. Open it again from the objective's card (kpi P3, then Assess).";
const NO_ASSESSMENTS = "This bot does not record assessments.";

/** The dialog: the objective, where it stands, the inputs with what was chosen or typed, each error under its input. */
export function assessFormCard(start: Pick<AssessFormStart, "objective" | "note">, values: AssessValues, errors: Partial<Record<AssessFormField, string>> = {}): AdaptiveCard {
  const { code, title, organisation, group } = start.objective;
  const body = [
    text(`${code} ${title}`, { size: "Medium", weight: "Bolder" }),
    text(`${organisation} · ${group}`, { isSubtle: true, spacing: "None" }),
    text(start.note, { isSubtle: true }),
    ...under({ type: "Input.Text", id: "period", label: "Period (as the reports write it: Q2 2017/18, or Apr - Jul 2017/18)", placeholder: "Q2 2017/18", maxLength: MAX_PERIOD, value: values.period ?? "" }, errors.period),
    ...under({ ...choices("status", "Status", OBJECTIVE_STATUSES, values.status, "Choose a status"), isRequired: true, errorMessage: "Choose a status." }, errors.status),
    ...under(choices("direction", "Direction of travel (improving or deteriorating, in your judgement)", [...OBJECTIVE_DIRECTIONS, { value: NO_DIRECTION, title: "Not given" }], values.direction, "Choose a direction"), errors.direction),
    ...under({ type: "Input.Text", id: "narrative", label: "Narrative (required when Red or when the direction is Down: why, and what is being done)", isMultiline: true, maxLength: MAX_NARRATIVE, value: values.narrative ?? "" }, errors.narrative),
  ];
  // The code rides in the submit data and is looked up again when it comes back.
  return card(body, [{ type: "Action.Submit", title: "Submit", data: { verb: VERBS.assess, code } }]);
}

/** What `kpi assess P3` answers: Teams opens a dialog only from a button, so a card holding one. */
export function assessPromptCard(objective: Pick<ObjectiveCard, "code" | "title" | "organisation">): AdaptiveCard {
  return card(
    [text(`${objective.code} ${objective.title}`, { weight: "Bolder" }), text(objective.organisation, { isSubtle: true, spacing: "None" }), text("Set its status, direction and narrative for a period in the form this button opens.")],
    [assessButton(objective.code)],
  );
}

// What a dialog sends back comes from the client: checked before use. The code is the button's or the form's.
const typed = z.string().max(MAX_NARRATIVE * 2).optional();
const opening = z.object({ code: z.string().trim().min(1).max(200) });
const formData = opening.extend(Object.fromEntries(ASSESS_FIELDS.map((f) => [f, typed])) as Record<AssessFormField, typeof typed>);

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
  const show = (start: AssessFormStart, values: AssessValues, errors?: Partial<Record<AssessFormField, string>>): TaskModuleTaskInfo => dialog(`Assess ${start.objective.code}`, assessFormCard(start, values, errors), "large");

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
    const form = formData.safeParse(sent);
    if (!form.success) return STALE;
    const { code, ...values } = form.data;
    const who = await asking(context);
    if (typeof who === "string") return who;
    const answer = await submitAssessForm(who.visible, who.assessments, who.person, code, values, "teams");
    if ("notice" in answer) return noticeText(answer.notice);
    if ("refused" in answer) return answer.refused;
    const start = await startAssessForm(who.visible, who.assessments, code, who.person);
    return start ? show(start, values, answer.errors) : STALE;
  });
}
