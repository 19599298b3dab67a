// The two schemas come from prisma/models.prisma, and each provider's migrations
// build exactly the tables, columns and indexes its schema describes.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { schemaFor, schemaPath } from "../../prisma/build-schemas.ts";
import { openDatabase, type Database } from "../../src/store/database.ts";
import { migrate, migrationNames, pendingMigrations } from "../../src/store/migrate.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import { freshDatabase, providers, type TestDatabase } from "../helpers/databases.ts";
import { root } from "../helpers/run.ts";

const run = promisify(execFile);

it.each(["sqlite", "postgresql"] as const)("the %s schema is generated from prisma/models.prisma", (provider) => {
  expect(readFileSync(schemaPath(provider), "utf8")).toBe(schemaFor(provider));
});

// Tables, columns, types, nullability and indexes, in a comparable form.
const CATALOGUE_SQL = {
  sqlite: `SELECT m.name AS t, p.name AS c, p.type AS ty, CAST(p."notnull" AS TEXT) AS nn, CAST(p.pk AS TEXT) AS pk FROM sqlite_master m JOIN pragma_table_info(m.name) p
           WHERE m.type = 'table' AND m.name NOT LIKE '\\_prisma%' ESCAPE '\\' AND m.name NOT LIKE 'sqlite_%'
           UNION ALL SELECT name, sql, '', '', '' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY 1, 2`,
  postgresql: `SELECT table_name::text AS t, column_name::text AS c, data_type::text AS ty, is_nullable::text AS nn, column_default::text AS pk
               FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
               UNION ALL SELECT tablename::text, indexdef::text, '', '', '' FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`,
};

async function withDatabase<T>(url: string, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(url);
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

describe.each(providers)("migrations on %s", (provider) => {
  const made: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of made) await d.drop();
  });

  it("build the same database as the schema does", async () => {
    const migrated = await freshDatabase(provider);
    const pushed = await freshDatabase(provider);
    made.push(migrated, pushed);
    await withDatabase(migrated.url, (database) => migrate(database, migrated.url));
    await run("npx", ["prisma", "db", "push", "--skip-generate"], { cwd: root, env: { ...process.env, DATABASE_URL: pushed.url, CHECKPOINT_DISABLE: "1" } });
    const catalogue = (url: string) => withDatabase(url, async (database) => JSON.stringify(await database.db.$queryRawUnsafe(CATALOGUE_SQL[provider])));
    const fromMigrations = await catalogue(migrated.url);
    expect(fromMigrations.length).toBeGreaterThan(1000);
    expect(fromMigrations).toBe(await catalogue(pushed.url));
  });
});

// The Prisma CLI takes over a second even with nothing to apply: it runs only when the
// database's record (_prisma_migrations) shows a migration pending, or is in doubt.
describe.each(providers)("applying migrations at start on %s", (provider) => {
  const made: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of made) await d.drop();
  });
  const fresh = async () => {
    const target = await freshDatabase(provider);
    made.push(target);
    return target;
  };

  it("gives a new database every migration through the CLI, and then skips the CLI while nothing is pending", async () => {
    const target = await fresh();
    await withDatabase(target.url, async (database) => {
      expect(await pendingMigrations(database)).toBeNull(); // no record yet
      expect(await migrate(database, target.url)).toEqual({ ranCli: true, summary: "migrations applied" });
      expect(await pendingMigrations(database)).toEqual([]);
      expect(await migrate(database, target.url)).toEqual({ ranCli: false, summary: "up to date" });
    });
  });

  it("runs the CLI for a migration the database lacks, which applies it", async () => {
    const target = await fresh();
    const conversations = migrationNames(provider).find((name) => name.endsWith("_add_conversations"))!;
    await withDatabase(target.url, async (database) => {
      await migrate(database, target.url);
      // The database as it was before that migration: its table gone, its record too.
      await database.db.$executeRawUnsafe(`DROP TABLE "Conversation"`);
      await database.db.$executeRawUnsafe(`DELETE FROM _prisma_migrations WHERE migration_name = '${conversations}'`);
      expect(await pendingMigrations(database)).toEqual([conversations]);
      expect(await migrate(database, target.url)).toEqual({ ranCli: true, summary: "migrations applied" });
      expect(await pendingMigrations(database)).toEqual([]);
      expect(await database.db.conversation.count()).toBe(0); // the table is back
    });
  });

  it("leaves a failed or unfinished migration to the CLI, which refuses to go on", async () => {
    const target = await fresh();
    await withDatabase(target.url, async (database) => {
      await migrate(database, target.url);
      const [last] = migrationNames(provider).slice(-1);
      await database.db.$executeRawUnsafe(`DELETE FROM _prisma_migrations WHERE migration_name = '${last}'`);
      await database.db.$executeRawUnsafe(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ('unfinished', 'x', '${last}', CURRENT_TIMESTAMP, 0)`,
      );
      expect(await pendingMigrations(database)).toBeNull();
      await expect(migrate(database, target.url)).rejects.toThrow(/P3009/);
    });
  });
});

it.runIf(providers.includes("postgresql"))("two instances starting together on a new PostgreSQL database both come up migrated", async () => {
  const target = await freshDatabase("postgresql");
  try {
    const started = await Promise.all([0, 1].map(() => prepareDatabase({ DATABASE_URL: target.url, loadDemoData: false })));
    for (const { database } of started) {
      expect(await pendingMigrations(database)).toEqual([]);
      await database.close();
    }
  } finally {
    await target.drop();
  }
});
