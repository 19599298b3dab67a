// npm run bench: prints the figures the README quotes. Exits 1 when the query parser misses its goal.
// npm run bench -- core   runs only the domain core part (a few seconds).
import { benchQueries, benchRatings } from "./core.ts";
import { benchSlack } from "./slack.ts";
import { benchStartup } from "./startup.ts";

const only = process.argv[2];
console.log(`Node ${process.version}, ${new Date().toISOString()}`);
for (const line of benchRatings()) console.log(line);
const queries = benchQueries();
for (const line of queries.lines) console.log(line);
if (only !== "core") {
  for (const line of await benchSlack()) console.log(line);
  for (const line of await benchStartup()) console.log(line);
}
process.exit(queries.p99 < 50 ? 0 : 1);
