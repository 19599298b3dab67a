// The comparison's picture in chat, carried as an indicator's chart is, through the real receivers (the set-up of
// helpers/comparison.ts): in Slack the private answer offers Chart, which sends the dot plot by direct message (a
// comparison has no signed URL: what it shows depends on who asks), and Share posts the answer with its picture
// as one message; on Teams the comparison card carries the picture inline above its figures, and parses. Each
// council's picture shows what its text does: Eastmoor's, which does not share, no other council's own figure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdaptiveCard } from "../../src/platforms/teams/cards.ts";
import { CARD_IMAGE } from "../../src/platforms/teams/cards.ts";
import { problems } from "../helpers/adaptive-cards.ts";
import { prepareComparison } from "../helpers/comparison.ts";
import { eventually } from "../helpers/eventually.ts";
import { buttonBody, slashCommandBody, type Recorded } from "../helpers/fake-slack.ts";
import { startPlatform, teamsCardAnswer, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { pngSize } from "../helpers/png.ts";

const BARNET = "London Borough of Barnet";
const BARNET_ALT = [`Dot plot of ASCOF 1C(2A) (AC/S16 `, `1. ${BARNET} (you) 38.8%; 2. Enfield 33.0% (published); 3. Northfield Council 31.2%; 4. Camden 27.4% (published)`, "Benchmarks marked: CIPFA 29.5%, London 27.6%."];
const texts = (blocks: unknown) => JSON.stringify(blocks);

describe("the comparison's picture in Slack", () => {
  let fixture: PlatformFixture;
  beforeAll(async () => {
    fixture = await startPlatform({ provider: "sqlite", platform: "slack", prepare: prepareComparison("slack-team", { barnet: "T0BARNET", "eastmoor-council": "T0EAST" }) });
  }, 120_000);
  afterAll(() => fixture?.stop());
  const since = (start: number, predicate: (c: Recorded) => boolean) => fixture.fake.calls.slice(start).filter(predicate);
  const uploadOf = (id: string) => fixture.fake.uploads().find((u) => u.id === id)!;

  it("offers Chart below the private answer, uploading nothing on the way, and sends the dot plot by direct message when pressed", async () => {
    const start = fixture.fake.calls.length;
    const body = await (await fixture.post(slashCommandBody("compare AC/S16", fixture.fake.responseUrl("c1"), "U0SOMEONE", "T0BARNET"))).json();
    expect(texts(body.blocks)).toContain('"action_id":"kpi_chart","value":"compare AC/S16"');
    expect(since(start, (c) => /^\/(api\/files\.|upload\/)/.test(c.path))).toEqual([]);

    await fixture.post(buttonBody("kpi_chart", "compare AC/S16", fixture.fake.responseUrl("c2"), "U0SOMEONE", "T0BARNET"));
    const told = await fixture.fake.waitFor((c) => c.path === "/response/c2");
    expect(texts(told.body.blocks)).toContain("The comparison picture of AC/S16 is in your direct messages with the bot.");
    const message = fixture.fake.fileMessages.at(-1)!;
    const upload = uploadOf(message.files[0]!);
    expect(pngSize(upload.bytes!).width).toBe(1200);
    for (const part of BARNET_ALT) expect(upload.altText).toContain(part);
    expect(upload.title).toMatch(new RegExp(`^How ${BARNET} compares: AC/S16 `));
  });

  it("shares the comparison into the channel as one message: its figures with its picture", async () => {
    const start = fixture.fake.calls.length;
    await fixture.post(buttonBody("kpi_share", "compare AC/S16", fixture.fake.responseUrl("c3"), "U0SOMEONE", "T0BARNET"));
    await fixture.fake.waitFor((c) => c.path === "/response/c3" && c.body.delete_original === true);
    const steps = since(start, (c) => /^\/(api\/files\.|upload\/)/.test(c.path));
    expect(steps.map((c) => c.path.replace(/F\d+$/, "F…"))).toEqual(["/api/files.getUploadURLExternal", "/upload/v1/F…", "/api/files.completeUploadExternal"]);
    const completed = steps[2]!;
    const upload = uploadOf((completed.body.files as { id: string }[])[0]!.id);
    expect(pngSize(upload.bytes!).width).toBe(1200);
    for (const part of BARNET_ALT) expect(upload.altText).toContain(part);
    const shared = texts(completed.body.blocks);
    expect(shared).toContain("1. London Borough of Barnet (AC/S16): 38.8% ← you");
    expect(shared).toContain("Shared by <@U0SOMEONE>");
    expect(shared).not.toContain("kpi_chart");
  });

  it("draws Eastmoor's, which does not share, without any other council's own figure", async () => {
    await fixture.post(buttonBody("kpi_chart", "compare EM7", fixture.fake.responseUrl("c4"), "U0SOMEONE", "T0EAST"));
    await fixture.fake.waitFor((c) => c.path === "/response/c4");
    const upload = uploadOf(fixture.fake.fileMessages.at(-1)!.files[0]!);
    expect(upload.altText).toContain("Eastmoor Council (you) 24.0%");
    for (const hidden of ["Northfield", "38.8%", "31.2%"]) expect(upload.altText).not.toContain(hidden);
  });
});

describe("the comparison's picture on Teams", () => {
  const BARNET_TENANT = "11111111-1111-4111-8111-111111111111";
  const EASTMOOR_TENANT = "44444444-4444-4444-8444-444444444444";
  const USER = "bbbbbbbb-0000-4000-8000-000000000009";
  type Element = { type?: string; url?: string; altText?: string };
  const images = (card: AdaptiveCard) => (card.body as Element[]).filter((e) => e.type === "Image");
  const pngOf = (dataUri: string) => Buffer.from(dataUri.replace(/^data:image\/png;base64,/, ""), "base64");
  let fixture: PlatformFixture;
  beforeAll(async () => {
    fixture = await startPlatform({ provider: "sqlite", platform: "teams", service: { teamsPictureBudgetMs: 60_000 }, prepare: prepareComparison("teams-tenant", { barnet: BARNET_TENANT, "eastmoor-council": EASTMOOR_TENANT }) });
  }, 120_000);
  afterAll(() => fixture?.stop());
  const answer = (text: string, tenant: string) => teamsCardAnswer(fixture, { user: USER, tenant }, text);

  it("carries the dot plot inline above the figures, the card valid and under 80 KB", async () => {
    const { reply, card } = await eventually(() => answer("kpi compare AC/S16", BARNET_TENANT), (a) => images(a.card).length > 0);
    expect(problems(card)).toEqual([]);
    const [image] = images(card);
    for (const part of BARNET_ALT) expect(image!.altText).toContain(part);
    expect(image!.url).toMatch(/^data:image\/png;base64,/);
    expect(pngOf(image!.url!).length).toBeLessThan(CARD_IMAGE.inlineBytes);
    expect(pngSize(pngOf(image!.url!)).width).toBeGreaterThanOrEqual(480);
    // The figures stay, below the picture: they are what shows where it does not load.
    const body = JSON.stringify(card.body);
    expect(body.indexOf('"type":"Image"')).toBeLessThan(body.indexOf("Northfield Council (NF/A1): 31.2%"));
    expect(body.indexOf("Northfield Council (NF/A1): 31.2%")).toBeGreaterThan(0);
    expect(Buffer.byteLength(JSON.stringify(reply.body))).toBeLessThan(80 * 1024);
  });

  it("draws Eastmoor's without any other council's own figure", async () => {
    const { card } = await eventually(() => answer("kpi compare EM7", EASTMOOR_TENANT), (a) => images(a.card).length > 0);
    const [image] = images(card);
    expect(image!.altText).toContain("Eastmoor Council (you) 24.0%");
    for (const hidden of ["Northfield", "38.8%", "31.2%"]) expect(image!.altText).not.toContain(hidden);
  });
});
