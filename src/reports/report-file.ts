// The committee report as a file to send from the chat: built from the data as it is now, with its trend
// charts, as Word or HTML. Used by the Slack upload and by the signed report links (src/http/report-urls.ts).
import pLimit from "p-limit";
import type { Catalogue } from "../core/ports.ts";
import type { Comparing } from "../core/use-cases/compare.ts";
import type { Logger } from "../logger.ts";
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

export type ReportOutcome = { ok: true; file: ReportFile } | { ok: false; message: string };

/** The file, or why there is none (an unknown service, a period with nothing in it: the message says). */
export function reportFile(catalogue: Catalogue, comparing: Comparing | undefined, asked: ReportAsked, now = new Date()): Promise<ReportOutcome> {
  return inTurn(() => buildReportFile(catalogue, comparing, asked, now));
}

/** Too many different reports are waiting to be built: ask again after about this long. */
export interface ReportsBusy {
  busy: true;
  retryAfterSeconds: number;
}

export interface StoredReports {
  /**
   * The file from the data as it is now: built once per data version and then the same bytes for every asker
   * until the data changes; askers of a report being built wait for that build. Busy where `maxQueued` other
   * reports are already being built or waiting.
   */
  file(asked: ReportAsked): Promise<ReportOutcome | ReportsBusy>;
}

export interface StoredReportsOptions {
  /** The data version the catalogue answers from (CachedCatalogue.dataVersion): a file is kept for that version only. */
  dataVersion: () => Promise<number>;
  /** How many different reports may be building or waiting at once (default 4; each waits for those before it). */
  maxQueued?: number;
  /** How many bytes of built files to keep (default 64 MB); the least recently asked for go first. */
  maxBytes?: number;
  /** Where each build is logged, with its time and size. */
  log?: Logger;
}

const DEFAULT_MAX_QUEUED = 4;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/** What a build is assumed to take before one has been timed: Barnet's Q1 Word report took 16 s. */
const FIRST_GUESS_MS = 15_000;

/**
 * Reports built once and served many times (the signed report links: each opening, by the asker or anyone they
 * passed it to, would otherwise build the whole report again). Kept in memory, not on disk: the bytes are already
 * in memory when built and sent, nothing is left behind to clean or protect when the process ends, and the bound
 * is simple to state. Only the current data version's files are kept; this instance's alone (another builds its own).
 */
export function storedReports(catalogue: Catalogue, comparing: Comparing, options: StoredReportsOptions): StoredReports {
  const maxQueued = options.maxQueued ?? DEFAULT_MAX_QUEUED;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  /** Files of `keptVersion`, least recently asked for first. */
  const kept = new Map<string, ReportFile>();
  let keptVersion = -1;
  let keptBytes = 0;
  /** Builds running or waiting their turn, by report and data version. */
  const building = new Map<string, Promise<ReportOutcome>>();
  let lastBuildMs = FIRST_GUESS_MS;

  const keep = (key: string, file: ReportFile) => {
    if (file.bytes.length > maxBytes) return;
    kept.set(key, file);
    keptBytes += file.bytes.length;
    for (const [oldest, { bytes }] of kept) {
      if (keptBytes <= maxBytes) break;
      kept.delete(oldest);
      keptBytes -= bytes.length;
    }
  };

  const build = async (key: string, version: number, asked: ReportAsked): Promise<ReportOutcome> => {
    const started = Date.now();
    const outcome = await buildReportFile(catalogue, comparing, asked, new Date());
    lastBuildMs = Date.now() - started;
    if (outcome.ok) {
      options.log?.info({ report: outcome.file.filename, version, ms: lastBuildMs, bytes: outcome.file.bytes.length }, "committee report built");
      if (version === keptVersion) keep(key, outcome.file);
    }
    return outcome;
  };

  return {
    async file(asked) {
      const version = await options.dataVersion();
      if (version !== keptVersion) {
        // The data changed: every file kept is out of date.
        kept.clear();
        keptBytes = 0;
        keptVersion = version;
      }
      const key = JSON.stringify([asked.organisation, asked.service, asked.period, asked.format]);
      const file = kept.get(key);
      if (file) {
        // Most recently asked for: last to go.
        kept.delete(key);
        kept.set(key, file);
        return { ok: true, file };
      }
      const buildKey = `${version}:${key}`;
      let pending = building.get(buildKey);
      if (!pending) {
        if (building.size >= maxQueued) return { busy: true, retryAfterSeconds: Math.max(1, Math.ceil((building.size * lastBuildMs) / 1000)) };
        pending = inTurn(() => build(key, version, asked)).finally(() => building.delete(buildKey));
        building.set(buildKey, pending);
      }
      return await pending;
    },
  };
}

async function buildReportFile(catalogue: Catalogue, comparing: Comparing | undefined, asked: ReportAsked, now: Date): Promise<ReportOutcome> {
  const outcome = await buildReport(catalogue, { organisation: asked.organisation, period: asked.period, service: asked.service, now, charts: true, comparing });
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
