// Every form (core/interaction/forms) in Teams, with one opener, one renderer (form.ts's dialogFor) and one
// reader (readDialog). Teams opens a dialog only from a button, so `kpi update AC/S8` answers a card holding
// one (the form's invitation); the button's task/fetch opens the dialog the core finds, and its task/submit (or
// its draft button) goes to the form's handler, whose reply is the dialog again or the message that closes it.
// No form has code of its own here.
import type { Application, TurnState } from "@microsoft/teams-ai";
import type { TaskModuleTaskInfo, TurnContext } from "botbuilder";
import { z } from "zod";
import { findForm, FORM_HANDLERS, type AnyFormHandler, type FormCommand, type FormFiller, type FormName, type FormReply, type FormServices } from "../../core/interaction/forms/index.ts";
import type { FormSpec } from "../../core/forms.ts";
import type { Notice } from "../../core/views.ts";
import { assessButton, card, renderCard, targetButton, text, updateButton, VERBS, whichOrganisationCard, type AdaptiveCard } from "./cards.ts";
import { dialogFor, readDialog } from "./form.ts";

/** Each form's verb: a key action's dialog goes back as an update's, as it always has (the update form hands it on). */
const VERB: Record<FormName, string> = { update: VERBS.update, action: VERBS.update, target: VERBS.target, assess: VERBS.assess };
const COMMAND_VERB: Record<FormCommand, string> = { update: VERBS.update, target: VERBS.target, assess: VERBS.assess };
/** The button that opens a command's form, carrying its subject (and the period asked for). */
const opens = (command: FormCommand, subject: string, period: string | null) =>
  command === "update" ? updateButton(subject) : command === "target" ? targetButton(subject, period) : assessButton(subject);

const STALE_DIALOG = "That form is out of date, so it cannot be sent. Open it again from its card (kpi AC/S8, then Submit update or Set target; kpi P3, then Assess).";

/** A notice as a plain Teams message: a blank line between its lines, since Teams runs single line breaks together. */
export const noticeText = (notice: Notice) => [notice.heading, ...notice.lines].join("\n\n");

const dialogOf = (handler: AnyFormHandler, spec: FormSpec): TaskModuleTaskInfo => dialogFor(spec, VERB[handler.name], spec.inputs.length > 2 ? "large" : "medium");
/** A handler's reply as the task module's answer: the dialog again, or the message it closes showing. */
const answerOf = (handler: AnyFormHandler, reply: FormReply): TaskModuleTaskInfo | string =>
  reply.kind === "form" ? dialogOf(handler, reply.spec) : reply.kind === "closed" ? noticeText(reply.notice) : reply.problem.message;

// What a button sends comes from the client: checked before use. An objective's button names it by code.
const buttonData = z.object({ ref: z.string().trim().min(1).max(2000).optional(), code: z.string().trim().min(1).max(200).optional(), period: z.string().max(40).optional() });

export interface TeamsDialogs {
  services: FormServices;
  /** Who is asking and what their tenant sees; or, where it sees nothing, what to tell them. */
  filler(context: TurnContext): Promise<FormFiller | Notice>;
}

/** Registers every form's task/fetch and task/submit; returns the card that `kpi update AC/S8` and the like answer. */
export function teamsDialogs(app: Application<TurnState>, deps: TeamsDialogs) {
  const { services } = deps;
  const isFiller = (who: FormFiller | Notice): who is FormFiller => "visible" in who;

  /** The card holding the button that opens the form, or why there is none: "You cannot set a target for AC/S8". */
  const invitation = async (context: TurnContext, command: FormCommand, subject: string, period: string | null): Promise<AdaptiveCard> => {
    const filler = await deps.filler(context);
    if (!isFiller(filler)) return renderCard(filler);
    const found = await findForm(filler, services, command, subject);
    if (found.kind === "which") return whichOrganisationCard(found.list, `kpi ${command}`, (asked) => opens(command, asked, period))!;
    if (found.kind === "not_this") return renderCard(found.found);
    if (found.kind === "refused") {
      const [first] = FORM_HANDLERS.filter((h) => h.command === command);
      const heading = found.problem.code === "invalid" ? "Say which one" : `You cannot ${first!.doing} ${subject}`;
      return renderCard({ kind: "notice", heading, lines: found.problem.code === "invalid" ? [`kpi ${command} ${first!.example}`] : found.problem.message.split("\n") });
    }
    const shown = found.handler.invitation(found.subject, period);
    return card([text(shown.heading, { weight: "Bolder" }), text(shown.organisation, { isSubtle: true, spacing: "None" }), ...shown.lines.map((line) => text(line))], [opens(command, shown.subject, period)]);
  };

  for (const command of ["update", "target", "assess"] as const) {
    const verb = COMMAND_VERB[command];
    // The card's button: the dialog, or the reason there is none as a message.
    app.taskModules.fetch(verb, async (context, _state, button) => {
      const asked = buttonData.safeParse(button).data;
      const subject = asked?.ref ?? asked?.code;
      if (!subject) return STALE_DIALOG;
      const filler = await deps.filler(context);
      if (!isFiller(filler)) return noticeText(filler);
      const found = await findForm(filler, services, command, subject);
      if (found.kind === "refused") return found.problem.message;
      if (found.kind !== "found") return found.kind === "not_this" && found.found.kind === "not_found" ? found.found.message : `${subject} is not ${found.kind === "not_this" ? found.what : "one reference"}.`;
      return dialogOf(found.handler, await found.handler.open(filler, services, found.subject, asked?.period ?? null));
    });
    // Its Submit (or draft button): the form's handler answers, from the start.
    // The first form of the verb answers (update's hands a key action's on); its fields are all of the verb's forms'.
    const handler = FORM_HANDLERS.find((h) => VERB[h.name] === verb)!;
    const fields = [...new Set(FORM_HANDLERS.filter((h) => VERB[h.name] === verb).flatMap((h) => h.fields))];
    app.taskModules.submit(verb, async (context, _state, sent) => {
      const form = readDialog(sent, handler.state, fields);
      if (!form) return STALE_DIALOG;
      const filler = await deps.filler(context);
      if (!isFiller(filler)) return noticeText(filler);
      const turn = form.draft && handler.draft ? handler.draft : handler.submit;
      return answerOf(handler, await turn(filler, services, form.state, form.values));
    });
  }

  return { invitation };
}
