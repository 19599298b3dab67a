// Imported first by the entry points that open the database. Prisma's query compiler is WebAssembly:
// V8 compiles it quickly (Liftoff), then recompiles its hot functions with TurboFan, whose
// compilation zones take some 15–20 MB of native memory at their peak and are kept by the allocator.
// The compiler plans a query in microseconds either way, and the chat answers read the in-memory
// read model, so the optimising tier buys nothing worth that memory.
import v8 from "node:v8";

v8.setFlagsFromString("--liftoff-only");
