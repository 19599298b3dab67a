// The weekly digest and the status-change alert through the three renderers, from hand-built views:
// small, quiet and huge (300 lines across 20 services, 5,000-character titles, refs that are markup).
// Slack within Block Kit's limits block by block, Teams valid and under 80 KB, and all three with the same facts.
import { describe, expect, it } from "vitest";
import type { Alert, Digest, DigestAction, DigestLine, DigestWheel } from "../../src/core/views.ts";
import { renderText } from "../../src/platforms/console/render-text.ts";
import { ACTIONS, escape, LIMITS, renderSlack } from "../../src/platforms/slack/blocks.ts";
import { escapeMarkdown, renderCard, VERBS, type AdaptiveCard } from "../../src/platforms/teams/cards.ts";
import { markdownTexts, problems, unescape } from "../helpers/adaptive-cards.ts";
import { breaches, mrkdwnTexts, type Json } from "../helpers/block-kit.ts";

const ORGANISATION = "London Borough of Barnet";

const line = (ref: string, fields: Partial<DigestLine> = {}): DigestLine => ({
  ref,
  title: `Title of ${ref}`,
  organisation: ORGANISATION,
  service: "Adults",
  period: "Q2 2016/17",
  latest: "53.2%",
  target: "60%",
  rating: "Red",
  dotShort: "Worsening",
  dotShortMove: "fell",
  was: null,
  ...fields,
});

const action = (ref: string | null, fields: Partial<DigestAction> = {}): DigestAction => ({ ref, title: `Action ${ref}`, service: "Adults", rag: "Red", status: "In progress", due: "31 Mar 2017", overdue: false, ...fields });

const digest = (fields: Partial<Digest> = {}): Digest => ({
  kind: "digest",
  heading: `Weekly performance digest: ${ORGANISATION}`,
  organisation: ORGANISATION,
  period: "Q2 2016/17",
  filter: "Red and amber · every service",
  counts: [
    { level: "Red", count: 5 },
    { level: "Amber", count: 7 },
  ],
  newlyRedAmber: [],
  stillRedAmber: [],
  improved: [],
  actions: [],
  moreQuery: "red amber",
  quiet: false,
  ...fields,
});

const small = digest({
  newlyRedAmber: [line("AC/S8", { was: "Amber" }), line("AC/S9", { rating: "Amber", latest: "12", target: "10", dotShort: null, dotShortMove: null })],
  stillRedAmber: [
    { service: "Adults", items: [line("AC/S1"), line("AC/S2", { rating: "Amber", was: "Amber" })] },
    { service: null, items: [line("CG/C16", { service: null, latest: null, target: null, period: null })] },
  ],
  improved: [line("AC/S4", { rating: "Green", was: "Red", dotShort: "Improving", dotShortMove: "rose" })],
  actions: [action("KA/1", { overdue: true, rag: null, status: "Not started" }), action("KA/2")],
});

const quiet = digest({ counts: [{ level: "Red", count: 0 }, { level: "Amber", count: 0 }], quiet: true });

/** Refs Slack and Teams read as markup; each one unique. */
const hostileRef = (n: number) => [`R<${n}>`, `A&${n}`, `*B${n}*`, `<!here>${n}`][n % 4]!;
const longTitle = (n: number) => `${n} ${"Delayed transfers of care from hospital ".repeat(125)}`.slice(0, 5000);

/** 300 indicator lines across 20 services and 40 key actions. */
function hugeDigest(): Digest {
  let n = 0;
  const next = (fields: Partial<DigestLine> = {}) => line(hostileRef(n), { title: longTitle(n++), ...fields });
  const newly = Array.from({ length: 30 }, () => next({ was: "Amber" }));
  const still = Array.from({ length: 20 }, (_, s) => ({ service: `Service ${s} <&>`, items: Array.from({ length: 12 }, () => next()) }));
  const improved = Array.from({ length: 30 }, () => next({ rating: "Green", was: "Red" }));
  const actions = Array.from({ length: 40 }, (_, i) => action(`KA/${i}<&>`, { title: longTitle(i), overdue: i % 2 === 0 }));
  return digest({ counts: [{ level: "Red", count: 150 }, { level: "Amber", count: 150 }], newlyRedAmber: newly, stillRedAmber: still, improved, actions, moreQuery: "red amber <adults> & *more*" });
}
const huge = hugeDigest();

const allRefs = (d: Digest) => [...d.newlyRedAmber, ...d.stillRedAmber.flatMap((g) => g.items), ...d.improved].map((l) => l.ref);
const actionRefs = (d: Digest) => d.actions.map((a) => a.ref).filter((r): r is string => r !== null);
const lineCount = (d: Digest) => allRefs(d).length + d.actions.length;

const slackOf = (view: Digest | Alert) => renderSlack(view, { shareable: false }, "digest");
const blocksOf = (view: Digest | Alert) => slackOf(view).blocks as unknown as Json[];
/** The refs Slack shows, in order: the Open buttons' values. */
const slackOpens = (blocks: Json[]) => blocks.map((b) => b.accessory as Json | undefined).filter((a) => a?.action_id === ACTIONS.open).map((a) => a!.value as string);
/** The refs Teams shows, in order: what the clickable rows open. */
function teamsOpens(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(teamsOpens);
  if (!node || typeof node !== "object") return [];
  const o = node as Json;
  const select = o.selectAction as { data?: { verb?: string; query?: string } } | undefined;
  return [...(select?.data?.verb === VERBS.open ? [select.data.query!] : []), ...Object.entries(o).filter(([k]) => k !== "selectAction").flatMap(([, v]) => teamsOpens(v))];
}
const teamsShown = (json: AdaptiveCard) => markdownTexts(json.body).map(unescape).join("\n");
/** Lines shown in each Slack section, keyed by its heading. */
function slackSections(blocks: Json[]): Map<string, number> {
  const shown = new Map<string, number>();
  let current = "";
  for (const b of blocks) {
    const heading = b.type === "section" && !b.accessory ? /^\*([^*]+)\* \(\d+\)$/.exec(((b.text as Json | undefined)?.text as string) ?? "") : null;
    if (heading) shown.set((current = heading[1]!), 0);
    else if (b.accessory && current) shown.set(current, shown.get(current)! + 1);
  }
  return shown;
}
const inJson = (s: string) => JSON.stringify(s).slice(1, -1);

describe("the digest in Slack", () => {
  it("shows a small digest block by block: header, counts, filter, then each section with its lines", () => {
    const message = slackOf(small);
    const blocks = message.blocks as unknown as Json[];
    expect(breaches(blocks, LIMITS.messageBlocks)).toEqual([]);
    expect(message.text).toBe(`${ORGANISATION}: 5 red, 7 amber; 2 new, 1 improved, 1 overdue`);
    expect(blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: small.heading, emoji: true } });
    expect(blocks[1]).toMatchObject({ type: "section", text: { type: "mrkdwn", text: `*${ORGANISATION}* · Q2 2016/17\n🔴 Red *5*   🟠 Amber *7*` } });
    expect(blocks[2]).toMatchObject({ type: "context", elements: [{ type: "mrkdwn", text: "Red and amber · every service" }] });
    const texts = blocks.map((b) => ((b.text as Json | undefined)?.text as string | undefined) ?? ((b.elements as Json[] | undefined)?.[0]?.text as string | undefined) ?? "");
    expect(texts.slice(3)).toEqual([
      "*New to red or amber* (2)",
      "🔴 *AC/S8* Title of AC/S8\nRed · 53.2% vs 60% · Q2 2016/17 · ↓ Worsening · was Amber",
      "🟠 *AC/S9* Title of AC/S9\nAmber · 12 vs 10 · Q2 2016/17",
      "*Still red or amber* (3)",
      "*Adults*",
      "🔴 *AC/S1* Title of AC/S1\nRed · 53.2% vs 60% · Q2 2016/17 · ↓ Worsening",
      "🟠 *AC/S2* Title of AC/S2\nAmber · 53.2% vs 60% · Q2 2016/17 · ↓ Worsening · was Amber",
      "*No service*",
      "🔴 *CG/C16* Title of CG/C16\nRed · _no results_ · ↓ Worsening",
      "*Improved* (1)",
      "🟢 *AC/S4* Title of AC/S4\nGreen · 53.2% vs 60% · Q2 2016/17 · ↑ Improving · was Red",
      "*Key actions red or overdue* (2)",
      "⏰ *KA/1* Action KA/1\nNot started · due 31 Mar 2017 · ⏰ *overdue*",
      "🔴 *KA/2* Action KA/2\nRed · In progress · due 31 Mar 2017",
    ]);
    // Every line opens its record, as the list buttons do.
    expect(slackOpens(blocks)).toEqual([...allRefs(small), ...actionRefs(small)]);
    expect(blocks.filter((b) => b.accessory).every((b) => (b.accessory as Json).text && ((b.accessory as Json).text as Json).text === "Open")).toBe(true);
    expect(JSON.stringify(blocks)).not.toContain("more:");
  });

  it("leaves empty sections out and says only what changed in the fallback", () => {
    const view = digest({ newlyRedAmber: [line("AC/S8"), line("AC/S9")] });
    const message = slackOf(view);
    expect(message.text).toBe(`${ORGANISATION}: 5 red, 7 amber; 2 new`);
    const json = JSON.stringify(message.blocks);
    expect(json).toContain("*New to red or amber* (2)");
    for (const missing of ["Still red or amber", "Improved", "Key actions"]) expect(json).not.toContain(missing);
  });

  it("says in one line that a quiet week is quiet", () => {
    const message = slackOf(quiet);
    const blocks = message.blocks as unknown as Json[];
    expect(breaches(blocks, LIMITS.messageBlocks)).toEqual([]);
    expect(message.text).toBe(`${ORGANISATION}: nothing red or amber, nothing changed`);
    expect(blocks).toHaveLength(4);
    expect(blocks[3]).toMatchObject({ type: "section", text: { text: "✅ Nothing is red or amber, and nothing changed since the last digest." } });
  });

  it("fits a huge digest in 50 blocks: header and counts kept, the longest sections cut, and how many more", () => {
    const message = slackOf(huge);
    const blocks = message.blocks as unknown as Json[];
    expect(breaches(blocks, LIMITS.messageBlocks)).toEqual([]);
    expect(blocks.length).toBeGreaterThan(LIMITS.messageBlocks - 5);
    expect(blocks[0]!.type).toBe("header");
    expect(((blocks[1]!.text as Json).text as string)).toContain("🔴 Red *150*   🟠 Amber *150*");
    const shown = slackOpens(blocks);
    expect(new Set(shown).size).toBe(shown.length);
    // What is shown is the start of each section, in order.
    const sections = slackSections(blocks);
    expect([...sections.keys()]).toEqual(["New to red or amber", "Still red or amber", "Improved", "Key actions red or overdue"]);
    expect(shown.slice(0, sections.get("New to red or amber"))).toEqual(huge.newlyRedAmber.slice(0, sections.get("New to red or amber")).map((l) => l.ref));
    // Every section was longer than the room: each is cut to about the same length.
    const counts = [...sections.values()];
    expect(Math.min(...counts)).toBeGreaterThan(0);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(blocks.at(-1)).toEqual({ type: "context", elements: [{ type: "mrkdwn", text: `…and ${lineCount(huge) - shown.length} more: \`/kpi red amber &lt;adults&gt; &amp; *more*\`` }] });
  });

  it("cuts only the longest section when the others fit", () => {
    const view = digest({ newlyRedAmber: [line("N/1"), line("N/2")], stillRedAmber: [{ service: "Adults", items: Array.from({ length: 80 }, (_, i) => line(`S/${i}`)) }], improved: [line("I/1", { rating: "Green", was: "Amber" })] });
    const blocks = blocksOf(view);
    expect(breaches(blocks, LIMITS.messageBlocks)).toEqual([]);
    const sections = slackSections(blocks);
    expect(sections.get("New to red or amber")).toBe(2);
    expect(sections.get("Improved")).toBe(1);
    // 50 blocks: header, counts, filter, three headings, the service, three other lines, the "more" line and 39 lines.
    expect(sections.get("Still red or amber")).toBe(39);
    expect(blocks).toHaveLength(LIMITS.messageBlocks);
    expect(JSON.stringify(blocks.at(-1))).toContain(`…and ${80 - 39} more: \`/kpi red amber\``);
  });

  it("escapes refs, titles, services and the query that are markup, and keeps long titles' figures", () => {
    const message = slackOf(huge);
    const texts = mrkdwnTexts(message.blocks).join("\n");
    expect(texts).not.toMatch(/<[@!#]/);
    expect(texts).not.toMatch(/&(?!amp;|lt;|gt;)/);
    expect(texts).toContain("*R&lt;0&gt;*");
    expect(texts).toContain("*&lt;!here&gt;3*");
    expect(texts).toContain("*Service 0 &lt;&amp;&gt;*");
    // A 5,000-character title is cut, so that the figures and the former level still show.
    const first = (message.blocks as unknown as Json[]).find((b) => b.accessory && ((b.text as Json).text as string).startsWith("🔴 *R&lt;0&gt;*"));
    expect((first!.text as Json).text).toMatch(/…\nRed · 53\.2% vs 60% · Q2 2016\/17 · ↓ Worsening · was Amber$/);
    // Button values are the refs as they are, for the lookup.
    expect(slackOpens(message.blocks as unknown as Json[])).toContain("<!here>3");
  });
});

describe("the digest in Teams", () => {
  it("shows a small digest with every line clickable to open it", () => {
    const json = renderCard(small);
    expect(problems(json)).toEqual([]);
    const shown = teamsShown(json);
    for (const fact of [small.heading, `**${ORGANISATION}** · Q2 2016/17`, "🔴 Red **5**   🟠 Amber **7**", small.filter, "**New to red or amber** (2)", "**Still red or amber** (3)", "Adults", "No service", "**Improved** (1)", "**Key actions red or overdue** (2)", "⏰ **overdue**"]) expect(shown).toContain(fact);
    expect(shown).toContain("🔴 **AC/S8** Title of AC/S8  \nRed · 53.2% vs 60% · Q2 2016/17 · ↓ Worsening · was Amber");
    expect(shown).toContain("🟢 **AC/S4** Title of AC/S4  \nGreen · 53.2% vs 60% · Q2 2016/17 · ↑ Improving · was Red");
    expect(teamsOpens(json.body)).toEqual([...allRefs(small), ...actionRefs(small)]);
    expect(shown).not.toContain("more:");
  });

  it("says in one line that a quiet week is quiet", () => {
    const json = renderCard(quiet);
    expect(problems(json)).toEqual([]);
    expect(json.body.at(-1)).toMatchObject({ type: "TextBlock", text: "✅ Nothing is red or amber, and nothing changed since the last digest." });
    expect(json.body).toHaveLength(5);
  });

  it("keeps a huge digest valid and under 80 KB, cut with how many more", () => {
    const json = renderCard(huge);
    expect(problems(json)).toEqual([]);
    const shown = teamsShown(json);
    const opened = teamsOpens(json.body);
    expect(opened.length).toBeGreaterThan(10);
    expect(opened.length).toBeLessThan(lineCount(huge));
    expect(json.body.at(-1)).toMatchObject({ type: "TextBlock", text: escapeMarkdown(`…and ${lineCount(huge) - opened.length} more: kpi red amber <adults> & *more*`) });
    // Refs and services show as written.
    for (const ref of opened.slice(0, 4)) expect(shown).toContain(`**${ref}**`);
    expect(shown).toContain("Service 0 <&>");
  });
});

describe("the digest as text", () => {
  it("shows every section in full", () => {
    const text = renderText(small);
    expect(text.split("\n").slice(0, 3)).toEqual([small.heading, `${ORGANISATION} · Q2 2016/17: Red 5 · Amber 7`, small.filter]);
    expect(text).toContain("\nNew to red or amber (2)\n  AC/S8    Title of AC/S8  ·  53.2% vs 60% (Q2 2016/17)  [Red, Worsening]  was Amber\n");
    expect(text).toContain("\nStill red or amber (3)\n  Adults\n    AC/S1 ");
    expect(text).toContain("\n  No service\n    CG/C16   Title of CG/C16  [Red, Worsening]\n");
    expect(text).toContain("\nImproved (1)\n  AC/S4    Title of AC/S4  ·  53.2% vs 60% (Q2 2016/17)  [Green, Improving]  was Red");
    expect(text).toContain("\nKey actions red or overdue (2)\n  KA/1     Action KA/1  [Not started, due 31 Mar 2017, OVERDUE]\n  KA/2     Action KA/2  [Red, In progress, due 31 Mar 2017]");
  });

  it("says in one line that a quiet week is quiet, and leaves empty sections out", () => {
    expect(renderText(quiet)).toBe(`${quiet.heading}\n${ORGANISATION} · Q2 2016/17: Red 0 · Amber 0\n${quiet.filter}\n\nNothing is red or amber, and nothing changed since the last digest.`);
    const text = renderText(digest({ improved: [line("AC/S4", { rating: "Green", was: "Red" })] }));
    expect(text).toContain("Improved (1)");
    for (const missing of ["New to", "Still", "Key actions"]) expect(text).not.toContain(missing);
  });
});

describe("the same facts on every platform", () => {
  it("for a small digest: counts, refs, former levels, services, actions and what is overdue", () => {
    const platforms = { text: renderText(small), slack: JSON.stringify(slackOf(small).blocks), teams: JSON.stringify(renderCard(small)) };
    const facts = [
      small.heading, ORGANISATION, "Q2 2016/17", small.filter, "New to red or amber", "Still red or amber", "Improved", "Key actions red or overdue",
      ...small.counts.flatMap((c) => [c.level, String(c.count)]),
      ...allRefs(small), ...actionRefs(small), "Adults", "No service", "was Amber", "was Red", "31 Mar 2017", "Not started",
    ];
    for (const fact of facts) {
      expect(platforms.text, `text: ${fact}`).toContain(fact);
      expect(platforms.slack, `Slack: ${fact}`).toContain(inJson(escape(fact)));
      expect(platforms.teams, `Teams: ${fact}`).toContain(inJson(escapeMarkdown(fact)));
    }
    expect(platforms.text).toMatch(/overdue/i);
    expect(platforms.slack).toContain("overdue");
    expect(platforms.teams).toContain("overdue");
  });

  it("for a huge digest: text shows all; Slack and Teams show the first lines and count the rest alike", () => {
    const text = renderText(huge);
    for (const ref of [...allRefs(huge), ...actionRefs(huge)]) expect(text).toContain(ref);
    expect(text).toContain("Red 150 · Amber 150");
    const slack = slackOpens(blocksOf(huge));
    const teams = teamsOpens(renderCard(huge).body);
    for (const [platform, shown, more] of [
      ["Slack", slack, mrkdwnTexts(blocksOf(huge)).at(-1)!.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")],
      ["Teams", teams, unescape(markdownTexts(renderCard(huge).body).at(-1)!)],
    ] as const) {
      // The first lines of each section, each once, and the rest counted.
      expect(new Set(shown).size, platform).toBe(shown.length);
      expect(shown[0], platform).toBe(huge.newlyRedAmber[0]!.ref);
      expect(more, platform).toMatch(new RegExp(`^…and ${lineCount(huge) - shown.length} more: \`?(/kpi|kpi) red amber <adults> & \\*more\\*\`?$`));
      for (const ref of shown) expect([...allRefs(huge), ...actionRefs(huge)], platform).toContain(ref);
    }
  });
});

describe("the alert", () => {
  const alert: Alert = { kind: "alert", organisation: ORGANISATION, line: line("AC/S8", { was: "Green Amber" }), headline: "AC/S8 turned Red (was Green Amber)" };
  const hostile: Alert = { kind: "alert", organisation: "<!channel> & co", line: line("<!here>*1*", { title: longTitle(1), was: "<!channel>" }), headline: "<!here>*1* turned Red (was Amber)" };

  it("is short in Slack: the headline, the item line with an Open button, the organisation", () => {
    const message = slackOf(alert);
    const blocks = message.blocks as unknown as Json[];
    expect(breaches(blocks, LIMITS.messageBlocks)).toEqual([]);
    expect(message.text).toBe(alert.headline);
    expect(blocks).toEqual([
      { type: "section", text: { type: "mrkdwn", text: "*AC/S8 turned Red (was Green Amber)*" } },
      {
        type: "section",
        text: { type: "mrkdwn", text: "🔴 *AC/S8* Title of AC/S8\nRed · 53.2% vs 60% · Q2 2016/17 · ↓ Worsening · was Green Amber" },
        accessory: { type: "button", text: { type: "plain_text", text: "Open", emoji: true }, action_id: ACTIONS.open, value: "AC/S8" },
      },
      { type: "context", elements: [{ type: "mrkdwn", text: ORGANISATION }] },
    ]);
  });

  it("is short in Teams: the headline, the item line, an Open button with the open verb", () => {
    const json = renderCard(alert);
    expect(problems(json)).toEqual([]);
    const shown = teamsShown(json);
    expect(shown).toContain(alert.headline);
    expect(shown).toContain("🔴 **AC/S8** Title of AC/S8  \nRed · 53.2% vs 60% · Q2 2016/17 · ↓ Worsening · was Green Amber");
    expect(json.actions).toEqual([{ type: "Action.Submit", title: "Open", data: { verb: VERBS.open, query: "AC/S8" } }]);
  });

  it("is short as text", () => {
    expect(renderText(alert)).toBe(`${alert.headline}\n${ORGANISATION}\n  AC/S8    Title of AC/S8  ·  53.2% vs 60% (Q2 2016/17)  [Red, Worsening]  was Green Amber`);
  });

  it("escapes a ref that is markup and keeps a long title within the limits, everywhere", () => {
    const message = slackOf(hostile);
    expect(breaches(message.blocks as unknown as Json[], LIMITS.messageBlocks)).toEqual([]);
    // Its asterisks too: look-alikes, so they cannot make it bold.
    expect(message.text).toBe("&lt;!here&gt;\u22171\u2217 turned Red (was Amber)");
    expect(mrkdwnTexts(message.blocks).join("\n")).not.toMatch(/<[@!#]/);
    expect(slackOpens(message.blocks as unknown as Json[])).toEqual(["<!here>*1*"]);
    const json = renderCard(hostile);
    expect(problems(json)).toEqual([]);
    // A ref that looks like HTML (<!here>) shown as written: its angle bracket escaped too.
    expect(JSON.stringify(json)).toContain(inJson("**\\<!here>\\*1\\***"));
    expect(teamsShown(json)).toContain("<!channel> & co");
    expect(Buffer.byteLength(JSON.stringify(json))).toBeLessThan(4 * 1024);
    expect(renderText(hostile)).toContain(hostile.line.title);
  });
});

describe("the performance wheel in a digest", () => {
  const wheel: DigestWheel = {
    period: "Q2 2017/18",
    previous: "Apr - Jul 2017/18",
    red: [
      { code: "P3", title: "Independence for older people", narrative: "Delayed transfers of care rose for the third month." },
      { code: "C4", title: "A balanced budget", narrative: null },
    ],
    changes: [
      { code: "P3", title: "Independence for older people", was: "Amber", now: "Red" },
      { code: "C2", title: "Customer service", was: "Amber", now: "Green" },
    ],
  };
  const withWheel = digest({ ...small, wheel });
  /** 40 red segments and 40 changes, with codes and narratives that are markup and long. */
  const bigWheel: DigestWheel = {
    ...wheel,
    red: Array.from({ length: 40 }, (_, i) => ({ code: `${hostileRef(i)}W`, title: longTitle(i), narrative: longTitle(i + 1) })),
    changes: Array.from({ length: 40 }, (_, i) => ({ code: `${hostileRef(i)}W`, title: longTitle(i), was: "Green" as const, now: "Red" as const })),
  };
  const facts = ["Performance wheel, Q2 2017/18: red segments (2)", "P3", "Independence for older people", "Delayed transfers of care rose for the third month.", "C4", "A balanced budget", "Changes of status since Apr - Jul 2017/18 (2)", "P3 Amber → Red", "C2 Amber → Green"];

  it("shows the red segments with their narratives' first lines and the changes of status, on every platform", () => {
    const text = renderText(withWheel);
    const message = slackOf(withWheel);
    const blocks = message.blocks as unknown as Json[];
    const card = renderCard(withWheel);
    expect(breaches(blocks, LIMITS.messageBlocks)).toEqual([]);
    expect(problems(card)).toEqual([]);
    const slackText = mrkdwnTexts(blocks).join("\n");
    for (const fact of facts) {
      expect(text, `text: ${fact}`).toContain(fact);
      expect(slackText, `Slack: ${fact}`).toContain(escape(fact));
      expect(teamsShown(card), `Teams: ${fact}`).toContain(fact);
    }
    expect(text).toContain("\nPerformance wheel, Q2 2017/18: red segments (2)\n  P3       Independence for older people — Delayed transfers of care rose for the third month.\n  C4       A balanced budget\nChanges of status since Apr - Jul 2017/18 (2)\n  P3 Amber → Red  Independence for older people\n");
    expect(slackText).toContain("🔴 *P3* Independence for older people — Delayed transfers of care rose for the third month.");
    expect(message.text).toBe(`${ORGANISATION}: 5 red, 7 amber; 2 new, 1 improved, 1 overdue, 2 red segments`);
    // The red segments open their cards in Teams, as the digest's lines open theirs.
    expect(teamsOpens(card.body)).toEqual([...allRefs(small), ...actionRefs(small), "P3", "C4"]);
    expect(slackOpens(blocks)).toEqual([...allRefs(small), ...actionRefs(small)]);
  });

  it("escapes a red segment's title and narrative that are Slack markup: no @here, mention or link reaches the channel", () => {
    const hostile = digest({ ...small, wheel: { ...wheel, red: [{ code: "P3", title: "Older people <#C1>", narrative: "<!here> ask <@U1> & see <https://evil.example|the plan>" }] } });
    const slackText = mrkdwnTexts(slackOf(hostile).blocks).join("\n");
    expect(slackText).toContain("🔴 *P3* Older people &lt;#C1&gt; — &lt;!here&gt; ask &lt;@U1&gt; &amp; see &lt;https://evil.example|the plan&gt;");
    expect(slackText).not.toMatch(/<[@!#h]/);
  });

  it("leaves the wheel out where the organisation has none", () => {
    for (const shown of [renderText(small), JSON.stringify(slackOf(small)), JSON.stringify(renderCard(small))]) expect(shown).not.toContain("Performance wheel");
  });

  it("says so where no segment is red and none changed since the period before, and names no period before the first", () => {
    const calm = digest({ ...small, wheel: { period: "Q2 2017/18", previous: "Apr - Jul 2017/18", red: [], changes: [] } });
    for (const shown of [renderText(calm), mrkdwnTexts(slackOf(calm).blocks).join("\n"), teamsShown(renderCard(calm))]) {
      expect(shown).toContain("Performance wheel, Q2 2017/18: no red segments");
      expect(shown).toContain("No change of status since Apr - Jul 2017/18");
    }
    const first = digest({ ...small, wheel: { ...wheel, previous: null, changes: [] } });
    for (const shown of [renderText(first), JSON.stringify(slackOf(first)), JSON.stringify(renderCard(first))]) expect(shown).not.toMatch(/change of status|Changes of status/i);
  });

  it("keeps a huge digest with a big wheel within 50 blocks and valid under 80 KB, the wheel's extra segments named", () => {
    const big = digest({ ...huge, wheel: bigWheel });
    const blocks = blocksOf(big);
    expect(breaches(blocks, LIMITS.messageBlocks)).toEqual([]);
    const slackText = mrkdwnTexts(blocks).join("\n");
    expect(slackText).toContain("*Performance wheel, Q2 2017/18: red segments (40)*");
    expect(slackText).toContain(`_…and also red: ${escape(bigWheel.red.slice(12).map((r) => r.code).join(", "))}_`);
    expect(slackText).not.toMatch(/<[@!#]/);
    expect(JSON.stringify(blocks.at(-1))).toContain("/kpi wheel");
    const card = renderCard(big);
    expect(problems(card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(80 * 1024);
    expect(teamsShown(card)).toContain("…and changed too: ");
    expect(renderText(big)).toContain(bigWheel.red[39]!.narrative!);
  });
});

describe("national measures that moved quartile, in a digest", () => {
  const moved = digest({
    ...small,
    quartileMoves: [
      { ref: "AC/S16", title: "Proportion of service users with a direct payment", code: "ASCOF 1C(2A)", from: { position: 4, of: 4, quartile: "bottom quartile", period: "Q1 2016/17" }, to: { position: 1, of: 5, quartile: "top quartile", period: "Q2 2016/17" }, better: true },
      { ref: "AC/S4", title: "Adults with learning disabilities in paid employment", code: "ASCOF 1E", from: { position: 2, of: 8, quartile: "top quartile", period: "Q1 2016/17" }, to: { position: 5, of: 8, quartile: "third quartile", period: "Q2 2016/17" }, better: false },
    ],
  });
  const up = "AC/S16 Proportion of service users with a direct payment: ASCOF 1C(2A) up from the bottom quartile (4th of 4, Q1 2016/17) to the top quartile (1st of 5, Q2 2016/17)";
  const down = "AC/S4 Adults with learning disabilities in paid employment: ASCOF 1E down from the top quartile (2nd of 8, Q1 2016/17) to the third quartile (5th of 8, Q2 2016/17)";

  it("says each move, up or down, with both ranks and periods, on every platform", () => {
    const slack = mrkdwnTexts(blocksOf(moved)).join("\n");
    expect(slack).toContain("*Moved quartile among councils* (2)");
    expect(slack).toContain(`⬆ ${escape(up)}`);
    expect(slack).toContain(`⬇ ${escape(down)}`);
    expect(breaches(blocksOf(moved), LIMITS.messageBlocks)).toEqual([]);
    const card = renderCard(moved);
    expect(problems(card)).toEqual([]);
    expect(teamsShown(card)).toContain(`⬆ ${up}`);
    expect(teamsShown(card)).toContain(`⬇ ${down}`);
    expect(renderText(moved)).toContain(`Moved quartile among councils (2)\n  ${up}\n  ${down}`);
  });
});
