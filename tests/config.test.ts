import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config/config.ts";
import { redactUrl } from "../src/config/database-url.ts";

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe("configuration", () => {
  it("needs nothing: SQLite with the demo data on port 3000", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ DATABASE_URL: "file:./data/kpi.db", PORT: 3000, loadDemoData: true });
  });

  it("loads the demo data into PostgreSQL only when asked", () => {
    expect(loadConfig({ DATABASE_URL: "postgresql://u:p@db:5432/kpi" }).loadDemoData).toBe(false);
    expect(loadConfig({ DATABASE_URL: "postgresql://u:p@db:5432/kpi", LOAD_DEMO_DATA: "true" }).loadDemoData).toBe(true);
    expect(loadConfig({ LOAD_DEMO_DATA: "false" }).loadDemoData).toBe(false);
  });

  it("names every variable that is wrong, one line each, without echoing secrets", () => {
    const lines = problems({ DATABASE_URL: "mysql://root:hunter2@db/kpi", PORT: "eighty", SLACK_BOT_TOKEN: "secret-token-value" });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^DATABASE_URL: /);
    expect(lines.find((l) => l.startsWith("PORT:"))).toBeDefined();
    expect(lines.find((l) => l.startsWith("SLACK_BOT_TOKEN:"))).toBeDefined();
    expect(lines.join("\n")).not.toMatch(/hunter2|secret-token-value/);
  });

  it.each([
    [{ SLACK_SIGNING_SECRET: "signing-secret-value" }, "SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set"],
    [{ SLACK_APP_TOKEN: "xapp-app-token-value" }, "SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set"],
    [{ SLACK_BOT_TOKEN: "xoxb-bot-token-value" }, "SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)"],
  ])("refuses a half-configured Slack app: %j", (env, problem) => {
    const lines = problems(env);
    expect(lines).toEqual([problem]);
    expect(lines.join("\n")).not.toMatch(/-value/);
  });

  it.each<Record<string, string>>([
    { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" },
    { SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" },
  ])("starts Slack in HTTP or Socket Mode: %j", (env) => {
    expect(problems(env)).toEqual([]);
  });

  it("takes local Teams testing only when asked, and never beside a bot registration", () => {
    expect(loadConfig({}).TEAMS_LOCAL).toBe(false);
    expect(loadConfig({ TEAMS_LOCAL: "true" }).TEAMS_LOCAL).toBe(true);
    expect(problems({ TEAMS_LOCAL: "maybe" })[0]).toMatch(/^TEAMS_LOCAL: /);
    expect(problems({ TEAMS_LOCAL: "true", MICROSOFT_APP_ID: "11111111-2222-3333-4444-555555555555" })).toEqual(["TEAMS_LOCAL: only for local testing without MICROSOFT_APP_ID; with an app id every Teams activity is authenticated (unset one of them)"]);
  });

  it("takes a public address for chart URLs only with a signing key of at least 32 characters, and never echoes the key", () => {
    const key = "k".repeat(32);
    expect(loadConfig({ PUBLIC_URL: "https://kpi.council.gov.uk/", CHART_URL_SECRET: key })).toMatchObject({ PUBLIC_URL: "https://kpi.council.gov.uk", CHART_URL_SECRET: key });
    expect(loadConfig({}).PUBLIC_URL).toBeUndefined();
    expect(problems({ PUBLIC_URL: "https://kpi.council.gov.uk" })).toEqual(["CHART_URL_SECRET: required when PUBLIC_URL is set (at least 32 characters, the same on every instance)"]);
    const short = problems({ PUBLIC_URL: "https://kpi.council.gov.uk", CHART_URL_SECRET: "short-secret-value" });
    expect(short).toEqual(["CHART_URL_SECRET: must be at least 32 characters (e.g. openssl rand -hex 32)"]);
    expect(problems({ PUBLIC_URL: "kpi.council.gov.uk", CHART_URL_SECRET: key })[0]).toMatch(/^PUBLIC_URL: must be an http\(s\) URL/);
    expect(problems({ PUBLIC_URL: "https://kpi.council.gov.uk/?a=1", CHART_URL_SECRET: key })[0]).toMatch(/^PUBLIC_URL: /);
  });

  it("hides passwords in database URLs", () => {
    expect(redactUrl("postgresql://kpi:s3cret@db.example.org:5432/kpi")).toBe("postgresql://kpi:****@db.example.org:5432/kpi");
    expect(redactUrl("file:./data/kpi.db")).toBe("file:./data/kpi.db");
  });
});

it(".env.example documents every setting", async () => {
  const { readFileSync } = await import("node:fs");
  const { configSchema } = await import("../src/config/config.ts");
  const example = readFileSync(new URL("../.env.example", import.meta.url), "utf8");
  const documented = [...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]);
  expect(documented.sort()).toEqual(Object.keys(configSchema.shape).sort());
});
