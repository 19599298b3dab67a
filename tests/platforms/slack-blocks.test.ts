// Every demo indicator, list, summary and the Home through the Block Kit renderer,
// checked against Slack's documented limits; text from data is escaped.
import { describe, expect, it } from "vitest";
import { buildIndicatorCard } from "../../src/core/indicator-card.ts";
import { ask } from "../../src/core/use-cases/ask.ts";
import { buildHome } from "../../src/core/use-cases/home.ts";
import type { IndicatorCard, View } from "../../src/core/views.ts";
import { sparkline, trendline } from "../../src/core/format.ts";
import { commentaryBlocks, escape, historyBlocks, homeBlocks, LIMITS, renderSlack } from "../../src/platforms/slack/blocks.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { readDemoReports } from "../../src/store/demo-data.ts";
import { addResult } from "../helpers/added-results.ts";
import { demoDatabase } from "../helpers/databases.ts";
import { breaches, mrkdwnTexts, type Json } from "../helpers/block-kit.ts";
import { recordFromRow } from "../helpers/records.ts";

describe("Block Kit rendering of the demo data", () => {
  const database = demoDatabase("sqlite");
  const run = (text: string): Promise<View> => ask(prismaCatalogue(database().db), text, { today: new Date("2026-11-23") });
  const check = (view: View, query: string) => {
    const message = renderSlack(view, { shareable: true }, query);
    expect(breaches(message.blocks as unknown as Json[], LIMITS.messageBlocks), query).toEqual([]);
    expect(message.text.length, query).toBeGreaterThan(0);
    return message;
  };

  it("renders every indicator card, its history and its commentary within the limits", async () => {
    const refs = (await database().db.indicator.findMany({ select: { ref: true } })).map((r) => r.ref);
    expect(refs).toHaveLength(45);
    for (const ref of refs) {
      const card = (await run(ref)) as IndicatorCard;
      expect(card.kind).toBe("indicator");
      const message = check(card, ref);
      if (card.latest) expect(JSON.stringify(message.blocks), ref).toContain(escape(card.latest.display).replace(/"/g, '\\"'));
      expect(breaches(historyBlocks(card) as unknown as Json[], LIMITS.messageBlocks)).toEqual([]);
      expect(breaches(commentaryBlocks(card) as unknown as Json[], LIMITS.messageBlocks)).toEqual([]);
    }
  });

  it("renders every action, every list page, the summaries, help and not-found within the limits", async () => {
    const refs = (await database().db.action.findMany({ where: { ref: { not: null } }, select: { ref: true } })).map((r) => r.ref!);
    for (const ref of refs) check(await run(ref), ref);
    for (const query of ["red", "amber", "green", "red amber", "green amber", "worsening", "improving", "adults", "commissioning", "enablement", "summary", "summary adults", "help", "AC/S99", "!!!", "page 2", "red page 2", "children", "show me delayed transfers of care", "red sutton", "improving roads", "sutton", "family"]) {
      check(await run(query), query);
    }
    for (const query of ["actions", "overdue", "green"]) {
      const first = await run(query);
      const pages = "pageCount" in first ? first.pageCount : 1;
      for (let page = 1; page <= pages; page++) check(await run(`${query} page ${page}`), `${query} page ${page}`);
    }
  });

  it("says a result is rated against the annual target where its quarter has none (AC/S8 in Q3), and not where the quarter's is N/A (CG/S22)", async () => {
    const remove = await addResult(database().db, "AC/S8", "Q3 2016/17", "64.1%");
    try {
      const texts = mrkdwnTexts(check(await run("AC/S8"), "AC/S8").blocks as unknown as Json[]).join("\n");
      expect(texts).toContain("*64.1%* against the annual target *63.0%* (2016/17; Q3 has no target of its own; a rate, so compared with the year's target as it stands) · Q3 2016/17");
      expect(texts).toContain("*Green*\n64.1% against the annual target 63.0% (2016/17; Q3 has no target of its own; a rate, so compared with the year's target as it stands)");
      // The annual target is the one shown: no second "Annual target" field repeats it.
      expect(texts).not.toContain("*Annual target*");
    } finally {
      await remove();
    }
    const own = mrkdwnTexts(check(await run("AC/S8"), "AC/S8").blocks as unknown as Json[]).join("\n");
    expect(own).toContain("*53.2%* (194/365) against target *63.0%* · Q2 2016/17");
    const cgs22 = mrkdwnTexts(check(await run("CG/S22"), "CG/S22").blocks as unknown as Json[]).join("\n");
    expect(cgs22).toContain("*98.30%* against target *N/A* · Q1 2016/17");
    expect(cgs22).toContain("*Not rated*\nno target applies");
    expect(cgs22).not.toContain("against the annual target");
  });

  it("renders the App Home within 100 blocks, for a stranger and for an owner of many indicators", async () => {
    const db = database().db;
    const stranger = await buildHome(prismaCatalogue(db), { slackUserId: "UNKNOWN" });
    expect(breaches(homeBlocks(stranger) as unknown as Json[], LIMITS.surfaceBlocks)).toEqual([]);
    await db.person.update({ where: { email: "priya.shah@example.org" }, data: { slackUserId: "UPRIYA" } });
    const owner = await buildHome(prismaCatalogue(db), { slackUserId: "UPRIYA" });
    expect(owner.owned.length).toBe(28);
    const blocks = homeBlocks(owner);
    expect(breaches(blocks as unknown as Json[], LIMITS.surfaceBlocks)).toEqual([]);
    expect(JSON.stringify(blocks)).toContain("CG/C16");
    expect(owner.worsenedMost.length).toBeGreaterThan(0);
  });
});

describe("escaping and squeezing", () => {
  const cg = readDemoReports().find((r) => r.source.startsWith("002"))!;
  const row = cg.indicators.find((i) => i.ref === "CG/C16")!;

  it("escapes &, < and > in mrkdwn text from data; plain text is shown as written", () => {
    const record = { ...recordFromRow(cg, row), title: "Roads <b>&</b> pavements <!channel>", benchmarkText: "London <@U0> & more" };
    const card = buildIndicatorCard(record);
    const blocks = renderSlack(card, { shareable: true, sharedBy: "U1><!here" }, "CG/C16").blocks as unknown as Json[];
    const texts = mrkdwnTexts(blocks).join("\n");
    expect(texts).toContain("London &lt;@U0&gt; &amp; more");
    expect(texts).not.toMatch(/<[@!]/);
    // The header is plain_text, which Slack never reads as markup.
    expect(blocks[0]).toMatchObject({ type: "header", text: { type: "plain_text", text: "CG/C16 Roads <b>&</b> pavements <!channel>" } });
    const list = renderSlack({ kind: "list", heading: "<!here>", items: [{ ref: "X/1", title: "A <b> & B", organisation: "O", service: null, period: null, latest: "<5%", target: null, rating: null, dotShort: null, dotShortMove: null }], page: 1, pageCount: 1, total: 1, query: "x" }, { shareable: false }, "x");
    expect(JSON.stringify(list.blocks)).toContain("&lt;!here&gt;");
    // The fallback text is mrkdwn as well.
    expect(list.text).toBe("&lt;!here&gt;");
    expect(renderSlack(card, { shareable: false, sharedBy: "U1><!here" }, "CG/C16").text).toBe("CG/C16 Roads &lt;b&gt;&amp;&lt;/b&gt; pavements &lt;!channel&gt;");
    expect(JSON.stringify(list.blocks)).toContain("A &lt;b&gt; &amp; B");
    expect(JSON.stringify(list.blocks)).toContain("&lt;5%");
  });

  it("shows emphasis marks in data as written: no title turns bold, italic, struck through or code", () => {
    const record = { ...recordFromRow(cg, row), title: "Cases *new* and _open_ ~closed~ `code`", commentary: [{ period: "Q1 2016/17", text: "Rate*per 1_000" }] };
    const texts = mrkdwnTexts(renderSlack(buildIndicatorCard(record), { shareable: true }, "CG/C16").blocks as unknown as Json[]).join("\n");
    // The bot's own emphasis stays (the card's labels); the data's marks are look-alike characters.
    expect(texts).toContain("*Commentary*");
    expect(texts).toContain("Rate\u2217per 1\u02cd000");
    const list = renderSlack({ kind: "list", heading: "h", items: [{ ref: "X/1", title: "Cases *new* and _open_ ~closed~ `code`", organisation: "O", service: null, period: null, latest: "5", target: null, rating: null, dotShort: null, dotShortMove: null }], page: 1, pageCount: 1, total: 1, query: "x" }, { shareable: false }, "x");
    const line = mrkdwnTexts(list.blocks as unknown as Json[]).find((t) => t.includes("X/1"))!;
    expect(line).toContain("Cases \u2217new\u2217 and \u02cdopen\u02cd \u223cclosed\u223c \u02cbcode\u02cb");
    expect(line.replace(/\*X\/1\*/, "")).not.toMatch(/[*_~`]/);
  });

  it("gives a key action's title whole below its header where the header's 150 characters cut it", () => {
    const title = `Deliver the ${"long ".repeat(40)}programme`;
    const action: View = { kind: "action", actionKind: "key_action", ref: "KA1", title, organisation: "O", service: null, priority: null, rag: null, status: null, due: null, parent: null, note: null, noteDate: null, children: [], owner: null };
    const blocks = renderSlack(action, { shareable: false }, "KA1").blocks as unknown as Json[];
    expect(JSON.stringify(blocks[0])).toContain("…");
    expect(mrkdwnTexts(blocks)).toContain(`*${title}*`);
  });

  it("keeps very long titles, notes and commentary within the limits", () => {
    const long = "x".repeat(5000);
    const card = buildIndicatorCard({ ...recordFromRow(cg, row), ref: "R".repeat(300), title: long, benchmarkText: long, commentary: [{ period: "Q1 2016/17", text: `${long} ${long}` }] });
    expect(breaches(renderSlack(card, { shareable: true }, long).blocks as unknown as Json[], LIMITS.messageBlocks)).toEqual([]);
    expect(breaches(commentaryBlocks(card) as unknown as Json[], LIMITS.messageBlocks)).toEqual([]);
  });

  it("draws a sparkline of block characters on the chart's honest axis", () => {
    // Counts start at zero: 1 is an eighth of 8, not the bottom.
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe("▂▃▄▅▅▆▇█");
    expect(sparkline([5, null, 5])).toBe("█ █");
    expect(sparkline([3])).toBe("");
    // CG/S17: a fall of 0.7 points in 20% does not fill the height, and the bars say where they start.
    expect(trendline([20, 19.8, 19.4, 19.3], "%")).toEqual({ spark: "▆▆▄▄", note: "from 18.5%" });
    expect(trendline([216, 539, 471], null)).toEqual({ spark: "▄█▇", note: null });
  });
});
