// npm run bench: prints the figures the README quotes. Exits 1 when a goal is missed.
import { benchQueries, benchRatings } from "./core.ts";

console.log(`Node ${process.version}, ${new Date().toISOString()}`);
for (const line of benchRatings()) console.log(line);
const queries = benchQueries();
for (const line of queries.lines) console.log(line);
process.exit(queries.p99 < 50 ? 0 : 1);
