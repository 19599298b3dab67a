// The one way the app and the CLI reach the database: migrate, connect, load the demo data when asked.
import type { Config } from "../config/config.ts";
import { openDatabase, type Database } from "./database.ts";
import type { LoadSummary } from "./demo-data.ts";
import { migrate } from "./migrate.ts";

export async function prepareDatabase(config: Pick<Config, "DATABASE_URL" | "loadDemoData">): Promise<{ database: Database; demo: LoadSummary | null }> {
  // Connect first: an unreachable server gets a clear message, not a migration error.
  const database = await openDatabase(config.DATABASE_URL);
  try {
    await migrate(database, config.DATABASE_URL);
    // The loader (and what it imports) is only read when there is something to load.
    const demo = config.loadDemoData && (await isEmpty(database)) ? await (await import("./demo-data.ts")).loadDemoData(database.db) : null;
    return { database, demo };
  } catch (error) {
    await database.close();
    throw error;
  }
}

async function isEmpty(database: Database): Promise<boolean> {
  return (await database.db.indicator.count()) === 0 && (await database.db.action.count()) === 0;
}
