// Imported first by the service's entry point. Prisma's query compiler is WebAssembly: V8 compiles it
// with its baseline compiler (Liftoff), then recompiles hot functions with TurboFan, whose compilation
// zones take some 13 MB of native memory at their peak, which the allocator keeps. The compiler plans a
// query in microseconds either way, and chat answers read the in-memory read model, so the optimising
// tier buys nothing worth that memory. (--liftoff-only cannot be set once V8 runs; these two can.)
import v8 from "node:v8";

v8.setFlagsFromString("--no-wasm-tier-up");
v8.setFlagsFromString("--no-wasm-dynamic-tiering");
