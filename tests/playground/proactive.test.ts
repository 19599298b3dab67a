// What the bot posts on its own, as a person sees it in the Microsoft 365 Agents Playground (which also
// plays the Bot Connector, at /_connector): the weekly digest, a status-change alert, an owner's reminder
// and a review decision, each sent by the project's own kpi commands (as an operator or the scheduler
// would) to the personal chat open in headless Chromium, and each appearing there once.
// The cards are saved as pictures under test-output/playground/proactive/.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, londonDate } from "../../src/core/schedule.ts";
import { ratingKey } from "../../src/core/use-cases/check-alerts.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { prismaRatingsSeen, prismaSubscriptions } from "../../src/store/subscriptions.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { chromiumMissing, loadedPictures, openChat, outputFolder, PLAYGROUND_USER, SKIPPED, startPlayground, type Chat, type PlaygroundProcess } from "../helpers/playground.ts";
import { runKpi } from "../helpers/run.ts";

describe.skipIf(chromiumMissing)(chromiumMissing ? SKIPPED : "Teams in the Agents Playground: what the bot posts on its own", () => {
  let fixture: PlatformFixture;
  let playground: PlaygroundProcess;
  let chat: Chat;
  let channel: string;

  /** A kpi command with the service's configuration, as the operator runs it; its output. */
  const kpi = async (...args: string[]) => {
    const run = await runKpi(args, fixture.env);
    expect(run.code, `kpi ${args.join(" ")}: ${run.stdout}${run.stderr}`).toBe(0);
    return run.stdout;
  };

  beforeAll(async () => {
    // Alex Morgan (who owns AC/S8) is the playground's user. The service only answers (its jobs off, as an instance
    // may run): what is posted is posted by the kpi commands, whose runs are then the only ones claiming their slots.
    fixture = await startPlatform({ provider: "sqlite", platform: "teams", people: [{ email: "alex.morgan@example.org", teamsUserId: PLAYGROUND_USER }], service: { jobs: false } });
    playground = await startPlayground(fixture.service.port);
    channel = `teams:${playground.conversationId}`;
    chat = await openChat(playground, outputFolder("proactive"));
    // Spoken to there, the bot keeps the chat's reference (where it posts later) and takes it as Alex's personal chat.
    await chat.say("kpi whoami");
  }, 120_000);
  afterAll(async () => {
    await chat?.close();
    await playground?.stop();
    await fixture?.stop();
  });

  it("a digest sent with kpi subscribe and kpi digest run --now appears in the chat, with its picture", async () => {
    expect(await kpi("subscribe", "--channel", channel, "--organisation", "barnet")).toContain(`Subscribed ${channel}`);
    expect(await kpi("digest", "run", "--now", "--channel", channel)).toMatch(/: posted/);
    const digest = await chat.waitForMessage("Weekly performance digest: London Borough of Barnet");
    await chat.screenshot(digest, "digest");
    const seen = await digest.innerText();
    expect(seen).toContain("AC/S8 Percentage of new clients, older people accessing enablement");
    expect(seen).toContain("53.2% vs 63.0%");
    const pictures = await loadedPictures(digest);
    expect(pictures.length).toBeGreaterThan(0);
  });

  it("a status-change alert from kpi alerts run --now appears", async () => {
    // As an earlier check (a quarter-hour ago) left things: the channel listening, AC/S8 last seen Amber.
    const db = fixture.service.database.db;
    const subscription = (await prismaSubscriptions(db).list()).find((s) => `${s.channel.platform}:${s.channel.id}` === channel)!;
    await prismaSubscriptions(db).startAlerts([subscription.id], new Date(Date.now() - 15 * 60_000));
    const acs8 = (await prismaCatalogue(db).indicators({})).find((r) => r.ref === "AC/S8" && r.organisation === "London Borough of Barnet")!;
    await prismaRatingsSeen(db).save([{ key: ratingKey(acs8), level: "Amber" }]);

    expect(await kpi("alerts", "run", "--now")).toContain("1 alerts posted");
    const alert = await chat.waitForMessage("AC/S8 turned Red (was Amber)");
    await chat.screenshot(alert, "alert");
    expect(await alert.innerText()).toContain("53.2% vs 63.0%");
  });

  it("an owner's reminder from kpi reminders run --now appears, naming what is owed", async () => {
    const due = addDays(londonDate(new Date()), 7);
    await kpi("cycle", "open", "Q3 2016/17", "--due", due, "--organisation", "barnet");
    expect(await kpi("reminders", "run", "--now")).toContain(`posted ${channel}`);
    const reminder = await chat.waitForMessage("Reminder: your updates for Q3 2016/17");
    await chat.screenshot(reminder, "reminder");
    const seen = await reminder.innerText();
    expect(seen).toContain("due in 7 days");
    expect(seen).toContain("AC/S8");
    expect(await reminder.getByRole("button", { name: "Submit update" }).count()).toBeGreaterThan(0);
  });

  it("a review decision on Alex's update is told in the chat", async () => {
    await kpi("update", "AC/S8", "--period", "Q3 2016/17", "--value", "64.1", "--commentary", "Up since the new team started in October.", "--as", "alex.morgan@example.org");
    // Waiting for review, with how to decide: the placeholders in angle brackets shown as typed (not taken for HTML).
    const pending = await chat.say("kpi review");
    await chat.screenshot(pending, "review-pending");
    expect(await pending.innerText()).toContain("AC/S8 Q3 2016/17: 64.1%");
    expect(await pending.innerText()).toContain("Accept with “accept <ref> <period>”, or return with “return <ref> <period> <why>”.");
    await kpi("review", "accept", "AC/S8", "--period", "Q3 2016/17", "--as", "performance.team@example.org");
    const decision = await chat.waitForMessage("Your update to AC/S8 for Q3 2016/17 was accepted");
    await chat.screenshot(decision, "review-decision");
    expect(await decision.innerText()).toContain("64.1% is now the period's result");
    // And the card a person asks for shows it once the service has seen the change (the CLI wrote it; every
    // instance reads changes within 5 s): asked again until then.
    await expect.poll(async () => await (await chat.say("kpi AC/S8")).innerText(), { timeout: 15_000, interval: 2_000 }).toContain("64.1%");
  });

  it("each appears once: the runs made again (as the scheduler or another instance would) post nothing more", async () => {
    // Their slots are claimed: the digest's week, the alert check's quarter-hour, today's reminders.
    await Promise.all([kpi("digest", "run", "--now", "--channel", channel), kpi("alerts", "run", "--now"), kpi("reminders", "run", "--now")]);
    // Time for a second copy to arrive, were one sent.
    await chat.page.waitForTimeout(1500);
    for (const text of ["Weekly performance digest: London Borough of Barnet", "AC/S8 turned Red (was Amber)", "Reminder: your updates for Q3 2016/17", "Your update to AC/S8 for Q3 2016/17 was accepted"]) {
      expect(await chat.botMessages().filter({ hasText: text }).count(), text).toBe(1);
    }
  });
});
