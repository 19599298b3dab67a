// `/kpi report` in Slack: for officers and admins, the acknowledgement at once ("Building the Q1 2016/17
// report…"), then the report built (with its charts) and uploaded into the asker's direct message with the
// bot, and a line below the acknowledgement saying so. Anyone else, and a request that cannot be met, is told
// why instead. Reports still being built when the service stops are given a grace period, then their askers
// are told they were interrupted.
import type { Context, webApi } from "@slack/bolt";
import type { Asker } from "../../core/access.ts";
import type { Comparing } from "../../core/use-cases/compare.ts";
import type { Catalogue } from "../../core/ports.ts";
import { prepareChatReport, type ChatReport } from "../../core/use-cases/report-in-chat.ts";
import type { Asking } from "../../core/use-cases/respond.ts";
import type { Logger } from "../../logger.ts";
import { escape, renderSlack, type SlackMessage } from "./blocks.ts";
import { directMessage, postWithFile } from "./picture.ts";
import { message, withinBudget } from "./replies.ts";

/** Said where the service stopped before the report was ready: the asker is not left waiting. */
const reportInterrupted = (period: string) => message(`The ${escape(period)} report was interrupted: the service was restarting before it was ready. Please ask again with \`/kpi report\` in a minute.`);
const REPORT_SORRY = message("Sorry, the report could not be built or sent just now. Please try again in a few minutes, or build it with npm run kpi -- report.");

export interface SlackReports {
  catalogue: Catalogue;
  /** For the report's comparison column. */
  comparing?: Comparing;
  asking(context: Context): Asking;
  askerOf(context: Context): Asker;
  /** Logs a failure and gives the asker's apology. */
  apologise(context: Context, body: object): (error: unknown) => SlackMessage;
  logFailure(error: unknown, context: Context, body: object): void;
  uploader: webApi.WebClient;
  ackBudgetMs: number;
  log: Logger;
}

export function slackReports(deps: SlackReports) {
  /** Reports being built after their acknowledgement, each with how to tell its asker it was interrupted. */
  const inFlight = new Map<Promise<void>, () => Promise<void>>();

  const send = async (context: Context, body: object, words: string[], ack: (reply?: object) => Promise<void>, respond: (reply: object) => Promise<unknown>) => {
    const preparing = prepareChatReport(deps.asking(context), deps.askerOf(context), words).catch((error: unknown) => ({ ok: false as const, failed: deps.apologise(context, body)(error) }));
    const quick = await withinBudget(preparing, deps.ackBudgetMs);
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
    inFlight.set(built, async () => {
      building.interrupted = true;
      await respond({ response_type: "ephemeral", replace_original: false, ...reportInterrupted(asked.period) });
    });
    try {
      await built;
    } finally {
      inFlight.delete(built);
    }
  };

  /** The report built and uploaded into the asker's direct message, and a line below the acknowledgement saying so. */
  const buildAndSend = async (context: Context, body: object, asked: ChatReport, after: (reply: SlackMessage) => Promise<unknown>) => {
    try {
      const built = await (await import("../../reports/report-file.ts")).reportFile(deps.catalogue, deps.comparing, asked);
      if (!built.ok) return void (await after(message(escape(built.message))));
      const file = built.file;
      const missing = file.failedCharts.length ? ` ${file.failedCharts.length} chart${file.failedCharts.length === 1 ? " could" : "s could"} not be drawn (${file.failedCharts.join(", ")}).` : "";
      const text = `*${escape(file.title)}*\nBuilt from the figures as they are now, with a trend chart per indicator.${escape(missing)}`;
      await postWithFile(deps.uploader, await directMessage(deps.uploader, context.userId!), { text: escape(file.title), blocks: [{ type: "section", text: { type: "mrkdwn", text } }] }, { bytes: file.bytes, filename: file.filename, title: file.title });
      await after(message(`The ${escape(asked.period)} report is in your direct messages with the bot.`));
    } catch (error) {
      deps.logFailure(error, context, body);
      await after(REPORT_SORRY);
    }
  };

  /** Waits up to graceMs for the reports being built; tells the askers of those still unfinished that they were interrupted. */
  const finish = async (graceMs: number) => {
    if (!inFlight.size) return;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([Promise.all(inFlight.keys()).then(() => true), new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs)))]);
    clearTimeout(timer);
    if (finished) return;
    deps.log.warn({ reports: inFlight.size }, "Slack: reports still being built at the end of the grace period; their askers are told they were interrupted");
    await Promise.all([...inFlight.values()].map((interrupt) => interrupt().catch((error: unknown) => deps.log.warn({ err: error }, "Slack: telling an asker their report was interrupted failed"))));
  };

  return { send, finish };
}
