// A worker thread running one of the project's TypeScript files, in a heap of its own. The project runs
// TypeScript through tsx, whose hooks a worker does not inherit (Node 20): the worker registers them
// itself before loading its entry.
import { Worker, type ResourceLimits } from "node:worker_threads";

export function startTypeScriptWorker(entry: URL, resourceLimits: ResourceLimits): Worker {
  const tsx = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}
