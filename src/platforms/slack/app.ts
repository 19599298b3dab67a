// The Slack adapter: /kpi, its buttons, the update and target forms, the review channel's buttons and the App Home, on Bolt. HTTP mode
// mounts on the service's one express app at /slack/events; with an app-level
// token it uses Socket Mode instead (no inbound HTTP, for council firewalls).
//
// A slash command or a button carries everything needed to answer it, so nothing on
// the way to the answer calls Slack's Web API (but the update and return forms, which only
// views.open shows, the review message a return form updates, and a table sent in a direct message, which files.info finds): the bot token is checked once at start (auth.test), and a failure there is
// logged and shown in /healthz, not a silent bot.
import { App, ExpressReceiver, LogLevel, SocketModeReceiver, webApi, type Context, type Logger, type types, type ViewResponseAction } from "@slack/bolt";
import type { Express, Request } from "express";
import { z } from "zod";
import { visibilityFor, type Asker, type PersonProfile } from "../../core/access.ts";
import type { Catalogue, People } from "../../core/ports.ts";
import type { Subscriptions } from "../../core/subscriptions.ts";
import { ask } from "../../core/use-cases/ask.ts";
import { submitUpdate } from "../../core/use-cases/submit-update.ts";
import type { ActionUpdates, Assessments, Cycles, Drafts, IndicatorImports, PeriodLocks, Retirements, Reviews, Targets, Updates } from "../../core/ports.ts";
import { mayUpdate } from "../../core/use-cases/may-update.ts";
import { mayUpdateAction, updateAction } from "../../core/use-cases/update-action.ts";
import { formIndicator, saveDraft, startForm } from "../../core/use-cases/update-form.ts";
import { mayTarget } from "../../core/use-cases/set-target.ts";
import { startTargetForm, submitTargetForm, targetFormRequest } from "../../core/use-cases/target-form.ts";
import { homeFor } from "../../core/use-cases/home.ts";
import { identify, type EmailOf } from "../../core/use-cases/identify.ts";
import { notLinked } from "../../core/use-cases/not-linked.ts";
import { respond as answerAsker, catalogueFor } from "../../core/use-cases/respond.ts";
import { notice, type ActionCard, type IndicatorCard, type View } from "../../core/views.ts";
import type { Logger as ServiceLogger } from "../../logger.ts";
import { ACTIONS, code, commentaryBlocks, escape, historyBlocks, homeBlocks, imageBlock, isShareable, renderSlack, truncate, whichOrganisation, type SlackMessage } from "./blocks.ts";
import { notRecorded, readForm, responseTo, SAVE_DRAFT, saying, UPDATE_FORM, updateForm, updateRequest } from "./update-form.ts";
import { ACTION_FIELDS, ACTION_FORM, actionForm, readActionForm } from "./action-form.ts";
import { reviewButtons } from "./review.ts";
import { slackFileImports } from "./file-import.ts";
import { readTargetForm, TARGET_FORM, targetForm, targetResponse, targetSaying } from "./target-form.ts";
import { ASSESS_FORM, assessing, assessResponse, assessSaying, readAssessForm } from "./assess-form.ts";
import { assessFormRequest, submitAssessForm } from "../../core/use-cases/assess-form.ts";
import { verifySlackRequests } from "./verify.ts";
import { slashCommandRoute, type SlashCommand } from "./slash-command.ts";
import { drawPicture, hasPicture, PICTURE_WIDTH, pictureLogFields, pictureName, type ChartPictures, type Pictured } from "../../charts/pictures.ts";
import type { ChartUrls } from "../../http/chart-urls.ts";
import { directMessage, pictureAlt, pictureTitle, pictureUrl, postWithFile, postWithPicture, type SlackTarget } from "./picture.ts";
import { prepareChatReport, reportRequest, type ChatReport } from "../../core/use-cases/report-in-chat.ts";

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
const FORM_SORRY = message("Sorry, the form could not be opened just now. Please try again in a minute.");
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

  /** A form ready to open, or what to tell the asker instead. */
  type Prepared = { open: (triggerId: string) => Promise<void> } | { instead: SlackMessage };

  /** A key action with a reference: what its update form is for. */
  type NamedAction = ActionCard & { ref: string };
  /** A form opened for one indicator (or key action): how it is asked for, who may use it, the modal it opens with. */
  interface FormKind<Subject> {
    /** "/kpi update", said with an example reference where none or a wrong one is given. */
    command: string;
    /** What the reference must name: "an indicator's reference here". */
    what: string;
    /** Why this service has no such form (its store is not wired); null where it has. */
    unavailable: string | null;
    /** What the form is for, of what the reference found; null where the form is not for that. */
    pick: (found: View) => Subject | null;
    /** Why the person may not use it for the subject; null where they may. */
    refusal: (visible: Catalogue, person: PersonProfile | null, subject: Subject) => Promise<string | null>;
    form: (visible: Catalogue, subject: Subject, person: PersonProfile | null) => Promise<types.ModalView>;
    /** The modal that replaces the form with the reason. */
    refused: (reason: string) => types.ModalView;
    /** A reference to give as an example, where not an indicator's. */
    example?: string;
    /** The button that opens this form: offered per organisation where several use the reference given. */
    opensWith?: string;
  }
  const updating: FormKind<IndicatorCard | NamedAction> = {
    command: "/kpi update",
    opensWith: ACTIONS.update,
    what: data.actionUpdates ? "an indicator's reference here, nor a key action's" : "an indicator's reference here",
    unavailable: data.updates ? null : "This service does not take updates.",
    pick: (found) => (found.kind === "indicator" ? found : found.kind === "action" && found.ref && data.actionUpdates ? { ...found, ref: found.ref } : null),
    refusal: async (visible, person, subject) => {
      const allowed = subject.kind === "action" ? await mayUpdateAction(visible, person, subject.ref) : await mayUpdate(visible, data.updates!, person, subject.ref, subject.organisation);
      return allowed.ok ? null : allowed.reason;
    },
    form: async (_visible, subject, person) => {
      if (subject.kind === "action") return actionForm(subject);
      const start = await startForm({ updates: data.updates!, drafts: data.drafts }, subject, person);
      return updateForm(subject, start, start.values, start.note);
    },
    refused: (reason) => saying(notRecorded(reason)),
  };
  /** The target form, for the period asked for (else the year after the latest figures). */
  const targeting = (period: string | null): FormKind<IndicatorCard> => ({
    command: "/kpi target",
    opensWith: ACTIONS.target,
    what: "an indicator's reference here",
    unavailable: data.targets ? null : "This service does not set targets.",
    pick: (found) => (found.kind === "indicator" ? found : null),
    refusal: async (visible, person, indicator) => {
      const allowed = await mayTarget(visible, person, indicator.ref, indicator.organisation);
      return allowed.ok ? null : allowed.outcome.notice.lines.join(" ");
    },
    form: async (visible, indicator) => {
      const start = await startTargetForm(visible, indicator, new Date(), period);
      if (!start) throw new Error(`${indicator.ref} was found but not its record`);
      return targetForm(start, start.values);
    },
    refused: (reason) => targetSaying(notice("Not allowed", reason)),
  });

  /**
   * What a form needs before it opens, within the 3 seconds its trigger_id lasts: only what the
   * database answers (the indicator as the asker's workspace sees it; the asker, where their Slack user is
   * linked already). Who may not use it is told why instead of getting a form.
   */
  const prepareForm = async <Subject>(context: Context, ref: string, kind: FormKind<Subject>): Promise<Prepared> => {
    if (!ref) return { instead: message(`Say which one: \`${kind.command} ${kind.example ?? "AC/S8"}\`.`) };
    if (kind.unavailable) return { instead: message(kind.unavailable) };
    const asker = askerOf(context);
    const visible = await catalogueFor(data.catalogue, asker);
    if (!visible) return { instead: renderSlack(notLinked(asker), { shareable: false }, ref) };
    const [found, linked] = await Promise.all([ask(visible, ref), identify({ catalogue: data.catalogue, people: data.people }, asker)]);
    const subject = kind.pick(found);
    // A reference several organisations use: never the first of them, but the asker says which.
    const which = !subject && found.kind === "list" && kind.opensWith ? whichOrganisation(found, kind.command, kind.opensWith) : null;
    if (which) return { instead: which };
    if (!subject) return { instead: message(`“${escape(truncate(ref, 100))}” is not ${kind.what}: \`${kind.command}\` needs one, such as \`${kind.command} ${kind.example ?? "AC/S8"}\`.`) };
    const refused = linked ? await kind.refusal(visible, linked, subject) : null;
    if (refused) return { instead: message(escape(refused)) };
    const view = await kind.form(visible, subject, linked);
    return {
      open: async (triggerId) => {
        const opened = await quick.views.open({ trigger_id: triggerId, view });
        if (linked) return;
        // Not linked yet: who they are comes from their email (users.info), too slow to wait for before
        // opening. Where they turn out not to be allowed, the form gives way to the reason.
        // A failure here is only logged: the form is open, and its submission is checked again.
        try {
          const why = await kind.refusal(visible, await identify(asking(context), asker), subject);
          if (why && opened.view?.id) await quick.views.update({ view_id: opened.view.id, hash: opened.view.hash, view: kind.refused(why) });
        } catch (error) {
          log.warn({ err: error, user: context.userId }, "Slack: checking who opened a form failed; their submission is checked again");
        }
      },
    };
  };

  /** A form that could not be opened (Slack refused it, or the trigger expired): logged, and the asker told. */
  const cannotOpen = (context: Context, body: object, tell: (reply: SlackMessage) => Promise<unknown>) => async (error: unknown) => {
    logFailure(error, context, body);
    await tell(FORM_SORRY);
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
    const reportWords = reportRequest(text);
    if (reportWords) return void (await sendReport(context, body, reportWords, ack, respond));
    const updateRef = updateRequest(text);
    const target = updateRef === null ? targetFormRequest(text) : null;
    const assessCode = updateRef === null && !target ? assessFormRequest(text) : null;
    const opening =
      updateRef !== null ? () => prepareForm(context, updateRef, updating)
      : target ? () => prepareForm(context, target.ref, targeting(target.period))
      : assessCode !== null ? () => prepareForm(context, assessCode, assessing(data.assessments))
      : null;
    if (opening) {
      // Answered in the acknowledgement where there is no form to open; else acknowledged, then opened.
      const prepared = await opening().catch((error: unknown): Prepared => ({ instead: apologise(context, body)(error) }));
      if ("instead" in prepared) return void (await ack({ response_type: "ephemeral", ...prepared.instead }));
      await ack();
      await prepared.open(triggerId).catch(cannotOpen(context, body, (reply) => respond({ response_type: "ephemeral", ...reply })));
      return;
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

  // The cards' Submit update and Set target: the form, or below the card why not.
  for (const [actionId, prepare] of [
    [ACTIONS.update, (context: Context, ref: string) => prepareForm(context, ref, updating)],
    [ACTIONS.target, (context: Context, ref: string) => prepareForm(context, ref, targeting(null))],
    [ACTIONS.assess, (context: Context, code: string) => prepareForm(context, code, assessing(data.assessments))],
  ] as const) {
    app.action(actionId, async ({ ack, action, body, respond, context }) => {
      await ack();
      const value = valueOf(action);
      const tell = (reply: SlackMessage) => respond(below(reply));
      const triggerId = "trigger_id" in body && typeof body.trigger_id === "string" ? body.trigger_id : null;
      if (!value || !triggerId) return void (await tell(outOfDate(value)));
      const prepared = await prepare(context, value).catch((error: unknown): Prepared => ({ instead: apologise(context, body)(error) }));
      if ("instead" in prepared) return void (await tell(prepared.instead));
      await prepared.open(triggerId).catch(cannotOpen(context, body, tell));
    });
  }

  /** A form's answer; a failure is logged and said under the form's free text, the form staying as it was so that it can be sent again. */
  const answerForm = (context: Context, body: object, field: string, submitted: () => Promise<ViewResponseAction>, sorry = "Sorry, this could not be recorded just now.") =>
    submitted().catch((error: unknown): ViewResponseAction => {
      logFailure(error, context, body);
      return { response_action: "errors", errors: { [field]: `${sorry} Please try again in a minute.` } };
    });

  // A submitted form: recorded by the use case as the submitter may, checked again from the start
  // (the indicator as their workspace sees it, who they are); answered in the modal itself.
  app.view(UPDATE_FORM, async ({ ack, body, view, context }) => {
    const submitted = async (): Promise<ViewResponseAction> => {
      const form = readForm(view);
      if (!form) return { response_action: "update", view: saying(notRecorded("This form is out of date: open it again with /kpi update and the indicator's reference.")) };
      if (!data.updates) return { response_action: "update", view: saying(notRecorded("This service does not take updates.")) };
      const asker = askerOf(context);
      const visible = await catalogueFor(data.catalogue, asker);
      if (!visible) return { response_action: "update", view: saying(notLinked(asker)) };
      const person = await identify(asking(context), asker);
      const outcome = await submitUpdate(visible, data.updates, person, { ...form, opening: form.state.opening, confirmed: form.state.confirmed, via: "slack" });
      // A submission made since the form opened, or unusual figures: the form again, as typed, saying so.
      const found = !outcome.ok && (outcome.opening !== undefined || outcome.confirm !== undefined) ? await formIndicator(visible, form.ref, form.organisation ?? null) : null;
      if (!outcome.ok && outcome.confirm !== undefined && found) {
        return { response_action: "update", view: updateForm(found, { ...form.state, confirmed: outcome.confirm }, form, null, outcome.errors) };
      }
      return responseTo(outcome, found ? (said, opening) => updateForm(found, { ...form.state, opening }, form, said) : undefined);
    };
    await ack(await answerForm(context, body, "commentary", submitted));
  });

  // A key action's form: checked and applied by the use case as the submitter may, answered in the modal.
  app.view(ACTION_FORM, async ({ ack, body, view, context }) => {
    const submitted = async (): Promise<ViewResponseAction> => {
      const form = readActionForm(view);
      if (!form || !data.actionUpdates) return { response_action: "update", view: saying(notRecorded("This form is out of date: open it again with /kpi update and the key action's reference.")) };
      const asker = askerOf(context);
      const visible = await catalogueFor(data.catalogue, asker);
      if (!visible) return { response_action: "update", view: saying(notLinked(asker)) };
      const outcome = await updateAction(visible, data.actionUpdates, await identify(asking(context), asker), { ...form, via: "slack" });
      return responseTo(outcome, undefined, { fields: ACTION_FIELDS, otherwise: "note" });
    };
    await ack(await answerForm(context, body, "note", submitted));
  });

  // A submitted target form: set by the use case as the submitter may, checked again from the start; answered in the modal.
  app.view(TARGET_FORM, async ({ ack, body, view, context }) => {
    const submitted = async (): Promise<ViewResponseAction> => {
      const form = readTargetForm(view);
      if (!form) return { response_action: "update", view: targetSaying(notice("Target not set", "This form is out of date: open it again with /kpi target and the indicator's reference.")) };
      if (!data.targets) return { response_action: "update", view: targetSaying(notice("Target not set", "This service does not set targets.")) };
      const asker = askerOf(context);
      const visible = await catalogueFor(data.catalogue, asker);
      if (!visible) return { response_action: "update", view: targetSaying(notLinked(asker)) };
      return targetResponse(await submitTargetForm(visible, data.targets, await identify(asking(context), asker), form, "slack"));
    };
    await ack(await answerForm(context, body, "value", submitted, "Sorry, the target could not be set just now."));
  });

  // A submitted assessment (assess-form.ts): recorded by the core's use case as the submitter may, answered in the modal.
  app.view(ASSESS_FORM, async ({ ack, body, view, context }) => {
    const submitted = async (): Promise<ViewResponseAction> => {
      const form = readAssessForm(view);
      if (!form || !data.assessments) return { response_action: "update", view: assessSaying(notice("Not recorded", "This form is out of date: open it again with /kpi assess and the objective's code.")) };
      const asker = askerOf(context);
      const visible = await catalogueFor(data.catalogue, asker);
      if (!visible) return { response_action: "update", view: assessSaying(notLinked(asker)) };
      return assessResponse(await submitAssessForm(visible, data.assessments, await identify(asking(context), asker), form.code, form.values, "slack"));
    };
    await ack(await answerForm(context, body, "narrative", submitted, "Sorry, the assessment could not be recorded just now."));
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

  // Save draft, inside the form: what is typed so far is kept for the person, and the form says when.
  app.action(SAVE_DRAFT, async ({ ack, body, context, client }) => {
    await ack();
    const view = "view" in body ? body.view : undefined;
    if (!view?.id) return;
    const show = (next: ReturnType<typeof saying>) => client.views.update({ view_id: view.id, hash: view.hash, view: next });
    try {
      const form = readForm(view);
      const asker = askerOf(context);
      const visible = await catalogueFor(data.catalogue, asker);
      const found = form && visible ? await formIndicator(visible, form.ref, form.organisation ?? null) : null;
      if (!form || !visible || !found || !data.updates || !data.drafts) return void (await show(saying(notRecorded("This form is out of date: open it again with /kpi update and the indicator's reference."))));
      const person = await identify(asking(context), asker);
      const saved = await saveDraft(visible, { updates: data.updates, drafts: data.drafts }, person, { ref: found.ref, organisation: found.organisation }, form, form.state.openedFor);
      if (!saved.ok && (saved.refused || saved.errors.ref)) return void (await show(saying(notRecorded(Object.values(saved.errors).join(" ")))));
      await show(updateForm(found, form.state, form, saved.ok ? saved.note : `Not saved: ${Object.values(saved.errors).join(" ")}`));
    } catch (error) {
      logFailure(error, context, body);
      // Said on top of the form, which keeps what was typed underneath.
      const triggerId = "trigger_id" in body && typeof body.trigger_id === "string" ? body.trigger_id : null;
      if (triggerId) await client.views.push({ trigger_id: triggerId, view: saying(notice("Draft not saved", "Sorry, the draft could not be saved just now. What you typed is still in the form: please try again in a minute.")) });
    }
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
