// Slack signs every request it sends: x-slack-signature is v0=HMAC-SHA256(signing secret,
// "v0:" + x-slack-request-timestamp + ":" + body). Checked here, once, before Bolt reads
// the request (Bolt's own check is off): a bad signature, or a timestamp more than five
// minutes from our clock either way (a late replay, or a request stamped ahead to outlive the
// window), gets the server's short 401 and reaches no listener. A replay within the five
// minutes is taken, as Bolt takes it: the scheme has no nonce (README, "Connecting Slack").
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import express, { type RequestHandler } from "express";
import { sendError } from "../../http/server.ts";

export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;
/** The largest body Slack sends, as Bolt allows. */
const BODY_LIMIT = "4mb";

/** Why a request is not Slack's, or null when it is. */
export function signatureProblem(secret: string, body: Buffer, headers: IncomingHttpHeaders, nowMs: number): string | null {
  const signature = headers["x-slack-signature"];
  const timestamp = headers["x-slack-request-timestamp"];
  if (typeof signature !== "string" || typeof timestamp !== "string") return "signature headers missing";
  if (!/^\d{1,12}$/.test(timestamp)) return "timestamp is not a number";
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) return "timestamp more than five minutes from now";
  const expected = Buffer.from(`v0=${createHmac("sha256", secret).update(`v0:${timestamp}:`).update(body).digest("hex")}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? null : "signature mismatch";
}

/** Express middleware for /slack/events: reads the body, refuses what Slack did not sign, and hands the body to Bolt. */
export function verifySlackRequests(secret: string): RequestHandler[] {
  return [
    express.raw({ type: () => true, limit: BODY_LIMIT }),
    (req, res, next) => {
      const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const problem = signatureProblem(secret, body, req.headers, Date.now());
      if (problem) {
        // The 401 itself is logged by the server, with the request id; the reason is for debugging.
        req.log.debug(`Slack request verification failed: ${problem}`);
        return sendError(res, 401);
      }
      // Bolt reads a body already read from rawBody.
      (req as { rawBody?: Buffer }).rawBody = body;
      next();
    },
  ];
}
