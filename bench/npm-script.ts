// The benchmarks run the service and kpi as npm runs them: a script "[NAME=value ...] exec node <args>",
// read from package.json, gives the environment (MALLOC_ARENA_MAX) and node's arguments (heap flags).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface NodeScript {
  env: Record<string, string>;
  /** Node's arguments after "node", the entry point included. */
  args: string[];
  /** The heap flags among them (--max-...). */
  flags: string[];
}

export function nodeScript(name: "start" | "kpi"): NodeScript {
  const script = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts[name]!;
  const words = script.split(/\s+/);
  const env: Record<string, string> = {};
  while (/^[A-Z_]+=/.test(words[0] ?? "")) {
    const [key, value] = words.shift()!.split("=");
    env[key!] = value!;
  }
  const [exec, node, ...args] = words;
  if (exec !== "exec" || node !== "node") throw new Error(`npm run ${name} is not "[NAME=value ...] exec node ...": ${script}`);
  return { env, args, flags: args.filter((a) => a.startsWith("--max-")) };
}
