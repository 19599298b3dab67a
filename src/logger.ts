// The service's one logger (pino): JSON lines in production, readable lines in a
// terminal. Handlers, adapters and jobs take a child of it carrying their request or
// job id. Tokens, secrets and passwords never reach it: known fields are censored and
// URL passwords are masked in error messages.
import { pino, stdSerializers, type Logger } from "pino";
import pretty from "pino-pretty";
import type { LogLevel } from "./config/config.ts";
import { briefMessage, maskSecrets } from "./redact.ts";

export { maskSecrets };

export type { Logger, LogLevel };

export interface LoggerOptions {
  level: LogLevel;
  /** Human-readable lines (default: when writing to a terminal). */
  pretty?: boolean;
  /** Where lines go (default: standard output); tests pass a stream they read. */
  destination?: NodeJS.WritableStream;
}

const SECRET_FIELDS = ["token", "botToken", "appToken", "signingSecret", "secret", "password", "appPassword", "authorization", "cookie"];
const REDACT = [...SECRET_FIELDS, ...SECRET_FIELDS.map((f) => `*.${f}`), 'headers["x-slack-signature"]', "*.headers.authorization"];

/** An error in a line or two: its kind, message and code; the stack only when debugging. */
function briefError(withStack: boolean) {
  return (error: unknown) => {
    if (!(error instanceof Error)) return { message: maskSecrets(String(error)) };
    const code = (error as { code?: unknown }).code;
    return {
      type: error.name,
      message: briefMessage(error.message),
      ...(code !== undefined ? { code } : {}),
      ...(withStack && error.stack ? { stack: maskSecrets(stdSerializers.err(error).stack) } : {}),
    };
  };
}

export function createLogger(options: LoggerOptions): Logger {
  const withStack = options.level === "debug" || options.level === "trace";
  const settings = {
    level: options.level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT, censor: "****" },
    serializers: { err: briefError(withStack), error: briefError(withStack) },
  };
  const destination = options.destination ?? process.stdout;
  const readable = options.pretty ?? Boolean((destination as { isTTY?: boolean }).isTTY);
  if (readable) {
    return pino(settings, pretty({ destination, sync: true, colorize: Boolean((destination as { isTTY?: boolean }).isTTY), translateTime: "HH:MM:ss", ignore: "pid,hostname" }));
  }
  // Synchronous writes: a line logged just before exit is not lost.
  return pino(settings, destination === process.stdout ? pino.destination({ dest: 1, sync: true }) : destination);
}

/** A logger that writes nothing, for code run outside the service (tests of one module). */
export const silentLogger: Logger = pino({ level: "silent" });
