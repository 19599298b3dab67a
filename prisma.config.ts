// Prisma CLI configuration: runs migrations offline on the WebAssembly schema
// engine through a driver adapter (see ../shared/DESIGN.md). The provider
// follows DATABASE_URL: file:... is SQLite, postgres(ql)://... is PostgreSQL.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { providerOf, sqliteFilePath } from "./src/config/database-url.ts";

// The WebAssembly schema engine leaves a 10-second timer behind on PostgreSQL,
// which holds the CLI open after its work is done: such timers must not keep it alive.
const setTimeoutOriginal = globalThis.setTimeout;
globalThis.setTimeout = ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const timer = setTimeoutOriginal(fn, ms, ...args);
  if ((ms ?? 0) >= 10_000) timer.unref?.();
  return timer;
}) as typeof setTimeout;

// @prisma/adapter-pg 6.19 cannot read PostgreSQL's `name` (19) and `char` (18)
// catalog columns that the schema engine queries (prisma/orm#27403): report them as text (25).
class CatalogFriendlyPool extends pg.Pool {
  // pg's query() has many overloads; this passes every call through unchanged but for the field types.
  override query(...args: never[]): never {
    const result = (super.query as (...a: never[]) => unknown)(...args) as Promise<pg.QueryResult> | undefined;
    if (!result || typeof result.then !== "function") return result as never;
    return result.then((res) => {
      for (const field of res?.fields ?? []) {
        if (field.dataTypeID === 19 || field.dataTypeID === 18) field.dataTypeID = 25;
      }
      return res;
    }) as never;
  }
}

const url = process.env.DATABASE_URL ?? "file:./data/kpi.db";
const provider = providerOf(url);

export default defineConfig({
  experimental: { adapter: true },
  schema: path.join("prisma", provider, "schema.prisma"),
  migrations: { path: path.join("prisma", provider, "migrations") },
  engine: "js",
  adapter: async () =>
    provider === "sqlite"
      ? new PrismaBetterSQLite3({ url: sqliteFilePath(url) })
      : // allowExitOnIdle: an idle pooled connection would also hold the CLI open.
        new PrismaPg(new CatalogFriendlyPool({ connectionString: url, allowExitOnIdle: true })),
});
