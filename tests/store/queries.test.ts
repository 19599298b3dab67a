// The /kpi query language against the demo data on real databases.
import { describe, expect, it } from "vitest";
import { ask } from "../../src/core/use-cases/ask.ts";
import type { ActionList, IndicatorCard, IndicatorList, Summary, View } from "../../src/core/views.ts";
import { renderText } from "../../src/platforms/console/render-text.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { readDemoReports } from "../../src/store/demo-data.ts";
import { demoDatabase, providers } from "../helpers/databases.ts";

describe.each(providers)("queries on %s", (provider) => {
  const database = demoDatabase(provider);

  const run = (text: string): Promise<View> => ask(prismaCatalogue(database().db), text, { today: new Date("2026-11-23") });
  const card = async (text: string) => (await run(text)) as IndicatorCard;
  const refs = async (text: string) => {
    const view = await run(text);
    expect(view.kind, text).toBe("list");
    return (view as IndicatorList).items.map((i) => i.ref);
  };

  it("rates AC/S8 Red and Worsening, and the issue's other examples", async () => {
    const acs8 = await card("AC/S8");
    expect(acs8.latest?.rating).toMatchObject({ level: "Red", reason: "53.2% against 63.0%" });
    expect(acs8.latest?.dotShort).toBe("Worsening");
    expect((await card("CG/S24")).latest?.rating.level).toBe("Green Amber");
    expect((await card("CG/C23")).latest?.rating.level).toBe("Red");
    expect((await card("CG/C15")).latest?.rating.level).toBe("Green");
    expect((await card("AC/S27")).latest?.rating).toMatchObject({ level: "Not rated", reason: "monitored for information, with no target" });
  });

  it("finds a combined record (MOS 46 & 47, as the report prints it) by each of its refs", async () => {
    for (const text of ["MOS 46", "mos47", "MOS 46 & 47"]) {
      const view = await run(text);
      expect(view, text).toMatchObject({ kind: "action", ref: "MOS 46 & 47" });
    }
    // Neither half of another number: MOS 4 and MOS 6 are records of their own.
    expect(await run("MOS 4")).toMatchObject({ kind: "action", ref: "MOS 4" });
    expect((await run("MOS 10")).kind).not.toBe("action"); // never printed in the report
  });

  it("carries the flag where CG/C16's report contradicts its figures", async () => {
    const c = await card("CG/C16");
    expect(c.latest).toMatchObject({ dotLong: "Improving", dotLongRecorded: "Worsening" });
    expect(c.flags.some((f) => f.startsWith("Long-term direction of travel recorded as Worsening, but the figures say Improving"))).toBe(true);
  });

  it("lists exactly the red, worsening indicators of Adults & Communities", async () => {
    expect(await refs("red adults worsening")).toEqual(["AC/S8"]);
    expect(await refs("worsening red service adults")).toEqual(["AC/S8"]);
  });

  it("filters by level, direction and service, each list item agreeing with its card", async () => {
    for (const [query, check] of [
      ["red", (c: IndicatorCard) => c.latest?.rating.level === "Red"],
      ["red amber", (c: IndicatorCard) => c.latest?.rating.level === "Red Amber"],
      ["green improving", (c: IndicatorCard) => c.latest?.rating.level === "Green" && c.latest.dotShort === "Improving"],
      ["amber commissioning", (c: IndicatorCard) => /Amber/.test(c.latest?.rating.level ?? "") && c.service === "Commissioning Group"],
    ] as const) {
      const view = (await run(query)) as IndicatorList;
      expect(view.total, query).toBeGreaterThan(0);
      for (const item of view.items) expect(check(await card(item.ref)), `${query}: ${item.ref}`).toBe(true);
    }
    expect(await refs("red")).toEqual(["AC/S8", "CG/C16", "CG/C17", "CG/C23", "CG/S3", "CG/S9", "CG/S11"]);
    expect(((await run("adults")) as IndicatorList).total).toBe(17);
  });

  it("pages long lists", async () => {
    const first = (await run("green")) as IndicatorList;
    expect(first).toMatchObject({ page: 1, pageCount: 2, total: 18 });
    const second = (await run("green page 2")) as IndicatorList;
    expect(second.page).toBe(2);
    expect(second.items.map((i) => i.ref)).not.toContain(first.items[0]!.ref);
    expect(first.items.length + second.items.length).toBe(18);
  });

  it("summarises as seed 002 §3.1 does, with counts that add up", async () => {
    const summary = (await run("summary")) as Summary;
    expect(summary.kind).toBe("summary");
    const [barnet] = summary.sections;
    expect(summary.sections).toHaveLength(1);
    expect(barnet!.levels).toEqual(["Green", "Green Amber", "Red Amber", "Red"]);
    expect(barnet!.overall.total).toBe(45);
    for (const group of [barnet!.byType, barnet!.byService]) {
      expect(group.reduce((n, r) => n + r.total, 0)).toBe(45);
      for (const r of group) {
        expect(r.counts.reduce((a, b) => a + b, 0) + r.notRated).toBe(r.total);
        expect(r.improvedOrSame + r.worsened + r.noDirection).toBe(r.total);
      }
    }
    const redCount = barnet!.overall.counts[3];
    expect(redCount).toBe((await refs("red")).length);
    expect(barnet!.byType.map((r) => r.label)).toEqual(["CPI", "SPI"]);
    expect(renderText(summary)).toMatch(/Green \d+% \(\d+\) · Green Amber \d+% \(\d+\) · Red Amber \d+% \(\d+\) · Red \d+% \(7\)/);
    const adults = (await run("summary adults")) as Summary;
    expect(adults.sections[0]!.overall.total).toBe(17);
  });

  it("lists actions, and the overdue ones", async () => {
    const actions = readDemoReports().flatMap((r) => r.actions);
    expect(((await run("actions")) as ActionList).total).toBe(actions.length);
    const overdue = (await run("overdue")) as ActionList;
    expect(overdue.total).toBe(actions.filter((a) => a.status === "Overdue").length);
    expect(overdue.items.every((i) => i.status === "Overdue")).toBe(true);
  });

  it("answers what it cannot read with help and examples", async () => {
    for (const junk of ["!!!", "???", "   ", "\u0000\u0001"]) expect((await run(junk)).kind).toBe("help");
    expect(await run("service nowhere")).toMatchObject({ kind: "help", message: "No service matches “nowhere”." });
  });
});
