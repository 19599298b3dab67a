// The demo data on real databases: migrations, loading, figures as printed, lookups.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ask } from "../../src/core/use-cases/ask.ts";
import type { IndicatorCard } from "../../src/core/views.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { readDataVersion } from "../../src/store/data-version.ts";
import { loadDemoData } from "../../src/store/demo-data.ts";
import { demoDatabase, providers } from "../helpers/databases.ts";

describe.each(providers)("demo data on %s", (provider) => {
  const database = demoDatabase(provider);

  const card = async (text: string) => {
    const view = await ask(prismaCatalogue(database().db), text);
    expect(view.kind).toBe("indicator");
    return view as IndicatorCard;
  };

  it("loads every indicator, action and organisation of the three seed reports", async () => {
    const db = database().db;
    expect(await db.organisation.count()).toBe(2);
    // 19 in the Adults report + 28 in the Commissioning Group report, CG/S17 and CG/S28 in both.
    expect(await db.indicator.count()).toBe(45);
    expect(await db.action.count({ where: { kind: "commissioning_intention" } })).toBe(33);
    expect(await db.action.count({ where: { kind: "key_action" } })).toBe(33);
    expect(await db.action.count({ where: { kind: "key_commissioning_activity" } })).toBe(68);
    expect(await db.action.count({ where: { kind: "measure_of_success" } })).toBe(106);
    expect(await db.report.count()).toBe(3);
    const admin = await db.person.findUnique({ where: { email: "performance.team@example.org" } });
    expect(admin?.role).toBe("admin");
    expect((await db.indicator.findFirst({ where: { ref: "CG/C23" } }))?.unit).toBe("days");
    expect((await db.indicator.findFirst({ where: { ref: "AC/S8" } }))?.unit).toBe("%");
    // Every indicator has an owner.
    expect(await db.indicator.count({ where: { owners: { none: {} } } })).toBe(0);
  });

  it("keeps AC/S8's figures as printed", async () => {
    const c = await card("AC/S8");
    expect(c.ref).toBe("AC/S8");
    expect(c.polarity).toBe("bigger");
    expect(c.service).toBe("Adults & Communities");
    expect(c.latest).toMatchObject({
      period: "Q2 2016/17",
      value: 53.2,
      display: "53.2%",
      target: { period: "Q2 2016/17", value: 63, display: "63.0%" },
      numerator: 194,
      denominator: 365,
      previous: { period: "Q1 2016/17", value: 59.7, display: "59.7%" },
      dotShortRecorded: "Worsening",
    });
  });

  it("finds an indicator however its reference is typed, and by national code", async () => {
    for (const typed of ["ac/s8", "AC S8", "acs8", " AC/S8 ", "/kpi AC/S8"]) expect((await card(typed)).ref).toBe("AC/S8");
    expect((await card("ASCOF 1E")).ref).toBe("AC/S4");
    expect((await card("ascof1e")).ref).toBe("AC/S4");
  });

  it("keeps money, days and survey figures with their annotations", async () => {
    const estate = await card("CG/C24");
    expect(estate.latest).toMatchObject({ display: "£7.3m", value: 7_300_000, target: { display: "£6.8m", value: 6_800_000 } });
    expect((await card("CG/C23")).latest).toMatchObject({ display: "8.35 days", value: 8.35, target: { display: "6 days", value: 6 } });
    const roads = await card("CG/C16");
    expect(roads.latest).toMatchObject({ display: "37% (Spring 2016)", value: 37, yearBefore: { display: "38% (Spring 2015)", value: 38 }, dotLongRecorded: "Worsening" });
    expect(roads.commentary?.text).toMatch(/£50million over 5 years/);
  });

  it("keeps a figure that a later report restated, and flags it", async () => {
    const leisure = await card("CG/S17");
    const q1 = leisure.history.find((h) => h.period === "Q1 2016/17");
    expect(q1?.display).toBe("19.4%");
    expect(leisure.flags.join(" ")).toMatch(/Q1 2016\/17 restated: now 19\.4%, earlier reported as 19\.7% \(Dec 2015\)/);
  });

  it("answers words with a list and unknown references with the nearest", async () => {
    const list = await ask(prismaCatalogue(database().db), "enablement");
    expect(list.kind).toBe("list");
    expect(list.kind === "list" && list.items.map((i) => i.ref)).toContain("AC/S8");
    const missing = await ask(prismaCatalogue(database().db), "AC/S99");
    expect(missing.kind).toBe("not_found");
    expect(missing.kind === "not_found" && missing.suggestions.map((s) => s.query)).toContain("AC/S9");
  });

  it("finds key actions and measures of success by reference", async () => {
    const kca = await ask(prismaCatalogue(database().db), "KCA 14");
    expect(kca).toMatchObject({ kind: "action", ref: "KCA 14", children: [{ ref: "MOS 21", status: "Overdue", due: "31-Dec-2016" }] });
    const action = await ask(prismaCatalogue(database().db), "cg01");
    expect(action).toMatchObject({ kind: "action", ref: "CG01", rag: "Green" });
  });

  it("answers any string without throwing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 1100, unit: "binary" }), async (text) => {
        const view = await ask(prismaCatalogue(database().db), text);
        expect(["indicator", "action", "list", "not_found", "help"]).toContain(view.kind);
      }),
      { numRuns: 150 },
    );
  });

  it("loads the demo data once: a second load changes nothing", async () => {
    const before = await database().db.result.count();
    // Loading marked the data changed, so read models reload.
    const version = await readDataVersion(database().db);
    expect(version).toBeGreaterThan(0);
    const again = await loadDemoData(database().db);
    expect(again.loaded).toBe(false);
    expect(await database().db.result.count()).toBe(before);
    expect(await readDataVersion(database().db)).toBe(version);
  });
});
