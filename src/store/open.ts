// The one way the app and the CLI reach the database: migrate, connect, load the demo data when asked.
import type { Config } from "../config/config.ts";
import { openDatabase, type Database } from "./database.ts";
import { loadDemoData, type LoadSummary } from "./demo-data.ts";
import { migrate } from "./migrate.ts";

export async function prepareDatabase(config: Pick<Config, "DATABASE_URL" | "loadDemoData">): Promise<{ database: Database; demo: LoadSummary | null }> {
  // Connect first: an unreachable server gets a clear message, not a migration error.
  const database = await openDatabase(config.DATABASE_URL);
  try {
    await migrate(config.DATABASE_URL);
    const empty = (await database.db.indicator.count()) === 0 && (await database.db.action.count()) === 0;
    const demo = config.loadDemoData && empty ? await loadDemoData(database.db) : null;
    return { database, demo };
  } catch (error) {
    await database.close();
    throw error;
  }
}
