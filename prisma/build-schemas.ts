// Writes one Prisma schema per provider from prisma/models.prisma, so the two
// cannot drift. `--check` exits 1 when a written schema is out of date (CI runs it).
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const providers = { sqlite: "sqlite", postgresql: "postgresql" } as const;

export function schemaFor(provider: keyof typeof providers): string {
  const models = readFileSync(join(here, "models.prisma"), "utf8");
  return `// GENERATED from prisma/models.prisma by prisma/build-schemas.ts: edit that file, then run npm run db:schemas.

generator client {
  provider     = "prisma-client"
  output       = "../../src/generated/${provider}"
  engineType   = "client"
  moduleFormat = "esm"
  runtime      = "nodejs"
}

datasource db {
  provider = "${providers[provider]}"
  url      = env("DATABASE_URL")
}

${models}`;
}

export function schemaPath(provider: keyof typeof providers): string {
  return join(here, provider, "schema.prisma");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const provider of Object.keys(providers) as (keyof typeof providers)[]) {
    const path = schemaPath(provider);
    const wanted = schemaFor(provider);
    const current = existsSync(path) ? readFileSync(path, "utf8") : "";
    if (current === wanted) continue;
    if (check) {
      console.error(`${path} is out of date: run npm run db:schemas`);
      stale++;
    } else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, wanted);
      console.log(`wrote ${path}`);
    }
  }
  process.exit(stale ? 1 : 0);
}
