// The committee report as a file to send from the chat: built from the data as it is now, with its trend
// charts, as Word or HTML. Used by the Slack upload and by the signed report links (src/http/report-urls.ts).
import pLimit from "p-limit";
import type { Catalogue } from "../core/ports.ts";
import { buildReport } from "../core/use-cases/build-report.ts";
import type { ReportFormat } from "../core/use-cases/report-in-chat.ts";
import { reportFileStem } from "./cells.ts";
import { reportChartDrawer } from "./charts.ts";

export interface ReportAsked {
  /** Its name or slug. */
  organisation: string;
  service: string | null;
  period: string;
  format: ReportFormat;
}

export interface ReportFile {
  bytes: Buffer;
  filename: string;
  /** "Performance report: Commissioning Group, Q1 2016/17". */
  title: string;
  mimeType: string;
  /** Refs whose chart could not be drawn (their rows are there without one). */
  failedCharts: string[];
}

export const MIME_TYPES: Record<ReportFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  html: "text/html; charset=utf-8",
};

/**
 * One report at a time in a process: each draws its charts in a worker thread of some 90 MB, and officers
 * asking at the quarter's end, or a link opened several times at once, must not multiply that. The others
 * wait their turn.
 */
const inTurn = pLimit(1);

/** The file, or why there is none (an unknown service, a period with nothing in it: the message says). */
export function reportFile(catalogue: Catalogue, asked: ReportAsked, now = new Date()): Promise<{ ok: true; file: ReportFile } | { ok: false; message: string }> {
  return inTurn(() => buildReportFile(catalogue, asked, now));
}

async function buildReportFile(catalogue: Catalogue, asked: ReportAsked, now: Date): Promise<{ ok: true; file: ReportFile } | { ok: false; message: string }> {
  const outcome = await buildReport(catalogue, { organisation: asked.organisation, period: asked.period, service: asked.service, now, charts: true });
  if (!outcome.ok) return { ok: false, message: outcome.message };
  const report = outcome.report;
  const drawer = reportChartDrawer(report);
  let bytes: Buffer;
  try {
    if (asked.format === "docx") {
      bytes = await (await import("./docx.ts")).renderDocx(report, { chartFor: drawer.chartFor });
    } else {
      const parts: Buffer[] = [];
      for await (const part of (await import("./html.ts")).htmlParts(report, { chartFor: drawer.chartFor })) parts.push(Buffer.from(part, "utf8"));
      bytes = Buffer.concat(parts);
    }
  } finally {
    await drawer.close();
  }
  return { ok: true, file: { bytes, filename: `${reportFileStem(report)}.${asked.format}`, title: report.title, mimeType: MIME_TYPES[asked.format], failedCharts: drawer.failed } };
}
