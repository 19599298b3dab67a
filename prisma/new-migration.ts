// Writes the next migration for both providers: npm run db:migration -- <name>.
// `prisma migrate dev` cannot run offline (its shadow database step), so the SQL
// is the difference between the last committed schema and the current one.
// tests/store/migrations.test.ts checks that the migrations build the schema.
// The diff runs through the driver adapter, which connects even to compare two
// schema files: PostgreSQL's comes from MIGRATION_DATABASE_URL, else TEST_DATABASE_URL
// (any reachable server will do; nothing is written to it).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { schemaPath } from "./build-schemas.ts";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("Usage: npm run db:migration -- <name>");
  process.exit(1);
}
const postgresUrl = process.env.MIGRATION_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!postgresUrl) {
  console.error("Set MIGRATION_DATABASE_URL (or TEST_DATABASE_URL) to a reachable PostgreSQL server: the diff needs one.");
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const tmp = mkdtempSync(path.join(os.tmpdir(), "kpi-migration-"));
// The SQLite diff opens a scratch database under the temporary folder: nothing in data/ is needed.
const scratchSqlite = `file:${path.join(tmp, "diff.db")}`;

for (const provider of ["sqlite", "postgresql"] as const) {
  const current = schemaPath(provider);
  const relative = path.relative(process.cwd(), current);
  const previous = path.join(tmp, `${provider}.prisma`);
  writeFileSync(previous, execFileSync("git", ["show", `HEAD:${relative}`], { encoding: "utf8" }));
  const sql = execFileSync(
    "npx",
    ["prisma", "migrate", "diff", "--from-schema-datamodel", previous, "--to-schema-datamodel", current, "--script"],
    { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1", DATABASE_URL: provider === "sqlite" ? scratchSqlite : postgresUrl } },
  );
  const dir = path.join(path.dirname(current), "migrations", `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), sql);
  console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
}
