// Councils that number their indicators 1 to 40: a table imported with kpi import, then indicator 12
// asked for through the real Slack receiver (signed requests) and Teams' /api/messages, by question,
// history, update, the list's Open button and the message extension; with two numbered councils seen
// from one workspace, a chooser whose Open buttons name the organisation.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buttonBody, slashCommandBody, viewSubmissionBody } from "../helpers/fake-slack.ts";
import { filled } from "../helpers/slack-modal.ts";
import { providers } from "../helpers/databases.ts";
import { startPlatform, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { root, runKpi, runKpiSteps } from "../helpers/run.ts";

const fixtureFile = (name: string) => path.join(root, "tests/fixtures/import", name);
const TWELVE = "Empty homes brought back into use";
const SECOND_TWELVE = "Street lights repaired within 5 days";
/** A title of the first table with "12" in it: what /kpi 12 listed before numbers were references. */
const TITLE_WITH_12 = "Households in temporary accommodation over 12 weeks";

type Block = { type: string; accessory?: { action_id: string; value: string }; elements?: { action_id?: string; value?: string }[] };

/** The changes recorded for an organisation's indicator 12 from a platform, as the command line's history lists them. */
const recordedVia = async (env: Record<string, string>, organisation: string, via: string) => {
  const run = await runKpi(["ask", `history 12 ${organisation}`, "--json"], env);
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { entries: { via: string; by: string; after: string }[] }).entries.filter((e) => e.via === via);
};
const COMMENTARY = "Up after the second crew started.";

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
      // An admin of every organisation (no organisation of their own), as the demo's performance team is.
      ["people", "add", "every.admin@example.org", "--name", "Every Admin", "--role", "admin"],
      ["people", "add", "bea.barnet@example.org", "--name", "Bea Barnet", "--organisation", "London Borough of Barnet", "--role", "officer"],
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
        ["people", "link", "every.admin@example.org", "--slack", "U0EVERY"],
        ["people", "link", "bea.barnet@example.org", "--slack", "U0BEA"],
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

  describe("update forms, as an admin of every organisation", () => {
    const opened = async (actionOrCommand: "button" | "command", text: string, team: string, trigger: string) => {
      const body = actionOrCommand === "button" ? buttonBody("kpi_update", text, fixture.fake.responseUrl(trigger), "U0EVERY", team, trigger) : slashCommandBody(text, fixture.fake.responseUrl(trigger), "U0EVERY", team, trigger);
      expect((await fixture.post(body)).status).toBe(200);
      return (await fixture.fake.waitFor((c) => c.path.startsWith("/api/views.open") && c.body.trigger_id === trigger)).body.view as Record<string, unknown>;
    };
    const submit = async (view: Record<string, unknown>, team: string) => {
      const res = await fixture.post(viewSubmissionBody(filled(view, { Period: "Q3 2016/17", Result: "41", Commentary: COMMENTARY }), "U0EVERY", team));
      expect(res.status).toBe(200);
      return JSON.stringify(await res.json());
    };

    it("the form opened from “12 Second Borough” records against Second Borough's 12, not the first council's", async () => {
      const view = await opened("button", "12 Second Borough", "T0BOTH", "trigger-every-second");
      expect(JSON.stringify(view)).toContain(SECOND_TWELVE);
      expect(await submit(view, "T0BOTH")).not.toContain("Not recorded");
      expect((await recordedVia(fixture.env, "Second Borough", "slack")).map((e) => e.by)).toContain("every.admin@example.org");
      expect(await recordedVia(fixture.env, "Numbered Borough", "slack")).toEqual([]);
    });

    it("update 12 and target 12, where both councils use 12, ask which, with a button opening each one's form", async () => {
      for (const command of ["update", "target"]) {
        const answer = await ask(`${command} 12`, "T0BOTH", "U0EVERY");
        expect(answer.text).toMatch(/say which/);
        const values = buttons(answer).filter((b) => b.action_id === `kpi_${command}`).map((b) => b.value);
        expect(values.sort(), command).toEqual(["12 Numbered Borough", "12 Second Borough"]);
      }
    });

    it("retire 12 and target 12 … where both councils use 12 ask which organisation, also of someone of neither", async () => {
      for (const user of ["U0EVERY", "U0BEA"]) {
        for (const command of ["retire 12 dropped from the plan", "target 12 2017/18 65%"]) {
          const answer = JSON.stringify(await ask(command, "T0BOTH", user));
          expect(answer, `${user}: ${command}`).toContain("12 is a reference of Numbered Borough and of Second Borough: say which organisation.");
        }
      }
    });

    it("kpi update 12 asks which organisation where two use 12, and --organisation (a slug) records against that one", async () => {
      const args = ["update", "12", "--period", "Q3 2016/17", "--value", "41", "--commentary", COMMENTARY, "--as", "every.admin@example.org"];
      const ambiguous = await runKpi(args, fixture.env);
      expect(ambiguous.code).not.toBe(0);
      expect(ambiguous.stdout + ambiguous.stderr).toContain("12 is a reference of Numbered Borough and of Second Borough: say which organisation.");
      const unknown = await runKpi([...args, "--organisation", "nowhere"], fixture.env);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain("There is no organisation “nowhere”");
      const named = await runKpi([...args, "--organisation", "second-borough"], fixture.env);
      expect(named.code, named.stderr).toBe(0);
      expect((await recordedVia(fixture.env, "Second Borough", "command line")).map((e) => e.by)).toContain("every.admin@example.org");
      // The import's own entry is also "command line": the submission is what must not be there.
      expect((await recordedVia(fixture.env, "Numbered Borough", "command line")).map((e) => e.by)).not.toContain("every.admin@example.org");
    });

    it("a form whose state names an organisation the workspace does not see is refused as not found, and records nothing", async () => {
      const view = await opened("command", "update 12", "T0NUM", "trigger-every-forged");
      const forged = { ...view, private_metadata: JSON.stringify({ ...JSON.parse(view.private_metadata as string), organisation: "Second Borough" }) };
      const answer = await submit(forged, "T0NUM");
      expect(answer).toContain("Not recorded");
      expect(answer).toContain("There is no indicator 12 in Second Borough");
      expect(await recordedVia(fixture.env, "Numbered Borough", "slack")).toEqual([]);
    });
  });
});

describe.each(providers)("numbered indicators in Teams (%s)", (provider) => {
  let fixture: PlatformFixture;
  const TENANT = "44444444-4444-4444-8444-444444444444";
  const BOTH = "55555555-5555-4555-8555-555555555555";
  const NINA = "cccccccc-0000-4000-8000-000000000012";
  const EVERY = "cccccccc-0000-4000-8000-000000000013";

  beforeAll(async () => {
    fixture = await startPlatform({
      provider,
      platform: "teams",
      prepare: prepare([
        ["org", "link", "numbered-borough", "--teams-tenant", TENANT],
        ["org", "link", "numbered-borough", "--teams-tenant", BOTH],
        ["org", "link", "second-borough", "--teams-tenant", BOTH],
        ["people", "link", "nina.officer@example.org", "--teams", NINA],
        ["people", "link", "every.admin@example.org", "--teams", EVERY],
      ]),
    });
  }, 240_000);
  afterAll(() => fixture?.stop());

  const send = async (extra: Record<string, unknown>, tenant = TENANT) => {
    const { id, body } = fixture.activity({ user: NINA, tenant }, extra);
    expect((await fixture.post(body)).status).toBeLessThan(300);
    return JSON.stringify((await fixture.fake.waitFor((c) => c.path.endsWith(`/activities/${id}`) && c.body.type === "message")).body);
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
  describe("the update dialog, as an admin of every organisation", () => {
    type Answer = { task: { type: string; value: string | { card: { content: { actions: { data: Record<string, unknown> }[] } } } } };
    const task = async (name: "task/fetch" | "task/submit", data: Record<string, unknown>, tenant: string) => {
      const { body } = fixture.activity({ user: EVERY, tenant }, { type: "invoke", name, value: { type: name, data, context: { theme: "default" } } });
      const response = await fixture.post(body);
      expect(response.status).toBe(200);
      return (await response.json()) as Answer;
    };
    /** The dialog's Submit data, filled in. */
    const filledIn = (answer: Answer) => {
      expect(answer.task.type, JSON.stringify(answer)).toBe("continue");
      const { data } = (answer.task.value as Exclude<Answer["task"]["value"], string>).card.content.actions[0]!;
      return { ...data, period: "Q3 2016/17", value: "41", commentary: COMMENTARY };
    };

    it("the dialog opened from “12 Second Borough” records against Second Borough's 12", async () => {
      const dialog = await task("task/fetch", { verb: "kpi_update", ref: "12 Second Borough" }, BOTH);
      expect(JSON.stringify(dialog)).toContain(SECOND_TWELVE);
      const sent = await task("task/submit", filledIn(dialog), BOTH);
      expect(sent.task.type, JSON.stringify(sent)).toBe("message");
      expect((await recordedVia(fixture.env, "Second Borough", "teams")).map((e) => e.by)).toContain("every.admin@example.org");
      expect(await recordedVia(fixture.env, "Numbered Borough", "teams")).toEqual([]);
    });

    it("kpi update 12, where both councils use 12, asks which, with a Submit update button for each", async () => {
      const { id, body } = fixture.activity({ user: EVERY, tenant: BOTH }, { text: "kpi update 12" });
      expect((await fixture.post(body)).status).toBeLessThan(300);
      const answer = JSON.stringify((await fixture.fake.waitFor((c) => c.path.endsWith(`/activities/${id}`) && c.body.type === "message")).body);
      expect(answer).toMatch(/say which/);
      const refs = [...answer.matchAll(/"verb":"kpi_update","ref":"([^"]+)"/g)].map((m) => m[1]!);
      expect(refs.sort()).toEqual(["12 Numbered Borough", "12 Second Borough"]);
    });

    it("a dialog whose data names an organisation the tenant does not see is refused as not found, and records nothing", async () => {
      const dialog = await task("task/fetch", { verb: "kpi_update", ref: "12" }, TENANT);
      const sent = await task("task/submit", { ...filledIn(dialog), organisation: "Second Borough" }, TENANT);
      expect(sent.task.value).toBe("There is no indicator 12 in Second Borough.");
      expect(await recordedVia(fixture.env, "Numbered Borough", "teams")).toEqual([]);
    });
  });
});
