// The /kpi query language against the demo data on real databases.
import { describe, expect, it } from "vitest";
import { ask } from "../../src/core/use-cases/ask.ts";
import type { ActionList, Help, IndicatorCard, IndicatorList, NotFound, Summary, View } from "../../src/core/views.ts";
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
  });

  // Issue 12: questions as officers type them.
  const notFound = async (text: string) => {
    const view = await run(text);
    expect(view.kind, text).toBe("not_found");
    return view as NotFound;
  };
  const suggested = (view: NotFound) => view.suggestions.map((s) => s.query);

  it("answers a reference anywhere in the question with its card", async () => {
    for (const text of ["what is AC/S8?", "show AC/S8 please", "AC/S8 latest figures", "tell me about ac s8"]) {
      expect(await run(text), text).toMatchObject({ kind: "indicator", ref: "AC/S8" });
    }
    expect(await run("what is KCA 14?")).toMatchObject({ kind: "action", ref: "KCA 14" });
    expect(await run("show me ASCOF 1E")).toMatchObject({ kind: "indicator", ref: "AC/S4" });
  });

  it("takes a word for a reference only when it is one, or nearly one", async () => {
    const acs99 = await notFound("AC/S99");
    expect(acs99.message).toBe("There is no indicator or action AC/S99.");
    expect(suggested(acs99)).toEqual(["AC/S9", "AC/S29", "AC/S2"]);
    expect(await notFound("what is AC/S99?")).toMatchObject({ message: "There is no indicator or action AC/S99.", suggestions: acs99.suggestions });
    expect(suggested(await notFound("MOS 10"))).toEqual(["MOS 1", "MOS 11", "MOS 12"]);
    // Page numbers, quarters and counts are no references: never "did you mean AC/S2".
    for (const text of ["page 2", "Q2", "top 10", "red Q2"]) {
      const view = await run(text);
      expect(JSON.stringify(view), text).not.toMatch(/There is no indicator or action|Did you mean/);
    }
  });

  it("reads Slack's emoji codes as levels", async () => {
    expect(await refs(":red_circle:")).toEqual(await refs("red"));
    expect(await refs(":large_orange_circle:")).toEqual(await refs("amber"));
    expect(await refs(":large_yellow_circle:")).toEqual(await refs("amber"));
    expect(await refs(":large_green_circle: page 2")).toEqual(await refs("green page 2"));
    expect(await refs(":red_circle: adults")).toEqual(["AC/S8"]);
  });

  it("says how to page when asked for a page on its own, and that there is only one page", async () => {
    const alone = (await run("page 2")) as Help;
    expect(alone.kind).toBe("help");
    expect(alone.message).toMatch(/add the question, as in “red page 2”, or use the Next button/);
    const red = (await run("red page 2")) as IndicatorList;
    expect(red).toMatchObject({ kind: "list", page: 1, pageCount: 1, total: 7, notice: "There is only one page." });
    expect(red.items).toHaveLength(7);
    expect(((await run("green page 9")) as IndicatorList).notice).toBe("There are only 2 pages: this is the last.");
    expect(((await run("green page 2")) as IndicatorList).notice ?? null).toBeNull();
  });

  it("ignores filler, ranks titles by the words they have, and needs half of them", async () => {
    expect(await refs("show me the sickness absence please")).toEqual(["CG/C23"]);
    // mental, health, needs, paid, employment (adults names the service): AC/S5 has all five, AC/S6 three, AC/S4 only two.
    const ranked = (await run("adults with mental health needs in paid employment")) as IndicatorList;
    expect(ranked.items.map((i) => i.ref)).toEqual(["AC/S5", "AC/S6"]);
    expect(ranked.heading).toBe("2 indicators: Adults & Communities · mentioning at least 3 of “mental health needs paid employment”");
    // One or two words: all of them.
    expect(await refs("leisure participation")).toEqual(["CG/S17"]);
  });

  it("says nothing matched and suggests the nearest titles, instead of unrelated rows", async () => {
    const view = await notFound("show me delayed transfers of care");
    expect(view.message).toBe("No indicator title has at least 2 of the words “delayed”, “transfers” and “care” (“delayed” and “transfers” are in none).");
    expect(view.suggestionsHeading).toBe("Nearest titles:");
    expect(suggested(view)).toEqual(["AC/C14", "AC/S9", "AC/S25"]);
    for (const s of view.suggestions) expect(s.what).toMatch(/\bcare\b/i);
    // A typo finds its title.
    expect(suggested(await notFound("enablment"))).toEqual(["AC/S8"]);
  });

  it("says how many matched in all on every list", async () => {
    for (const text of ["red", "green", "percentage", "adults", "barnet", "actions", "overdue", "sutton", "family"]) {
      const view = (await run(text)) as IndicatorList | ActionList;
      expect(["list", "actions"], text).toContain(view.kind);
      expect(view.heading, text).toMatch(new RegExp(`^${view.total} `));
      expect(view.total, text).toBeGreaterThanOrEqual(view.items.length);
    }
    const percentage = (await run("percentage")) as IndicatorList;
    expect(percentage.total).toBe((await database().db.indicator.count({ where: { title: { contains: "Percentage" } } })));
    expect(percentage.pageCount).toBeGreaterThan(1);
  });

  it("filters by organisation; one without indicators lists its actions", async () => {
    const barnet = (await run("barnet")) as IndicatorList;
    expect(barnet).toMatchObject({ kind: "list", total: 45, heading: "45 indicators: London Borough of Barnet" });
    expect(await refs("red barnet adults")).toEqual(["AC/S8"]);
    const sutton = (await run("sutton")) as ActionList;
    const suttonActions = readDemoReports().filter((r) => r.organisation.slug === "sutton").flatMap((r) => r.actions);
    expect(sutton).toMatchObject({ kind: "actions", total: suttonActions.length, notice: "London Borough of Sutton has no indicators; it reports key commissioning activities and measures of success." });
    expect(sutton.items.every((a) => a.organisation === "London Borough of Sutton")).toBe(true);
    expect(((await run("overdue sutton")) as ActionList).items.every((a) => a.status === "Overdue" && a.organisation === "London Borough of Sutton")).toBe(true);
    const redSutton = await notFound("red sutton");
    expect(redSutton.message).toMatch(/^London Borough of Sutton has no indicators/);
    expect(suggested(redSutton)).toEqual(["sutton", "red"]);
    expect((await notFound("sutton adults")).message).toBe("No service of London Borough of Sutton matches “adults”.");
    expect((await notFound("summary sutton")).message).toMatch(/^London Borough of Sutton has no indicators to summarise/);
  });

  it("says which words match nothing and lists the services there are; a service without indicators says so", async () => {
    const services = ["adults", "commissioning", "family", "sutton"];
    for (const [text, message] of [
      ["children", "“children” names no organisation, service or indicator title."],
      ["service nowhere", "No service matches “nowhere”."],
      ["summary children", "No organisation or service matches “children”."],
    ]) {
      const view = await notFound(text!);
      expect(view.message, text).toBe(message);
      expect(view.suggestionsHeading).toBe("The services there are:");
      expect(suggested(view), text).toEqual(services);
    }
    const children = await notFound("children");
    expect(children.suggestions[0]!.what).toBe("Adults & Communities (London Borough of Barnet): 17 indicators, 14 actions");
    expect(children.suggestions[2]!.what).toBe("Family Services (London Borough of Barnet): no indicators, 1 action");
    // Each suggested question finds what it says.
    expect(((await run("commissioning")) as IndicatorList).total).toBe(28);
    const family = (await run("family")) as ActionList;
    expect(family).toMatchObject({ kind: "actions", total: 1, notice: "Family Services has no indicators; it reports commissioning intentions." });
  });

  it("never answers with a bare 0: every empty answer has a reason and suggestions", async () => {
    for (const text of ["children", "red children", "green improving adults roads", "improving roads", "red sutton", "overdue family", "summary family", "Q2", "top 10", "delayed transfers", "amber family", "worsening sutton", "service nowhere red", "sutton adults", "constructor"]) {
      const view = await run(text);
      if (view.kind === "list" || view.kind === "actions") expect(view.total, text).toBeGreaterThan(0);
      else {
        expect(view.kind, text).toBe("not_found");
        const nothing = view as NotFound;
        expect(nothing.message.length, text).toBeGreaterThan(10);
        expect(nothing.suggestions.length, text).toBeGreaterThan(0);
        // Every suggestion answers with something.
        for (const s of nothing.suggestions) {
          const answer = await run(s.query);
          expect(["indicator", "action", "list", "actions", "summary"], `${text} -> ${s.query}`).toContain(answer.kind);
        }
      }
    }
  });
});
