// The review conversation in Teams, through /api/messages and a local stand-in Bot Connector: a submission
// from the update dialog is posted there as a card with Accept, a comment and Return; the card's
// Action.Submit decides under the review rules and the card is updated in place with the outcome (or a
// reply says why not), and the submitter is told in their personal chat with the bot.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdaptiveCard } from "../../src/platforms/teams/cards.ts";
import type { Service } from "../../src/service.ts";
import { parsePeriod } from "../../src/core/periods.ts";
import { setReviewOptions } from "../../src/store/organisations.ts";
import { prismaCycles } from "../../src/store/updates.ts";
import { problems } from "../helpers/adaptive-cards.ts";
import { providers } from "../helpers/databases.ts";
import type { FakeSlack as Recorder, Recorded } from "../helpers/fake-slack.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";

const BARNET = "11111111-1111-4111-8111-111111111111";
const SUTTON = "22222222-2222-4222-8222-222222222222";
const PERF = "aaaaaaaa-0000-4000-8000-000000000001";
const VIEWER = "aaaaaaaa-0000-4000-8000-000000000002";
const KIM = "aaaaaaaa-0000-4000-8000-000000000004";
const ALEX = "aaaaaaaa-0000-4000-8000-000000000005";
const REVIEW = "19:review@thread.tacv2";
const ALEX_CHAT = "a:alex-personal-chat";
const Q3 = "Q3 2016/17";

type Element = Record<string, unknown>;
const cardOf = (call: Recorded) => (call.body.attachments as { content: AdaptiveCard }[] | undefined)?.[0]?.content;

describe.each(providers)("Teams: the review conversation (%s)", (provider) => {
  let fixture: PlatformFixture;
  let connector: Recorder;
  let service: Service;

  beforeAll(async () => {
    fixture = await startPlatform({
      provider,
      platform: "teams",
      workspaces: { barnet: BARNET, sutton: SUTTON },
      people: [
        { email: "performance.team@example.org", teamsUserId: PERF },
        { email: "val.viewer@example.org", name: "Val Viewer", organisation: "barnet", role: "viewer", teamsUserId: VIEWER },
        { email: "kim.officer@example.org", name: "Kim Officer", organisation: "barnet", role: "officer", teamsUserId: KIM },
        { email: "alex.morgan@example.org", teamsUserId: ALEX },
      ],
      prepare: async (db) => {
        await setReviewOptions(db, "barnet", { reviewChannel: `teams:${REVIEW}` }, "test");
        await prismaCycles(db).open("London Borough of Barnet", parsePeriod(Q3)!, new Date("2017-01-20T00:00:00Z"), "test", "test");
      },
    });
    ({ fake: connector, service } = fixture);
    // Alex's personal chat with the bot, where direct messages to them go.
    await service.database.db.person.update({ where: { email: "alex.morgan@example.org" }, data: { teamsChatId: ALEX_CHAT } });
  }, 240_000);
  afterAll(() => fixture?.stop());

  const activity = (user: string, conversation: string, extra: Record<string, unknown>, tenant = BARNET) => fixture.activity({ user, tenant, conversation }, extra);
  const post = (body: object) => fixture.post(body);
  /** The bot is spoken to in a conversation, so that it keeps the conversation's reference for posting there later. */
  const speakIn = async (conversation: string, user: string) => {
    const { id, body } = activity(user, conversation, { text: "kpi help" });
    expect((await post(body)).status).toBeLessThan(300);
    await connector.waitFor((c) => c.path.endsWith(`/activities/${id}`) && c.body.type === "message");
  };
  /** A card's Action.Submit pressed, as Teams sends it: a message whose value is the action's data (with the card's inputs), replying to the card. */
  const pressOn = async (card: string, data: Record<string, unknown>, user: string, tenant = BARNET) => {
    const { id, body } = activity(user, REVIEW, { value: data, replyToId: card }, tenant);
    expect((await post(body)).status).toBeLessThan(300);
    return id;
  };
  /**
   * Cards the bot posted on its own to a conversation (botbuilder sends them as replies to the kept reference's
   * activity, an id of its own): not its answers to the activities this test sends, nor updates of a card pressed.
   */
  const postedTo = (conversation: string) =>
    connector.calls.filter((c) => decodeURIComponent(c.path).startsWith(`/v3/conversations/${conversation}/activities`) && !/\/activities\/(card-\d+|activity\d+)$/.test(c.path) && cardOf(c));
  const status = async (ref: string) => (await service.database.db.submission.findFirstOrThrow({ where: { indicator: { ref } }, orderBy: { id: "desc" } })).status;
  const elements = (nodes: unknown[]): Element[] => (nodes as Element[]).flatMap((e) => [e, ...elements([...((e.columns as unknown[]) ?? []), ...((e.items as unknown[]) ?? [])])]);

  /** The update dialog's Submit, as Teams sends it (task/submit), for the indicator, as that user. */
  const submit = async (user: string, ref: string, value: string) => {
    const { body } = activity(user, `a:chat-${user}`, {
      type: "invoke",
      name: "task/submit",
      value: { type: "task/submit", data: { verb: "kpi_update", ref, period: Q3, value, commentary: `Commentary on ${ref}: up since the new team started in October.`, intervention: "Keep the new team on" }, context: { theme: "default" } },
    });
    expect(JSON.stringify(await (await post(body)).json())).toContain("Update recorded");
    return (await service.database.db.submission.findFirstOrThrow({ where: { indicator: { ref } }, orderBy: { id: "desc" } })).id;
  };
  const reviewCardFor = async (ref: string) => {
    await connector.waitFor((c) => postedTo(REVIEW).includes(c) && JSON.stringify(c.body).includes(`Update to review: ${ref}`));
    return cardOf(postedTo(REVIEW).find((c) => JSON.stringify(c.body).includes(`Update to review: ${ref}`))!)!;
  };

  let alexes = 0;
  let perfs = 0;
  it("posts each submission from the update dialog to the review conversation, once, with Accept, a comment and Return", async () => {
    await speakIn(REVIEW, KIM);
    await speakIn(ALEX_CHAT, ALEX);
    alexes = await submit(ALEX, "AC/S8", "64.1");
    perfs = await submit(PERF, "AC/S9", "150");
    const card = await reviewCardFor("AC/S8");
    expect(problems(card)).toEqual([]);
    expect(JSON.stringify(card.body)).toContain("64.1%");
    expect(JSON.stringify(card.body)).toContain("Would be Green");
    expect(JSON.stringify(card.body)).toContain("Commentary on AC/S8");
    expect(JSON.stringify(card.body)).toContain("Submitted by Alex Morgan");
    expect(elements(card.body).find((e) => e.id === "comment")).toMatchObject({ type: "Input.Text", isMultiline: true });
    expect(card.actions).toEqual([
      expect.objectContaining({ type: "Action.Submit", title: "Accept", associatedInputs: "none", data: { verb: "kpi_review_accept", id: alexes } }),
      expect.objectContaining({ type: "Action.Submit", title: "Return", data: { verb: "kpi_review_return", id: alexes } }),
    ]);
    expect((await reviewCardFor("AC/S9")).actions).toContainEqual(expect.objectContaining({ data: { verb: "kpi_review_accept", id: perfs } }));
    // Once only: the sweep finds them posted.
    await service.scheduler!.tick();
    expect(postedTo(REVIEW)).toHaveLength(2);
  });

  it("answers a viewer, the submitter and another tenant with the reason, leaving the card and the submission as they were", async () => {
    for (const [user, tenant, reason] of [
      [VIEWER, BARNET, "Accepting a submission needs the officer role in London Borough of Barnet; you are a viewer there."],
      [PERF, BARNET, "Accepting your own submission is not allowed"],
      [KIM, SUTTON, "That submission is not one this workspace sees"],
    ] as const) {
      const pressed = await pressOn("card-9", { verb: "kpi_review_accept", id: perfs }, user, tenant);
      const reply = await connector.waitFor((c) => c.path.endsWith(`/activities/${pressed}`));
      expect(String(reply.body.text)).toContain(reason);
    }
    expect(connector.calls.some((c) => c.path.endsWith("/activities/card-9"))).toBe(false);
    expect(await status("AC/S9")).toBe("submitted");
  });

  it("accepts for an officer: the card shows the outcome, and a submitter the bot cannot message is only logged", async () => {
    await pressOn("card-9", { verb: "kpi_review_accept", id: perfs }, KIM);
    const updated = await connector.waitFor((c) => decodeURIComponent(c.path) === `/v3/conversations/${REVIEW}/activities/card-9`);
    const card = cardOf(updated)!;
    expect(problems(card)).toEqual([]);
    expect(JSON.stringify(card.body)).toMatch(/Accepted by Kim Officer at \d\d:\d\d/);
    expect(card.actions).toBeUndefined();
    expect(await status("AC/S9")).toBe("accepted");
    // An acceptance the submitter cannot be told of is not posted to the review conversation.
    await service.scheduler!.tick();
    expect(postedTo(REVIEW)).toHaveLength(2);
  });

  it("returns with the comment typed on the card: the card shows the outcome and the submitter is told in their personal chat, with a button to submit again", async () => {
    const empty = await pressOn("card-8", { verb: "kpi_review_return", id: alexes, comment: "  " }, KIM);
    expect(String((await connector.waitFor((c) => c.path.endsWith(`/activities/${empty}`))).body.text)).toContain("Say why it is returned");
    expect(await status("AC/S8")).toBe("submitted");

    await pressOn("card-8", { verb: "kpi_review_return", id: alexes, comment: "Add the numerator and denominator, please." }, KIM);
    const updated = await connector.waitFor((c) => decodeURIComponent(c.path) === `/v3/conversations/${REVIEW}/activities/card-8`);
    const card = cardOf(updated)!;
    expect(problems(card)).toEqual([]);
    expect(JSON.stringify(card.body)).toMatch(/Returned by Kim Officer at \d\d:\d\d on [^"]+: Add the numerator and denominator, please\./);
    expect(card.actions).toBeUndefined();
    expect(await status("AC/S8")).toBe("returned");

    const told = cardOf(await connector.waitFor((c) => postedTo(ALEX_CHAT).includes(c)))!;
    expect(problems(told)).toEqual([]);
    expect(JSON.stringify(told.body)).toContain("Your update to AC/S8 for Q3 2016/17 was returned by Kim Officer: Add the numerator and denominator, please.");
    expect(told.actions).toEqual([{ type: "Action.Submit", title: "Submit again", data: { msteams: { type: "task/fetch" }, verb: "kpi_update", ref: "AC/S8" } }]);
  });

  it("updates a superseded submission's card in place, without its buttons, and refuses an Accept pressed on it with the reason", async () => {
    const older = await submit(ALEX, "AC/S10", "80");
    await reviewCardFor("AC/S10");
    const post = postedTo(REVIEW).find((c) => JSON.stringify(c.body).includes(`submission ${older}`))!;
    expect(post).toBeDefined();
    const newer = await submit(ALEX, "AC/S10", "81");
    expect(newer).toBeGreaterThan(older);
    expect((await service.database.db.submission.findUniqueOrThrow({ where: { id: older } })).status).toBe("superseded");
    // The card as posted (its id the Bot Connector gave) gives way to who superseded it and when.
    const updated = await connector.waitFor((c) => /\/activities\/sent-\d+$/.test(c.path) && JSON.stringify(c.body).includes("Superseded by Alex Morgan's update at") && JSON.stringify(c.body).includes(`submission ${older}`));
    const card = cardOf(updated)!;
    expect(problems(card)).toEqual([]);
    expect(card.actions).toBeUndefined();
    // An Accept pressed on a copy that still shows it: refused with the reason, nothing decided.
    const pressed = await pressOn("card-10", { verb: "kpi_review_accept", id: older }, KIM);
    const reply = await connector.waitFor((c) => c.path.endsWith(`/activities/${pressed}`));
    expect(String(reply.body.text)).toMatch(/this submission \(80%?\) was superseded by Alex Morgan's update at \d\d:\d\d/);
    expect((await service.database.db.submission.findUniqueOrThrow({ where: { id: older } })).status).toBe("superseded");
    expect((await service.database.db.submission.findUniqueOrThrow({ where: { id: newer } })).status).toBe("submitted");
  });
});
