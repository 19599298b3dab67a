// Node strips the types from each TypeScript module and compiles it at every start. Its compile cache keeps
// both on disk (in the system's temporary folder, or NODE_COMPILE_CACHE), so a start after the first reads
// them back: on this project about a third of `kpi ask`'s start-up. A module that changed is compiled again;
// a cache that cannot be written is skipped silently. Set for the process's workers and children too.
import { enableCompileCache } from "node:module";

export function useCompileCache(): void {
  const { directory } = enableCompileCache();
  if (directory) process.env.NODE_COMPILE_CACHE = directory;
}
