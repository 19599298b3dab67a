// Once per test run: say so when the PostgreSQL half of the database tests is
// skipped, so a green run on SQLite alone is not mistaken for a full one.
export function teardown(): void {
  if (!process.env.TEST_DATABASE_URL) {
    console.log("PostgreSQL tests skipped: set TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test to run them too.");
  }
}
