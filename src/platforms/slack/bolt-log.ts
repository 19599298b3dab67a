// Bolt's and the Web API clients' logging on the service's one logger, and what a request asked for, for the log.
import { LogLevel, type Logger } from "@slack/bolt";
import type { Logger as ServiceLogger } from "../../logger.ts";
import { truncate } from "./blocks.ts";

/** Bolt's logger on the service's one, from a level up; never given a token or secret. */
export function boltLogger(log: ServiceLogger, from: LogLevel): Logger {
  let level = from;
  const order = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
  const write = (min: LogLevel, fn: (text: string) => void) => (...args: unknown[]) => {
    if (order.indexOf(min) >= order.indexOf(level)) fn(args.map((a) => (a instanceof Error ? a.message : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
  };
  return {
    debug: write(LogLevel.DEBUG, (t) => log.debug(t)),
    info: write(LogLevel.INFO, (t) => log.info(t)),
    warn: write(LogLevel.WARN, (t) => log.warn(t)),
    error: write(LogLevel.ERROR, (t) => log.error(t)),
    setLevel: (l) => (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** A Web API client's lines, all at debug: for calls whose failure the caller logs itself. */
export function debugOnly(log: ServiceLogger): Logger {
  const inner = boltLogger(log, LogLevel.DEBUG);
  return { ...inner, info: inner.debug, warn: inner.debug, error: inner.debug };
}

/** What a request asked for and who asked, for the log (never a token: those are not in these fields). */
export function requestOf(body: object): { doing: string; user?: string } {
  const b = body as { command?: string; text?: string; user_id?: string; user?: { id?: string }; actions?: { action_id?: string; value?: string }[]; event?: { type?: string; user?: string }; view?: { callback_id?: string } };
  if (b.command) return { doing: truncate(`${b.command} ${b.text ?? ""}`.trim(), 200), user: b.user_id };
  const action = b.actions?.[0];
  if (action) return { doing: truncate(`button ${action.action_id} ${action.value ?? ""}`.trim(), 200), user: b.user?.id };
  // A form's values are what someone wrote: not for the log.
  if (b.view) return { doing: `form ${truncate(b.view.callback_id ?? "unknown", 100)}`, user: b.user?.id };
  return { doing: `event ${b.event?.type ?? "unknown"}`, user: b.event?.user };
}
