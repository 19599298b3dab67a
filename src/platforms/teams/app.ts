// The Teams adapter: a teams-ai v1 Application on botbuilder's CloudAdapter at
// POST /api/messages. Every Teams import stays in this folder, so a later move to
// teams-ai's successor touches nothing else.
import { Application, TeamsAdapter, type TurnState } from "@microsoft/teams-ai";
import { ActivityTypes, CardFactory, TeamsInfo, TurnContext, type Activity, type InvokeResponse, type MessagingExtensionResult, type TaskModuleTaskInfo } from "botbuilder";
import express, { type IRouter, type NextFunction, type Request, type Response } from "express";
import { z } from "zod";
import { visibilityFor, type Asker, type PersonProfile } from "../../core/access.ts";
import type { Catalogue, Conversations, People } from "../../core/ports.ts";
import type { Subscriptions } from "../../core/subscriptions.ts";
import { submitUpdate, type UpdateInput, type UpdateOutcome } from "../../core/use-cases/submit-update.ts";
import type { ActionUpdates, Assessments, Cycles, Drafts, IndicatorImports, PeriodLocks, Retirements, Reviews, Targets, Updates } from "../../core/ports.ts";
import { mayUpdate } from "../../core/use-cases/may-update.ts";
import { mayUpdateAction, updateAction } from "../../core/use-cases/update-action.ts";
import { formIndicator, saveDraft, startForm } from "../../core/use-cases/update-form.ts";
import { mayTarget } from "../../core/use-cases/set-target.ts";
import { startTargetForm, submitTargetForm, targetFormRequest } from "../../core/use-cases/target-form.ts";
import { ask } from "../../core/use-cases/ask.ts";
import { askingFor } from "../../core/query.ts";
import { identify, type EmailOf } from "../../core/use-cases/identify.ts";
import { notLinked } from "../../core/use-cases/not-linked.ts";
import { catalogueFor, respond } from "../../core/use-cases/respond.ts";
import type { ActionCard, IndicatorCard, ObjectiveCard, View } from "../../core/views.ts";
import { sendError } from "../../http/server.ts";
import type { Logger } from "../../logger.ts";
import { commentaryCard, historyCard, renderCard, targetButton, updateButton, VERBS, whichOrganisationCard, type AdaptiveCard } from "./cards.ts";
import { chartImageFor, type TeamsCharts } from "./chart-image.ts";
import { reviewSubmits } from "./review.ts";
import { teamsFileImports } from "./file-import.ts";
import { noticeText, readUpdateForm, updateDialog, updatePromptCard } from "./update-form.ts";
import { actionDialog, actionPromptCard, readActionForm } from "./action-form.ts";
import { buildReport } from "../../core/use-cases/build-report.ts";
import { prepareChatReport, reportRequest } from "../../core/use-cases/report-in-chat.ts";
import type { ReportUrls } from "../../http/report-urls.ts";
import { readTargetForm, targetDialog, targetOpening, targetPromptCard } from "./target-form.ts";
import { assessDialogs, assessPromptCard } from "./assess-form.ts";
import { assessFormRequest } from "../../core/use-cases/assess-form.ts";
import { mayAssess } from "../../core/use-cases/assess-objective.ts";

export interface TeamsSettings {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  appType: "MultiTenant" | "SingleTenant" | "UserAssignedMSI";
  /** TEAMS_LOCAL: without an app id, take unauthenticated activities from this machine (the Emulator, tests); otherwise refuse them all. */
  local?: boolean;
}

const SORRY = "Sorry, that question could not be answered just now. Please try again in a minute.";
const STALE_BUTTON = "That button is out of date, so there is nothing to show for it. Ask again by typing kpi and a reference or a few words, e.g. kpi AC/S8 (kpi help lists more).";
const STALE_DIALOG = "That form is out of date, so it cannot be sent. Open it again from the indicator's card (kpi AC/S8, then Submit update or Set target).";
const NO_UPDATES = "This bot does not record updates.";
const NO_TARGETS = "This bot does not set targets.";
/** "kpi update AC/S8": a card with the button that opens the update dialog. */
const UPDATE = /^update\b\s*(.*)$/is;
const submitData = z.object({ verb: z.string(), ref: z.string().min(1).max(2000).optional(), query: z.string().max(2000).optional() });
const searchText = z.string().max(1000);

/** What every activity carries and the bot reads: teams-ai keys its turn state on these ids, and replies go to serviceUrl. */
const activityShape = z
  .object({
    type: z.string().min(1),
    channelId: z.string().min(1),
    serviceUrl: z.string().url(),
    conversation: z.object({ id: z.string().min(1) }).passthrough(),
    from: z.object({ id: z.string().min(1) }).passthrough(),
    recipient: z.object({ id: z.string().min(1) }).passthrough(),
  })
  .passthrough();

/** Where a turn keeps its logger: the adapter's, bound to the request's id. */
const TURN_LOG = Symbol("turn log");

/** botbuilder's own process() answers failures with text bodies and prints them with console.error; the route answers instead. */
class Adapter extends TeamsAdapter {
  runTurn(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authorization, activity, logic);
  }
}

export function isLoopback(address: string | undefined): boolean {
  return !!address && (address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127."));
}

/**
 * Without an app id nothing is authenticated: only with TEAMS_LOCAL, and then only this machine may post (the
 * Bot Framework Emulator, tests). Behind a reverse proxy on this machine every request arrives from 127.0.0.1, so a forwarded request is taken
 * only when TRUST_PROXY says to believe X-Forwarded-For and every address in it is this machine too (so is req.ip,
 * the client express picks from it). `Forwarded` (RFC 7239) is refused: express does not read it.
 */
export function fromThisMachine(req: Request): boolean {
  const forwardedFor = req.headers["x-forwarded-for"];
  if (req.headers.forwarded !== undefined) return false;
  if (forwardedFor === undefined) return isLoopback(req.socket.remoteAddress);
  if (!req.app.get("trust proxy")) return false;
  return [req.socket.remoteAddress, ...String(forwardedFor).split(",")].every((address) => isLoopback(address?.trim()));
}

/** How long learning an asker's email (getMember) may take: it is asked only the first time they need to be known. */
const LOOKUP_TIMEOUT_MS = 3_000;

/** Who sent an activity: their Microsoft 365 tenant and Entra object id, as the (authenticated) activity says. */
function askerOf(activity: Activity): Asker {
  const channelTenant: unknown = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const tenant = activity.conversation?.tenantId ?? (typeof channelTenant === "string" ? channelTenant : undefined);
  const user = activity.from?.aadObjectId;
  return {
    workspace: tenant ? [{ kind: "teams-tenant", id: tenant.toLowerCase() }] : [],
    identity: user ? { teamsUserId: user.toLowerCase() } : {},
  };
}

/** The committee report: sent as a signed link where PUBLIC_URL is set (a Teams file needs the file-consent and OneDrive flow). */
export interface TeamsReports {
  urls?: ReportUrls;
}

const REPORT_SORRY = "Sorry, the report could not be built just now. Please try again in a few minutes, or use /kpi report in Slack or npm run kpi -- report.";

export function mountTeams(settings: TeamsSettings, http: IRouter, data: { catalogue: Catalogue; people: People; subscriptions?: Subscriptions; updates?: Updates; cycles?: Cycles; reviews?: Reviews; drafts?: Drafts; targets?: Targets; locks?: PeriodLocks; retirements?: Retirements; imports?: IndicatorImports; actionUpdates?: ActionUpdates; assessments?: Assessments }, conversations: Conversations, log: Logger, charts: TeamsCharts = {}, reports: TeamsReports = {}): { authenticated: boolean } {
  const authenticated = Boolean(settings.appId);
  const adapter = new Adapter(
    authenticated
      ? { MicrosoftAppId: settings.appId, MicrosoftAppPassword: settings.appPassword, MicrosoftAppTenantId: settings.tenantId, MicrosoftAppType: settings.appType }
      : {},
  );
  const turnLog = (context: TurnContext): Logger => context.turnState.get(TURN_LOG) ?? log;
  adapter.onTurnError = async (context, error) => {
    const { type, name } = context.activity;
    // A search (an invoke) shows the apology in its result list, a dialog in its own window; anything else gets it as a message.
    const apologised = await (name?.startsWith("composeExtension/")
      ? context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: { composeExtension: { type: "message", text: SORRY } } } })
      : name?.startsWith("task/")
        ? context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: { task: { type: "message", value: SORRY } } } })
        : context.sendActivity(SORRY)
    ).then(
      () => true,
      () => false,
    );
    turnLog(context).error({ err: error, apologised }, `answering a Teams ${[type, name].filter(Boolean).join(" ")} failed`);
  };
  // No turn-state storage: nothing is kept between turns in the process (another instance may take the next
  // one); what a form or button needs travels in its data, and the rest is in the database.
  const app = new Application<TurnState>({ adapter, botAppId: settings.appId ?? "", removeRecipientMention: true, startTypingTimer: false });

  // A person's email from Teams, to match them to the people in the database the first time they need
  // to be known. Only with an app id: the Emulator and tests have no roster to ask.
  const emailOf =
    (context: TurnContext): EmailOf =>
    async () => {
      if (!authenticated) return null;
      try {
        const member = await Promise.race([TeamsInfo.getMember(context, context.activity.from.id), new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no answer in time")), LOOKUP_TIMEOUT_MS).unref())]);
        return member.email ?? null;
      } catch (error) {
        turnLog(context).warn({ err: error }, "Teams: reading a user's email (getMember) failed; they are answered as someone the bot does not know");
        return null;
      }
    };
  const answer = async (context: TurnContext, text: string): Promise<View> =>
    respond({ ...data, via: "teams", emailOf: emailOf(context), channel: { platform: "teams", id: context.activity.conversation.id } }, askerOf(context.activity), text);
  const sendCard = async (context: TurnContext, card: AdaptiveCard) => {
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
  };
  /** An answer's card: an indicator's or a wheel's with its picture where one is drawn in time (chart-image.ts). */
  const answerCard = async (context: TurnContext, view: View): Promise<AdaptiveCard> =>
    renderCard(view, view.kind === "indicator" || view.kind === "wheel" ? { chart: await chartImageFor(view, charts, turnLog(context)) } : {});
  const remember = async (context: TurnContext) => {
    const reference = TurnContext.getConversationReference(context.activity);
    if (!reference.conversation?.id) return;
    // Not keeping it only costs later proactive messages: the question is answered anyway.
    await conversations.remember(reference.conversation.id, reference).catch((error: unknown) => turnLog(context).error({ err: error }, "keeping the Teams conversation reference failed"));
  };
  /**
   * A personal chat (1:1 with the bot) from someone the bot knows: kept as where to message them directly
   * (reminders); its reference is kept by remember(). One statement that writes only when it differs: not
   * remembered in memory, since an admin may link the Teams user to someone else meanwhile.
   */
  const rememberPersonalChat = async (context: TurnContext) => {
    const { conversation, from } = context.activity;
    const user = from?.aadObjectId?.toLowerCase();
    if (conversation?.conversationType !== "personal" || !user || !conversation.id || !data.people.rememberTeamsChat) return;
    try {
      if (await data.people.rememberTeamsChat(user, conversation.id)) turnLog(context).info({ user }, "Teams: a person's personal chat with the bot is kept, for direct messages");
    } catch (error) {
      // Not keeping it only costs direct messages (reminders go to the review channel): the question is answered anyway.
      turnLog(context).error({ err: error }, "keeping a Teams personal chat failed");
    }
  };
  /** A button from a card this version cannot read (an older release's, or altered): say so rather than blame the service. */
  const staleButton = async (context: TurnContext) => {
    const verb: unknown = (context.activity.value as { verb?: unknown } | undefined)?.verb;
    turnLog(context).info({ verb: typeof verb === "string" ? verb.slice(0, 60) : typeof verb }, "a Teams card button carried data this version does not read");
    await context.sendActivity(STALE_BUTTON);
  };

  /** What a ref finds among what the asker's tenant sees: asked as a question only, never read as a command (role, subscribe). */
  const lookUp = async (context: TurnContext, ref: string): Promise<View> => {
    const asker = askerOf(context.activity);
    const visible = await catalogueFor(data.catalogue, asker);
    return visible ? await ask(visible, ref) : notLinked(asker);
  };
  /** A key action a ref named, where it takes updates here (it has a ref to be named by again); null otherwise. */
  const updatableAction = (view: View): (ActionCard & { ref: string }) | null => (view.kind === "action" && view.ref && data.actionUpdates ? { ...view, ref: view.ref } : null);
  /** The indicator a ref names, as the asker sees it (its view, where looked up already); otherwise what to tell them instead. */
  const indicatorFor = async (context: TurnContext, ref: string, looked?: View): Promise<IndicatorCard | string> => {
    const view = looked ?? (await lookUp(context, ref));
    if (view.kind === "indicator") return view;
    return view.kind === "notice" ? noticeText(view) : view.kind === "not_found" ? view.message : `${ref} is not an indicator, so it takes no update or target.`;
  };
  /** Who is asking and what their tenant sees; or, where it sees nothing, what to say. */
  const whoAsks = async (context: TurnContext): Promise<{ visible: Catalogue; person: PersonProfile | null } | string> => {
    const asker = askerOf(context.activity);
    const visible = await catalogueFor(data.catalogue, asker);
    if (!visible) return noticeText(notLinked(asker));
    return { visible, person: await identify({ ...data, emailOf: emailOf(context) }, asker) };
  };
  /** As whoAsks, where updates are taken here. */
  const updating = async (context: TurnContext): Promise<{ visible: Catalogue; updates: Updates; person: PersonProfile | null } | string> => {
    if (!data.updates) return NO_UPDATES;
    const who = await whoAsks(context);
    return typeof who === "string" ? who : { ...who, updates: data.updates };
  };
  /** The asker, where they may set the indicator's targets; otherwise why not, before they fill the form in. */
  const targeting = async (context: TurnContext, indicator: Pick<IndicatorCard, "ref" | "organisation">): Promise<{ visible: Catalogue; person: PersonProfile | null } | string> => {
    if (!data.targets) return NO_TARGETS;
    const who = await whoAsks(context);
    if (typeof who === "string") return who;
    const allowed = await mayTarget(who.visible, who.person, indicator.ref, indicator.organisation);
    return allowed.ok ? who : allowed.outcome.notice.lines.join("\n");
  };
  const targetRefusal = async (context: TurnContext, indicator: IndicatorCard) => {
    const who = await targeting(context, indicator);
    return typeof who === "string" ? who : null;
  };
  /** An update from the asker, within what their tenant sees: nobody submits for another council's indicator. */
  const submitting = async (context: TurnContext, input: Omit<UpdateInput, "via">): Promise<UpdateOutcome | string> => {
    const who = await updating(context);
    return typeof who === "string" ? who : await submitUpdate(who.visible, who.updates, who.person, { ...input, via: "teams" });
  };
  /** Why the asker may not submit for the indicator (or key action), before they fill the form in; null when they may. */
  const refusalFor = async (context: TurnContext, ref: string, action = false): Promise<string | null> => {
    const who = await updating(context);
    if (typeof who === "string") return who;
    const allowed = action ? await mayUpdateAction(who.visible, who.person, ref) : await mayUpdate(who.visible, who.updates, who.person, ref);
    return allowed.ok ? null : allowed.reason;
  };

  /** The card holding the button that opens a form (prompt), or why there is none: "You cannot <doing> AC/S8". */
  const formPrompt = async <Subject extends { ref: string }>(
    context: TurnContext,
    ref: string,
    form: {
      doing: string;
      /** How it is asked for, and the button that opens the form: offered per organisation where several use the reference given. */
      command?: string;
      opens?: (asked: string) => object;
      pick: (view: View) => Subject | null;
      refusal: (context: TurnContext, subject: Subject) => Promise<string | null>;
      prompt: (subject: Subject) => AdaptiveCard;
    },
  ): Promise<AdaptiveCard> => {
    // As Slack answers a bare `/kpi update`: which one, with an example (never a guess).
    if (!ref.trim() && form.command) return renderCard({ kind: "notice", heading: "Say which one", lines: [`${form.command} AC/S8`] });
    const view = await lookUp(context, ref);
    const subject = form.pick(view);
    // A reference several organisations use: never the first of them, but the asker says which.
    const which = !subject && view.kind === "list" && form.command && form.opens ? whichOrganisationCard(view, form.command, form.opens) : null;
    if (which) return which;
    if (!subject) return renderCard(view);
    const refused = await form.refusal(context, subject);
    return refused ? renderCard({ kind: "notice", heading: `You cannot ${form.doing} ${subject.ref}`, lines: refused.split("\n") }) : form.prompt(subject);
  };

  app.conversationUpdate("membersAdded", async (context) => {
    await remember(context);
    await rememberPersonalChat(context);
  });

  // Card buttons first: teams-ai runs the first route that matches, and a button press is a message too.
  // An indicator's History and Full commentary: the card's own view, drawn another way.
  for (const [verb, draw] of [[VERBS.history, historyCard], [VERBS.commentary, commentaryCard]] as const) {
    app.adaptiveCards.actionSubmit(verb, async (context, _state, data) => {
      const ref = submitData.safeParse(data).data?.ref;
      if (!ref) return await staleButton(context);
      const view = await answer(context, ref);
      // Gone since the card was sent: the not-found card says so.
      await sendCard(context, view.kind === "indicator" ? draw(view) : renderCard(view));
    });
  }
  for (const verb of [VERBS.page, VERBS.open]) {
    app.adaptiveCards.actionSubmit(verb, async (context, _state, data) => {
      const query = submitData.safeParse(data).data?.query;
      if (query) await sendCard(context, await answerCard(context, await answer(context, query)));
      else await staleButton(context);
    });
  }

  // The review card's Accept and Return (review.ts).
  reviewSubmits(app, {
    data,
    whoAsks: async (context) => {
      const asker = askerOf(context.activity);
      return { person: await identify({ ...data, emailOf: emailOf(context) }, asker), visibility: visibilityFor(await data.catalogue.workspaceLinks(), asker) };
    },
    staleButton,
  });

  // Tables attached in a personal chat: checked, then imported on Import (file-import.ts).
  const files = teamsFileImports(app, {
    data,
    authenticated,
    // Without an app password nothing is authenticated and only this machine may post: any key serves.
    signingKey: settings.appPassword ?? "local",
    whoAsks: async (context) => {
      const asker = askerOf(context.activity);
      return { asker, person: await identify({ ...data, emailOf: emailOf(context) }, asker) };
    },
    staleButton,
  });

  // The update dialog: the Submit update button opens it (task/fetch); its Submit checks and records (task/submit).
  // A string answer closes the dialog showing it; a task info shows the form (again).
  app.taskModules.fetch(VERBS.update, async (context, _state, button) => {
    const ref = submitData.safeParse(button).data?.ref;
    if (!ref) return STALE_DIALOG;
    const view = await lookUp(context, ref);
    const action = updatableAction(view);
    if (action) return (await refusalFor(context, action.ref, true)) ?? actionDialog(action, {});
    const indicator = await indicatorFor(context, ref, view);
    if (typeof indicator === "string") return indicator;
    const who = await updating(context);
    if (typeof who === "string") return who;
    const allowed = await mayUpdate(who.visible, who.updates, who.person, indicator.ref, indicator.organisation);
    if (!allowed.ok) return allowed.reason;
    const start = await startForm({ updates: who.updates, drafts: data.drafts }, indicator, who.person);
    return updateDialog(indicator, start.values, start, {}, start.note);
  });
  app.taskModules.submit(VERBS.update, async (context, _state, sent) => {
    const form = readUpdateForm(sent);
    if (!form) return STALE_DIALOG;
    // A dialog carrying its organisation is that organisation's indicator's alone (where the asker sees it).
    if (form.state.organisation) return await submitIndicatorForm(context, form);
    const view = await lookUp(context, form.ref);
    const action = updatableAction(view);
    if (action) {
      // A key action's dialog: applied at once, or shown again with each problem under its input.
      const who = await updating(context);
      if (typeof who === "string") return who;
      const typed = readActionForm(sent);
      const outcome = await updateAction(who.visible, data.actionUpdates!, who.person, { ...typed, ref: action.ref, via: "teams" });
      if (outcome.ok) return noticeText(outcome.notice);
      if (outcome.refused || outcome.errors.ref) return Object.values(outcome.errors).join("\n");
      return actionDialog(action, typed, outcome.errors);
    }
    const indicator = await indicatorFor(context, form.ref, view);
    if (typeof indicator === "string") return indicator;
    return await submitIndicatorForm(context, form, indicator);
  });
  /** An indicator's update dialog sent back: its draft saved, or its submission recorded (or shown again with its problems). */
  const submitIndicatorForm = async (context: TurnContext, form: NonNullable<ReturnType<typeof readUpdateForm>>, found?: IndicatorCard): Promise<TaskModuleTaskInfo | string> => {
    let indicator = found;
    if (!indicator) {
      const who = await whoAsks(context);
      if (typeof who === "string") return who;
      const organisation = form.state.organisation ?? null;
      indicator = (await formIndicator(who.visible, form.ref, organisation)) ?? undefined;
      if (!indicator) return `There is no indicator ${form.ref}${organisation ? ` in ${organisation}` : ""}.`;
    }
    if (form.draft) {
      // Save draft: kept as typed, and the dialog shown again saying so.
      const who = await updating(context);
      if (typeof who === "string") return who;
      if (!data.drafts) return NO_UPDATES;
      const saved = await saveDraft(who.visible, { updates: who.updates, drafts: data.drafts }, who.person, { ref: indicator.ref, organisation: indicator.organisation }, form.values, form.state.openedFor);
      if (!saved.ok && (saved.refused || saved.errors.ref)) return Object.values(saved.errors).join("\n");
      return updateDialog(indicator, form.values, form.state, saved.ok ? {} : saved.errors, saved.ok ? saved.note : "Not saved.");
    }
    const outcome = await submitting(context, { ...form.values, ref: indicator.ref, organisation: indicator.organisation, period: form.values.period ?? "", opening: form.state.opening, confirmed: form.state.confirmed });
    if (typeof outcome === "string") return outcome;
    if (outcome.ok) return noticeText(outcome.notice);
    // Nothing in the form can fix a refusal: say why and close.
    if (outcome.refused) return Object.values(outcome.errors).join("\n");
    // A submission made since the form opened, or unusual figures asked about: shown, and carried from here, so the next Submit records.
    const state = { ...form.state, ...(outcome.opening !== undefined ? { opening: outcome.opening } : {}), ...(outcome.confirm !== undefined ? { confirmed: outcome.confirm } : {}) };
    return updateDialog(indicator, form.values, state, outcome.errors);
  };

  // The target dialog: the Set target button opens it (task/fetch); its Set target checks and sets (task/submit).
  app.taskModules.fetch(VERBS.target, async (context, _state, button) => {
    const opening = targetOpening.safeParse(button);
    if (!opening.success) return STALE_DIALOG;
    const indicator = await indicatorFor(context, opening.data.ref);
    if (typeof indicator === "string") return indicator;
    const who = await targeting(context, indicator);
    if (typeof who === "string") return who;
    const start = await startTargetForm(who.visible, indicator, new Date(), opening.data.period ?? null);
    return start ? targetDialog(start, start.values) : STALE_DIALOG;
  });
  app.taskModules.submit(VERBS.target, async (context, _state, sent) => {
    const form = readTargetForm(sent);
    if (!form) return STALE_DIALOG;
    if (!data.targets) return NO_TARGETS;
    const who = await whoAsks(context);
    if (typeof who === "string") return who;
    const answer = await submitTargetForm(who.visible, data.targets, who.person, form, "teams");
    if ("notice" in answer) return noticeText(answer.notice);
    // Beside the inputs, with what was typed; the indicator as the form names it.
    const start = await startTargetForm(who.visible, form, new Date());
    return start ? targetDialog(start, form.values, answer.errors) : STALE_DIALOG;
  });

  // The Assess dialog of a wheel's objective (assess-form.ts).
  assessDialogs(app, { assessments: data.assessments, whoAsks });
  /**
   * kpi report: for officers and admins, the acknowledgement first ("Building the Q1 2016/17 report…"), then a
   * link to it at a signed address that lasts a day; the report is built when the link is opened. Without
   * PUBLIC_URL there is no address to give: the asker is told to use Slack or the command line.
   */
  const sendReportLink = async (context: TurnContext, words: string[]) => {
    const prepared = await prepareChatReport({ ...data, emailOf: emailOf(context) }, askerOf(context.activity), words);
    if (!prepared.ok) return void (await context.sendActivity(noticeText(prepared.notice)));
    const asked = prepared.report;
    if (!reports.urls) {
      const service = asked.service ? ` --service "${asked.service}"` : "";
      return void (await context.sendActivity(`The report cannot be sent in Teams here: this bot has no public address to link it from. Ask for it with /kpi report in Slack, or build it with npm run kpi -- report --organisation "${asked.organisation}" --period "${asked.period}"${service}.`));
    }
    await context.sendActivity(asked.acknowledgement);
    try {
      // Checked now, so that an unknown service or an empty period is said here rather than by a dead link.
      const checked = await buildReport(data.catalogue, { organisation: asked.organisation, period: asked.period, service: asked.service, now: new Date() });
      if (!checked.ok) return void (await context.sendActivity(checked.message));
      const url = reports.urls.urlFor(asked);
      await context.sendActivity({ type: ActivityTypes.Message, textFormat: "markdown", text: `**${checked.report.title.replace(/[*_[\]()]/g, "")}**: [open the report (${asked.format === "docx" ? "Word" : "HTML"})](${url}). It is built with its charts from the figures as they are when opened; the link lasts a day.` });
    } catch (error) {
      turnLog(context).error({ err: error }, "building the committee report for Teams failed");
      await context.sendActivity(REPORT_SORRY);
    }
  };

  app.activity("message", async (context) => {
    await remember(context);
    await rememberPersonalChat(context);
    // A button press whose verb no route took.
    if (context.activity.value) return await staleButton(context);
    if (await files.fileSent(context)) return;
    const text = (context.activity.text ?? "").replace(/^\s*kpi\b\s*/i, "");
    const reportWords = reportRequest(text);
    if (reportWords) return await sendReportLink(context, reportWords);
    const updating = UPDATE.exec(text);
    if (updating) return await sendCard(context, await formPrompt(context, updating[1]!.trim(), {
          doing: "update",
          command: "kpi update",
          opens: (asked) => updateButton(asked),
          pick: (view) => (view.kind === "indicator" ? view : updatableAction(view)),
          refusal: (context, subject) => refusalFor(context, subject.ref, subject.kind === "action"),
          prompt: (subject) => (subject.kind === "action" ? actionPromptCard(subject) : updatePromptCard(subject)),
        }));
    const targetAsked = targetFormRequest(text);
    if (targetAsked) return await sendCard(context, await formPrompt(context, targetAsked.ref, {
          doing: "set a target for",
          command: "kpi target",
          opens: (asked) => targetButton(asked, targetAsked.period),
          pick: (view) => (view.kind === "indicator" ? view : null),
          refusal: targetRefusal,
          prompt: (indicator) => targetPromptCard(indicator, targetAsked.period),
        }));
    const assessAsked = assessFormRequest(text);
    if (assessAsked === "") return void (await context.sendActivity("Say which objective: kpi assess P3"));
    if (assessAsked) return await sendCard(context, await formPrompt<ObjectiveCard & { ref: string }>(context, assessAsked, {
          doing: "assess",
          pick: (view) => (view.kind === "objective" ? { ...view, ref: view.code } : null),
          refusal: async (context, objective) => {
            const who = await whoAsks(context);
            if (typeof who === "string") return who;
            if (!data.assessments) return "This bot does not record assessments.";
            const allowed = await mayAssess(who.visible, data.assessments, who.person, objective.code);
            return allowed.ok ? null : allowed.reason;
          },
          prompt: assessPromptCard,
        }));
    await sendCard(context, await answerCard(context, await answer(context, text)));
  });

  // The "Find indicator" search: typing shows matching indicators; choosing one inserts its card.
  app.messageExtensions.query("findIndicator", async (context, _state, query) => {
    const text = searchText.safeParse(query.parameters?.query ?? "");
    const view = text.success && text.data.trim() ? await answer(context, text.data) : null;
    const items = view?.kind === "indicator" ? [view] : view?.kind === "list" ? view.items : [];
    const attachments = items.map((i) => {
      const preview = CardFactory.thumbnailCard(i.ref, i.title);
      // Choosing a result sends its ref back to selectItem (a numbered one with its organisation's name).
      preview.content.tap = { type: "invoke", value: { ref: askingFor(i.ref, i.organisation) } };
      return { ...preview, preview };
    });
    return { type: "result", attachmentLayout: "list", attachments } as MessagingExtensionResult;
  });
  app.messageExtensions.selectItem(async (context, _state, item: { ref?: unknown }) => {
    const ref = z.string().min(1).max(200).safeParse(item?.ref);
    const view = ref.success ? await answer(context, ref.data) : null;
    const attachments = view ? [{ ...CardFactory.adaptiveCard(renderCard(view)), preview: CardFactory.thumbnailCard(ref.success ? ref.data : "") }] : [];
    return { type: "result", attachmentLayout: "list", attachments } as MessagingExtensionResult;
  });

  // Without an app id a request's origin proves nothing (a proxy on this machine makes every request local, and
  // need not say so): refused, unless local testing was asked for, and then still only from this machine.
  const onlyThisMachine = (req: Request, res: Response, next: NextFunction) => {
    if (authenticated) return next();
    if (!settings.local) return sendError(res, 401, "no MICROSOFT_APP_ID and no TEAMS_LOCAL=true: every Teams request is refused");
    if (fromThisMachine(req)) return next();
    sendError(res, 401, "TEAMS_LOCAL: only this machine may post, and this request came from elsewhere or through a proxy");
  };
  const onlyJson = (req: Request, res: Response, next: NextFunction) => (req.is("application/json") ? next() : sendError(res, 415));
  http.post("/api/messages", onlyThisMachine, onlyJson, express.json({ limit: "1mb" }), async (req, res) => {
    const activity = activityShape.safeParse(req.body);
    if (!activity.success) return sendError(res, 400, `not an activity: ${activity.error.issues.map((i) => i.path.join(".") || "body").join(", ")}`);
    let reachedBot = false;
    try {
      const result = await adapter.runTurn(req.headers.authorization ?? "", activity.data as unknown as Activity, async (context) => {
        reachedBot = true;
        context.turnState.set(TURN_LOG, log.child({ requestId: req.id }));
        await app.run(context);
      });
      const status = result?.status ?? 200;
      if (status >= 400) sendError(res, status, `no answer to a ${[activity.data.type, activity.data.name].filter(Boolean).join(" ")}`);
      else if (result?.body !== undefined) res.status(status).json(result.body);
      else res.status(status).end();
    } catch (error) {
      // Before the bot, with an app id, the request could not be authenticated, whatever stopped the check
      // (a bad token, or Microsoft's signing keys out of reach): refused as unauthorised.
      sendError(res, authenticated && !reachedBot ? 401 : 500, error);
    }
  });
  return { authenticated };
}
