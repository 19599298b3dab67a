// The Slack adapter: /kpi, its buttons, the update and target forms, the review channel's buttons and the App Home, on Bolt. HTTP mode
// mounts on the service's one express app at /slack/events; with an app-level
// token it uses Socket Mode instead (no inbound HTTP, for council firewalls).
//
// A slash command or a button carries everything needed to answer it, so nothing on
// the way to the answer calls Slack's Web API (but the update and return forms, which only
// views.open shows, the review message a return form updates, and a table sent in a direct message, which files.info finds): the bot token is checked once at start (auth.test), and a failure there is
// logged and shown in /healthz, not a silent bot.
import { App, ExpressReceiver, LogLevel, SocketModeReceiver, webApi, type Context, type Logger } from "@slack/bolt";
import type { Express, Request } from "express";
import { z } from "zod";
import { visibilityFor, type Asker } from "../../core/access.ts";
import type { Catalogue, People } from "../../core/ports.ts";
import type { Subscriptions } from "../../core/subscriptions.ts";
import type { ActionUpdates, Assessments, Cycles, Drafts, IndicatorImports, PeriodLocks, Retirements, Reviews, Targets, Updates } from "../../core/ports.ts";
import { homeFor } from "../../core/use-cases/home.ts";
import { identify, type EmailOf } from "../../core/use-cases/identify.ts";
import { notLinked } from "../../core/use-cases/not-linked.ts";
import { respond as answerAsker, catalogueFor } from "../../core/use-cases/respond.ts";
import type { IndicatorCard, View } from "../../core/views.ts";
import type { Logger as ServiceLogger } from "../../logger.ts";
import { ACTIONS, code, commentaryBlocks, escape, historyBlocks, homeBlocks, imageBlock, isShareable, renderSlack, truncate, type SlackMessage } from "./blocks.ts";
import { reviewButtons } from "./review.ts";
import { slackFileImports } from "./file-import.ts";
import { verifySlackRequests } from "./verify.ts";
import { slashCommandRoute, type SlashCommand } from "./slash-command.ts";
import { drawPicture, hasPicture, PICTURE_WIDTH, pictureLogFields, pictureName, type ChartPictures, type Pictured } from "../../charts/pictures.ts";
import type { ChartUrls } from "../../http/chart-urls.ts";
import { directMessage, pictureAlt, pictureTitle, pictureUrl, postWithFile, postWithPicture, type SlackTarget } from "./picture.ts";
import { prepareChatReport, type ChatReport } from "../../core/use-cases/report-in-chat.ts";
import { readIntent } from "../../core/interaction/intent.ts";
import { slackForms } from "./forms.ts";

export interface SlackSettings {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
  /** How long /kpi waits for its answer before acknowledging and answering through response_url. */
  ackBudgetMs?: number;
}

/** Chart pictures: drawn where `pictures` is given, shown from signed URLs where `urls` is too (PUBLIC_URL). */
export interface SlackCharts {
  pictures?: ChartPictures;
  urls?: ChartUrls;
}

/** Whether Slack's Web API accepted the bot token at the last check ("checking" until the first answer). */
export type SlackState = "checking" | "ok" | "unreachable";

/** Slack allows 3 seconds to acknowledge; answers not ready by then follow through response_url. */
const DEFAULT_ACK_BUDGET_MS = 2_000;
/** How long the token check waits for Slack, and how often it is tried again while it fails. */
const TOKEN_CHECK_TIMEOUT_MS = 5_000;
const TOKEN_RECHECK_MS = 60_000;
/** How long learning an asker's email (users.info) or opening a form (views.open) may take: someone is waiting. */
const QUICK_CALL_TIMEOUT_MS = 3_000;
/** How long each call of an upload may take: a shared card waits for its picture at most a few of these, then goes as text. */
const UPLOAD_CALL_TIMEOUT_MS = 8_000;

const message = (text: string): SlackMessage => ({ text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] });
const SORRY = message("Sorry, that question could not be answered just now. Please try again in a minute.");
/** Said where the service stopped before the report was ready: the asker is not left waiting. */
const reportInterrupted = (period: string) => message(`The ${escape(period)} report was interrupted: the service was restarting before it was ready. Please ask again with \`/kpi report\` in a minute.`);
const REPORT_SORRY = message("Sorry, the report could not be built or sent just now. Please try again in a few minutes, or build it with npm run kpi -- report.");
const CHART_SORRY = message("Sorry, the chart could not be drawn or sent just now. The card's trend line shows the same figures; please try again in a minute.");
/** A private reply below the message whose button was pressed, which stays as it was. */
const below = (reply: SlackMessage) => ({ response_type: "ephemeral" as const, replace_original: false, ...reply });
/** A button whose value is missing, unreadable or names nothing any more (a record renamed or removed). */
const outOfDate = (value: string | null): SlackMessage =>
  message(`That button is out of date: ask again with ${value ? code(`/kpi ${truncate(value, 100)}`) : "`/kpi` and your question"}.`);

// Button values come back from Slack: check them before use.
const buttonValue = z.string().min(1).max(2000);
const valueOf = (action: object): string | null => {
  const parsed = buttonValue.safeParse("value" in action ? action.value : undefined);
  return parsed.success ? parsed.data : null;
};

/** Bolt's logger on the service's one, from a level up; never given a token or secret. */
function boltLogger(log: ServiceLogger, from: LogLevel): Logger {
  let level = from;
  const order = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
  const write = (min: LogLevel, fn: (text: string) => void) => (...args: unknown[]) => {
    if (order.indexOf(min) >= order.indexOf(level)) fn(args.map((a) => (a instanceof Error ? a.message : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
  };
  return {
    debug: write(LogLevel.DEBUG, (t) => log.debug(t)),
    info: write(LogLevel.INFO, (t) => log.info(t)),
    warn: write(LogLevel.WARN, (t) => log.warn(t)),
    error: write(LogLevel.ERROR, (t) => log.error(t)),
    setLevel: (l) => (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** A Web API client's lines, all at debug: for calls whose failure the caller logs itself. */
function debugOnly(log: ServiceLogger): Logger {
  const inner = boltLogger(log, LogLevel.DEBUG);
  return { ...inner, info: inner.debug, warn: inner.debug, error: inner.debug };
}

/** What a request asked for and who asked, for the log (never a token: those are not in these fields). */
function requestOf(body: object): { doing: string; user?: string } {
  const b = body as { command?: string; text?: string; user_id?: string; user?: { id?: string }; actions?: { action_id?: string; value?: string }[]; event?: { type?: string; user?: string }; view?: { callback_id?: string } };
  if (b.command) return { doing: truncate(`${b.command} ${b.text ?? ""}`.trim(), 200), user: b.user_id };
  const action = b.actions?.[0];
  if (action) return { doing: truncate(`button ${action.action_id} ${action.value ?? ""}`.trim(), 200), user: b.user?.id };
  // A form's values are what someone wrote: not for the log.
  if (b.view) return { doing: `form ${truncate(b.view.callback_id ?? "unknown", 100)}`, user: b.user?.id };
  return { doing: `event ${b.event?.type ?? "unknown"}`, user: b.event?.user };
}

export interface SlackAdapter {
  mode: "http" | "socket";
  state(): SlackState;
  start(): Promise<void>;
  /** Waits up to graceMs for reports being built, telling the askers of any unfinished that they were interrupted; then disconnects. */
  stop(graceMs?: number): Promise<void>;
}

/** The channel (and thread) a button was pressed in, where Slack says. */
function whereFrom(body: object): SlackTarget | null {
  const b = body as { channel?: { id?: unknown }; container?: { thread_ts?: unknown } };
  if (typeof b.channel?.id !== "string") return null;
  return { channel: b.channel.id, ...(typeof b.container?.thread_ts === "string" ? { threadTs: b.container.thread_ts } : {}) };
}

/** Who sent a request, from the ids Bolt read from it (signed by Slack): workspace, Enterprise Grid and user. */
function askerOf(context: Context): Asker {
  return {
    workspace: [
      ...(context.teamId ? [{ kind: "slack-team" as const, id: context.teamId }] : []),
      ...(context.enterpriseId ? [{ kind: "slack-enterprise" as const, id: context.enterpriseId }] : []),
    ],
    identity: context.userId ? { slackUserId: context.userId } : {},
  };
}

export function createSlackAdapter(settings: SlackSettings, http: Express, data: { catalogue: Catalogue; people: People; subscriptions?: Subscriptions; updates?: Updates; cycles?: Cycles; reviews?: Reviews; drafts?: Drafts; targets?: Targets; locks?: PeriodLocks; retirements?: Retirements; imports?: IndicatorImports; actionUpdates?: ActionUpdates; assessments?: Assessments }, log: ServiceLogger, charts: SlackCharts = {}): SlackAdapter {
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
  const card = async (context: Context, ref: string): Promise<IndicatorCard | null> => {
    const found = await view(context, ref);
    return found.kind === "indicator" ? found : null;
  };

  /**
   * What `pending` gives within the acknowledgement's budget, to answer in the acknowledgement itself; null
   * after it, and always for a budget of 0 (then the answer goes through response_url).
   */
  const withinAckBudget = async <T>(pending: Promise<T>): Promise<T | null> => {
    const budget = settings.ackBudgetMs ?? DEFAULT_ACK_BUDGET_MS;
    if (budget <= 0) return null;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([pending, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), budget)))]);
    } finally {
      clearTimeout(timer);
    }
  };

  /**
   * /kpi report: for officers and admins, the acknowledgement at once ("Building the Q1 2016/17 report…"), then
   * the report built (with its charts) and uploaded into the asker's direct message with the bot, and a line
   * below the acknowledgement saying so. Anyone else, and a request that cannot be met, is told why instead.
   */
  const sendReport = async (context: Context, body: object, words: string[], ack: (reply?: object) => Promise<void>, respond: (reply: object) => Promise<unknown>) => {
    const asker = askerOf(context);
    const preparing = prepareChatReport(asking(context), asker, words).catch((error: unknown) => ({ ok: false as const, failed: apologise(context, body)(error) }));
    const quick = await withinAckBudget(preparing);
    const tell = async (reply: SlackMessage, first: boolean) => (first ? ack({ response_type: "ephemeral", ...reply }) : respond({ response_type: "ephemeral", replace_original: true, ...reply }));
    if (!quick) await ack({ response_type: "ephemeral", text: "Looking that up…" });
    const prepared = quick ?? (await preparing);
    if (!prepared.ok) return void (await tell("failed" in prepared ? prepared.failed : renderSlack(prepared.notice, { shareable: false }, words.join(" ")), Boolean(quick)));
    const asked = prepared.report;
    await tell(message(escape(asked.acknowledgement)), Boolean(quick));
    const building = { interrupted: false };
    // Once the asker was told the report was interrupted (the service stopping), nothing more is said.
    const after = async (reply: SlackMessage) => (building.interrupted ? undefined : respond({ response_type: "ephemeral", replace_original: false, ...reply }));
    const built = buildAndSend(context, body, asked, after);
    reportsInFlight.set(built, async () => {
      building.interrupted = true;
      await respond({ response_type: "ephemeral", replace_original: false, ...reportInterrupted(asked.period) });
    });
    try {
      await built;
    } finally {
      reportsInFlight.delete(built);
    }
  };

  /** The report built and uploaded into the asker's direct message, and a line below the acknowledgement saying so. */
  const buildAndSend = async (context: Context, body: object, asked: ChatReport, after: (reply: SlackMessage) => Promise<unknown>) => {
    try {
      const built = await (await import("../../reports/report-file.ts")).reportFile(data.catalogue, asked);
      if (!built.ok) return void (await after(message(escape(built.message))));
      const file = built.file;
      const missing = file.failedCharts.length ? ` ${file.failedCharts.length} chart${file.failedCharts.length === 1 ? " could" : "s could"} not be drawn (${file.failedCharts.join(", ")}).` : "";
      const text = `*${escape(file.title)}*\nBuilt from the figures as they are now, with a trend chart per indicator.${escape(missing)}`;
      await postWithFile(uploader, await directMessage(uploader, context.userId!), { text: escape(file.title), blocks: [{ type: "section", text: { type: "mrkdwn", text } }] }, { bytes: file.bytes, filename: file.filename, title: file.title });
      await after(message(`The ${escape(asked.period)} report is in your direct messages with the bot.`));
    } catch (error) {
      logFailure(error, context, body);
      await after(REPORT_SORRY);
    }
  };

  /** Reports being built after their acknowledgement, each with how to tell its asker it was interrupted. */
  const reportsInFlight = new Map<Promise<void>, () => Promise<void>>();
  /** Waits up to graceMs for the reports being built; tells the askers of those still unfinished that they were interrupted. */
  const finishReports = async (graceMs: number) => {
    if (!reportsInFlight.size) return;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([Promise.all(reportsInFlight.keys()).then(() => true), new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)))]);
    clearTimeout(timer);
    if (finished) return;
    log.warn({ reports: reportsInFlight.size }, "Slack: reports still being built at the end of the grace period; their askers are told they were interrupted");
    await Promise.all([...reportsInFlight.values()].map((interrupt) => interrupt().catch((error: unknown) => log.warn({ err: error }, "Slack: telling an asker their report was interrupted failed"))));
  };

  /** /kpi, whether Bolt (Socket Mode) or the service's own route (HTTP) received it. */
  const onKpi = async ({ text, triggerId, context, body, ack, respond }: SlashCommand): Promise<void> => {
    const intent = readIntent(text);
    if (intent.kind === "report") return void (await sendReport(context, body, intent.words, ack, respond));
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
    const quick = await withinAckBudget(pending);
    if (quick) {
      await ack({ response_type: "ephemeral", ...quick });
      return;
    }
    await ack({ response_type: "ephemeral", text: "Looking that up…" });
    await respond({ response_type: "ephemeral", replace_original: true, ...(await pending) });
  };
  // Socket Mode: through Bolt. Over HTTP the route above answers /kpi before Bolt sees it.
  app.command("/kpi", ({ command, ack, respond, context }) => onKpi({ text: command.text ?? "", triggerId: command.trigger_id, context, body: command, ack, respond }));

  // Share in channel: post the answer for everyone through response_url, then remove the private copy.
  // An indicator's card goes with its picture, as one message posted by the bot into the channel (and thread)
  // the button was pressed in; where that fails (the bot is not in the channel, drawing failed), as text.
  app.action(ACTIONS.share, async ({ ack, action, body, respond, context }) => {
    await ack();
    const value = valueOf(action);
    if (!value) return void (await respond(below(outOfDate(null))));
    let found: View;
    try {
      found = await view(context, value);
    } catch (error) {
      return void (await respond(below(apologise(context, body)(error))));
    }
    // The question now finds nothing, or no answer (the data changed since): said privately, nothing posted.
    if (!isShareable(found)) return void (await respond(below(outOfDate(value))));
    const shared = renderSlack(found, { shareable: false, sharedBy: body.user.id }, value);
    const where = whereFrom(body);
    const withPicture = hasPicture(found) && where ? await sharePicture(context, found, shared, where) : false;
    if (!withPicture) await respond({ response_type: "in_channel", replace_original: false, ...shared });
    await respond({ delete_original: true });
  });

  /** Posts the shared card with its picture; false where it did not (logged once), so that the text goes instead. */
  const sharePicture = async (context: Context, card: Pictured, shared: SlackMessage, where: SlackTarget): Promise<boolean> => {
    if (!charts.pictures) return false;
    try {
      const picture = await drawPicture(charts.pictures, card, PICTURE_WIDTH.slack);
      if (!picture) return false;
      await postWithPicture(uploader, where, shared, picture);
      return true;
    } catch (error) {
      pictureFailed(error, context, card, "sharing");
      return false;
    }
  };

  // Chart, below a private answer: the picture in place from its signed URL where PUBLIC_URL is set (Slack
  // fetches it from us), else sent to the asker in their direct message with the bot. The card stays as it was.
  app.action(ACTIONS.chart, async ({ ack, action, body, respond, context }) => {
    await ack();
    const value = valueOf(action);
    let answered: View | null;
    try {
      answered = value ? await view(context, value) : null;
    } catch (error) {
      return void (await respond(below(apologise(context, body)(error))));
    }
    // An indicator's card or a wheel: what the button was under.
    const found = answered && hasPicture(answered) ? answered : null;
    if (!found) return void (await respond(below(outOfDate(value))));
    const title = pictureTitle(found);
    const url = pictureUrl(charts.urls, found, PICTURE_WIDTH.slack);
    if (url) {
      const shown = await respond(below({ text: escape(title), blocks: [imageBlock(url, title, pictureAlt(found))] })).then(
        () => true,
        (error: unknown) => (pictureFailed(error, context, found, "showing"), false),
      );
      if (shown) return;
    }
    if (!charts.pictures) return void (await respond(below(CHART_SORRY)));
    try {
      const picture = await drawPicture(charts.pictures, found, PICTURE_WIDTH.slack);
      if (!picture) return void (await respond(below(outOfDate(value))));
      await postWithPicture(uploader, await directMessage(uploader, body.user.id), { text: escape(title), blocks: [{ type: "section", text: { type: "mrkdwn", text: `*${escape(title)}*` } }] }, picture);
      await respond(below(message(`The ${found.kind === "indicator" ? `chart of ${escape(found.ref)}` : "picture of the wheel"} is in your direct messages with the bot.`)));
    } catch (error) {
      pictureFailed(error, context, found, "sending");
      await respond(below(CHART_SORRY));
    }
  });

  // Next/Previous replace the page shown (an apology goes below it); Open adds the record below.
  for (const [actionId, replacesPage] of [
    [ACTIONS.page, true],
    [ACTIONS.open, false],
  ] as const) {
    app.action(actionId, async ({ ack, action, body, respond, context }) => {
      await ack();
      const value = valueOf(action);
      if (!value) return void (await respond(below(outOfDate(null))));
      const reply = await answer(context, value, true).catch(apologise(context, body));
      await respond({ ...below(reply), replace_original: replacesPage && reply !== SORRY });
    });
  }

  for (const [actionId, blocksFor] of [
    [ACTIONS.history, historyBlocks],
    [ACTIONS.commentary, commentaryBlocks],
  ] as const) {
    app.action(actionId, async ({ ack, action, body, respond, context }) => {
      await ack();
      const value = valueOf(action);
      let reply: SlackMessage;
      try {
        const found = value ? await card(context, value) : null;
        reply = found ? { text: escape(`${found.ref} ${found.title}`), blocks: blocksFor(found) } : outOfDate(value);
      } catch (error) {
        reply = apologise(context, body)(error);
      }
      await respond(below(reply));
    });
  }

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

  // The token check: no retries of its own (it is tried again every minute while it fails), and a
  // failure is logged when the state changes, not every minute.
  const checker = new webApi.WebClient(settings.botToken, { ...clientOptions, retryConfig: { retries: 0 }, timeout: TOKEN_CHECK_TIMEOUT_MS, logger: boltLogger(log, LogLevel.ERROR) });
  let state: SlackState = "checking";
  let recheck: NodeJS.Timeout | undefined;
  let stopped = false;
  const checkToken = async (): Promise<void> => {
    try {
      const result = await checker.auth.test();
      identity = { botId: result.bot_id, botUserId: result.user_id };
      if (state === "unreachable") log.info("Slack's Web API accepts the bot token again (auth.test).");
      state = "ok";
    } catch (error) {
      if (state !== "unreachable") {
        log.error(
          { err: error },
          "Slack's Web API did not accept the bot token (auth.test): check SLACK_BOT_TOKEN and that this machine can reach Slack (and SLACK_API_URL, if set). /kpi and its buttons are still answered, as they need only the request; the App Home and the update form need the Web API. Checking again every minute.",
        );
      }
      state = "unreachable";
      if (!stopped) recheck = setTimeout(() => void checkToken(), TOKEN_RECHECK_MS).unref();
    }
  };

  return {
    mode: socket ? "socket" : "http",
    state: () => state,
    // HTTP mode needs no receiver start: the service's server already routes /slack/events.
    start: async () => {
      await checkToken();
      if (socket) await app.start();
    },
    stop: async (graceMs = 0) => {
      stopped = true;
      clearTimeout(recheck);
      await finishReports(graceMs);
      // Waits until the connection is closed, so no reconnection is left pending.
      if (socket) await socket.client.disconnect();
    },
  };
}
