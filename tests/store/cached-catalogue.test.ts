// The in-memory read model answers as the database does, follows every write within
// its poll of the data version, and reads nothing more while nothing changes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Catalogue } from "../../src/core/ports.ts";
import { ask } from "../../src/core/use-cases/ask.ts";
import { cachedCatalogue, type CachedCatalogue } from "../../src/store/cached-catalogue.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { readDataVersion } from "../../src/store/data-version.ts";
import type { Database } from "../../src/store/database.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import { setRagPolicy } from "../../src/store/rag-policy.ts";
import { freshDatabase, providers, type TestDatabase } from "../helpers/databases.ts";
import { memoryLog } from "../helpers/log.ts";
import { runKpi } from "../helpers/run.ts";

const today = new Date("2026-11-23");
const POLL_MS = 50;

/** Waits for check to hold, trying every few milliseconds, failing after timeoutMs. */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const ratingOf = async (catalogue: Catalogue, ref: string) => {
  const view = await ask(catalogue, ref, { today });
  return view.kind === "indicator" ? view.latest?.rating.level : null;
};

describe.each(providers)("cached catalogue on %s", (provider) => {
  let target: TestDatabase;
  let database: Database;
  const opened: CachedCatalogue[] = [];
  beforeAll(async () => {
    target = await freshDatabase(provider);
    ({ database } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: true }));
  });
  afterAll(async () => {
    for (const c of opened) c.close();
    await database?.close();
    await target?.drop();
  });

  /** The read model over the real catalogue, counting its full loads and its reads of the data version. */
  const counted = (options: { logger?: ReturnType<typeof memoryLog>["logger"] } = {}) => {
    const direct = prismaCatalogue(database.db);
    const counts = { loads: 0, versionReads: 0, actionReads: 0 };
    const source: Catalogue = {
      ...direct,
      indicators: (scope) => {
        if (!scope.serviceIds) counts.loads++;
        return direct.indicators(scope);
      },
      actions: (scope) => {
        counts.actionReads++;
        return direct.actions(scope);
      },
      actionsByKey: (key) => {
        counts.actionReads++;
        return direct.actionsByKey(key);
      },
    };
    const version = () => {
      counts.versionReads++;
      return readDataVersion(database.db);
    };
    const cached = cachedCatalogue(source, { version, pollMs: POLL_MS, ...options });
    opened.push(cached);
    return { cached, counts };
  };

  it("gives the same answers as the database for every kind of question, actions included", async () => {
    const direct = prismaCatalogue(database.db);
    const { cached, counts } = counted();
    const questions = ["AC/S8", "ascof 1e", "AC/S99", "enablement", "adults", "red", "red adults worsening", "amber page 2", "summary", "summary adults",
      // Questions as officers type them.
      "what is AC/S8?", "show AC/S8 please", "what is AC/S99?", "MOS 10", "page 2", "Q2", "top 10", "red page 2", ":red_circle:", ":large_yellow_circle: adults",
      "show me delayed transfers of care", "enablment", "sutton", "sutton page 2", "barnet", "red sutton", "summary sutton", "children", "family", "overdue family", "service nowhere", "improving roads"];
    const actionQuestions = ["overdue", "actions", "actions page 3", "overdue adults", "actions commissioning", "KCA 14", "CG01", "MOS 46", "MOS 47", "MOS 46 & 47"];
    for (const q of [...questions, ...actionQuestions, "help", "leisure participation"]) {
      expect(JSON.stringify(await ask(cached, q, { today })), q).toBe(JSON.stringify(await ask(direct, q, { today })));
    }
    // Every action question was answered from memory: the actions were read once, with the indicators.
    expect(counts.actionReads).toBe(1);
    expect(counts.loads).toBe(1);
  });

  it("reloads within its poll once a RAG policy changes, and not at all while nothing changes", async () => {
    const { cached, counts } = counted();
    await cached.warm();
    expect(counts.loads).toBe(1);
    expect(await ratingOf(cached, "CG/S24")).toBe("Green Amber"); // 77% against 80%: 3.75% short

    // Idle: the version is read at every poll, the indicators never again.
    const readsBefore = counts.versionReads;
    await until(async () => counts.versionReads >= readsBefore + 5, "five polls");
    expect(counts.loads).toBe(1);

    try {
      await setRagPolicy(database.db, "barnet", "CG/S24", { greenAmber: "2%" });
      await until(async () => (await ratingOf(cached, "CG/S24")) === "Red Amber", "the new band to show");
      expect(counts.loads).toBe(2);
    } finally {
      await setRagPolicy(database.db, "barnet", "CG/S24", { reset: true });
    }
  });

  it("shows a change made by the kpi command, in another process, within its poll", async () => {
    const { cached } = counted();
    expect(await ratingOf(cached, "CG/S24")).toBe("Green Amber");
    try {
      const run = await runKpi(["rag", "barnet", "--indicator", "CG/S24", "--green-amber", "2%"], { DATABASE_URL: target.url });
      expect(run.code, run.stderr).toBe(0);
      await until(async () => (await ratingOf(cached, "CG/S24")) === "Red Amber", "the kpi command's change to show");
    } finally {
      await setRagPolicy(database.db, "barnet", "CG/S24", { reset: true });
    }
  });

  it("showing a policy writes nothing, so the read model does not reload", async () => {
    const before = await readDataVersion(database.db);
    const run = await runKpi(["rag", "barnet"], { DATABASE_URL: target.url });
    expect(run.stdout).toMatch(/^Four levels/);
    expect(await readDataVersion(database.db)).toBe(before);
  });

  it("keeps answering from the previous snapshot when a reload fails, logs it, and reloads once it can", async () => {
    const log = memoryLog();
    const { cached, counts } = counted({ logger: log.logger });
    expect(await ratingOf(cached, "CG/S24")).toBe("Green Amber");
    // A reload that cannot read the results: the table is away for a moment.
    await database.db.$executeRawUnsafe(`ALTER TABLE "Result" RENAME TO "ResultAway"`);
    try {
      await setRagPolicy(database.db, "barnet", "CG/S24", { greenAmber: "2%" });
      await until(async () => log.entries().some((e) => e.level === 50), "the failure to be logged");
      expect(log.entries().find((e) => e.level === 50)?.msg).toMatch(/reloading the read model failed; answering from the previous one/);
      expect(await ratingOf(cached, "CG/S24")).toBe("Green Amber");
    } finally {
      await database.db.$executeRawUnsafe(`ALTER TABLE "ResultAway" RENAME TO "Result"`);
    }
    try {
      await until(async () => (await ratingOf(cached, "CG/S24")) === "Red Amber", "the reload after the failure");
      expect(counts.loads).toBeGreaterThanOrEqual(3); // the first, at least one that failed, the one that worked
    } finally {
      await setRagPolicy(database.db, "barnet", "CG/S24", { reset: true });
    }
  });

  it("stops polling once closed", async () => {
    const { cached, counts } = counted();
    await cached.warm();
    await until(async () => counts.versionReads >= 2, "a poll");
    cached.close();
    const reads = counts.versionReads;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS * 4));
    expect(counts.versionReads).toBe(reads);
  });
});
