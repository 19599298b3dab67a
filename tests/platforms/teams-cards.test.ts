// Every card the bot can produce from the demo data, parsed with the adaptivecards
// package (no parse or validation event allowed), under 80 KB, with no markdown Teams
// would show as typed; and Slack and Teams showing the same facts for every demo indicator.
import { describe, expect, it } from "vitest";
import { ask } from "../../src/core/use-cases/ask.ts";
import type { IndicatorCard, NotFound, View } from "../../src/core/views.ts";
import { renderText } from "../../src/platforms/console/render-text.ts";
import { escape, renderSlack } from "../../src/platforms/slack/blocks.ts";
import { commentaryCard, escapeMarkdown, historyCard, renderCard, type AdaptiveCard } from "../../src/platforms/teams/cards.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { markdownTexts, problems, unescape, unsupportedMarkdown } from "../helpers/adaptive-cards.ts";
import { addResult } from "../helpers/added-results.ts";
import { demoDatabase } from "../helpers/databases.ts";

describe("Adaptive Cards from the demo data", () => {
  const database = demoDatabase("sqlite");
  const run = (text: string): Promise<View> => ask(prismaCatalogue(database().db), text, { today: new Date("2026-11-23") });

  it("are valid for every indicator, history, action, list page, summary, help and not-found", async () => {
    const db = database().db;
    const refs = [
      ...(await db.indicator.findMany({ select: { ref: true } })).map((r) => r.ref),
      ...(await db.action.findMany({ where: { ref: { not: null } }, select: { ref: true } })).map((r) => r.ref!),
    ];
    let checked = 0;
    for (const query of [...refs, "red", "amber", "green page 2", "worsening", "adults", "summary", "summary adults", "overdue page 3", "actions", "help", "AC/S99", "!!!", "enablement", "page 2", "red page 2", "children", "show me delayed transfers of care", "red sutton", "improving roads", "sutton", "family"]) {
      const view = await run(query);
      expect(problems(renderCard(view)), query).toEqual([]);
      if (view.kind === "indicator") expect(problems(historyCard(view)), `${query} history`).toEqual([]);
      checked++;
    }
    expect(checked).toBeGreaterThan(250);
  });

  it("give what Slack gives where they had drifted apart: Full commentary, rows of actions that open, ratings in words", async () => {
    // CG/S3's commentary runs past what a card shows: both show its first part and offer the rest.
    const cg = (await run("CG/S3")) as IndicatorCard;
    expect(cg.commentary!.text.length).toBeGreaterThan(cg.commentary!.short.length);
    const teams = renderCard(cg);
    expect(JSON.stringify(teams.actions)).toContain(`"title":"Full commentary","data":{"verb":"kpi_commentary","ref":"CG/S3"}`);
    expect(JSON.stringify(teams)).not.toContain("Integrated Offender Management");
    expect(markdownTexts(commentaryCard(cg).body).map(unescape).join("\n")).toContain("Integrated Offender Management");
    expect(JSON.stringify(renderSlack(cg, { shareable: false }, "CG/S3").blocks)).toContain("Full commentary");
    // A card whose commentary is whole offers no button for more.
    expect(JSON.stringify(renderCard((await run("AC/S8")) as IndicatorCard).actions)).not.toContain("Full commentary");
    // Each overdue action's row opens it, as Slack's Open button does.
    const overdue = renderCard(await run("overdue"));
    expect(JSON.stringify(overdue)).toContain(`"selectAction":{"type":"Action.Submit","title":"Open","data":{"verb":"kpi_open","query":"MOS 21"}}`);
    // A list row names its rating in words beside its mark.
    const red = markdownTexts(renderCard(await run("red")).body).map(unescape).join("\n");
    expect(red).toMatch(/🔴 \*\*AC\/S8\*\* [^\n]+ {2}\nRed · 53\.2% vs 63\.0%/);
  });

  it("a malformed card is caught by the check", () => {
    const bad = { type: "AdaptiveCard", version: "1.5", $schema: "x", body: [{ type: "NotAnElement" }] } as AdaptiveCard;
    expect(problems(bad).length).toBeGreaterThan(0);
  });

  it("markdown Teams shows as typed is caught by the check", () => {
    const block = (text: string) => ({ type: "AdaptiveCard", version: "1.5", $schema: "x", body: [{ type: "TextBlock", text }] }) as AdaptiveCard;
    for (const markdown of ["**Trend** `▁█▂`", "# Adults", "| a | b |", "```\nx\n```", "accept <ref> <period>"]) expect(unsupportedMarkdown(block(markdown)), markdown).not.toEqual([]);
    expect(unsupportedMarkdown({ ...block("x"), body: [{ type: "FactSet", facts: [{ title: "Owner", value: "A | B" }] }] })).not.toEqual([]);
    expect(unsupportedMarkdown(block("**Trend** \\`▁█▂\\` 5 \\| 6 \\# 7 accept \\<ref> 3 < 5"))).toEqual([]);
  });

  it("show data as written, whatever markdown it holds", async () => {
    const card = (await run("AC/S8")) as IndicatorCard;
    const hostile = [
      "Use `kpi` | not a table",
      "# Not a heading\n| a | b |\n```\nnot code\n```\n- not a bullet\n1. not a list\n> not a quote",
      "*not bold* _not italic_ [not a link](http://example.org) back\\slash 18-64* -5% <b>not HTML</b> <ref> a<b",
    ];
    const altered: IndicatorCard = { ...card, title: hostile[0]!, commentary: { period: "Q1 `x`", text: hostile[1]!, short: hostile[1]! }, benchmarkText: hostile[2]!, owners: [{ ...card.owners[0]!, name: "O_Brien | *Lead*" }], flags: ["#1 `flag`"] };
    const json = renderCard(altered);
    expect(problems(json)).toEqual([]);
    const shown = markdownTexts(json.body).map(unescape).join("\n");
    for (const data of [...hostile, "Q1 `x`", "O_Brien | *Lead*", "#1 `flag`"]) expect(shown).toContain(data);
    for (const data of hostile) expect(unescape(escapeMarkdown(data))).toBe(data);
    // The sparkline is monospace text, not inline code.
    expect(JSON.stringify(json.body)).toContain('"fontType":"Monospace"');
  });

  it("say a result is rated against the annual target where its quarter has none (AC/S8 in Q3), and not where the quarter's is N/A (CG/S22)", async () => {
    const shown = async (query: string) => {
      const json = renderCard(await run(query));
      expect(problems(json), query).toEqual([]);
      return markdownTexts(json.body).map(unescape).join("\n");
    };
    const remove = await addResult(database().db, "AC/S8", "Q3 2016/17", "50.0%");
    try {
      const acs8 = await shown("AC/S8");
      expect(acs8).toContain("**50.0%** against the annual target **63.0%** (2016/17; Q3 has no target of its own; a rate, so compared with the year's target as it stands) · Q3 2016/17");
      expect(acs8).toContain("Red: 50.0% against the annual target 63.0% (2016/17; Q3 has no target of its own; a rate, so compared with the year's target as it stands)");
      expect(acs8).not.toContain("Annual target (2016/17)");
    } finally {
      await remove();
    }
    expect(await shown("AC/S8")).toContain("**53.2%** (194/365) against target **63.0%** · Q2 2016/17");
    const cgs22 = await shown("CG/S22");
    expect(cgs22).toContain("**98.30%** against target **N/A** · Q1 2016/17");
    expect(cgs22).toContain("Not rated: no target applies");
    expect(cgs22).not.toContain("against the annual target");
  });

  it("show the same facts as the Slack blocks for every demo indicator", async () => {
    const refs = (await database().db.indicator.findMany({ select: { ref: true } })).map((r) => r.ref);
    for (const ref of refs) {
      const card = (await run(ref)) as IndicatorCard;
      const slack = JSON.stringify(renderSlack(card, { shareable: true }, ref).blocks);
      const teams = JSON.stringify(renderCard(card));
      const facts: string[] = [card.ref, card.title];
      if (card.latest) {
        facts.push(card.latest.display, card.latest.period, card.latest.rating.level);
        if (card.latest.target) facts.push(card.latest.target.display);
        for (const d of [card.latest.dotShort, card.latest.dotLong]) if (d) facts.push(d);
      }
      for (const h of card.history.slice(-8)) facts.push(h.period, h.display);
      if (card.benchmarkText) facts.push(card.benchmarkText);
      if (card.commentary) facts.push(card.commentary.text.slice(0, 200));
      for (const o of card.owners) facts.push(o.name);
      facts.push(...card.flags);
      for (const fact of facts) {
        const inJson = (s: string) => JSON.stringify(s).slice(1, -1);
        // Teams cards carry data markdown-escaped (a footnote asterisk: 18-64\*).
        expect(teams, `${ref} Teams: ${fact}`).toContain(inJson(escapeMarkdown(fact)));
        // The Slack header is plain text; everything else is escaped mrkdwn.
        expect(slack.includes(inJson(fact)) || slack.includes(inJson(escape(fact))), `${ref} Slack: ${fact}`).toBe(true);
      }
    }
  });

  it("show the same reason, suggestions and notice as the Slack blocks and the text, with a button for the first suggestions", async () => {
    const inJson = (s: string) => JSON.stringify(s).slice(1, -1);
    for (const query of ["children", "show me delayed transfers of care", "red sutton", "AC/S99", "red page 2", "sutton"]) {
      const view = await run(query);
      const platforms = { text: renderText(view), slack: JSON.stringify(renderSlack(view, { shareable: true }, query).blocks), teams: JSON.stringify(renderCard(view)) };
      const facts = view.kind === "not_found" ? [view.message, view.suggestionsHeading, ...view.suggestions.flatMap((s) => [s.query, s.what])] : "notice" in view ? [view.notice!] : [];
      expect(facts.length, query).toBeGreaterThan(0);
      for (const fact of facts) {
        expect(platforms.text, `${query} text: ${fact}`).toContain(fact);
        expect(platforms.teams, `${query} Teams: ${fact}`).toContain(inJson(escapeMarkdown(fact)));
        expect(platforms.slack, `${query} Slack: ${fact}`).toContain(inJson(escape(fact)));
      }
      if (view.kind === "not_found") {
        const first = (view as NotFound).suggestions[0]!.query;
        expect(renderCard(view).actions, query).toContainEqual({ type: "Action.Submit", title: first, data: { verb: "kpi_open", query: first } });
      }
    }
  });
});
