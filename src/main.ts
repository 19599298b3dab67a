// Composition root: config -> database -> services -> HTTP (and console); clean shutdown.
import type { Server } from "node:http";
import { loadConfig, type Config } from "./config/config.ts";
import { loadDotEnv } from "./config/dotenv.ts";
import { createHttpApp, listen } from "./http/server.ts";
import { startConsole } from "./platforms/console/console.ts";
import { prismaCatalogue } from "./store/catalogue.ts";
import type { Database } from "./store/database.ts";
import { describeFailure } from "./failure.ts";
import { prepareDatabase } from "./store/open.ts";

function credentialsNotice(config: Config): string | null {
  const slack = Boolean(config.SLACK_BOT_TOKEN && (config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN));
  const teams = Boolean(config.MICROSOFT_APP_ID);
  if (slack || teams) return null;
  return [
    "No Slack or Teams credentials are set, so only the local console and /healthz answer.",
    "For Slack set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or SLACK_APP_TOKEN for Socket Mode);",
    "for Teams set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD. The app manifests are in manifests/slack and",
    "manifests/teams, and .env.example lists every setting.",
  ].join("\n");
}

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const { database, demo } = await prepareDatabase(config);
  if (demo?.loaded) {
    console.log(`Loaded the demo data: ${demo.organisations} organisations, ${demo.indicators} indicators, ${demo.actions} actions.`);
  }
  const app = createHttpApp(database);
  const server = await listen(app, config.PORT, config.HOST);
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  console.log(`Council KPI bot listening on http://localhost:${port} (health: /healthz), database ${database.safeUrl}`);
  const notice = credentialsNotice(config);
  if (notice) console.log(notice);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down.`);
    await stop(server, database);
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  if (process.stdin.isTTY) startConsole(prismaCatalogue(database.db), process.stdin, process.stdout, () => void shutdown("Console closed"));
}

async function stop(server: Server, database: Database): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
  await database.close();
}

main().catch((error: unknown) => {
  console.error(describeFailure(error));
  process.exit(1);
});
