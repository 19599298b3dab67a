// Every form (core/interaction/forms) in Slack, with one opener, one renderer (form.ts's modalFor) and one
// reader (readModal): `/kpi update AC/S8` and the cards' Submit update, Set target and Assess open the form the
// core finds; a submission and the draft button go to the form's handler, and its reply becomes Slack's answer.
// No form has code of its own here.
import type { App, Context, types, ViewResponseAction, webApi } from "@slack/bolt";
import { findForm, FORM_HANDLERS, type AnyFormHandler, type FormCommand, type FormFiller, type FormName, type FormReply, type FormServices } from "../../core/interaction/forms/index.ts";
import { notice, type Notice } from "../../core/views.ts";
import type { Logger } from "../../logger.ts";
import { ACTIONS, code, escape, noticeBlocks, renderSlack, truncate, whichOrganisation, type SlackMessage } from "./blocks.ts";
import { modalFor, plain, readModal } from "./form.ts";

/** A form's callback_id (its submissions come to its listener) and its draft button's action id. */
export const formCallback = (name: FormName) => `kpi_${name}_form`;
const draftAction = (name: FormName) => `kpi_${name}_draft`;
/** The card button that opens each command's form, offered per organisation where several use a reference. */
const OPENS: Record<FormCommand, string> = { update: ACTIONS.update, target: ACTIONS.target, assess: ACTIONS.assess };

const message = (text: string): SlackMessage => ({ text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] });
const FORM_SORRY = message("Sorry, the form could not be opened just now. Please try again in a minute.");
const below = (reply: SlackMessage) => ({ response_type: "ephemeral" as const, replace_original: false, ...reply });

/** A modal in place of the form that only says something: the outcome, or why there is no form. */
export const saying = (said: Notice, handler: AnyFormHandler): types.ModalView => ({ type: "modal", callback_id: formCallback(handler.name), title: plain(handler.title), close: plain("Close"), blocks: noticeBlocks(said) });
const modalOf = (handler: AnyFormHandler, spec: Parameters<typeof modalFor>[0]) => modalFor(spec, formCallback(handler.name), handler.draft ? draftAction(handler.name) : undefined);

/** What a handler's reply shows: the form again, or what replaces it. */
const viewOf = (handler: AnyFormHandler, reply: FormReply): types.ModalView =>
  reply.kind === "form" ? modalOf(handler, reply.spec) : saying(reply.kind === "closed" ? reply.notice : notice(handler.notDone, reply.problem.message), handler);

/** A handler's reply as Slack's answer to a submission: the form replaced, or each problem under its input. */
function answerOf(handler: AnyFormHandler, reply: FormReply): ViewResponseAction {
  if (reply.kind !== "form" || !reply.invalid) return { response_action: "update", view: viewOf(handler, reply) };
  const inputs = new Set(reply.spec.inputs.map((i) => i.id));
  const errors: Record<string, string> = {};
  for (const [field, text] of Object.entries(reply.spec.errors)) {
    if (!text) continue;
    const block = inputs.has(field) ? field : handler.otherwise;
    errors[block] = errors[block] ? `${errors[block]} ${text}` : text;
  }
  return { response_action: "errors", errors };
}

export interface SlackForms {
  services: FormServices;
  /** Who fills the form in: as the database knows them (`withEmail` false: quick, before a form opens), or learning their email too; a notice where their workspace sees nothing. */
  filler(context: Context, withEmail: boolean): Promise<FormFiller | Notice>;
  /** The client for calls someone waits for (views.open lasts 3 seconds). */
  client: webApi.WebClient;
  logFailure(error: unknown, context: Context, body: object): void;
  log: Logger;
  sorry: SlackMessage;
}

type Prepared = { open: (triggerId: string) => Promise<void> } | { instead: SlackMessage };
type Tell = (reply: SlackMessage) => Promise<unknown>;

/** Registers every form's submission and draft listeners and the buttons that open them; returns how `/kpi update AC/S8` opens one. */
export function slackForms(app: App, deps: SlackForms) {
  const { services, client } = deps;
  const isFiller = (who: FormFiller | Notice): who is FormFiller => "visible" in who;

  /**
   * What a form needs before it opens, within the 3 seconds its trigger_id lasts: only what the database answers
   * (the subject as the asker's workspace sees it; the asker, where their Slack user is linked already). Who may
   * not use it is told why instead of getting a form.
   */
  const prepare = async (context: Context, command: FormCommand, subject: string, period: string | null): Promise<Prepared> => {
    const example = FORM_HANDLERS.find((h) => h.command === command)!.example;
    if (!subject) return { instead: message(`Say which one: ${code(`/kpi ${command} ${example}`)}.`) };
    const filler = await deps.filler(context, false);
    if (!isFiller(filler)) return { instead: renderSlack(filler, { shareable: false }, subject) };
    const found = await findForm(filler, services, command, subject, false);
    if (found.kind === "refused") return { instead: message(escape(found.problem.message)) };
    if (found.kind === "which") return { instead: whichOrganisation(found.list, `/kpi ${command}`, OPENS[command])! };
    if (found.kind === "not_this") return { instead: message(`“${escape(truncate(subject, 100))}” is not ${found.what}: ${code(`/kpi ${command}`)} needs one, such as ${code(`/kpi ${command} ${found.example}`)}.`) };
    const { handler, subject: what } = found;
    const view = modalOf(handler, await handler.open(filler, services, what, period));
    return {
      open: async (triggerId) => {
        const opened = await client.views.open({ trigger_id: triggerId, view });
        if (filler.person) return;
        // Not linked yet: who they are comes from their email (users.info), too slow to wait for before
        // opening. Where they turn out not to be allowed, the form gives way to the reason.
        // A failure here is only logged: the form is open, and its submission is checked again.
        try {
          const known = await deps.filler(context, true);
          const why = isFiller(known) ? await handler.refusal(known, services, what) : known.lines.join(" ");
          if (why && opened.view?.id) await client.views.update({ view_id: opened.view.id, hash: opened.view.hash, view: saying(notice("Not allowed", why), handler) });
        } catch (error) {
          deps.log.warn({ err: error, user: context.userId }, "Slack: checking who opened a form failed; their submission is checked again");
        }
      },
    };
  };

  /** Opens the form, or tells the asker (through `tell`) why not, or that it could not be opened. */
  const openOrTell = async (context: Context, body: object, asked: { command: FormCommand; subject: string; period: string | null }, triggerId: string, tell: Tell, acknowledge?: () => Promise<void>) => {
    const prepared = await prepare(context, asked.command, asked.subject, asked.period).catch((error: unknown): Prepared => {
      deps.logFailure(error, context, body);
      return { instead: deps.sorry };
    });
    if ("instead" in prepared) return void (await tell(prepared.instead));
    await acknowledge?.();
    await prepared.open(triggerId).catch(async (error: unknown) => {
      deps.logFailure(error, context, body);
      await tell(FORM_SORRY);
    });
  };

  // The cards' Submit update, Set target and Assess: the form, or below the card why not.
  for (const command of ["update", "target", "assess"] as const) {
    app.action(OPENS[command], async ({ ack, action, body, respond, context }) => {
      await ack();
      const value = "value" in action && typeof action.value === "string" && action.value.length <= 2000 ? action.value : "";
      const triggerId = "trigger_id" in body && typeof body.trigger_id === "string" ? body.trigger_id : null;
      const tell = (reply: SlackMessage) => respond(below(reply));
      if (!value || !triggerId) return void (await tell(message(`That button is out of date: ask again with ${code(`/kpi ${command}`)} and the reference.`)));
      await openOrTell(context, body, { command, subject: value, period: null }, triggerId, tell);
    });
  }

  /** A form's submission or draft as its handler answers it, from the start: the subject as the filler's workspace sees it, who they are. */
  const replyTo = async (handler: AnyFormHandler, context: Context, view: Parameters<typeof readModal>[0], turn: "submit" | "draft"): Promise<FormReply> => {
    const form = readModal(view, handler.state, handler.fields);
    if (!form) return { kind: "refused", problem: { code: "stale", message: `This form is out of date: open it again with /kpi ${handler.command} and its reference.` } };
    const filler = await deps.filler(context, true);
    if (!isFiller(filler)) return { kind: "closed", notice: filler };
    return await (turn === "draft" ? handler.draft! : handler.submit)(filler, services, form.state, form.values);
  };

  for (const handler of FORM_HANDLERS) {
    // A submitted form, answered in the modal itself; a failure is logged and said under the form's free text,
    // the form staying as it was so that it can be sent again.
    app.view(formCallback(handler.name), async ({ ack, body, view, context }) => {
      const answer = await replyTo(handler, context, view, "submit").then(
        (reply) => answerOf(handler, reply),
        (error: unknown): ViewResponseAction => {
          deps.logFailure(error, context, body);
          return { response_action: "errors", errors: { [handler.otherwise]: "Sorry, this could not be recorded just now. Please try again in a minute." } };
        },
      );
      await ack(answer);
    });
    if (!handler.draft) continue;
    // The draft button inside the form: what is typed so far is kept for the person, and the form says when.
    app.action(draftAction(handler.name), async ({ ack, body, context }) => {
      await ack();
      const view = "view" in body ? body.view : undefined;
      if (!view?.id) return;
      try {
        await client.views.update({ view_id: view.id, hash: view.hash, view: viewOf(handler, await replyTo(handler, context, view, "draft")) });
      } catch (error) {
        deps.logFailure(error, context, body);
        // Said on top of the form, which keeps what was typed underneath.
        const triggerId = "trigger_id" in body && typeof body.trigger_id === "string" ? body.trigger_id : null;
        if (triggerId) await client.views.push({ trigger_id: triggerId, view: saying(notice("Draft not saved", "Sorry, the draft could not be saved just now. What you typed is still in the form: please try again in a minute."), handler) });
      }
    });
  }

  return { openOrTell };
}
