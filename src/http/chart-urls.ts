// Chart pictures at addresses Slack and Teams fetch from us: /charts/<token>.png, where the token names
// the indicator (organisation and ref) or the performance wheel (organisation and period), the width and an
// expiry, signed with HMAC-SHA256. Nothing is stored: any instance with the same key reads any token, and
// the picture is drawn when it is asked for. The signing is signed-tokens.ts's, shared with the report links
// (report-urls.ts).
import type { Express, RequestHandler } from "express";
import { z } from "zod";
import type { ChartSubject, PictureSubject } from "../charts/pictures.ts";
import { sendError } from "./server.ts";
import { readToken, signToken } from "./signed-tokens.ts";

export type { ChartSubject, PictureSubject };

/** The widths a chart URL may ask for: what the platforms show, and no more (Teams: at most 1024). */
export const CHART_WIDTHS = { min: 200, max: 1600 } as const;
/**
 * How long a chart URL is good for. Slack fetches an image block's picture when the message is posted; a
 * Teams client fetches it whenever the card is shown, so an older card shows no picture (its text stays).
 */
export const CHART_URL_LIFETIME_MS = 7 * 24 * 3_600_000;

/** Tokens of another kind or version never verify, even signed with the same key. */
export const CHART_TOKEN_KIND = "kpi-chart-v1";
const WIDTH = z.number().int().min(CHART_WIDTHS.min).max(CHART_WIDTHS.max);
/** An indicator's: [organisation, ref, width]. A wheel's starts with its own word, so neither reads as the other. */
const FIELDS = z.union([z.tuple([z.string().min(1).max(300), z.string().min(1).max(100), WIDTH]), z.tuple([z.literal("wheel"), z.string().min(1).max(300), z.string().min(1).max(100), WIDTH])]);

/** The token for a picture of `subject` at `width` pixels, good until `expires`. */
export function chartToken(subject: PictureSubject, width: number, expires: Date, secret: string): string {
  const fields = subject.kind === "wheel" ? ["wheel", subject.organisation, subject.period] : [subject.organisation, subject.ref];
  return signToken(CHART_TOKEN_KIND, [...fields, Math.round(width)], expires, secret);
}

/** What a token asks for, where it was signed with this key and has not expired; null for anything else, whatever is wrong. */
export function readChartToken(token: string, secret: string, now: Date): { subject: PictureSubject; width: number } | null {
  const parsed = FIELDS.safeParse(readToken(CHART_TOKEN_KIND, token, secret, now));
  if (!parsed.success) return null;
  if (parsed.data.length === 4) return { subject: { kind: "wheel", organisation: parsed.data[1], period: parsed.data[2] }, width: parsed.data[3] };
  const [organisation, ref, width] = parsed.data;
  return { subject: { organisation, ref }, width };
}

/** Makes chart URLs under the public address; what the platforms are given where PUBLIC_URL is set. */
export interface ChartUrls {
  urlFor(subject: PictureSubject, width: number): string;
}

export function chartUrls(publicUrl: string, secret: string, clock: () => Date = () => new Date()): ChartUrls {
  const base = publicUrl.replace(/\/+$/, "");
  return {
    urlFor: (subject, width) => {
      const clamped = Math.min(CHART_WIDTHS.max, Math.max(CHART_WIDTHS.min, Math.round(width)));
      return `${base}/charts/${chartToken(subject, clamped, new Date(clock().getTime() + CHART_URL_LIFETIME_MS), secret)}.png`;
    },
  };
}

/** Draws an indicator's chart or a wheel as PNG at a width, from the data as it is now; null where there is no such thing. */
export type DrawChartPng = (subject: PictureSubject, width: number) => Promise<Buffer | null>;

/**
 * GET /charts/<token>.png. A token that is malformed, altered, signed with another key or expired, and an
 * indicator or wheel gone since, are all the same 404, with no hint which. The picture is drawn on every request:
 * the figures may have changed, and another instance may answer the next.
 */
export function mountChartRoute(app: Express, options: { secret: string; draw: DrawChartPng; clock?: () => Date }): void {
  const clock = options.clock ?? (() => new Date());
  app.get("/charts/:file", (async (req, res) => {
    const file = String(req.params.file ?? "");
    const read = file.endsWith(".png") ? readChartToken(file.slice(0, -4), options.secret, clock()) : null;
    if (!read) return sendError(res, 404);
    try {
      const png = await options.draw(read.subject, read.width);
      if (!png) return sendError(res, 404);
      // Cached briefly by whoever fetches it (Slack's image proxy, a Teams client): the figures can change.
      res.setHeader("cache-control", "private, max-age=300");
      res.setHeader("x-content-type-options", "nosniff");
      res.type("png").send(png);
    } catch (error) {
      // Logged once, on the request's line.
      sendError(res, 500, error);
    }
  }) as RequestHandler);
}
