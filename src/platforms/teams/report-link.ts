// `kpi report` in Teams: the committee report as a signed link (a Teams file needs the file-consent and OneDrive flow).
import { ActivityTypes, type TurnContext } from "botbuilder";
import type { Asker } from "../../core/access.ts";
import type { Catalogue } from "../../core/ports.ts";
import { buildReport } from "../../core/use-cases/build-report.ts";
import { prepareChatReport } from "../../core/use-cases/report-in-chat.ts";
import type { Asking } from "../../core/use-cases/respond.ts";
import type { ReportUrls } from "../../http/report-urls.ts";
import type { Logger } from "../../logger.ts";
import { noticeText } from "./dialogs.ts";

/** The committee report: sent as a signed link where PUBLIC_URL is set (a Teams file needs the file-consent and OneDrive flow). */
export interface TeamsReports {
  urls?: ReportUrls;
}

export interface ReportLinks {
  data: { catalogue: Catalogue };
  reports: TeamsReports;
  asking(context: TurnContext): Asking;
  asker(context: TurnContext): Asker;
  log(context: TurnContext): Logger;
}

const REPORT_SORRY = "Sorry, the report could not be built just now. Please try again in a few minutes, or use /kpi report in Slack or npm run kpi -- report.";

/**
 * kpi report: for officers and admins, the acknowledgement first ("Building the Q1 2016/17 report…"), then a
 * link to it at a signed address that lasts a day; the report is built when the link is opened. Without
 * PUBLIC_URL there is no address to give: the asker is told to use Slack or the command line.
 */
export async function sendReportLink(context: TurnContext, words: string[], deps: ReportLinks): Promise<void> {
  const { data, reports } = deps;
  const prepared = await prepareChatReport(deps.asking(context), deps.asker(context), words);
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
    deps.log(context).error({ err: error }, "building the committee report for Teams failed");
    await context.sendActivity(REPORT_SORRY);
  }
}
