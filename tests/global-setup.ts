// Once per test run: say so when the PostgreSQL half of the database tests is
// skipped, so a green run on SQLite alone is not mistaken for a full one; and
// likewise when the Agents Playground tests are, for want of Chromium.
import { chromiumMissing, SKIPPED } from "./helpers/chromium.ts";

export function teardown(): void {
  if (!process.env.TEST_DATABASE_URL) {
    console.log("PostgreSQL tests skipped: set TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test to run them too.");
  }
  if (chromiumMissing) console.log(SKIPPED);
}
