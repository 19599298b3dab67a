// The two schemas come from prisma/models.prisma, and each provider's migrations
// build exactly the tables, columns and indexes its schema describes.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { schemaFor, schemaPath } from "../../prisma/build-schemas.ts";
import { openDatabase } from "../../src/store/database.ts";
import { migrate } from "../../src/store/migrate.ts";
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

describe.each(providers)("migrations on %s", (provider) => {
  const made: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of made) await d.drop();
  });

  it("build the same database as the schema does", async () => {
    const migrated = await freshDatabase(provider);
    const pushed = await freshDatabase(provider);
    made.push(migrated, pushed);
    await migrate(migrated.url);
    await run("npx", ["prisma", "db", "push", "--skip-generate"], { cwd: root, env: { ...process.env, DATABASE_URL: pushed.url, CHECKPOINT_DISABLE: "1" } });
    const catalogue = async (url: string) => {
      const database = await openDatabase(url);
      try {
        return JSON.stringify(await database.db.$queryRawUnsafe(CATALOGUE_SQL[provider]));
      } finally {
        await database.close();
      }
    };
    const fromMigrations = await catalogue(migrated.url);
    expect(fromMigrations.length).toBeGreaterThan(1000);
    expect(fromMigrations).toBe(await catalogue(pushed.url));
  });
});
