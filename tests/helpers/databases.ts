// Real databases for tests: a fresh SQLite file always, and a fresh PostgreSQL
// database on the server TEST_DATABASE_URL names, when it is set.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import type { Database } from "../../src/store/database.ts";
import { prepareDatabase } from "../../src/store/open.ts";

export interface TestDatabase {
  provider: "sqlite" | "postgresql";
  url: string;
  drop(): Promise<void>;
}

export const providers: ("sqlite" | "postgresql")[] = process.env.TEST_DATABASE_URL ? ["sqlite", "postgresql"] : ["sqlite"];

export async function freshDatabase(provider: "sqlite" | "postgresql"): Promise<TestDatabase> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "kpi-test-"));
    return { provider, url: `file:${path.join(dir, "kpi.db")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const server = process.env.TEST_DATABASE_URL;
  if (!server) throw new Error("TEST_DATABASE_URL is not set");
  const name = `kpi_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    provider,
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Within a describe block: a fresh database of the provider, migrated and loaded with the demo data (url(): where, for a second connection). */
export function demoDatabase(provider: "sqlite" | "postgresql"): (() => Database) & { url(): string } {
  let target: TestDatabase | undefined;
  let database: Database | undefined;
  beforeAll(async () => {
    target = await freshDatabase(provider);
    ({ database } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: true }));
  });
  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });
  return Object.assign(() => database!, { url: () => target!.url });
}
