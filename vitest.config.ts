import { defineConfig } from "vitest/config";

// Four projects, all run by `vitest run` (npm test): `unit`, the domain core on its own (no database,
// network or child process: seconds, `npm run test:unit`); `contract`, what every adapter of a port must do, run
// against the Prisma store and its in-memory twin (src/store/memory/); `integration`, everything through real SQLite,
// PostgreSQL, HTTP and the command line; `e2e`, Teams as a person sees it in the Agents Playground.
export default defineConfig({
  test: {
    globalSetup: ["tests/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Child processes and databases: keep the two cores from thrashing.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: "unit", include: ["tests/core/**/*.test.ts"] } },
      { extends: true, test: { name: "contract", include: ["tests/contract/**/*.test.ts"] } },
      { extends: true, test: { name: "integration", include: ["tests/**/*.test.ts"], exclude: ["tests/core/**", "tests/contract/**", "tests/playground/**"] } },
      { extends: true, test: { name: "e2e", include: ["tests/playground/**/*.test.ts"] } },
    ],
  },
});
