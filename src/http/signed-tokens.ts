// Signed, expiring tokens for the addresses we hand out (a chart's picture, a report's file): the fields a
// request needs and an expiry, as base64url JSON, signed with HMAC-SHA256 under a kind, so that a token of one
// kind never reads as another even under the same key. Nothing is stored: any instance with the key reads any token.
import { createHmac, timingSafeEqual } from "node:crypto";

const TOKEN = /^([A-Za-z0-9_-]{1,1500})\.([A-Za-z0-9_-]{43})$/;

const signatureOf = (kind: string, payload: string, secret: string) => createHmac("sha256", secret).update(`${kind}.${payload}`).digest("base64url");

/** A token of `kind` carrying `fields`, good until `expires`. */
export function signToken(kind: string, fields: unknown[], expires: Date, secret: string): string {
  const payload = Buffer.from(JSON.stringify([...fields, Math.floor(expires.getTime() / 1000)])).toString("base64url");
  return `${payload}.${signatureOf(kind, payload, secret)}`;
}

/**
 * The fields of a token of `kind` signed with this key and not expired; null for anything else, whatever is
 * wrong (the caller checks the fields' shape).
 */
export function readToken(kind: string, token: string, secret: string, now: Date): unknown[] | null {
  const match = TOKEN.exec(token);
  if (!match) return null;
  const [, payload, signature] = match as unknown as [string, string, string];
  // Compared as text (two texts can decode to the same bytes), in constant time, so that timing says
  // nothing of how much of a forged signature was right.
  if (!timingSafeEqual(Buffer.from(signature), Buffer.from(signatureOf(kind, payload, secret)))) return null;
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(fields) || !fields.length) return null;
  const expires = fields.at(-1);
  if (typeof expires !== "number" || !Number.isInteger(expires) || expires <= 0 || expires * 1000 <= now.getTime()) return null;
  return fields.slice(0, -1);
}
