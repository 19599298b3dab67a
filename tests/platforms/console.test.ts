// The local console: answers as text; a failure is apologised for and logged once.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { startConsole } from "../../src/platforms/console/console.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { prismaComparing } from "../../src/store/comparison.ts";
import type { Db } from "../../src/store/database.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import { addResult } from "../helpers/added-results.ts";
import { freshDatabase } from "../helpers/databases.ts";
import { memoryLog } from "../helpers/log.ts";

/** Types lines into the console on the demo database; `broken` renames the indicator table away first, `prepare` changes the data first. */
async function converse(lines: string[], broken: boolean, prepare?: (db: Db) => Promise<unknown>) {
  const target = await freshDatabase("sqlite");
  const { database } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: true });
  const log = memoryLog();
  const input = new PassThrough();
  const output = new PassThrough();
  let written = "";
  output.on("data", (chunk) => (written += chunk));
  try {
    if (broken) await database.db.$executeRawUnsafe(`ALTER TABLE "Indicator" RENAME TO "IndicatorGone"`);
    await prepare?.(database.db);
    const rl = startConsole(prismaCatalogue(database.db), prismaComparing(database.db), input, output, log.logger, () => undefined);
    for (const line of lines) input.write(`${line}\n`);
    // Each answered line ends with a new prompt.
    while ((written.match(/kpi> /g) ?? []).length <= lines.length) await new Promise((r) => setTimeout(r, 10));
    rl.close();
    return { written, log };
  } finally {
    await database.close();
    await target.drop();
  }
}

describe("the local console", () => {
  it("answers /kpi AC/S8 as text", async () => {
    const { written, log } = await converse(["/kpi AC/S8"], false);
    expect(written).toMatch(/Q2 2016\/17: 53\.2% \(194\/365\)/);
    expect(log.entries()).toEqual([]);
  });

  it("says a Q3 result with no Q3 target is rated against the annual target, and a Q1 target of N/A leaves CG/S22 Not rated", async () => {
    const { written, log } = await converse(["/kpi AC/S8", "/kpi CG/S22"], false, (db) => addResult(db, "AC/S8", "Q3 2016/17", "64.1%"));
    expect(written).toContain("Q3 2016/17: 64.1%  against the annual target 63.0% (2016/17; Q3 has no target of its own; a rate, so compared with the year's target as it stands)\n");
    expect(written).toContain("Rating: Green (64.1% against the annual target 63.0% (2016/17; Q3 has no target of its own; a rate, so compared with the year's target as it stands))\n");
    expect(written).not.toContain("Annual target 2016/17: 63.0%");
    expect(written).toContain("Q1 2016/17: 98.30%  against target N/A\nRating: Not rated (no target applies)\n");
    expect(written).toContain("Annual target 2016/17: 98.5%");
    expect(log.entries()).toEqual([]);
  });

  it("answers whoami with who the console is: the operator of the server, and the organisations it sees", async () => {
    const { written, log } = await converse(["/kpi whoami", "who am I?"], false);
    expect(written.match(/You are the operator of this server\n/g)).toHaveLength(2);
    expect(written).toContain("The console and kpi ask answer you as the operator, who sees every organisation: London Borough of Barnet, London Borough of Sutton.");
    expect(written).not.toMatch(/names no organisation|does not say which indicators/);
    expect(log.entries()).toEqual([]);
  });

  it("apologises when the database fails, and logs the failure once with the question", async () => {
    const { written, log } = await converse(["AC/S8"], true);
    expect(written).toContain("Sorry, that question could not be answered just now");
    expect(written).not.toMatch(/\n\s+at /);
    const failures = log.entries().filter((e) => e.level === 50);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ msg: "the console could not answer a question", question: "AC/S8" });
  });
});
