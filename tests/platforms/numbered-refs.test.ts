// Councils that number their indicators 1 to 40: a table imported with kpi import, then indicator 12
// asked for through the real Slack receiver (signed requests) and Teams' /api/messages, by question,
// history, update, the list's Open button and the message extension; with two numbered councils seen
// from one workspace, a chooser whose Open buttons name the organisation.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buttonBody, slashCommandBody } from "../helpers/fake-slack.ts";
import { providers } from "../helpers/databases.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { root, runKpi, runKpiSteps } from "../helpers/run.ts";

const fixtureFile = (name: string) => path.join(root, "tests/fixtures/import", name);
const TWELVE = "Empty homes brought back into use";
const SECOND_TWELVE = "Street lights repaired within 5 days";
/** A title of the first table with "12" in it: what /kpi 12 listed before numbers were references. */
const TITLE_WITH_12 = "Households in temporary accommodation over 12 weeks";

type Block = { type: string; accessory?: { action_id: string; value: string }; elements?: { action_id?: string; value?: string }[] };

/** The two numbered councils' tables imported, people and links made, as an operator would with kpi commands. */
const prepare = (links: string[][]) => async (_db: unknown, env: Record<string, string>) => {
  const first = await runKpi(["import", fixtureFile("numbered-q2-2016-17.csv"), "--organisation", "Numbered Borough"], env);
  expect(first.code, first.stdout + first.stderr).toBe(0);
  // The import says how numbered indicators are asked for.
  expect(first.stdout).toMatch(/numbered indicators: ask for them as \/kpi 12/i);
  await runKpiSteps(
    [
      ["import", fixtureFile("numbered-second-q2-2016-17.csv"), "--organisation", "Second Borough"],
      ["people", "add", "nina.officer@example.org", "--name", "Nina Officer", "--organisation", "Numbered Borough", "--role", "officer"],
      ...links,
    ],
    env,
  );
};

describe.each(providers)("numbered indicators in Slack (%s)", (provider) => {
  let fixture: PlatformFixture;

  beforeAll(async () => {
    fixture = await startPlatform({
      provider,
      platform: "slack",
      prepare: prepare([
        ["org", "link", "numbered-borough", "--slack-team", "T0NUM"],
        ["org", "link", "numbered-borough", "--slack-team", "T0BOTH"],
        ["org", "link", "second-borough", "--slack-team", "T0BOTH"],
        ["org", "link", "barnet", "--slack-team", "T0BARNET"],
        ["people", "link", "nina.officer@example.org", "--slack", "U0NINA"],
      ]),
    });
  }, 240_000);
  afterAll(() => fixture?.stop());

  /** The private answer to /kpi <text>, as Slack receives it in the acknowledgement. */
  const ask = async (text: string, team = "T0NUM", user = "U0NINA") => {
    const res = await fixture.post(slashCommandBody(text, fixture.fake.responseUrl(`cmd-${team}-${text}`), user, team));
    expect(res.status).toBe(200);
    return (await res.json()) as { text: string; blocks: Block[] };
  };
  let pressed = 0;
  /** What a button press sends back through response_url. */
  const press = async (actionId: string, value: string, team = "T0NUM") => {
    const id = `press-${++pressed}`;
    expect((await fixture.post(buttonBody(actionId, value, fixture.fake.responseUrl(id), "U0NINA", team))).status).toBe(200);
    return (await fixture.fake.waitFor((c) => c.path === `/response/${id}`)).body as { text: string; blocks: Block[] };
  };
  const buttons = (answer: { blocks: Block[] }) => answer.blocks.flatMap((b) => [...(b.accessory ? [b.accessory] : []), ...(b.elements ?? []).filter((e) => e.action_id)]) as { action_id: string; value: string }[];

  it("/kpi 12 opens indicator 12 of the asker's organisation, not a list of titles containing 12", async () => {
    const answer = await ask("12");
    expect(answer.text).toBe(`12 ${TWELVE}`);
    expect(JSON.stringify(answer)).not.toContain(TITLE_WITH_12);
    expect((await ask("what is 12?")).text).toBe(`12 ${TWELVE}`);
  });

  it("history 12 lists indicator 12's changes, and update 12 opens its form", async () => {
    const history = JSON.stringify(await ask("history 12"));
    expect(history).toContain(TWELVE);
    expect(history).toMatch(/numbered-q2-2016-17\.csv|import/i);
    const res = await fixture.post(slashCommandBody("update 12", fixture.fake.responseUrl("update-12"), "U0NINA", "T0NUM", "trigger-12"));
    expect(res.status).toBe(200);
    const opened = await fixture.fake.waitFor((c) => c.path.startsWith("/api/views.open") && c.body.trigger_id === "trigger-12");
    expect(JSON.stringify(opened.body.view)).toContain(TWELVE);
  });

  it("the card's History and the list's Open buttons find indicator 12 again", async () => {
    const card = await ask("12");
    const history = buttons(card).find((b) => b.action_id === "kpi_history")!;
    expect(JSON.stringify(await press("kpi_history", history.value))).toContain("12 history");
    const list = await ask("all page 2");
    const open = buttons(list).find((b) => b.action_id === "kpi_open" && (b.value === "12" || b.value.startsWith("12 ")));
    expect(open, JSON.stringify(list)).toBeDefined();
    expect((await press("kpi_open", open!.value)).text).toBe(`12 ${TWELVE}`);
  });

  it("keeps the words' meaning: page 2, top 10, Q2; and a number is no reference where the organisation does not number", async () => {
    expect(JSON.stringify(await ask("page 2"))).toMatch(/does not say which list/);
    for (const words of ["top 10", "Q2", "red 12"]) expect((await ask(words)).text, words).not.toMatch(/^1[02] /);
    // Barnet's workspace: its refs are AC/S8 and so on; 12 is searched in titles, as before.
    expect((await ask("12", "T0BARNET")).text).not.toMatch(/^12 /);
  });

  it("with two numbered organisations, offers a chooser whose Open buttons each open one; /kpi <organisation> 12 opens that one", async () => {
    const chooser = await ask("12", "T0BOTH");
    expect(JSON.stringify(chooser)).toContain(`Numbered Borough: ${TWELVE}`);
    expect(JSON.stringify(chooser)).toContain(`Second Borough: ${SECOND_TWELVE}`);
    const opened = await Promise.all(buttons(chooser).filter((b) => b.action_id === "kpi_open").map(async (b) => (await press("kpi_open", b.value, "T0BOTH")).text));
    expect(opened.sort()).toEqual([`12 ${TWELVE}`, `12 ${SECOND_TWELVE}`]);
    expect((await ask("second 12", "T0BOTH")).text).toBe(`12 ${SECOND_TWELVE}`);
    expect((await ask("numbered-borough 12", "T0BOTH")).text).toBe(`12 ${TWELVE}`);
    const history = JSON.stringify(await ask("history 12", "T0BOTH"));
    expect(history).toContain("history 12 Second Borough");
  });

  it("kpi chart 12 draws the chart of the organisation named by its slug", async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), "kpi-numbered-")), "12.png");
    const run = await runKpi(["chart", "12", "--organisation", "second-borough", "--out", out], fixture.env);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`Chart of 12 ${SECOND_TWELVE} (Second Borough)`);
  });
});

describe.each(providers)("numbered indicators in Teams (%s)", (provider) => {
  let fixture: PlatformFixture;
  const TENANT = "44444444-4444-4444-8444-444444444444";
  const BOTH = "55555555-5555-4555-8555-555555555555";
  const NINA = "cccccccc-0000-4000-8000-000000000012";

  beforeAll(async () => {
    fixture = await startPlatform({
      provider,
      platform: "teams",
      prepare: prepare([
        ["org", "link", "numbered-borough", "--teams-tenant", TENANT],
        ["org", "link", "numbered-borough", "--teams-tenant", BOTH],
        ["org", "link", "second-borough", "--teams-tenant", BOTH],
        ["people", "link", "nina.officer@example.org", "--teams", NINA],
      ]),
    });
  }, 240_000);
  afterAll(() => fixture?.stop());

  const send = async (extra: Record<string, unknown>, tenant = TENANT) => {
    const { id, body } = fixture.activity({ user: NINA, tenant }, extra);
    expect((await fixture.post(body)).status).toBeLessThan(300);
    return JSON.stringify((await fixture.fake.waitFor((c) => c.path.endsWith(`/activities/${id}`))).body);
  };
  const invoke = async (name: string, value: unknown, tenant = TENANT) => {
    const { body } = fixture.activity({ user: NINA, tenant }, { type: "invoke", name, value });
    const response = await fixture.post(body);
    expect(response.status).toBe(200);
    return (await response.json()) as { composeExtension: { attachments: { content: { title?: string; tap?: { value: { ref: string } } } }[] } };
  };

  it("kpi 12, history 12 and update 12 find indicator 12", async () => {
    const card = await send({ text: "kpi 12" });
    expect(card).toContain(`12 ${TWELVE}`);
    expect(card).not.toContain(TITLE_WITH_12);
    expect(await send({ text: "kpi history 12" })).toContain(`Changes to 12 ${TWELVE}`);
    const update = await send({ text: "kpi update 12" });
    expect(update).toContain(TWELVE);
    expect(update).toContain("kpi_update");
  });

  it("the message extension finds 12, and choosing it inserts its card; in a tenant seeing two numbered councils, each", async () => {
    const found = await invoke("composeExtension/query", { commandId: "findIndicator", parameters: [{ name: "query", value: "12" }] });
    expect(found.composeExtension.attachments).toHaveLength(1);
    const chosen = await invoke("composeExtension/selectItem", found.composeExtension.attachments[0]!.content.tap!.value);
    expect(JSON.stringify(chosen)).toContain(`12 ${TWELVE}`);

    const both = await invoke("composeExtension/query", { commandId: "findIndicator", parameters: [{ name: "query", value: "12" }] }, BOTH);
    expect(both.composeExtension.attachments).toHaveLength(2);
    const cards = await Promise.all(both.composeExtension.attachments.map(async (a) => JSON.stringify(await invoke("composeExtension/selectItem", a.content.tap!.value, BOTH))));
    expect(cards.filter((c) => c.includes(`12 ${TWELVE}`))).toHaveLength(1);
    expect(cards.filter((c) => c.includes(`12 ${SECOND_TWELVE}`))).toHaveLength(1);
  });

  it("the chooser's rows and the card's History button open the organisation's 12", async () => {
    const chooser = await send({ text: "kpi 12" }, BOTH);
    const opens = [...chooser.matchAll(/"verb":"kpi_open","query":"([^"]+)"/g)].map((m) => m[1]!);
    expect(opens.sort()).toEqual(["12 Numbered Borough", "12 Second Borough"]);
    const second = await send({ value: { verb: "kpi_open", query: "12 Second Borough" } }, BOTH);
    expect(second).toContain(`12 ${SECOND_TWELVE}`);
    const history = /"verb":"kpi_history","ref":"([^"]+)"/.exec(second)![1]!;
    expect(await send({ value: { verb: "kpi_history", ref: history } }, BOTH)).toContain(`12 history`);
  });
});
