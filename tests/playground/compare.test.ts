// How do we compare, in Teams as a person sees it (the Agents Playground in headless Chromium): Barnet and a
// second council sharing, a third not, a published comparator table imported; compare AC/S16 typed, and the
// Compare button pressed on AC/S16's card; the card's dot plot loaded. Saved under test-output/playground/compare/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BARNET_SEES, prepareComparison } from "../helpers/comparison.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { chromiumMissing, loadedPictures, openChat, warmPictures, outputFolder, SKIPPED, startPlayground, type Chat, type PlaygroundProcess } from "../helpers/playground.ts";

describe.skipIf(chromiumMissing)(chromiumMissing ? SKIPPED : "Teams in the Agents Playground: how do we compare", () => {
  let fixture: PlatformFixture;
  let playground: PlaygroundProcess;
  let chat: Chat;

  beforeAll(async () => {
    fixture = await startPlatform({ provider: "sqlite", platform: "teams", prepare: prepareComparison("teams-tenant") });
    playground = await startPlayground(fixture.service.port);
    chat = await openChat(playground, outputFolder("compare"));
    // The first picture loads the drawing libraries (about a second): drawn once before the questions.
    await warmPictures(chat);
  }, 120_000);
  afterAll(async () => {
    await chat?.close();
    await playground?.stop();
    await fixture?.stop();
  });

  it("kpi compare AC/S16: each council's figure, Barnet's rank and the printed benchmarks", async () => {
    const card = await chat.say("kpi compare AC/S16");
    await chat.screenshot(card, "compare-AC-S16");
    const seen = await card.innerText();
    for (const fact of BARNET_SEES) expect(seen).toContain(fact);
    const pictures = await loadedPictures(card);
    expect(pictures).toHaveLength(1);
    expect(pictures[0]!.width).toBeGreaterThan(0);
    expect(pictures[0]!.alt).toMatch(/^Dot plot of ASCOF 1C\(2A\)/);
  });

  it("Compare, pressed on AC/S16's card, answers the same", async () => {
    const card = await chat.say("kpi AC/S16");
    const compared = await chat.press(card, "Compare");
    await chat.screenshot(compared, "AC-S16-Compare");
    expect(await compared.innerText()).toContain("Higher is better: 1st of 4 for Q2 2016/17, top quartile.");
  });
});
