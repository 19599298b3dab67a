// The Slack adapter: /kpi, its buttons, the update and target forms, the review channel's buttons and the App Home, on Bolt. HTTP mode
// mounts on the service's one express app at /slack/events; with an app-level
// token it uses Socket Mode instead (no inbound HTTP, for council firewalls).
//
// A slash command or a button carries everything needed to answer it, so nothing on
// the way to the answer calls Slack's Web API (but the update and return forms, which only
// views.open shows, the review message a return form updates, and a table sent in a direct message, which files.info finds): the bot token is checked once at start (auth.test), and a failure there is
// logged and shown in /healthz, not a silent bot.
import { App, ExpressReceiver, LogLevel, SocketModeReceiver, webApi, type Context } from "@slack/bolt";
import type { Express, Request } from "express";
import { pictureLogFields, pictureName, type Pictured } from "../../charts/pictures.ts";
import { visibilityFor } from "../../core/access.ts";
import { readIntent } from "../../core/interaction/intent.ts";
import type { ActionUpdates, Assessments, Catalogue, Cycles, Drafts, IndicatorImports, People, PeriodLocks, Retirements, Reviews, Targets, Updates } from "../../core/ports.ts";
import type { Comparing } from "../../core/use-cases/compare.ts";
import type { Subscriptions } from "../../core/subscriptions.ts";
import { homeFor } from "../../core/use-cases/home.ts";
import { identify, type EmailOf } from "../../core/use-cases/identify.ts";
import { notLinked } from "../../core/use-cases/not-linked.ts";
import { respond as answerAsker, catalogueFor } from "../../core/use-cases/respond.ts";
import type { View } from "../../core/views.ts";
import type { Logger as ServiceLogger } from "../../logger.ts";
import { answerButtons, type SlackCharts } from "./answer-buttons.ts";
import { homeBlocks, renderSlack, type SlackMessage } from "./blocks.ts";
import { boltLogger, debugOnly, requestOf } from "./bolt-log.ts";
import { slackFileImports } from "./file-import.ts";
import { slackForms } from "./forms.ts";
import { askerOf, SORRY, withinBudget } from "./replies.ts";
import { slackReports } from "./report.ts";
import { reviewButtons } from "./review.ts";
import { slashCommandRoute, type SlashCommand } from "./slash-command.ts";
import { tokenCheck, type SlackState } from "./token-check.ts";
import { verifySlackRequests } from "./verify.ts";

export interface SlackSettings {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
  /** How long /kpi waits for its answer before acknowledging and answering through response_url. */
  ackBudgetMs?: number;
}

/** Slack allows 3 seconds to acknowledge; answers not ready by then follow through response_url. */
const DEFAULT_ACK_BUDGET_MS = 2_000;
/** How long the token check waits for Slack. */
const TOKEN_CHECK_TIMEOUT_MS = 5_000;
/** How long learning an asker's email (users.info) or opening a form (views.open) may take: someone is waiting. */
const QUICK_CALL_TIMEOUT_MS = 3_000;
/** How long each call of an upload may take: a shared card waits for its picture at most a few of these, then goes as text. */
const UPLOAD_CALL_TIMEOUT_MS = 8_000;

export interface SlackAdapter {
  mode: "http" | "socket";
  state(): SlackState;
  start(): Promise<void>;
  /** Waits up to graceMs for reports being built, telling the askers of any unfinished that they were interrupted; then disconnects. */
  stop(graceMs?: number): Promise<void>;
}

export function createSlackAdapter(settings: SlackSettings, http: Express, data: { catalogue: Catalogue; people: People; subscriptions?: Subscriptions; updates?: Updates; cycles?: Cycles; reviews?: Reviews; drafts?: Drafts; targets?: Targets; locks?: PeriodLocks; retirements?: Retirements; imports?: IndicatorImports; actionUpdates?: ActionUpdates; assessments?: Assessments; comparing?: Comparing }, log: ServiceLogger, charts: SlackCharts = {}): SlackAdapter {
  const logger = boltLogger(log, LogLevel.WARN);
  const clientOptions = settings.apiUrl ? { slackApiUrl: settings.apiUrl.endsWith("/") ? settings.apiUrl : `${settings.apiUrl}/` } : {};

  // The bot's own ids, once the token check has read them (Bolt uses them to ignore its own messages).
  let identity: { botId?: string; botUserId?: string } = {};
  // The request's own ids go into the context too, where askerOf reads them.
  const authorize = async (source: { teamId?: string; enterpriseId?: string; userId?: string; conversationId?: string }) => ({
    botToken: settings.botToken,
    ...identity,
    teamId: source.teamId,
    enterpriseId: source.enterpriseId,
    userId: source.userId,
    conversationId: source.conversationId,
  });

  const socket = settings.appToken
    ? new SocketModeReceiver({
        appToken: settings.appToken,
        logger,
        // A copy: the Socket Mode client writes its own retry settings into the options it is given.
        installerOptions: { clientOptions: { ...clientOptions } },
        customPropertiesExtractor: (args: { envelope_id?: string }) => ({ requestId: args.envelope_id }),
      })
    : null;
  // Over HTTP, /kpi is answered by the service's own route (slash-command.ts); the rest goes on to Bolt's receiver.
  if (!socket)
    http.post(
      "/slack/events",
      ...verifySlackRequests(settings.signingSecret!),
      slashCommandRoute("/kpi", (command) => onKpi(command), (error, command) => logFailure(error, command.context, command.body)),
    );
  const receiver =
    socket ??
    new ExpressReceiver({
      signingSecret: settings.signingSecret!,
      // Checked above, both ways in time; Bolt's own check accepts requests stamped in the future.
      signatureVerification: false,
      app: http,
      endpoints: "/slack/events",
      logger,
      customPropertiesExtractor: (req: Request) => ({ requestId: req.id }),
    });
  // Web API calls (the App Home's views.publish) give up within five minutes rather than Bolt's default half hour.
  // No conversation store: Bolt's default keeps one in memory per request, which the bot never reads.
  const app = new App({ authorize, receiver, logger, convoStore: false, clientOptions: { ...clientOptions, retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes }, extendedErrorHandler: true });

  /** Logs a failure once, with what was asked, who asked and the request id. */
  const logFailure = (error: unknown, context: Context, body: object) => {
    const { doing, user } = requestOf(body);
    log.error({ err: error, requestId: context.requestId, user, doing }, `Slack: ${doing} failed`);
  };
  /** For a question that failed: log it and give the user the apology. */
  const apologise = (context: Context, body: object) => (error: unknown): SlackMessage => {
    logFailure(error, context, body);
    return SORRY;
  };

  // Calls someone is waiting for: one quick try each. A person's email (users.info, scope
  // users:read.email), to match them to the people in the database the first time they need to be
  // known; and opening a form (views.open), whose trigger_id is good for 3 seconds only.
  const quick = new webApi.WebClient(settings.botToken, { ...clientOptions, retryConfig: { retries: 0 }, timeout: QUICK_CALL_TIMEOUT_MS, logger: boltLogger(log, LogLevel.ERROR) });
  const emailOf =
    (user: string | undefined): EmailOf =>
    async () => {
      if (!user) return null;
      try {
        return (await quick.users.info({ user })).user?.profile?.email ?? null;
      } catch (error) {
        log.warn({ err: error, user }, "Slack: reading a user's email (users.info) failed; they are answered as someone the bot does not know");
        return null;
      }
    };
  // Uploads (a shared card's picture, a chart by direct message): a retry or so each, and the client's own
  // lines at debug only, since a failure is logged once by whoever falls back to text.
  const uploader = new webApi.WebClient(settings.botToken, { ...clientOptions, retryConfig: { retries: 1, minTimeout: 500, maxTimeout: 1_000 }, timeout: UPLOAD_CALL_TIMEOUT_MS, logger: debugOnly(log) });
  /** Logs, once, that a picture did not go out and the text did (or will) instead. */
  const pictureFailed = (error: unknown, context: Context, shown: Pictured, doing: string) =>
    log.warn({ err: error, requestId: context.requestId, user: context.userId, ...pictureLogFields(shown) }, `Slack: ${doing} ${pictureName(shown)} failed; the text went instead`);

  const asking = (context: Context) => ({
    ...data,
    via: "slack" as const,
    emailOf: emailOf(context.userId),
    // Where "subscribe" was typed: the channel the digest goes to.
    ...(typeof context.conversationId === "string" ? { channel: { platform: "slack" as const, id: context.conversationId } } : {}),
  });

  const view = (context: Context, text: string): Promise<View> => answerAsker(asking(context), askerOf(context), text);
  // A private answer offers the Chart button where pictures are drawn; a shared one carries its picture instead.
  const answer = async (context: Context, text: string, shareable: boolean): Promise<SlackMessage> => renderSlack(await view(context, text), { shareable, chart: shareable && Boolean(charts.pictures) }, text);
  /** /kpi, whether Bolt (Socket Mode) or the service's own route (HTTP) received it. */
  const onKpi = async ({ text, triggerId, context, body, ack, respond }: SlashCommand): Promise<void> => {
    const intent = readIntent(text);
    if (intent.kind === "report") return void (await reports.send(context, body, intent.words, ack, respond));
    if (intent.kind === "form") {
      // Answered in the acknowledgement where there is no form to open; else acknowledged, then opened.
      const tell = (reply: SlackMessage) => (acked ? respond({ response_type: "ephemeral", ...reply }) : ack({ response_type: "ephemeral", ...reply }));
      let acked = false;
      return void (await forms.openOrTell(context, body, intent, triggerId, tell, async () => {
        acked = true;
        await ack();
      }));
    }
    const pending = answer(context, text, true).catch(apologise(context, body));
    const quick = await withinBudget(pending, ackBudgetMs);
    if (quick) {
      await ack({ response_type: "ephemeral", ...quick });
      return;
    }
    await ack({ response_type: "ephemeral", text: "Looking that up…" });
    await respond({ response_type: "ephemeral", replace_original: true, ...(await pending) });
  };
  // Socket Mode: through Bolt. Over HTTP the route above answers /kpi before Bolt sees it.
  app.command("/kpi", ({ command, ack, respond, context }) => onKpi({ text: command.text ?? "", triggerId: command.trigger_id, context, body: command, ack, respond }));

  // The buttons under an answer (answer-buttons.ts), and /kpi report (report.ts).
  answerButtons(app, { view, answer, apologise, pictureFailed, charts, uploader });
  const ackBudgetMs = settings.ackBudgetMs ?? DEFAULT_ACK_BUDGET_MS;
  const reports = slackReports({ catalogue: data.catalogue, comparing: data.comparing, asking, askerOf, apologise, logFailure, uploader, ackBudgetMs, log });

  // Every form: its buttons, submissions and drafts (forms.ts), each checked again from the start.
  const forms = slackForms(app, {
    services: data,
    filler: async (context, withEmail) => {
      const asker = askerOf(context);
      const visible = await catalogueFor(data.catalogue, asker);
      if (!visible) return notLinked(asker);
      // Before a form opens, only who the database knows: learning an email (users.info) is too slow then.
      return { visible, person: await identify(withEmail ? asking(context) : { catalogue: data.catalogue, people: data.people }, asker), via: "slack" };
    },
    client: quick,
    logFailure,
    log,
    sorry: SORRY,
  });

  // The review channel's Accept and Return (review.ts).
  reviewButtons(app, {
    data,
    whoAsks: async (context) => ({ person: await identify(asking(context), askerOf(context)), visibility: visibilityFor(await data.catalogue.workspaceLinks(), askerOf(context)) }),
    openModal: (triggerId, view) => quick.views.open({ trigger_id: triggerId, view }),
    logFailure,
    sorry: SORRY,
  });

  // Tables sent in a direct message: checked, then imported on Import (file-import.ts).
  slackFileImports(app, {
    data,
    botToken: settings.botToken,
    apiUrl: settings.apiUrl,
    // file_shared names its user as user_id, which Bolt does not read into the context.
    whoAsks: async (context, user) => {
      const asker = { ...askerOf(context), identity: { slackUserId: user } };
      return { asker, person: await identify({ ...asking(context), emailOf: emailOf(user) }, asker) };
    },
    logFailure,
    log,
    sorry: SORRY,
  });

  app.event("app_home_opened", async ({ event, client, context }) => {
    if (event.tab !== "home") return;
    const home = await homeFor(asking(context), askerOf(context));
    await client.views.publish({ user_id: event.user, view: { type: "home", blocks: homeBlocks(home) } });
  });

  // Whatever a listener did not handle itself (a response_url or Web API call that failed, the App Home).
  app.error(async ({ error, context, body }: { error: Error; context: Context; body: object }) => logFailure(error, context, body));

  // The token check: no retries of its own, and its failure logged when the state changes (token-check.ts).
  const checker = new webApi.WebClient(settings.botToken, { ...clientOptions, retryConfig: { retries: 0 }, timeout: TOKEN_CHECK_TIMEOUT_MS, logger: boltLogger(log, LogLevel.ERROR) });
  const token = tokenCheck(checker, log, (ids) => (identity = ids));

  return {
    mode: socket ? "socket" : "http",
    state: token.state,
    // HTTP mode needs no receiver start: the service's server already routes /slack/events.
    start: async () => {
      await token.check();
      if (socket) await app.start();
    },
    stop: async (graceMs = 0) => {
      token.stop();
      await reports.finish(graceMs);
      // Waits until the connection is closed, so no reconnection is left pending.
      if (socket) await socket.client.disconnect();
    },
  };
}
