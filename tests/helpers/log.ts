// The service's logger writing into memory, so tests can read what was logged.
import { Writable } from "node:stream";
import { createLogger, type Logger, type LogLevel } from "../../src/logger.ts";

export interface MemoryLog {
  logger: Logger;
  /** Every line written so far, parsed. */
  entries(): Record<string, unknown>[];
  /** Everything written so far, as written. */
  text(): string;
}

export function memoryLog(level: LogLevel = "debug"): MemoryLog {
  let written = "";
  const destination = new Writable({
    write(chunk, _encoding, done) {
      written += String(chunk);
      done();
    },
  });
  return {
    logger: createLogger({ level, pretty: false, destination }),
    entries: () => written.split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>),
    text: () => written,
  };
}
