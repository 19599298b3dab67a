// The Teams adapter: a teams-ai v1 Application on botbuilder's CloudAdapter at
// POST /api/messages. Every Teams import stays in this folder, so a later move to
// teams-ai's successor touches nothing else.
import { Application, TeamsAdapter, type TurnState } from "@microsoft/teams-ai";
import { ActivityTypes, CardFactory, TeamsInfo, TurnContext, type Activity, type InvokeResponse,  } from "botbuilder";
import express, { type IRouter, type NextFunction, type Request, type Response } from "express";
import { z } from "zod";
import { visibilityFor, type Asker } from "../../core/access.ts";
import type { Catalogue, Conversations, People } from "../../core/ports.ts";
import type { Comparing } from "../../core/use-cases/compare.ts";
import type { Subscriptions } from "../../core/subscriptions.ts";
import type { ActionUpdates, Assessments, Cycles, Drafts, IndicatorImports, PeriodLocks, Retirements, Reviews, Targets, Updates } from "../../core/ports.ts";
import { identify, type EmailOf } from "../../core/use-cases/identify.ts";
import { notLinked } from "../../core/use-cases/not-linked.ts";
import { catalogueFor, respond } from "../../core/use-cases/respond.ts";
import type { View } from "../../core/views.ts";
import { sendError } from "../../http/server.ts";
import type { Logger } from "../../logger.ts";
import { commentaryCard, historyCard, renderCard, VERBS, type AdaptiveCard } from "./cards.ts";
import { teamsDialogs } from "./dialogs.ts";
import { readIntent } from "../../core/interaction/intent.ts";
import { findIndicator } from "./find-indicator.ts";
import { sendReportLink, type TeamsReports } from "./report-link.ts";
import { fromThisMachine, isLoopback } from "./request-origin.ts";
import { hasPicture } from "../../charts/pictures.ts";
import { chartImageFor, type TeamsCharts } from "./chart-image.ts";
import { reviewSubmits } from "./review.ts";
import { teamsFileImports } from "./file-import.ts";

export { fromThisMachine, isLoopback, type TeamsReports };

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
/** "kpi update AC/S8": a card with the button that opens the update dialog. */
const submitData = z.object({ verb: z.string(), ref: z.string().min(1).max(2000).optional(), query: z.string().max(2000).optional() });

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

export function mountTeams(settings: TeamsSettings, http: IRouter, data: { catalogue: Catalogue; people: People; subscriptions?: Subscriptions; updates?: Updates; cycles?: Cycles; reviews?: Reviews; drafts?: Drafts; targets?: Targets; locks?: PeriodLocks; retirements?: Retirements; imports?: IndicatorImports; actionUpdates?: ActionUpdates; assessments?: Assessments; comparing?: Comparing }, conversations: Conversations, log: Logger, charts: TeamsCharts = {}, reports: TeamsReports = {}): { authenticated: boolean } {
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
  /** An answer's card: an indicator's, a wheel's or a comparison's with its picture where one is drawn in time (chart-image.ts). */
  const answerCard = async (context: TurnContext, view: View): Promise<AdaptiveCard> =>
    renderCard(view, hasPicture(view) ? { chart: await chartImageFor(view, charts, turnLog(context)) } : {});
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

  // Every form's dialog: opened from its card's button, checked again from the start when sent (dialogs.ts).
  const dialogs = teamsDialogs(app, {
    services: data,
    filler: async (context) => {
      const asker = askerOf(context.activity);
      const visible = await catalogueFor(data.catalogue, asker);
      return visible ? { visible, person: await identify({ ...data, emailOf: emailOf(context) }, asker), via: "teams" } : notLinked(asker);
    },
  });

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

  // The "Find indicator" search (find-indicator.ts).
  findIndicator(app, answer);

  app.activity("message", async (context) => {
    await remember(context);
    await rememberPersonalChat(context);
    // A button press whose verb no route took.
    if (context.activity.value) return await staleButton(context);
    if (await files.fileSent(context)) return;
    const text = (context.activity.text ?? "").replace(/^\s*kpi\b\s*/i, "");
    const intent = readIntent(text);
    if (intent.kind === "report") return await sendReportLink(context, intent.words, { data, reports, asking: (c) => ({ ...data, emailOf: emailOf(c) }), asker: (c) => askerOf(c.activity), log: turnLog });
    if (intent.kind === "form") return await sendCard(context, await dialogs.invitation(context, intent.command, intent.subject, intent.period));
    await sendCard(context, await answerCard(context, await answer(context, text)));
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
