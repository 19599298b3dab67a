// Slack and Teams say the same things: one table of questions and presses, run through Slack's real HTTP
// receiver (signed requests; the text of the blocks it answers with) and through Teams as a person sees it
// (the Agents Playground's page, in headless Chromium), asserting that the same facts (figures, ratings in
// words, references) appear in both. One service answers both, on one database with the demo data and the
// wheel fixture. A row where the platforms legitimately differ says how. (The drifts issue 32 listed, Full
// commentary, opening an action's row and a key action's long title, are rows like any other now.)
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slackSignature, slashCommandBody, buttonBody } from "../helpers/fake-slack.ts";
import { SLACK_SECRET, startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { chromiumMissing, loadedPictures, openChat, warmPictures, outputFolder, SKIPPED, startPlayground, type Chat, type PlaygroundProcess } from "../helpers/playground.ts";
import { importWheel } from "../helpers/wheel.ts";

type Json = Record<string, unknown>;

/** What to do on each platform: ask (Slack `/kpi <ask>`, Teams `kpi <ask>`), then, optionally, press a button of that answer or open one of its rows. */
interface Row {
  ask: string;
  /** A button's title, the same on both platforms. */
  press?: string;
  /** A row of a list to open: Slack's Open button beside it, Teams' row itself (its select action), by its ref. */
  open?: string;
  /** Facts both platforms show: text, or a pattern where the two lay it out differently (a rating in words beside its reason). */
  facts: (string | RegExp)[];
  /** Where they legitimately differ: what each shows that the other does not (asserted too), and why. */
  differs?: { slack: string[]; teams: string[]; why: string };
}

export const PARITY: Row[] = [
  {
    ask: "AC/S8",
    facts: ["AC/S8", "Percentage of new clients, older people accessing enablement", "53.2%", "194/365", "63.0%", "Q2 2016/17", /Red:?\s+53\.2% against 63\.0%/, "Worsening", "59.7%", "Alex Morgan", "History", "Submit update", "Set target"],
    differs: { slack: ["Chart", "Share in channel"], teams: ["[picture: Chart of AC/S8"], why: "Slack answers privately, draws the chart on Chart and shares with Share in channel; a Teams card carries its chart and is seen by the chat" },
  },
  { ask: "AC/S8", press: "History", facts: ["AC/S8 history", "Q2 2015/16", "Q1 2016/17", "59.7%", "Q2 2016/17", "53.2% (target 63.0%)"] },
  { ask: "CG/C23", facts: ["CG/C23", "Sickness absence", "8.35 days", "6 days", /Red:?\s+8\.35 days against 6 days/, "Q1 2016/17", "8.49 days", "Smaller is Better", "Priya Shah"] },
  { ask: "AC/S9", facts: ["AC/S9", "169.72", "192.7", /Green:?\s+169\.72 against 192\.7/, "Q2 2016/17", "75.6", "445.2 (CIPFA)"] },
  {
    ask: "CG/S3",
    facts: ["CG/S3", /Red:?\s+17\.5% reduction against 20% reduction/, "recorded as Improving, but the figures say Same", "Barnet's current reduction of 17.5%", "Full commentary"],
  },
  // The card shows the commentary's first 500 characters on both; the rest is one press away on both.
  { ask: "CG/S3", press: "Full commentary", facts: ["CG/S3 commentary", "Barnet's current reduction of 17.5%", "Integrated Offender Management programme"] },
  {
    ask: "red",
    facts: ["7 indicators: Red", "AC/S8", "53.2% vs 63.0%", "CG/C23", "8.35 days vs 6 days", "CG/S11", "27.0% (Spring 2016) vs 35.0%"],
    differs: { slack: ["Open"], teams: [], why: "Slack has an Open button on each row; in Teams the row itself opens when pressed (its select action: the next row)" },
  },
  { ask: "red", open: "AC/S8", facts: ["AC/S8", /Red:?\s+53\.2% against 63\.0%/, "Worsening"] },
  { ask: "red adults", facts: ["AC/S8", "53.2% vs 63.0%"] },
  { ask: "summary", facts: ["Performance summary", "Green", "43% (18)", "Green Amber", "21% (9)", "Red Amber", "19% (8)", "Red", "17% (7)", "Rated 42 of 45", "Adults & Communities", "Commissioning Group"] },
  { ask: "adults", facts: ["17 indicators: Adults & Communities", "AC/C14", "5.1 vs 5.4", "AC/S8", "53.2%", "Page 1 of 2", "Next"] },
  { ask: "adults", press: "Next", facts: ["Page 2 of 2", "AC/S15", "79.6% vs 80.1%", "AC/S29", "1649 vs 1500", "Previous"] },
  { ask: "green", facts: ["18 indicators: Green", "AC/S9", "AC/S3", "65.9% vs 63.0%", "Page 1 of 2"] },
  { ask: "worsening", facts: ["14 indicators: worsening since the period before", "AC/S8", "53.2%", "CG/S15"] },
  { ask: "enablement", facts: ["1 indicator: mentioning “enablement”", "AC/S8", "53.2% vs 63.0%"] },
  { ask: "enablment", facts: ["No indicator title has the word “enablment”", "Nearest titles:", "AC/S8", "enablement"] },
  { ask: "AC/S99", facts: ["There is no indicator or action AC/S99.", "Did you mean:", "AC/S9", "AC/S29", "AC/S2"] },
  { ask: "AC/S99", press: "AC/S9", facts: ["AC/S9", /Green:?\s+169\.72 against 192\.7/] },
  { ask: "zzyzx", facts: ["“zzyzx” names no organisation, service or indicator title.", "adults", "17 indicators, 14 actions", "commissioning", "sutton", "174 actions"] },
  { ask: "ASCOF 1E", facts: ["AC/S4", "ASCOF 1E", "9.4%", "68/725", /Red Amber:?\s+9\.4% against 9\.9%/, "Improving"] },
  { ask: "sutton", facts: ["London Borough of Sutton has no indicators", "174 actions", "KCA 0", "MOS 1", "Completed · due 31-Mar-2017", "Page 1 of 18"] },
  { ask: "overdue", facts: ["29 overdue actions", "MOS 21 Strategy Completed", "Overdue · due 31-Dec-2016", "Page 1 of 3"] },
  { ask: "overdue", open: "MOS 21", facts: ["MOS 21", "Strategy Completed", "31-Dec-2016"] },
  {
    ask: "CG01",
    facts: ["CG01", "Building more than 20,000 new homes by 2025", /Green/, "Priya Shah", "Good progress has been made on the regeneration programme", "Submit update", "Colindale and Brent Cross Cricklewood"],
  },
  {
    ask: "wheel",
    facts: ["Performance wheel: London Borough of Barnet, Q2 2017/18", "Red segments (3)", "P3", "Adults live independently for longer", "Delayed transfers of care rose over the summer", "P5", "C4", "Green 42% (5)", "Amber 33% (4)", "Red 25% (3)", "Down"],
    differs: { slack: ["Chart"], teams: ["[picture: "], why: "Slack draws the wheel on Chart; a Teams card carries it" },
  },
  // How do we compare: Barnet alone in the demo data, not sharing: its own figure, its printed benchmarks, and why no other council's.
  { ask: "compare AC/S16", facts: ["How London Borough of Barnet compares: AC/S16", "ASCOF 1C(2A) · Bigger is Better", "London Borough of Barnet (AC/S16): 38.8% ← you", "Printed benchmarks: CIPFA 29.5%, London 27.6%", "London Borough of Barnet does not share its figures for comparison"] },
  { ask: "AC/S16", press: "Compare", facts: ["How London Borough of Barnet compares: AC/S16", "38.8% ← you", "1 council reports Q2 2016/17: 4 are needed for a rank."] },
  {
    ask: "help",
    facts: ["Ask about council performance indicators:", "AC/S8", "ASCOF 1E", "summary", "overdue", "wheel", "whoami"],
    differs: { slack: ["/kpi AC/S8"], teams: ["kpi AC/S8"], why: "each platform's way of asking: the slash command in Slack, a message to the bot in Teams" },
  },
];

describe.skipIf(chromiumMissing)(chromiumMissing ? SKIPPED : "Slack and Teams show the same facts", () => {
  let fixture: PlatformFixture;
  let playground: PlaygroundProcess;
  let chat: Chat;
  let folder: string;
  const slackTexts: string[] = [];
  const teamsTexts: string[] = [];

  beforeAll(async () => {
    // One service for both: Slack with its signing secret, Teams local (TEAMS_LOCAL), on one database.
    fixture = await startPlatform({ provider: "sqlite", platform: "slack", env: { TEAMS_LOCAL: "true" }, prepare: (db) => importWheel(db) });
    playground = await startPlayground(fixture.service.port);
    folder = outputFolder("parity");
    chat = await openChat(playground, folder);
    await warmPictures(chat);
  }, 120_000);
  afterAll(async () => {
    // What each platform said, side by side with the screenshots, for people to compare.
    if (folder) {
      writeFileSync(path.join(folder, "slack.txt"), slackTexts.join("\n\n"));
      writeFileSync(path.join(folder, "teams.txt"), teamsTexts.join("\n\n"));
    }
    await chat?.close();
    await playground?.stop();
    await fixture?.stop();
  });

  let responses = 0;
  /** Slack: an answer's blocks, from the acknowledgement or, where it came later, through response_url. */
  const slackAnswer = async (body: string, responsePath: string): Promise<Json> => {
    const res = await fetch(`http://127.0.0.1:${fixture.service.port}/slack/events`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...slackSignature(SLACK_SECRET, body) }, body });
    expect(res.status).toBe(200);
    const ack = await res.text();
    const acked = ack ? (JSON.parse(ack) as Json) : {};
    if (acked.blocks || acked.text) return acked;
    return (await fixture.fake.waitFor((c) => c.path === responsePath)).body;
  };
  const slackAsk = (text: string) => {
    const id = `parity${++responses}`;
    return slackAnswer(slashCommandBody(text, fixture.fake.responseUrl(id)), `/response/${id}`);
  };
  /** A button of a Slack message, by its text (or its value, for a row's Open button). */
  const slackButton = (message: Json, matches: (b: Json) => boolean): Json => {
    const buttons = blockElements(message).filter((e) => e.type === "button");
    const found = buttons.find(matches);
    if (!found) throw new Error(`no such button among ${buttons.map((b) => `${(b.text as Json).text}=${String(b.value)}`).join(", ")}`);
    return found;
  };
  const slackPress = (button: Json) => {
    const id = `parity${++responses}`;
    return slackAnswer(buttonBody(String(button.action_id), (button.value as string | undefined) ?? null, fixture.fake.responseUrl(id)), `/response/${id}`);
  };

  /** Presses a list's row in Teams (its text); its answer. */
  const teamsOpen = async (message: Locator, ref: string): Promise<Locator> => {
    const before = await chat.botMessages().count();
    await message.getByText(ref, { exact: true }).first().click();
    await expect.poll(() => chat.botMessages().count(), { timeout: 15_000 }).toBe(before + 1);
    const opened = chat.botMessages().nth(before);
    await expect.poll(() => opened.innerText(), { timeout: 15_000 }).not.toBe("");
    return opened;
  };

  it.each(PARITY.map((row, i) => [`${String(i + 1).padStart(2, "0")} ${row.ask}${row.press ? ` → ${row.press}` : ""}${row.open ? ` → open ${row.open}` : ""}`, row] as const))("%s", async (name, row) => {
    // Slack.
    let slackMessage = await slackAsk(row.ask);
    if (row.press) slackMessage = await slackPress(slackButton(slackMessage, (b) => (b.text as Json).text === row.press));
    if (row.open) slackMessage = await slackPress(slackButton(slackMessage, (b) => (b.text as Json).text === "Open" && b.value === row.open));
    const slack = slackText(slackMessage);
    // Teams, in the playground.
    let teamsMessage = await chat.say(`kpi ${row.ask}`);
    if (row.press) teamsMessage = await chat.press(teamsMessage, row.press);
    const opened = row.open ? await teamsOpen(teamsMessage, row.open) : teamsMessage;
    await chat.screenshot(opened, name);
    // Its text, and its pictures (loaded) by their descriptions.
    const teams = [await opened.innerText(), ...(await loadedPictures(opened)).map((p) => `[picture: ${p.alt}]`)].join("\n");
    slackTexts.push(`## ${name}\n${slack}`);
    teamsTexts.push(`## ${name}\n${teams}`);

    const missing = (text: string, facts: (string | RegExp)[]) => facts.filter((f) => (typeof f === "string" ? !text.includes(f) : !f.test(text))).map(String);
    expect({ slack: missing(slack, row.facts), teams: missing(teams, row.facts) }, `Slack:\n${slack}\n\nTeams:\n${teams}`).toEqual({ slack: [], teams: [] });
    if (row.differs) {
      expect(missing(slack, row.differs.slack), slack).toEqual([]);
      expect(missing(teams, row.differs.teams), teams).toEqual([]);
    }
  });
});

/** Every element of every block (buttons of actions blocks, a section's accessory). */
function blockElements(message: Json): Json[] {
  const blocks = (message.blocks as Json[] | undefined) ?? [];
  return blocks.flatMap((b) => [...((b.elements as Json[] | undefined) ?? []), ...(b.accessory ? [b.accessory as Json] : [])]);
}

/** What a person reads in a Slack message: its blocks' texts, fields, context and buttons, without mrkdwn's markup. */
function slackText(message: Json): string {
  const texts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    const o = node as Json;
    if ((o.type === "mrkdwn" || o.type === "plain_text") && typeof o.text === "string") texts.push(o.text);
    if (o.type === "image" && typeof o.alt_text === "string") texts.push(`[picture: ${o.alt_text}]`);
    for (const [key, value] of Object.entries(o)) if (key !== "value" && key !== "action_id" && key !== "block_id") walk(value);
  };
  walk(message.blocks ?? []);
  if (!texts.length && typeof message.text === "string") texts.push(message.text);
  return texts
    .join("\n")
    .replace(/<([^|>]+)\|([^>]+)>/g, "$2")
    .replace(/[*_~`]/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
