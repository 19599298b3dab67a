// `npm start`: the service (serve.ts), its modules read through Node's compile cache. The cache is turned on
// before they are imported, so this file imports nothing else statically.
import { useCompileCache } from "./compile-cache.ts";

useCompileCache();
await import("./serve.ts");
