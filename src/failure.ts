// What a user reads when start-up or a command fails: one clear line for what
// they can fix, a short line for anything else, never a stack trace.
import { ConfigError } from "./config/config.ts";
import { ZodError } from "zod";
import { briefMessage, maskSecrets } from "./redact.ts";
import { DatabaseUnavailableError } from "./store/database.ts";

export function describeFailure(error: unknown): string {
  if (error instanceof ConfigError) return `Configuration problem:\n${error.problems.map((p) => `  ${p}`).join("\n")}`;
  if (error instanceof DatabaseUnavailableError) return error.message;
  if (error instanceof ZodError) return error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n");
  return error instanceof Error ? briefMessage(error.message) : maskSecrets(String(error));
}
