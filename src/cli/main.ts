// The `kpi` command: npm run kpi -- <command>.
// Each command imports what it uses when it runs (Prisma, the demo loader, the renderer):
// loading every module for every command costs more than most commands take.
import { parseArgs } from "node:util";
import type { Config } from "../config/config.ts";
import { loadDotEnv } from "../config/dotenv.ts";
import type { Database } from "../store/database.ts";
import type { RagChange } from "../store/rag-policy.ts";

const USAGE = `Usage: npm run kpi -- <command>

  ask "<text>" [--json]   what a chat user would get for /kpi <text>; --json prints the view model
  db migrate              apply the database migrations
  db seed-demo            load the demo data (the seed reports) if it is not there yet
  rag <organisation> [--indicator REF] [--scheme four|three] [--green-amber 5%] [--red-amber 10%] [--amber 10%] [--reset]
                          show or set the RAG bands: how far short of target each level reaches
  help                    this message

DATABASE_URL chooses the database (default file:./data/kpi.db).`;

/** Runs fn on the prepared database, closing it whatever happens. */
async function withDatabase<T>(settings: Pick<Config, "DATABASE_URL" | "loadDemoData">, fn: (database: Database) => Promise<T>): Promise<T> {
  const { prepareDatabase } = await import("../store/open.ts");
  const { database } = await prepareDatabase(settings);
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

export async function runCli(argv: string[], out: (s: string) => void = console.log): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: false, options: {
      json: { type: "boolean" },
      indicator: { type: "string" },
      scheme: { type: "string" },
      "green-amber": { type: "string" },
      "red-amber": { type: "string" },
      amber: { type: "string" },
      reset: { type: "boolean" },
    },
  });
  const [command, ...rest] = positionals;
  if (!command || command === "help" || values.help) {
    out(USAGE);
    return command || values.help ? 0 : 1;
  }

  const config: Config = (await import("../config/config.ts")).loadConfig();
  if (command === "ask") {
    const [{ ask }, { prismaCatalogue }, { renderText }] = await Promise.all([import("../core/use-cases/ask.ts"), import("../store/catalogue.ts"), import("../platforms/console/render-text.ts")]);
    const view = await withDatabase(config, (database) => ask(prismaCatalogue(database.db), rest.join(" ")));
    out(values.json ? JSON.stringify(view, null, 2) : renderText(view));
    return 0;
  }
  if (command === "db" && rest[0] === "migrate") {
    const [{ openDatabase }, { migrate }] = await Promise.all([import("../store/database.ts"), import("../store/migrate.ts")]);
    const database = await openDatabase(config.DATABASE_URL);
    try {
      out(`${database.safeUrl}: ${(await migrate(database, config.DATABASE_URL)).summary}`);
    } finally {
      await database.close();
    }
    return 0;
  }
  if (command === "db" && rest[0] === "seed-demo") {
    const { loadDemoData } = await import("../store/demo-data.ts");
    await withDatabase({ ...config, loadDemoData: false }, async (database) => {
      const summary = await loadDemoData(database.db);
      out(
        summary.loaded
          ? `Loaded the demo data into ${database.safeUrl}: ${summary.organisations} organisations, ${summary.indicators} indicators, ${summary.results} results, ${summary.actions} actions.`
          : `The demo data is already in ${database.safeUrl}; nothing changed.`,
      );
    });
    return 0;
  }
  if (command === "rag" && rest[0]) {
    const organisation = rest[0];
    const str = (v: unknown) => (typeof v === "string" ? v : undefined);
    const { setRagPolicy } = await import("../store/rag-policy.ts");
    const policy = await withDatabase(config, (database) =>
      setRagPolicy(database.db, organisation, str(values.indicator) ?? null, {
        scheme: str(values.scheme) as RagChange["scheme"],
        greenAmber: str(values["green-amber"]),
        redAmber: str(values["red-amber"]),
        amber: str(values.amber),
        reset: values.reset === true,
      }),
    );
    const pct = (n: number) => `${+(n * 100).toFixed(4)}%`;
    out(
      policy.scheme === "four"
        ? `Four levels: Green on or better than target; Green Amber up to ${pct(policy.greenAmber)} short; Red Amber up to ${pct(policy.redAmber)} short; Red beyond.`
        : `Three levels: Green on or better than target; Amber up to ${pct(policy.amber)} short; Red beyond.`,
    );
    return 0;
  }
  out(`Unknown command: ${[command, ...rest].join(" ")}\n\n${USAGE}`);
  return 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  loadDotEnv();
  runCli(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch(async (error: unknown) => {
      const { describeFailure } = await import("../failure.ts");
      console.error(describeFailure(error));
      process.exit(1);
    });
}
