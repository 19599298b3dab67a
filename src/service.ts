// The running service: database, HTTP server (health, Slack, Teams), console. main.ts
// starts it from the environment; the tests start the same thing on a free port.
import type { Server } from "node:http";
import type { Config } from "./config/config.ts";
import { createHttpApp, listen } from "./http/server.ts";
import { createSlackAdapter, type SlackAdapter } from "./platforms/slack/app.ts";
import { mountTeams } from "./platforms/teams/app.ts";
import { conversationStore } from "./store/conversations.ts";
import { cachedCatalogue } from "./store/cached-catalogue.ts";
import { prismaCatalogue } from "./store/catalogue.ts";
import type { Catalogue } from "./core/ports.ts";
import type { Database } from "./store/database.ts";
import type { LoadSummary } from "./store/demo-data.ts";
import { prepareDatabase } from "./store/open.ts";

export interface Service {
  port: number;
  /** What the chat platforms and the console read from. */
  catalogue: Catalogue;
  database: Database;
  demo: LoadSummary | null;
  slack: SlackAdapter | null;
  /** What is connected, and what to set for what is not: printed at start. */
  notices: string[];
  stop(): Promise<void>;
}

export interface ServiceOptions {
  /** How long /kpi waits before answering through response_url instead (default 2 s). */
  slackAckBudgetMs?: number;
}

export async function startService(config: Config, options: ServiceOptions = {}): Promise<Service> {
  const { database, demo } = await prepareDatabase(config);
  const catalogue = cachedCatalogue(prismaCatalogue(database.db));
  const http = createHttpApp(database);
  const slack = config.SLACK_BOT_TOKEN
    ? createSlackAdapter({ botToken: config.SLACK_BOT_TOKEN, signingSecret: config.SLACK_SIGNING_SECRET, appToken: config.SLACK_APP_TOKEN, apiUrl: config.SLACK_API_URL, ackBudgetMs: options.slackAckBudgetMs }, http, catalogue)
    : null;

  const teams = mountTeams(
    { appId: config.MICROSOFT_APP_ID, appPassword: config.MICROSOFT_APP_PASSWORD, tenantId: config.MICROSOFT_APP_TENANT_ID, appType: config.MICROSOFT_APP_TYPE },
    http,
    catalogue,
    conversationStore(database.db, "teams"),
  );

  let server: Server;
  try {
    server = await listen(http, config.PORT, config.HOST);
    await slack?.start();
  } catch (error) {
    await database.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;

  // Read the indicators now rather than on the first question; a failure here shows on that question instead.
  catalogue.warm().catch(() => undefined);

  const notices: string[] = [];
  if (slack) notices.push(slack.mode === "socket" ? "Slack: connected in Socket Mode." : `Slack: answering at http://localhost:${port}/slack/events (request URL for the app's slash command, interactivity and events).`);
  notices.push(
    teams.authenticated
      ? `Teams: answering at http://localhost:${port}/api/messages (messaging endpoint of the bot registration); every activity is authenticated.`
      : `Teams: no MICROSOFT_APP_ID, so /api/messages answers this machine only (the Bot Framework Emulator); set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD to take Teams traffic.`,
  );
  if (!slack && !config.MICROSOFT_APP_ID) {
    notices.push(
      [
        "No Slack or Teams credentials are set, so only the local console and /healthz answer.",
        "For Slack set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or SLACK_APP_TOKEN for Socket Mode);",
        "for Teams set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD. The app manifests are in manifests/slack and",
        "manifests/teams, and .env.example lists every setting.",
      ].join("\n"),
    );
  }

  return {
    port,
    catalogue,
    database,
    demo,
    slack,
    notices,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await slack?.stop();
      await database.close();
    },
  };
}
