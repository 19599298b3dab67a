// Where a request to /api/messages came from, for a bot without an app id (the Emulator, tests): only this machine.
import type { Request } from "express";

export function isLoopback(address: string | undefined): boolean {
  return !!address && (address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127."));
}

/**
 * Without an app id nothing is authenticated: only with TEAMS_LOCAL, and then only this machine may post (the
 * Bot Framework Emulator, tests). Behind a reverse proxy on this machine every request arrives from 127.0.0.1, so a forwarded request is taken
 * only when TRUST_PROXY says to believe X-Forwarded-For and every address in it is this machine too (so is req.ip,
 * the client express picks from it). `Forwarded` (RFC 7239) is refused: express does not read it.
 */
export function fromThisMachine(req: Request): boolean {
  const forwardedFor = req.headers["x-forwarded-for"];
  if (req.headers.forwarded !== undefined) return false;
  if (forwardedFor === undefined) return isLoopback(req.socket.remoteAddress);
  if (!req.app.get("trust proxy")) return false;
  return [req.socket.remoteAddress, ...String(forwardedFor).split(",")].every((address) => isLoopback(address?.trim()));
}
