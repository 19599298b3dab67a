// The running service: database, HTTP server (health, Slack, Teams), console. main.ts
// starts it from the environment; the tests start the same thing on a free port.
import type { Comparing } from "./core/use-cases/compare.ts";
import { prismaComparing } from "./store/comparison.ts";
import type { Server } from "node:http";
import { hostname } from "node:os";
import express from "express";
import type { Config } from "./config/config.ts";
import { createHttpApp, finishHttpApp, listen, sendError } from "./http/server.ts";
import type { Logger } from "./logger.ts";
import type { SlackAdapter } from "./platforms/slack/app.ts";
import { conversationStore } from "./store/conversations.ts";
import { cachedCatalogue, changesSinceLastRun, type CachedCatalogue } from "./store/cached-catalogue.ts";
import { prismaCatalogue, prismaChangeSource } from "./store/catalogue.ts";
import { prismaPeople } from "./store/people.ts";
import { prismaCycles, prismaReviews, prismaUpdates } from "./store/updates.ts";
import { prismaDrafts } from "./store/drafts.ts";
import { prismaActionUpdates } from "./store/action-updates.ts";
import { prismaAssessments } from "./store/objectives.ts";
import { prismaPeriodLocks, prismaRetirements, prismaTargets } from "./store/year-end.ts";
import { prismaClaims, prismaRatingsSeen, prismaSubscriptions } from "./store/subscriptions.ts";
import { prismaReminderCycles } from "./store/reminders.ts";
import { prismaIndicatorImports } from "./store/indicator-imports.ts";
import { platformOutbox } from "./jobs/outbox.ts";
import { startScheduler, type Scheduler } from "./jobs/scheduler.ts";
import { readDataVersion } from "./store/data-version.ts";
import { postForReview } from "./core/use-cases/post-for-review.ts";
import { showSuperseded } from "./core/use-cases/show-superseded.ts";
import { tellDecision } from "./core/use-cases/tell-decision.ts";
import type { Assessments, IndicatorImports, Reviews, Updates } from "./core/ports.ts";
import type { Database } from "./store/database.ts";
import type { LoadSummary } from "./store/demo-data.ts";
import { prepareDatabase } from "./store/open.ts";
import { chartPictures } from "./charts/pictures.ts";
import { chartUrls, mountChartRoute } from "./http/chart-urls.ts";
import { mountReportRoute, reportUrls } from "./http/report-urls.ts";
import type { StoredReports } from "./reports/report-file.ts";

export interface Service {
  port: number;
  /** What the chat platforms and the console read from. */
  catalogue: CachedCatalogue;
  /** Which councils share their figures, and the published comparator tables: for compare in the console. */
  comparing: Comparing;
  database: Database;
  demo: LoadSummary | null;
  slack: SlackAdapter | null;
  /** Digests and alerts; null when jobs are off. */
  scheduler: Scheduler | null;
  /** What is connected, and what to set for what is not: printed at start. */
  notices: string[];
  /** Stops taking requests, lets those in flight finish (up to the grace period), then closes the database. */
  stop(): Promise<void>;
}

export interface ServiceOptions {
  logger: Logger;
  /** The jobs' clock (tests move it); default the real one. */
  clock?: () => Date;
  /** Digests and alerts (default on); off, this instance only answers. */
  jobs?: boolean;
  /** How long /kpi waits before answering through response_url instead (default 2 s). */
  slackAckBudgetMs?: number;
  /** How long a Teams answer waits for its chart before going as text (default 1 s). */
  teamsPictureBudgetMs?: number;
  /** How many different reports a report link may have building or waiting at once before 429 (default 4). */
  reportQueue?: number;
  /** How long requests, posts and reports in flight may take to finish once stopping (default 10 s). */
  shutdownGraceMs?: number;
}

const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

export async function startService(config: Config, options: ServiceOptions): Promise<Service> {
  const { logger } = options;
  const { database, demo } = await prepareDatabase(config);
  const catalogue = cachedCatalogue(prismaCatalogue(database.db), { version: () => readDataVersion(database.db), changes: prismaChangeSource(database.db), budgetMb: config.READ_MODEL_MB, logger: logger.child({ component: "read-model" }) });
  const subscriptions = prismaSubscriptions(database.db);
  // A write made here is read back here at once, without waiting for it (a form must be answered within
  // Slack's 3 seconds); other instances see it at their next poll of the data version. Only what the
  // change log says changed is read again.
  const reread = () => catalogue.catchUp().catch((error: unknown) => logger.error({ err: error }, "reading the data back after a write failed; the next poll tries again"));
  const readBack = () => void reread();
  const writes = prismaUpdates(database.db);
  const decisions = prismaReviews(database.db);
  const people = prismaPeople(database.db);
  // Posting on the bot's own: digests and alerts (when jobs are on), and submissions to review channels and
  // decisions to submitters (always: they follow what people do here). Claims make each happen once.
  const jobLog = logger.child({ component: "jobs" });
  // Chart pictures, drawn from the read model when asked; at signed URLs too where PUBLIC_URL is set.
  const pictures = chartPictures(catalogue);
  const urls = config.PUBLIC_URL && config.CHART_URL_SECRET ? chartUrls(config.PUBLIC_URL, config.CHART_URL_SECRET) : undefined;
  // The committee report for Teams, at a signed link under the same address and key.
  const reportLinks = config.PUBLIC_URL && config.CHART_URL_SECRET ? reportUrls(config.PUBLIC_URL, config.CHART_URL_SECRET) : undefined;
  const outbox = platformOutbox(config, database.db, jobLog, pictures);
  const claims = prismaClaims(database.db, `${hostname()}:${process.pid}`);
  const reviewPosting = { catalogue, reviews: decisions, people, claims, outbox, log: jobLog };
  // Not waited for: the submitter or reviewer is answered first; the sweep posts what this did not.
  // Kept until done, so that stopping waits for them before closing the database.
  const inFlight = new Set<Promise<unknown>>();
  const afterwards = (what: string, work: () => Promise<unknown>) => {
    const running = work().catch((error: unknown) => jobLog.error({ err: error }, `${what} failed`));
    inFlight.add(running);
    void running.finally(() => inFlight.delete(running));
  };
  const updates: Updates = {
    ...writes,
    submit: async (submission) => {
      const done = await writes.submit(submission);
      if (done.recorded) {
        readBack();
        afterwards("posting a submission for review", () => postForReview(reviewPosting, done.id));
        for (const older of done.superseded) afterwards("showing a superseded submission", () => showSuperseded(reviewPosting, older));
      }
      return done;
    },
  };
  const reviews: Reviews = {
    ...decisions,
    decide: async (...args) => {
      const decided = await decisions.decide(...args);
      if (decided) {
        readBack();
        afterwards("telling the submitter of a decision", () => tellDecision(reviewPosting, args[0]));
      }
      return decided;
    },
  };
  // Targets, locks and retirements: every method writes, and is read back before the answer (a chat
  // command, not a form: the next question, "red" after "retire", sees it).
  const readingBack = <P extends object>(port: P): P =>
    Object.fromEntries(Object.entries(port).map(([name, write]: [string, (...args: unknown[]) => Promise<unknown>]) => [name, async (...args: unknown[]) => {
      const done = await write(...args);
      await reread();
      return done;
    }])) as P;
  const yearEnd = { targets: readingBack(prismaTargets(database.db)), locks: readingBack(prismaPeriodLocks(database.db)), retirements: readingBack(prismaRetirements(database.db)) };
  // Tables sent to the bot in a chat: an import is read back before its result is shown, a check writes nothing.
  const importing = prismaIndicatorImports(database.db);
  const imports: IndicatorImports = {
    ...importing,
    importIndicators: async (batch, options) => {
      const counts = await importing.importIndicators(batch, options);
      if (!options.dryRun) await reread();
      return counts;
    },
  };
  // An objective's assessment is applied at once too; only a write is read back (its other methods are reads).
  const assessing = prismaAssessments(database.db);
  const assessments: Assessments = {
    ...assessing,
    assess: async (assessment) => {
      const done = await assessing.assess(assessment);
      if (done.recorded) await reread();
      return done;
    },
  };
  // A key action's update is applied at once (no review): read back before the form's answer too.
  const comparing = prismaComparing(database.db);
  const data = { catalogue, comparing, people, subscriptions, updates, cycles: prismaCycles(database.db), reviews, drafts: prismaDrafts(database.db), imports, actionUpdates: readingBack(prismaActionUpdates(database.db)), assessments, ...yearEnd };
  // /healthz reports Slack's state in its body; its status code stays the database's, what load balancers act on.
  const http = createHttpApp(database, { logger, trustProxy: config.TRUST_PROXY }, (): Record<string, string> => (slack ? { slack: slack.state() } : {}));
  let stopping = false;
  let stopped: Promise<void> | null = null;
  // Once stopping, every response closes its connection, so keep-alive clients cannot hold the server open.
  http.use((_req, res, next) => {
    if (stopping) res.setHeader("connection", "close");
    next();
  });
  // Each chat platform's libraries load only when it is used: Bolt when Slack is configured.
  const slack = config.SLACK_BOT_TOKEN
    ? (await import("./platforms/slack/app.ts")).createSlackAdapter({ botToken: config.SLACK_BOT_TOKEN, signingSecret: config.SLACK_SIGNING_SECRET, appToken: config.SLACK_APP_TOKEN, apiUrl: config.SLACK_API_URL, ackBudgetMs: options.slackAckBudgetMs }, http, data, logger.child({ platform: "slack" }), { pictures, urls })
    : null;

  // botbuilder and teams-ai take over a second to load and 85 MB of memory: with a Teams app id they
  // load once the server listens (below), so /healthz and Slack need not wait; without one (the Bot
  // Framework Emulator on this machine) on the first activity. An activity arriving sooner waits for them.
  const teamsRoutes = express.Router();
  let teamsLoading: Promise<unknown> | null = null;
  const loadTeams = () =>
    (teamsLoading ??= import("./platforms/teams/app.ts")
      .then(({ mountTeams }) =>
        mountTeams(
          { appId: config.MICROSOFT_APP_ID, appPassword: config.MICROSOFT_APP_PASSWORD, tenantId: config.MICROSOFT_APP_TENANT_ID, appType: config.MICROSOFT_APP_TYPE, local: config.TEAMS_LOCAL },
          teamsRoutes,
          data,
          conversationStore(database.db, "teams"),
          logger.child({ platform: "teams" }),
          { pictures, urls, budgetMs: options.teamsPictureBudgetMs },
          { urls: reportLinks },
        ),
      )
      .catch((error: unknown) => {
        logger.error({ err: error }, "loading the Teams bot failed; /api/messages answers 503");
        throw error;
      }));
  // Any instance answers any chart URL: the token carries what to draw, and the key is the same everywhere.
  if (urls && config.CHART_URL_SECRET) mountChartRoute(http, { secret: config.CHART_URL_SECRET, draw: async (subject, width) => (await (subject.kind === "wheel" ? pictures.wheel(subject, width) : pictures.indicator(subject, width)))?.png ?? null });
  // The report is built (with its charts; drawing loads on the first) when its link is first fetched, then kept
  // for every later fetch until the data changes.
  if (reportLinks && config.CHART_URL_SECRET) {
    let reports: Promise<StoredReports> | undefined;
    mountReportRoute(http, {
      secret: config.CHART_URL_SECRET,
      build: async (asked) => {
        reports ??= import("./reports/report-file.ts").then(({ storedReports }) => storedReports(catalogue, comparing, { dataVersion: () => catalogue.dataVersion(), maxQueued: options.reportQueue, log: logger.child({ component: "reports" }) }));
        const built = await (await reports).file(asked);
        return "busy" in built ? built : built.ok ? built.file : null;
      },
    });
  }
  http.post("/api/messages", (req, res, next) => {
    // Teams is off (no app id, no local testing): refused before botbuilder is loaded for nothing.
    if (!config.MICROSOFT_APP_ID && !config.TEAMS_LOCAL) return sendError(res, 401, "no MICROSOFT_APP_ID and no TEAMS_LOCAL=true: every Teams request is refused");
    loadTeams().then(
      () => teamsRoutes(req, res, next),
      () => sendError(res, 503),
    );
  });
  finishHttpApp(http);

  let server: Server;
  try {
    server = await listen(http, config.PORT, config.HOST);
    await slack?.start();
  } catch (error) {
    catalogue.close();
    await database.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  if (config.MICROSOFT_APP_ID) loadTeams().catch(() => undefined);

  // Digests, alerts, reminders and review posts: every instance ticks; the database's claims make each happen once.
  let scheduler: Scheduler | null = null;
  if (options.jobs !== false) {
    const job = { catalogue, comparing, subscriptions, claims, outbox, log: jobLog };
    scheduler = startScheduler({
      digests: { ...job, catchUpMs: config.DIGEST_CATCH_UP_HOURS * 3_600_000 },
      // Caught up from the change log before they read; the alert check rates only what changed since its last run.
      alerts: { ...job, catchUpMs: config.DIGEST_CATCH_UP_HOURS * 3_600_000, ratingsSeen: prismaRatingsSeen(database.db), readFresh: () => catalogue.catchUp(), changed: changesSinceLastRun(catalogue) },
      reminders: { ...job, cycles: data.cycles, people: data.people, reminderCycles: prismaReminderCycles(database.db), readFresh: () => catalogue.catchUp() },
      reviewPosts: reviewPosting,
      logger: jobLog,
      clock: options.clock,
    });
  }

  // Read the indicators now rather than on the first question; a failure is logged and the first question tries again.
  catalogue.warm().catch((error: unknown) => logger.error({ err: error }, "reading the indicators at start failed; the first question will try again"));

  const notices: string[] = [];
  const [links, subscribed] = await Promise.all([database.db.workspaceLink.count(), database.db.subscription.count()]);
  notices.push(
    links
      ? `Scoping: ${links} workspace and tenant link${links === 1 ? "" : "s"}; each workspace sees only the organisations linked to it, others get a notice (npm run kpi -- org list).`
      : "Scoping: no workspace or tenant is linked to an organisation yet, so everyone who can reach the bot sees every organisation; scoping starts with the first `npm run kpi -- org link`.",
  );
  notices.push(
    scheduler
      ? `Digests, alerts, reminders and review posts: ${subscribed} channel${subscribed === 1 ? "" : "s"} subscribed; each is claimed in the database, so every instance may run the jobs.`
      : "Digests, alerts, reminders and review posts: off in this instance.",
  );
  if (slack) notices.push(slack.mode === "socket" ? "Slack: connected in Socket Mode." : `Slack: answering at http://localhost:${port}/slack/events (request URL for the app's slash command, interactivity and events).`);
  if (slack?.state() === "unreachable") notices.push("Slack: the bot token could not be checked (see the error logged above); /kpi and its buttons are answered, the App Home waits for Slack's Web API.");
  notices.push(
    config.MICROSOFT_APP_ID
      ? `Teams: answering at http://localhost:${port}/api/messages (messaging endpoint of the bot registration); every activity is authenticated.`
      : config.TEAMS_LOCAL
        ? `Teams: TEAMS_LOCAL=true, so /api/messages takes unauthenticated activities from this machine (the Bot Framework Emulator, the Agents Playground); not for a server others reach.`
        : `Teams: no MICROSOFT_APP_ID, so /api/messages refuses every request (401); set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD to take Teams traffic, or TEAMS_LOCAL=true to try it on this machine.`,
  );
  // Loudly, and whoever prints the notices: anyone able to reach the port through a proxy on this machine can post as any user.
  if (config.TEAMS_LOCAL) logger.warn("TEAMS_LOCAL=true: Teams activities are not authenticated; anyone who reaches /api/messages from this machine (a reverse proxy here included) can act as any Teams user. For local testing only.");
  if (!slack && !config.MICROSOFT_APP_ID) {
    notices.push(
      `No Slack or Teams credentials are set, so only the local console, /healthz${config.TEAMS_LOCAL ? " and, from this machine, /api/messages" : ""} answer. ` +
        "For Slack set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or SLACK_APP_TOKEN for Socket Mode); for Teams set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD. " +
        "The app manifests are in manifests/slack and manifests/teams; .env.example lists every setting.",
    );
  }

  return {
    port,
    catalogue,
    comparing,
    database,
    demo,
    slack,
    scheduler,
    notices,
    // Once: a second signal (or a test's clean-up) waits for the same stop.
    stop: () => (stopped ??= stopNow()),
  };

  async function stopNow(): Promise<void> {
    stopping = true;
    const grace = options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
    const endOfGrace = Date.now() + grace;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), grace)));
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // Requests, the jobs' posts and the work after an answer all finish within the same grace period.
    const answered = Promise.race([closed.then(() => "done" as const), late]).then((how) => {
      if (how === "late") {
        logger.warn("requests still in flight at the end of the grace period: closing their connections");
        server.closeAllConnections();
      }
      return closed;
    });
    const work = Promise.all([scheduler?.stop(), Promise.all(inFlight)]).then(() => "done" as const);
    if ((await Promise.race([work, late])) === "late") {
      // Its claim stays "sending": once its lease runs out it counts as unknown, never sent again blindly.
      logger.warn("a post or other background work was still in flight at the end of the grace period; a post cut short this way is not sent again by itself (kpi digest run --now --retry)");
    }
    await answered;
    // Reports being built for Slack: waited for in what is left of the grace period, else their askers are told.
    await slack?.stop(Math.max(0, endOfGrace - Date.now()));
    clearTimeout(timer);
    catalogue.close();
    await database.close();
  }
}
