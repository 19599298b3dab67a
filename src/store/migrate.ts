// Brings the database to the latest migration of its provider. The Prisma CLI (on its
// offline WebAssembly engine, prisma.config.ts) takes over a second even with nothing to
// do, so the database's own record (_prisma_migrations) is read first and the CLI runs
// only when a migration is pending or the record is in doubt. The CLI takes its own lock
// (on PostgreSQL), so instances starting together stay safe: any of them that sees a
// migration pending, or one still running, leaves the work to the CLI.
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { redactUrl, type Provider } from "../config/database-url.ts";
import { shortReason, type Database } from "./database.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface MigrationOutcome {
  /** False when the database had applied every migration, so the Prisma CLI was not run. */
  ranCli: boolean;
  summary: "up to date" | "migrations applied";
}

/** The migrations of a provider, by folder name (prisma/<provider>/migrations/<name>/migration.sql). */
export function migrationNames(provider: Provider): string[] {
  const dir = path.join(root, "prisma", provider, "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/**
 * The migrations the database has not applied, or null when its record cannot say: no
 * record yet (a new database), or a migration that failed or is being applied right now.
 */
export async function pendingMigrations(database: Database): Promise<string[] | null> {
  let rows: { migration_name: string; finished_at: unknown; rolled_back_at: unknown }[];
  try {
    rows = await database.db.$queryRawUnsafe("SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations");
  } catch {
    return null;
  }
  if (rows.some((r) => r.finished_at === null && r.rolled_back_at === null)) return null;
  const applied = new Set(rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => r.migration_name));
  return migrationNames(database.provider).filter((name) => !applied.has(name));
}

export async function migrate(database: Database, url: string): Promise<MigrationOutcome> {
  const pending = await pendingMigrations(database);
  if (pending?.length === 0) return { ranCli: false, summary: "up to date" };
  return { ranCli: true, summary: await runPrismaMigrate(url) };
}

const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");

/** `prisma migrate deploy` in a child process: applies whatever is pending, under the CLI's own lock. */
async function runPrismaMigrate(url: string): Promise<MigrationOutcome["summary"]> {
  return await new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [prismaCli, "migrate", "deploy"],
      // CHECKPOINT_DISABLE: the CLI would otherwise try to phone home for updates.
      { cwd: root, env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" }, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout.includes("No pending migrations") ? "up to date" : "migrations applied");
        const detail = `${stderr}\n${stdout}`.split("\n").find((l) => /error|P\d{4}/i.test(l)) ?? shortReason(error);
        reject(new Error(`Migrating ${redactUrl(url)} failed: ${detail.replace(url, redactUrl(url)).trim()}`));
      },
    );
  });
}
