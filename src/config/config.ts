// The environment, read once and checked with zod. A bad value stops start-up
// with one line per problem, naming the variable (never echoing a secret).
import { z } from "zod";
import { providerOf } from "./database-url.ts";

/** pino's levels. Here rather than in logger.ts, so that reading the configuration (every kpi command does) does not load pino. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

const flag = z
  .enum(["true", "false", "1", "0", "yes", "no", "auto", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" || v === "auto" ? "auto" : ["true", "1", "yes"].includes(v)));

/** A yes or no, no by default. */
const onOff = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .optional()
  .transform((v) => v === "true" || v === "1" || v === "yes");

export const configSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .default("file:./data/kpi.db")
    .superRefine((url, ctx) => {
      try {
        providerOf(url);
        if (url.startsWith("postgres")) new URL(url);
        else if (url === "file:") throw new Error("file: needs a path, e.g. file:./data/kpi.db");
      } catch (error) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: error instanceof Error && error.message.startsWith("DATABASE_URL") ? error.message.replace(/^DATABASE_URL /, "") : "is not a valid URL (file:./data/kpi.db or postgresql://user:password@host:5432/db)" });
      }
    }),
  /** "auto": load the demo data into an empty SQLite database, never into PostgreSQL. */
  LOAD_DEMO_DATA: flag,
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().trim().default("0.0.0.0"),
  /** How much to log: fatal, error, warn, info (default), debug, trace or silent. */
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  /**
   * Which reverse proxies to believe about the client's address (X-Forwarded-For): false (default,
   * none), true (any), a number of hops, or addresses and subnets ("loopback", "10.0.0.0/8").
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .optional()
    .transform((v): boolean | number | string => (!v || v === "false" ? false : v === "true" ? true : /^\d+$/.test(v) ? Number(v) : v)),
  /** How long after its slot a digest the service missed (it was down) still posts, in hours (default 6). */
  DIGEST_CATCH_UP_HOURS: z.coerce.number().min(0).max(168).default(6),
  /** The memory the read model's councils may take, in megabytes (default 48): beyond it, the least recently asked are let go. */
  READ_MODEL_MB: z.coerce.number().int().min(8).max(65_536).default(48),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith("xoxb-"), "must be a bot token starting xoxb-"),
  SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith("xapp-"), "must be an app-level token starting xapp-"),
  SLACK_API_URL: optionalText.refine((v) => v === undefined || /^https?:\/\//.test(v), "must be an http(s) URL"),
  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  MICROSOFT_APP_TENANT_ID: optionalText,
  MICROSOFT_APP_TYPE: z.enum(["MultiTenant", "SingleTenant", "UserAssignedMSI"]).default("MultiTenant"),
  /**
   * Local testing of Teams without a bot registration (the Bot Framework Emulator, the Agents Playground,
   * tests): /api/messages then takes unauthenticated activities from this machine. Off, with no
   * MICROSOFT_APP_ID, /api/messages refuses every request, as Microsoft's own Teams SDK does.
   */
  TEAMS_LOCAL: onOff,
  /**
   * Where Slack and Teams can reach this service from outside (https://kpi.council.gov.uk): charts are then
   * also served at signed, expiring addresses under it (GET /charts/<token>.png). Unset: no chart URLs.
   */
  PUBLIC_URL: optionalText
    .refine((v) => v === undefined || /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(v), "must be an http(s) URL without a query, e.g. https://kpi.council.gov.uk")
    .transform((v) => v?.replace(/\/+$/, "")),
  /** The key chart URLs are signed with (HMAC-SHA256): at least 32 characters, the same on every instance. */
  CHART_URL_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, "must be at least 32 characters (e.g. openssl rand -hex 32)"),
});

export type Config = z.infer<typeof configSchema> & { loadDemoData: boolean };

/** Settings that only make sense together. */
function crossChecks(c: z.infer<typeof configSchema>): string[] {
  const problems: string[] = [];
  if (c.SLACK_BOT_TOKEN && !c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET) {
    problems.push("SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)");
  }
  if (!c.SLACK_BOT_TOKEN && (c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN)) {
    problems.push("SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set");
  }
  if (c.TEAMS_LOCAL && c.MICROSOFT_APP_ID) {
    problems.push("TEAMS_LOCAL: only for local testing without MICROSOFT_APP_ID; with an app id every Teams activity is authenticated (unset one of them)");
  }
  if (c.PUBLIC_URL && !c.CHART_URL_SECRET) {
    problems.push("CHART_URL_SECRET: required when PUBLIC_URL is set (at least 32 characters, the same on every instance)");
  }
  return problems;
}

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(problems.join("\n"));
    this.problems = problems;
    this.name = "ConfigError";
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".") || "environment"}: ${i.message}`));
  }
  const c = parsed.data;
  const problems = crossChecks(c);
  if (problems.length) throw new ConfigError(problems);
  const loadDemoData = c.LOAD_DEMO_DATA === "auto" ? c.DATABASE_URL.startsWith("file:") : c.LOAD_DEMO_DATA;
  return { ...c, loadDemoData };
}
