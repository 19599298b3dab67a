// Composition root: environment -> logger -> service (database, HTTP, Slack, Teams) -> console; clean shutdown.
import { loadConfig } from "./config/config.ts";
import { loadDotEnv } from "./config/dotenv.ts";
import { describeFailure } from "./failure.ts";
import { createLogger } from "./logger.ts";
import { startConsole } from "./platforms/console/console.ts";
import { startService } from "./service.ts";

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL });
  const service = await startService(config, { logger });
  if (service.demo?.loaded) {
    logger.info(`Loaded the demo data: ${service.demo.organisations} organisations, ${service.demo.indicators} indicators, ${service.demo.actions} actions.`);
  }
  logger.info(`Council KPI bot listening on http://localhost:${service.port} (health: /healthz), database ${service.database.safeUrl}`);
  for (const notice of service.notices) logger.info(notice);

  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${reason}: shutting down.`);
    try {
      await service.stop();
      logger.info("Stopped cleanly.");
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "Stopping failed.");
      process.exit(1);
    }
  };
  // A promise nobody awaited is a bug to log, not a reason to stop answering; a thrown exception leaves state unknown.
  process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled rejection"));
  process.on("uncaughtException", (error) => {
    logger.fatal({ err: error }, "uncaught exception: stopping");
    process.exit(1);
  });
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  if (process.stdin.isTTY) startConsole(service.catalogue, service.comparing, process.stdin, process.stdout, logger.child({ platform: "console" }), () => void shutdown("Console closed"));
}

main().catch((error: unknown) => {
  console.error(describeFailure(error));
  process.exit(1);
});
