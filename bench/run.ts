// npm run bench: prints the figures the README quotes. Exits 1 when the query parser, the report or scale misses its goal.
// npm run bench -- core   runs only the domain core part (a few seconds); -- slack only the Slack part;
// -- digests only the digests and alerts part; -- import only importing a 10,000-row table;
// -- report only the committee report of 500 indicators (exits 1 when it misses its goals).
// -- charts only drawing the demo indicators' charts; -- startup only the start-up times;
// -- writes only the read model's cost per write in one instance at 10,000 indicators (PostgreSQL where TEST_DATABASE_URL is set);
// -- scale only many councils (300 × 300 indicators) on PostgreSQL in three instances through a storm of updates
// (needs BENCH_DATABASE_URL or TEST_DATABASE_URL; exits 1 when it misses its goals; sizes in bench/scale.ts).
import { benchCharts } from "./charts.ts";
import { benchQueries, benchRatings } from "./core.ts";
import { benchDigests } from "./digests.ts";
import { benchImport } from "./import.ts";
import { benchReport } from "./report.ts";
import { benchScale } from "./scale.ts";
import { benchSlack } from "./slack.ts";
import { benchStartup } from "./startup.ts";
import { benchWrites } from "./writes.ts";

const only = process.argv[2];
console.log(`Node ${process.version}, ${new Date().toISOString()}`);
let parserMissed = false;
if (only === undefined || only === "core") {
  for (const line of benchRatings()) console.log(line);
  const queries = benchQueries();
  for (const line of queries.lines) console.log(line);
  parserMissed = queries.p99 >= 50;
}
if (only === undefined || only === "slack") for (const line of await benchSlack()) console.log(line);
if (only === undefined || only === "writes") for (const line of await benchWrites()) console.log(line);
let scaleMissed = false;
if (only === undefined || only === "scale") {
  const scale = await benchScale(only === "scale");
  for (const line of scale.lines) console.log(line);
  scaleMissed = scale.missed;
}
if (only === undefined || only === "startup") for (const line of await benchStartup()) console.log(line);
if (only === undefined || only === "digests") for (const line of await benchDigests()) console.log(line);
if (only === undefined || only === "import") for (const line of await benchImport()) console.log(line);
let reportMissed = false;
if (only === undefined || only === "report") {
  const report = await benchReport();
  for (const line of report.lines) console.log(line);
  reportMissed = report.missed;
}
if (only === undefined || only === "charts") for (const line of await benchCharts()) console.log(line);
process.exit(parserMissed || reportMissed || scaleMissed ? 1 : 0);
