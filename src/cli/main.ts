// The `kpi` command: npm run kpi -- <command>.
// Each command imports what it uses when it runs (Prisma, the demo loader, the renderer):
// loading every module for every command costs more than most commands take.
import { parseArgs } from "node:util";
import type { Config } from "../config/config.ts";
import { loadDotEnv } from "../config/dotenv.ts";
import type { Database } from "../store/database.ts";
import type { RagChange } from "../store/rag-policy.ts";
import { ASSESS_USAGE, CHART_USAGE, CODES_USAGE, DIGEST_USAGE, EXPORT_USAGE, IMPORT_USAGE, ORG_USAGE, PEOPLE_USAGE, REMINDERS_USAGE, REPORT_USAGE, REPORTING_USAGE, UPDATE_USAGE, YEAR_END_USAGE } from "./usage.ts";

const USAGE = `Usage: npm run kpi -- <command>

  ask "<text>" [--json] [--slack-team T123 | --teams-tenant <guid>]
                          what a chat user would get for /kpi <text> (from that workspace: as it sees the organisations);
                          --json prints the view model
  db migrate              apply the database migrations
  db seed-demo            load the demo data (the seed reports) if it is not there yet
  rag <organisation> [--indicator REF] [--scheme four|three] [--green-amber 5%] [--red-amber 10%] [--amber 10%] [--reset]
                          show or set the RAG bands: how far short of target each level reaches
${ORG_USAGE}
${CODES_USAGE}
${PEOPLE_USAGE}
${DIGEST_USAGE}
${UPDATE_USAGE}
${ASSESS_USAGE}
${REPORTING_USAGE}
${YEAR_END_USAGE}
${IMPORT_USAGE}
${EXPORT_USAGE}
${REPORT_USAGE}
${CHART_USAGE}
${REMINDERS_USAGE}
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

/**
 * A command's own words come before its options, and an option takes one word: words after an option's
 * value (--value 1 2 3) would be dropped or read as something else, so they are refused, saying how to quote.
 */
function wordsAfterAValue(tokens: ReturnType<typeof parseArgs>["tokens"] = []): string | null {
  for (const [i, token] of tokens.entries()) {
    if (token.kind !== "option" || token.value === undefined) continue;
    const words: string[] = [];
    for (const next of tokens.slice(i + 1)) {
      if (next.kind !== "positional") break;
      words.push(next.value);
    }
    if (words.length) {
      const given = token.inlineValue ? `${token.rawName}=${token.value}` : `${token.rawName} ${token.value}`;
      return `“${words.join(" ")}” follows ${given}: an option takes one word. Quote a value of several words (${token.rawName} "${[token.value, ...words].join(" ")}"), and put the command's own words before its options.`;
    }
  }
  return null;
}

export async function runCli(argv: string[], out: (s: string) => void = console.log): Promise<number> {
  const { values, positionals, tokens } = parseArgs({ args: argv, allowPositionals: true, strict: false, tokens: true, options: {
      json: { type: "boolean" },
      indicator: { type: "string" },
      scheme: { type: "string" },
      "green-amber": { type: "string" },
      "red-amber": { type: "string" },
      amber: { type: "string" },
      reset: { type: "boolean" },
      "slack-team": { type: "string" },
      "slack-enterprise": { type: "string" },
      "teams-tenant": { type: "string" },
      name: { type: "string" },
      organisation: { type: "string" },
      role: { type: "string" },
      slack: { type: "string" },
      teams: { type: "string" },
      channel: { type: "string" },
      levels: { type: "string" },
      service: { type: "string" },
      schedule: { type: "string" },
      alerts: { type: "string" },
      now: { type: "boolean" },
      retry: { type: "boolean" },
      period: { type: "string" },
      charts: { type: "boolean" },
      "no-charts": { type: "boolean" },
      value: { type: "string" },
      numerator: { type: "string" },
      denominator: { type: "string" },
      commentary: { type: "string" },
      intervention: { type: "string" },
      as: { type: "string" },
      replace: { type: "boolean" },
      confirm: { type: "boolean" },
      due: { type: "string" },
      comment: { type: "string" },
      delegate: { type: "string" },
      "review-channel": { type: "string" },
      "auto-accept": { type: "string" },
      sheet: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      map: { type: "string", multiple: true },
      "dry-run": { type: "boolean" },
      "skip-invalid": { type: "boolean" },
      note: { type: "string" },
      rag: { type: "string" },
      status: { type: "string" },
      "remind-before": { type: "string" },
      "remind-after": { type: "string" },
      date: { type: "string" },
      kind: { type: "string" },
      direction: { type: "string" },
      periods: { type: "string" },
      width: { type: "string" },
      compare: { type: "string" },
      code: { type: "string" },
      source: { type: "string" },
    },
  });
  const stray = wordsAfterAValue(tokens);
  if (stray) {
    console.error(stray);
    return 1;
  }
  const [command, ...rest] = positionals;
  if (!command || command === "help" || values.help) {
    out(USAGE);
    return command || values.help ? 0 : 1;
  }

  const config: Config = (await import("../config/config.ts")).loadConfig();
  if (command === "ask") {
    const [{ askAsOperator }, { prismaCatalogue }, { prismaComparing }, { renderText }] = await Promise.all([
      import("../core/use-cases/ask-as-operator.ts"),
      import("../store/catalogue.ts"),
      import("../store/comparison.ts"),
      import("../platforms/console/render-text.ts"),
    ]);
    const workspace = (["slack-team", "slack-enterprise", "teams-tenant"] as const).flatMap((kind) => (typeof values[kind] === "string" ? [{ kind, id: values[kind] as string }] : []));
    const text = rest.join(" ");
    // The operator sees everything; asked as a workspace, what that workspace sees.
    const view = await withDatabase(config, async (database) => await askAsOperator(prismaCatalogue(database.db), text, workspace.length ? { workspace, identity: {} } : null, prismaComparing(database.db)));
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
  if (command === "org") {
    const { runOrg } = await import("./org.ts");
    return await withDatabase(config, (database) => runOrg(database.db, rest, values, out));
  }
  if (command === "codes") {
    const { runCodes } = await import("./codes.ts");
    return await withDatabase(config, (database) => runCodes(database.db, rest, values, out, (s) => console.error(s)));
  }
  if (command === "people") {
    const { runPeople } = await import("./people.ts");
    const token = config.SLACK_BOT_TOKEN;
    // Bolt loads only when there is a workspace to ask.
    const findSlackUser = (email: string) =>
      token ? import("../platforms/slack/lookup.ts").then(({ slackUserIdByEmail }) => slackUserIdByEmail({ botToken: token, apiUrl: config.SLACK_API_URL }, email)) : undefined;
    return await withDatabase(config, (database) => runPeople(database.db, rest, values, out, findSlackUser));
  }
  if (["subscribe", "unsubscribe", "subscriptions", "digest", "alerts"].includes(command)) {
    const [{ runDigestCommand }, { createLogger }] = await Promise.all([import("./digest.ts"), import("../logger.ts")]);
    // Jobs log as the service does, to standard error: standard output is the command's answer.
    const logger = createLogger({ level: config.LOG_LEVEL, destination: process.stderr });
    return await withDatabase(config, (database) => runDigestCommand(config, database.db, logger, command, rest, values, out));
  }
  if (command === "reminders") {
    const [{ runReminders }, { createLogger }] = await Promise.all([import("./reminders.ts"), import("../logger.ts")]);
    const logger = createLogger({ level: config.LOG_LEVEL, destination: process.stderr });
    return await withDatabase(config, (database) => runReminders(config, database.db, logger, rest, values, out, (s) => console.error(s)));
  }
  if (command === "cycle" || command === "review" || command === "owners" || command === "update") {
    const [{ runReporting }, { runUpdate }, { platformOutbox }, { createLogger }] = await Promise.all([import("./reporting.ts"), import("./update.ts"), import("../jobs/outbox.ts"), import("../logger.ts")]);
    // A submission is posted to its review channel, and a submitter told of a decision, as the service does:
    // through the platforms configured here (what fails is logged to standard error, and the service's sweep posts it).
    const logger = createLogger({ level: config.LOG_LEVEL, destination: process.stderr });
    return await withDatabase(config, (database) => {
      const posting = { outbox: platformOutbox(config, database.db, logger), log: logger };
      return command === "update" ? runUpdate(database.db, rest, values, out, (s) => console.error(s), posting) : runReporting(database.db, command, rest, values, out, (s) => console.error(s), posting);
    });
  }
  if (command === "assess") {
    const { runAssess } = await import("./assess.ts");
    return await withDatabase(config, (database) => runAssess(database.db, rest, values, out, (s) => console.error(s)));
  }
  if (command === "import") {
    const { runImport } = await import("./import.ts");
    return await withDatabase(config, (database) => runImport(database.db, rest, values, out, (s) => console.error(s)));
  }
  if (command === "export") {
    const { runExport } = await import("./export.ts");
    return await withDatabase(config, (database) => runExport(database.db, values, out, (s) => console.error(s)));
  }
  if (command === "report") {
    const { runReport } = await import("./report.ts");
    return await withDatabase(config, (database) => runReport(database.db, values, out, (s) => console.error(s)));
  }
  if (command === "chart") {
    const { runChart } = await import("./chart.ts");
    return await withDatabase(config, (database) => runChart(database.db, rest, values, out, (s) => console.error(s)));
  }
  if (["target", "period", "retire", "unretire"].includes(command)) {
    const { runYearEnd } = await import("./year-end.ts");
    return await withDatabase(config, (database) => runYearEnd(database.db, command, rest, values, out, (s) => console.error(s)));
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
    const { describeBands } = await import("../core/ratings.ts");
    out(describeBands(policy));
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
