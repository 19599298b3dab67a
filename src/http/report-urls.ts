// The committee report at an address we give the asker in Teams: /reports/<token>.docx (or .html), where the
// token names the organisation, service, period and format and an expiry, signed as chart URLs are
// (signed-tokens.ts). No token is stored: any instance reads any token and answers with the report from the
// figures as they are then (built once per data version: report-file.ts's storedReports). A token is given only
// to an officer or admin, after the check.
import type { Express, RequestHandler } from "express";
import { z } from "zod";
import type { ReportAsked, ReportFile, ReportsBusy } from "../reports/report-file.ts";
import { sendError } from "./server.ts";
import { readToken, signToken } from "./signed-tokens.ts";

/** How long a report link is good for: a day, for the asker to open it, not a standing address to pass around. */
export const REPORT_URL_LIFETIME_MS = 24 * 3_600_000;

/** Signed into every report token (signed-tokens.ts), so that no chart token reads as one. */
export const REPORT_TOKEN_KIND = "kpi-report-v1";
const FIELDS = z.tuple([z.string().min(1).max(300), z.string().min(1).max(300).nullable(), z.string().min(1).max(40), z.enum(["docx", "html"])]);

export function reportToken(asked: ReportAsked, expires: Date, secret: string): string {
  return signToken(REPORT_TOKEN_KIND, [asked.organisation, asked.service, asked.period, asked.format], expires, secret);
}

/** What a token asks for, where it was signed with this key and has not expired; null for anything else. */
export function readReportToken(token: string, secret: string, now: Date): ReportAsked | null {
  const parsed = FIELDS.safeParse(readToken(REPORT_TOKEN_KIND, token, secret, now));
  if (!parsed.success) return null;
  const [organisation, service, period, format] = parsed.data;
  return { organisation, service, period, format };
}

export interface ReportUrls {
  urlFor(asked: ReportAsked): string;
}

export function reportUrls(publicUrl: string, secret: string, clock: () => Date = () => new Date()): ReportUrls {
  const base = publicUrl.replace(/\/+$/, "");
  return { urlFor: (asked) => `${base}/reports/${reportToken(asked, new Date(clock().getTime() + REPORT_URL_LIFETIME_MS), secret)}.${asked.format}` };
}

/** The report a token names; null where it no longer can be built (the service or period has gone); busy where too many wait to be built. */
export type BuildReportFile = (asked: ReportAsked) => Promise<ReportFile | ReportsBusy | null>;

/**
 * GET /reports/<token>.<docx|html>. A token that is malformed, altered, signed with another key or expired, an
 * extension other than the token's format, and a report that can no longer be built are all the same 404; too
 * many reports waiting to be built, 429 with Retry-After.
 */
export function mountReportRoute(app: Express, options: { secret: string; build: BuildReportFile; clock?: () => Date }): void {
  const clock = options.clock ?? (() => new Date());
  app.get("/reports/:file", (async (req, res) => {
    const match = /^(.+)\.(docx|html)$/.exec(String(req.params.file ?? ""));
    const asked = match ? readReportToken(match[1]!, options.secret, clock()) : null;
    if (!asked || asked.format !== match![2]) return sendError(res, 404);
    try {
      const file = await options.build(asked);
      if (!file) return sendError(res, 404);
      if ("busy" in file) {
        res.setHeader("retry-after", String(file.retryAfterSeconds));
        return sendError(res, 429, "too many reports waiting to be built");
      }
      res.setHeader("cache-control", "private, no-store");
      res.setHeader("x-content-type-options", "nosniff");
      // The HTML is shown in the browser, with nothing to fetch and no script; Word's file is downloaded.
      if (asked.format === "html") res.setHeader("content-security-policy", "default-src 'none'; img-src data:; style-src 'unsafe-inline'");
      // The file name is letters, digits and dashes (reportFileStem): safe in the header as it is.
      res.setHeader("content-disposition", `${asked.format === "html" ? "inline" : "attachment"}; filename="${file.filename}"`);
      res.type(file.mimeType).send(file.bytes);
    } catch (error) {
      sendError(res, 500, error);
    }
  }) as RequestHandler);
}
