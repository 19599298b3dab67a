// The in-memory read model answers as the database does, and follows changes once it is stale.
import { describe, expect, it } from "vitest";
import { ask } from "../../src/core/use-cases/ask.ts";
import { cachedCatalogue } from "../../src/store/cached-catalogue.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { demoDatabase } from "../helpers/databases.ts";

describe("cached catalogue", () => {
  const database = demoDatabase("sqlite");
  const today = new Date("2026-11-23");

  it("gives the same answers as the database for every kind of question", async () => {
    const direct = prismaCatalogue(database().db);
    const cached = cachedCatalogue(direct);
    for (const q of ["AC/S8", "ascof 1e", "AC/S99", "enablement", "adults", "red", "red adults worsening", "amber page 2", "summary", "summary adults", "overdue", "KCA 14", "CG01", "help", "leisure participation",
      // Issue 12: questions as officers type them.
      "what is AC/S8?", "show AC/S8 please", "what is AC/S99?", "MOS 10", "page 2", "Q2", "top 10", "red page 2", ":red_circle:", ":large_yellow_circle: adults",
      "show me delayed transfers of care", "enablment", "sutton", "sutton page 2", "barnet", "red sutton", "summary sutton", "children", "family", "overdue family", "service nowhere", "improving roads"]) {
      expect(JSON.stringify(await ask(cached, q, { today })), q).toBe(JSON.stringify(await ask(direct, q, { today })));
    }
  });

  it("serves a stale snapshot while it reloads, then the new figures", async () => {
    let clock = 0;
    const db = database().db;
    const cached = cachedCatalogue(prismaCatalogue(db), 1000, () => clock);
    const display = async () => {
      const view = await ask(cached, "AC/S8", { today });
      return view.kind === "indicator" ? view.latest?.display : null;
    };
    expect(await display()).toBe("53.2%");
    const q2 = await db.period.findUniqueOrThrow({ where: { label: "Q2 2016/17" } });
    const acs8 = await db.indicator.findFirstOrThrow({ where: { ref: "AC/S8" } });
    await db.result.update({ where: { indicatorId_periodId: { indicatorId: acs8.id, periodId: q2.id } }, data: { text: "54.0%", value: 54 } });
    try {
      expect(await display()).toBe("53.2%"); // still fresh
      clock = 5000;
      expect(await display()).toBe("53.2%"); // stale: answered at once while the reload runs
      await cached.warm();
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (let i = 0; i < 50 && (await display()) !== "54.0%"; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await display()).toBe("54.0%");
    } finally {
      await db.result.update({ where: { indicatorId_periodId: { indicatorId: acs8.id, periodId: q2.id } }, data: { text: "53.2%", value: 53.2 } });
    }
  });
});
