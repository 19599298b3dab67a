// Teams as a person sees it: questions typed into the Microsoft 365 Agents Playground's chat and buttons
// pressed there, in headless Chromium, against the service on a fresh SQLite database with the demo data
// (and the performance wheel fixture). What is checked is the page: its text, its buttons, its pictures
// (loaded, with a width). Each card is saved as a picture under test-output/playground/questions/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { chromiumMissing, loadedPictures, warmPictures, openChat, outputFolder, SKIPPED, startPlayground, type Chat, type PlaygroundProcess } from "../helpers/playground.ts";
import { importWheel } from "../helpers/wheel.ts";

describe.skipIf(chromiumMissing)(chromiumMissing ? SKIPPED : "Teams in the Agents Playground: questions and buttons", () => {
  let fixture: PlatformFixture;
  let playground: PlaygroundProcess;
  let chat: Chat;

  beforeAll(async () => {
    fixture = await startPlatform({ provider: "sqlite", platform: "teams", prepare: (db) => importWheel(db) });
    playground = await startPlayground(fixture.service.port);
    chat = await openChat(playground, outputFolder("questions"));
    await warmPictures(chat);
  }, 120_000);
  afterAll(async () => {
    await chat?.close();
    await playground?.stop();
    await fixture?.stop();
  });

  it("kpi AC/S8: 53.2% against 63.0%, Red in words, its buttons, and the chart picture loaded", async () => {
    const card = await chat.say("kpi AC/S8");
    await chat.screenshot(card, "AC-S8");
    const seen = await card.innerText();
    expect(seen).toContain("AC/S8 Percentage of new clients, older people accessing enablement");
    expect(seen).toContain("53.2% (194/365) against target 63.0% · Q2 2016/17");
    expect(seen).toContain("Red: 53.2% against 63.0%");
    expect(seen).toContain("Worsening");
    expect(seen).toContain("Owner: Alex Morgan");
    for (const button of ["History", "Submit update", "Set target"]) await expect(card.getByRole("button", { name: button, exact: true }).isVisible()).resolves.toBe(true);
    const pictures = await loadedPictures(card);
    expect(pictures).toHaveLength(1);
    expect(pictures[0]!.width).toBeGreaterThan(0);
    expect(pictures[0]!.alt).toMatch(/^Chart of AC\/S8 .*Q2 2016\/17 53\.2% against 63\.0%, Red/);
  });

  it("History, pressed on the card, shows each period's figure", async () => {
    const card = await chat.say("kpi AC/S8");
    const history = await chat.press(card, "History");
    await chat.screenshot(history, "AC-S8-history");
    const seen = await history.innerText();
    expect(seen).toContain("AC/S8 history");
    expect(seen).toMatch(/Q1 2016\/17\s+59\.7%/);
    expect(seen).toMatch(/Q2 2016\/17\s+53\.2% \(target 63\.0%\)/);
  });

  it("a long list pages with Next, and a row opens its indicator when pressed", async () => {
    const list = await chat.say("kpi adults");
    await chat.screenshot(list, "adults-page-1");
    expect(await list.innerText()).toContain("Page 1 of 2");
    const next = await chat.press(list, "Next");
    await chat.screenshot(next, "adults-page-2");
    const page2 = await next.innerText();
    expect(page2).toContain("Page 2 of 2");
    expect(page2).not.toContain("AC/S8 Percentage");

    const red = await chat.say("kpi red");
    const before = await chat.botMessages().count();
    await red.getByText("AC/S8 Percentage of new clients, older people accessing enablement").click();
    await expect.poll(() => chat.botMessages().count(), { timeout: 15_000 }).toBe(before + 1);
    const opened = chat.botMessages().nth(before);
    await expect.poll(() => opened.innerText(), { timeout: 15_000 }).toContain("Red: 53.2% against 63.0%");
    await chat.screenshot(red, "red-before-opening");
    await chat.screenshot(opened, "red-opened-AC-S8");
  });

  it("an unknown reference says so and offers Did you mean buttons, which open what they name", async () => {
    const answer = await chat.say("kpi AC/S99");
    await chat.screenshot(answer, "AC-S99");
    const seen = await answer.innerText();
    expect(seen).toContain("There is no indicator or action AC/S99.");
    expect(seen).toContain("Did you mean:");
    const opened = await chat.press(answer, "AC/S9");
    await chat.screenshot(opened, "AC-S99-did-you-mean-AC-S9");
    const card = await opened.innerText();
    expect(card).toContain("AC/S9 Permanent admissions to residential and nursing care homes, per 100,000 population age 65+");
    expect(card).toContain("169.72");
    expect(card).toContain("Green");

    const nothing = await chat.say("kpi zzyzx");
    await chat.screenshot(nothing, "zzyzx");
    expect(await nothing.innerText()).toContain("“zzyzx” names no organisation, service or indicator title.");
    const misspelt = await chat.say("kpi enablment");
    await chat.screenshot(misspelt, "enablment");
    expect(await misspelt.innerText()).toContain("Nearest titles:");
    expect(await (await chat.press(misspelt, "AC/S8")).innerText()).toContain("53.2%");
  });

  it("kpi red lists the seven Red indicators with their figures", async () => {
    const list = await chat.say("kpi red");
    await chat.screenshot(list, "red");
    const seen = await list.innerText();
    expect(seen).toContain("7 indicators: Red");
    expect(seen).toContain("53.2% vs 63.0% · Q2 2016/17 · ↓ Worsening");
    expect(seen).toContain("CG/C23 Sickness absence");
    expect(seen).toContain("8.35 days vs 6 days");
  });

  it("kpi summary counts by rating, in words and figures", async () => {
    const summary = await chat.say("kpi summary");
    await chat.screenshot(summary, "summary");
    const seen = await summary.innerText();
    expect(seen).toContain("Performance summary");
    expect(seen).toMatch(/Green\s+43% \(18\)/);
    expect(seen).toMatch(/Red\s+17% \(7\)/);
    expect(seen).toContain("Rated 42 of 45");
  });

  it("kpi wheel shows the wheel's picture, loaded, and the objectives in words", async () => {
    const wheel = await chat.say("kpi wheel");
    await chat.screenshot(wheel, "wheel");
    const seen = await wheel.innerText();
    expect(seen).toContain("Performance wheel: London Borough of Barnet, Q2 2017/18");
    expect(seen).toContain("Red segments (3)");
    expect(seen).toContain("P3 Adults live independently for longer");
    const pictures = await loadedPictures(wheel);
    expect(pictures).toHaveLength(1);
    expect(pictures[0]!.alt).toMatch(/wheel/i);
  });

  it("kpi help lists what can be asked", async () => {
    const help = await chat.say("kpi help");
    await chat.screenshot(help, "help");
    const seen = await help.innerText();
    expect(seen).toContain("Ask about council performance indicators:");
    expect(seen).toMatch(/kpi AC\/S8\s+one indicator: latest result against target/);
    expect(seen).toContain("kpi summary");
  });
});
