// Applies the migrations of the provider DATABASE_URL names, through the Prisma
// CLI on its offline WebAssembly engine (prisma.config.ts).
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { redactUrl } from "../config/database-url.ts";
import { shortReason } from "./database.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");

export async function migrate(url: string): Promise<string> {
  return await new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [prismaCli, "migrate", "deploy"],
      // CHECKPOINT_DISABLE: the CLI would otherwise try to phone home for updates.
      { cwd: root, env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" }, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout.includes("No pending migrations") ? "up to date" : "migrations applied");
        const detail = `${stderr}\n${stdout}`.split("\n").find((l) => /error|P\d{4}/i.test(l)) ?? shortReason(error);
        reject(new Error(`Migrating ${redactUrl(url)} failed: ${detail.replace(url, redactUrl(url)).trim()}`));
      },
    );
  });
}
