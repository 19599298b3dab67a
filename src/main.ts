// Composition root: environment -> service (database, HTTP, Slack) -> console; clean shutdown.
import { loadConfig } from "./config/config.ts";
import { loadDotEnv } from "./config/dotenv.ts";
import { describeFailure } from "./failure.ts";
import { startConsole } from "./platforms/console/console.ts";
import { startService } from "./service.ts";

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const service = await startService(config);
  if (service.demo?.loaded) {
    console.log(`Loaded the demo data: ${service.demo.organisations} organisations, ${service.demo.indicators} indicators, ${service.demo.actions} actions.`);
  }
  console.log(`Council KPI bot listening on http://localhost:${service.port} (health: /healthz), database ${service.database.safeUrl}`);
  for (const notice of service.notices) console.log(notice);

  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${reason}: shutting down.`);
    await service.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  if (process.stdin.isTTY) startConsole(service.catalogue, process.stdin, process.stdout, () => void shutdown("Console closed"));
}

main().catch((error: unknown) => {
  console.error(describeFailure(error));
  process.exit(1);
});
