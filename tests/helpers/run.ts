// Runs the project's own commands as a user would, in a child process.
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runKpi(args: string[], env: Record<string, string>): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, "src/cli/main.ts"), ...args], { cwd: root, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Runs kpi commands one after another, as an operator sets a database up; fails on the first that does not succeed. */
export async function runKpiSteps(steps: string[][], env: Record<string, string>): Promise<void> {
  for (const args of steps) {
    const run = await runKpi(args, env);
    if (run.code !== 0) throw new Error(`kpi ${args.join(" ")} exited ${run.code}: ${run.stdout}${run.stderr}`);
  }
}
