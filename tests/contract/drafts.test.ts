// The Drafts contract (drafts.contract.ts) run against every adapter: in memory, and the Prisma store on SQLite
// (and PostgreSQL where TEST_DATABASE_URL is set), each on the demo data.
import { afterAll, beforeAll } from "vitest";
import { memoryDrafts } from "../../src/store/memory/drafts.ts";
import { prismaDrafts } from "../../src/store/drafts.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import type { Database } from "../../src/store/database.ts";
import { freshDatabase, providers, type TestDatabase } from "../helpers/databases.ts";
import { CONTRACT_INDICATORS, draftsContract } from "./drafts.contract.ts";

draftsContract("in memory", async () => ({ drafts: memoryDrafts(CONTRACT_INDICATORS) }));

for (const provider of providers) {
  let target: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    target = await freshDatabase(provider);
    ({ database } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: true }));
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });
  // Each test starts with no drafts: every draft of the demo data's people is removed first.
  draftsContract(`Prisma on ${provider}`, async () => {
    await database.db.draft.deleteMany({});
    return { drafts: prismaDrafts(database.db) };
  });
}
