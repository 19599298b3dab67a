// A performance wheel: objectives rated by judgement. A fixture of 12 objectives in three groups over two
// periods (Apr - Jul and Q2 under "RAG Status 2017/18", with Greek and Cyrillic look-alike letters as PDFs
// give them) imported into the demo database on each provider; the committee's counts per group and in
// total, by status and by direction; tags that keep one letter and &; the objective's card; assessing with
// the permissions of updates and the red narrative required, audited with the data version; and the same
// wheel through Block Kit and an Adaptive Card.
import { readFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { readObjectiveTable } from "../../src/core/import/objective-table.ts";
import { notAStatus, readObjectiveDirection, readObjectiveStatus } from "../../src/core/objectives.ts";
import { parsePeriod } from "../../src/core/periods.ts";
import { parseQuery } from "../../src/core/query.ts";
import { ask } from "../../src/core/use-cases/ask.ts";
import { assessObjective } from "../../src/core/use-cases/assess-objective.ts";
import { importObjectives } from "../../src/core/use-cases/import-objectives.ts";
import type { NotFound, ObjectiveCard, View, Wheel } from "../../src/core/views.ts";
import { readCsv, readTableFile } from "../../src/files/read-table.ts";
import { renderText } from "../../src/platforms/console/render-text.ts";
import { renderSlack } from "../../src/platforms/slack/blocks.ts";
import { renderCard } from "../../src/platforms/teams/cards.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { readDataVersion } from "../../src/store/data-version.ts";
import { prismaAssessments, prismaObjectiveImports } from "../../src/store/objectives.ts";
import { prismaPeople } from "../../src/store/people.ts";
import { prismaCycles } from "../../src/store/updates.ts";
import { prismaPeriodLocks } from "../../src/store/year-end.ts";
import { markdownTexts, problems, unescape } from "../helpers/adaptive-cards.ts";
import { breaches, mrkdwnTexts, type Json } from "../helpers/block-kit.ts";
import { demoDatabase, providers } from "../helpers/databases.ts";
import { root, runKpi } from "../helpers/run.ts";
import { freshDatabase } from "../helpers/databases.ts";

const FIXTURE = path.join(root, "tests/fixtures/import/wheel-2017-18.csv");
const BARNET = "London Borough of Barnet";
const ADMIN = "performance.team@example.org";
/** Owns P3 in the fixture; a viewer otherwise. */
const ALEX = "alex.morgan@example.org";
/** A viewer of Barnet who owns no objective. */
const PRIYA = "priya.shah@example.org";

/** Each objective's status per period, as the fixture's cells show them to a reader (look-alikes as the letters they look like). */
const SHOWN: Record<string, [string, string]> = {
  P1: ["Green", "Green"], P2: ["Amber", "Amber"], P3: ["Amber", "Red"], P4: ["Green", "Amber"], P5: ["Red", "Red"], P6: ["Green", "Green"],
  C1: ["Green", "Green"], C2: ["Amber", "Green"], C3: ["Amber", "Amber"], C4: ["Red", "Red"], V1: ["Green", "Green"], V2: ["Amber", "Amber"],
};

/** Counts as a committee table prints them: [Green, Amber, Red] and [Up, Stable, Down], each "percent% (count)". */
const shown = (w: Wheel) =>
  Object.fromEntries([...w.groups, w.total].map((g) => [g.label, { segments: g.segments, statuses: g.statuses.map((s) => `${s.percent}% (${s.count})`), directions: g.directions.map((d) => `${d.percent}% (${d.count})`) }]));

describe("statuses and directions as councils and their PDFs write them", () => {
  it("reads R, A, G and words, and the Greek and Cyrillic letters a PDF gives for them", () => {
    const cases: [string, string][] = [
      ["R", "Red"], ["a", "Amber"], [" G ", "Green"], ["red", "Red"], ["AMBER", "Amber"], ["Green.", "Green"], ["Ｒ", "Red"],
      ["\u0391", "Amber"], ["\u0410", "Amber"], ["\u0430", "Amber"], ["\u03a1", "Red"], ["\u0420", "Red"], ["\u0393", "Green"], ["\u0413", "Green"], ["\u050c", "Green"],
      ["\u0410mber", "Amber"], ["Gr\u0435\u0435n", "Green"], ["R\u0435d", "Red"],
    ];
    for (const [cell, status] of cases) expect(readObjectiveStatus(cell), `${cell} (${[...cell].map((c) => c.codePointAt(0)!.toString(16)).join(" ")})`).toBe(status);
  });

  it("maps nothing that stands for no status, and says which letter it found", () => {
    for (const cell of ["P", "B", "\u0411", "\u0394", "RA", "Redd", "", "?", "\u{1F534}"]) expect(readObjectiveStatus(cell), cell).toBeNull();
    expect(notAStatus("\u0411")).toContain("U+0411");
  });

  it("reads directions as words and arrows", () => {
    for (const [cell, direction] of [["Up", "Up"], ["↑", "Up"], ["improving", "Up"], ["Stable", "Stable"], ["→", "Stable"], ["no change", "Stable"], ["↓", "Down"], ["Deteriorating", "Down"]] as const) {
      expect(readObjectiveDirection(cell), cell).toBe(direction);
    }
    expect(readObjectiveDirection("sideways")).toBeNull();
  });
});

describe("every look-alike letter a PDF gives, in both cases", () => {
  /** The letters read as R, A and G on their own: [capital, small, status]. */
  const STATUS_LETTERS: [string, string, string][] = [
    ["\u0391", "\u03b1", "Amber"], // Greek Alpha
    ["\u0410", "\u0430", "Amber"], // Cyrillic A
    ["\u03a1", "\u03c1", "Red"], // Greek Rho
    ["\u0420", "\u0440", "Red"], // Cyrillic Er
    ["\u0393", "\u03b3", "Green"], // Greek Gamma
    ["\u0413", "\u0433", "Green"], // Cyrillic Ghe
    ["\u050c", "\u050d", "Green"], // Cyrillic Komi Sje
  ];
  /** Letters drawn as Latin ones inside words: [capital, small, the Latin letter]. */
  const WORD_LETTERS: [string, string, string][] = [
    ["\u0391", "\u03b1", "a"], ["\u0392", "\u03b2", "b"], ["\u0395", "\u03b5", "e"], ["\u0397", "\u03b7", "h"], ["\u0399", "\u03b9", "i"], ["\u039a", "\u03ba", "k"],
    ["\u039c", "\u03bc", "m"], ["\u039d", "\u03bd", "n"], ["\u039f", "\u03bf", "o"], ["\u03a4", "\u03c4", "t"], ["\u03a7", "\u03c7", "x"],
    ["\u0410", "\u0430", "a"], ["\u0412", "\u0432", "b"], ["\u0415", "\u0435", "e"], ["\u041a", "\u043a", "k"], ["\u041c", "\u043c", "m"], ["\u041d", "\u043d", "h"],
    ["\u041e", "\u043e", "o"], ["\u0421", "\u0441", "c"], ["\u0422", "\u0442", "t"], ["\u0425", "\u0445", "x"], ["\u0423", "\u0443", "y"], ["\u0406", "\u0456", "i"],
    ["\u0500", "\u0501", "d"], ["\u050c", "\u050d", "g"],
  ];
  const STATUS_WORDS = { red: "Red", amber: "Amber", green: "Green" } as const;
  const DIRECTION_WORDS = { up: "Up", stable: "Stable", unchanged: "Stable", "no change": "Stable", steady: "Stable", down: "Down", declining: "Down", deteriorating: "Down", worse: "Down", improving: "Up", better: "Up" } as const;
  const codes = (text: string) => [...text].map((c) => c.codePointAt(0)!.toString(16)).join(" ");

  it("reads each letter that stands for a status, capital and small, alone or with a cell's spaces and dot", () => {
    for (const [capital, small, status] of STATUS_LETTERS) {
      for (const letter of [capital, small]) {
        for (const cell of [letter, ` ${letter}. `]) expect(readObjectiveStatus(cell), codes(cell)).toBe(status);
      }
    }
  });

  it("reads each letter drawn as a Latin one inside the status and direction words that have it, capital and small, in words of either case", () => {
    let tried = 0;
    for (const [capital, small, latin] of WORD_LETTERS) {
      for (const [words, read] of [[STATUS_WORDS, readObjectiveStatus], [DIRECTION_WORDS, readObjectiveDirection]] as const) {
        for (const [word, meaning] of Object.entries(words)) {
          if (!word.includes(latin)) continue;
          for (const [typed, letter] of [[word, small], [word.toUpperCase(), capital], [word, capital], [word.toUpperCase(), small]] as const) {
            const cell = typed.replace(new RegExp(latin, "i"), letter);
            expect(read(cell), `${cell} (${codes(cell)})`).toBe(meaning);
            tried++;
          }
        }
      }
    }
    // Every letter but x (no status or direction word has one) was tried in some word.
    expect(tried).toBeGreaterThan(WORD_LETTERS.length * 4);
  });
});

describe("the wheel's table", () => {
  const rows = () => readCsv(readFileSync(FIXTURE), "wheel.csv").rows.filter((r) => r.cells.some((c) => c.trim()));

  it("reads Apr - Jul and Q2 under RAG Status 2017/18 as that year's first report and the one after it, look-alikes as the statuses they show", () => {
    const read = readObjectiveTable(rows(), null);
    if (typeof read === "string") throw new Error(read);
    expect(read.problems).toEqual([]);
    expect(read.periods.map((p) => p.label)).toEqual(["Apr - Jul 2017/18", "Q2 2017/18"]);
    expect(Object.fromEntries(read.drafts.map((d) => [d.code, d.assessments.map((a) => a.status)]))).toEqual(SHOWN);
    expect(read.drafts.find((d) => d.code === "P3")).toMatchObject({ group: "Residents' priorities", tags: ["A&H"], owner: ALEX, indicators: ["AC/S8", "AC/S4"] });
    // Direction and narrative speak of the latest period only.
    const p3 = read.drafts.find((d) => d.code === "P3")!.assessments;
    expect(p3.map((a) => [a.period.label, a.direction, Boolean(a.narrative)])).toEqual([["Apr - Jul 2017/18", null, false], ["Q2 2017/18", "Down", true]]);
  });

  it("takes the year from --period where the headings name none, and says so where there is neither", () => {
    const withoutYear = rows().map((r) => ({ ...r, cells: r.cells.map((c) => c.replace(/\s*2017\/18/, "")) }));
    const read = readObjectiveTable(withoutYear, 2018);
    if (typeof read === "string") throw new Error(read);
    expect(read.periods.map((p) => p.label)).toEqual(["Apr - Jul 2018/19", "Q2 2018/19"]);
    expect(readObjectiveTable(withoutYear, null)).toMatch(/^No status column.*names a period without a year/);
  });

  it("reads the same from a workbook whose year heading is merged across the status columns", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Wheel");
    for (const row of readCsv(readFileSync(FIXTURE), "wheel.csv").rows) sheet.addRow(row.cells);
    sheet.mergeCells("G2:H2");
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "kpi-wheel-")), "wheel.xlsx");
    await workbook.xlsx.writeFile(file);
    const read = readObjectiveTable((await readTableFile(file)).rows.filter((r) => r.cells.some((c) => c.trim())), null);
    if (typeof read === "string") throw new Error(read);
    expect(Object.fromEntries(read.drafts.map((d) => [d.code, d.assessments.map((a) => a.status)]))).toEqual(SHOWN);
  });

  it("keeps one-letter tags and & for the wheel, and leaves every other question as it was", () => {
    expect(parseQuery("wheel tag A&H")).toMatchObject({ kind: "wheel", tags: ["A&H"], period: null, words: [] });
    expect(parseQuery("wheel tag A&amp;H")).toMatchObject({ kind: "wheel", tags: ["A&H"] });
    expect(parseQuery("wheel Q2 2017/18 tag P")).toMatchObject({ kind: "wheel", tags: ["P"], period: "Q2 2017/18" });
    expect(parseQuery("wheel volunteers Apr - Jul")).toMatchObject({ kind: "wheel", period: "Apr - Jul", words: ["volunteers"] });
    expect(parseQuery("red A&H")).toMatchObject({ kind: "indicators", words: [] });
    expect(parseQuery("P3")).toMatchObject({ kind: "indicators", refs: [{ key: "p3", text: "P3" }] });
  });
});

describe.each(providers)("a performance wheel on %s", (provider) => {
  const database = demoDatabase(provider);
  const catalogue = () => prismaCatalogue(database().db);
  const run = (text: string): Promise<View> => ask(catalogue(), text);
  const person = async (email: string) => (await prismaPeople(database().db).byEmail(email))!;
  const imported = async (file = FIXTURE, dryRun = false) =>
    await importObjectives(prismaObjectiveImports(database().db), await catalogue().organisations(), {
      rows: (await readTableFile(file)).rows,
      fileName: path.basename(file),
      organisation: "barnet",
      period: "2017/18",
      dryRun,
      skipInvalid: false,
      person: null,
      via: "command line",
    });
  const assess = async (as: string, input: { code: string; period: string; status: string; direction?: string; narrative?: string }) =>
    await assessObjective(catalogue(), prismaAssessments(database().db), await person(as), { ...input, via: "command line" });

  it("imports the 12 objectives whole, audited, and a second import changes nothing", async () => {
    const first = await imported();
    expect(first.problems).toEqual([]);
    expect(first.counts?.created).toEqual(["P1", "P2", "P3", "P4", "P5", "P6", "C1", "C2", "C3", "C4", "V1", "V2"]);
    const again = await imported();
    expect(again.counts).toMatchObject({ created: [], updated: [], unchanged: 12 });
    const changes = await catalogue().changes({ organisation: BARNET, ref: "P3", kind: "objective" });
    expect(changes.map((c) => c.action).sort()).toEqual(["assessed for Apr - Jul 2017/18 by the import of wheel-2017-18.csv", "assessed for Q2 2017/18 by the import of wheel-2017-18.csv", "created by the import of wheel-2017-18.csv"]);
  });

  it("counts per group and in total for the latest period, by status and by direction, as the committee table prints them", async () => {
    const wheel = (await run("wheel")) as Wheel;
    expect(wheel.kind).toBe("wheel");
    expect(wheel.period).toBe("Q2 2017/18");
    expect(wheel.periods).toEqual(["Apr - Jul 2017/18", "Q2 2017/18"]);
    expect(shown(wheel)).toEqual({
      "Residents' priorities": { segments: 6, statuses: ["33% (2)", "33% (2)", "33% (2)"], directions: ["33% (2)", "33% (2)", "33% (2)"] },
      "How the council runs itself": { segments: 4, statuses: ["50% (2)", "25% (1)", "25% (1)"], directions: ["25% (1)", "75% (3)", "0% (0)"] },
      Volunteers: { segments: 2, statuses: ["50% (1)", "50% (1)", "0% (0)"], directions: ["50% (1)", "0% (0)", "50% (1)"] },
      Total: { segments: 12, statuses: ["42% (5)", "33% (4)", "25% (3)"], directions: ["33% (4)", "42% (5)", "25% (3)"] },
    });
    // Red segments' narratives first, in wheel order; every segment's status by period.
    expect(wheel.red.map((r) => [r.code, Boolean(r.narrative)])).toEqual([["P3", true], ["P5", true], ["C4", true]]);
    expect(Object.fromEntries(wheel.segments.map((s) => [s.code, s.statuses]))).toEqual(SHOWN);
    const text = renderText(wheel);
    expect(text.indexOf("Red segments")).toBeLessThan(text.indexOf("Total"));
  });

  it("gives the first report's wheel, a group's and a tag's, and says what there is when asked for what is not", async () => {
    const first = (await run("wheel Apr - Jul 2017/18")) as Wheel;
    expect(shown(first).Total).toEqual({ segments: 12, statuses: ["42% (5)", "42% (5)", "17% (2)"], directions: ["0% (0)", "0% (0)", "0% (0)"] });
    expect(first.total.noDirection).toBe(12);
    expect(((await run("wheel Q2")) as Wheel).period).toBe("Q2 2017/18");
    expect(((await run("wheel volunteers")) as Wheel).segments.map((s) => s.code)).toEqual(["V1", "V2"]);
    expect(((await run("wheel tag A&H")) as Wheel).segments.map((s) => s.code)).toEqual(["P3", "V1", "V2"]);
    expect(((await run("wheel tag a&amp;h")) as Wheel).segments.map((s) => s.code)).toEqual(["P3", "V1", "V2"]);
    expect(((await run("wheel tag P")) as Wheel).segments.map((s) => s.code)).toEqual(["P1", "P2", "P5", "P6"]);
    const noTag = (await run("wheel tag X")) as NotFound;
    expect(noTag.kind).toBe("not_found");
    expect(noTag.suggestions.map((s) => s.query)).toEqual(["wheel tag P", "wheel tag C&F", "wheel tag A&H"]);
    expect(((await run("wheel Q3")) as NotFound).message).toContain("no assessment for Q3");
  });

  it("gives P3's card: its status by period, direction, narrative and the indicators that inform it with their ratings", async () => {
    const card = (await run("P3")) as ObjectiveCard;
    expect(card).toMatchObject({ kind: "objective", code: "P3", organisation: BARNET, group: "Residents' priorities", tags: ["A&H"], owner: { email: ALEX } });
    expect(card.history).toEqual([{ period: "Apr - Jul 2017/18", status: "Amber", direction: null }, { period: "Q2 2017/18", status: "Red", direction: "Down" }]);
    expect(card.latest?.narrative).toMatch(/^Delayed transfers of care/);
    expect(card.indicators.map((i) => [i.ref, i.rating])).toEqual([["AC/S4", "Red Amber"], ["AC/S8", "Red"]]);
  });

  it("lets officers assess any period and the owner the open cycle's; refuses others with the reason, writing nothing", async () => {
    const version = await readDataVersion(database().db);
    const viewer = await assess(PRIYA, { code: "P3", period: "Q2 2017/18", status: "Amber", direction: "Stable" });
    expect(viewer).toEqual({ ok: false, refused: true, errors: { person: `Assessing P3 needs you to own it, or the officer role in ${BARNET}; you are neither.` } });
    const ownerWithoutCycle = await assess(ALEX, { code: "P3", period: "Q2 2017/18", status: "Amber", direction: "Stable" });
    expect(ownerWithoutCycle).toMatchObject({ ok: false, refused: true, errors: { person: expect.stringContaining("No reporting cycle is open") } });
    expect(await readDataVersion(database().db)).toBe(version);

    await prismaCycles(database().db).open(BARNET, parsePeriod("Q2 2017/18")!, new Date("2017-10-20T23:59:59Z"), ADMIN, "command line");
    expect(await assess(ALEX, { code: "P3", period: "Apr - Jul 2017/18", status: "Green" })).toMatchObject({ ok: false, refused: true });
    const owner = await assess(ALEX, { code: "P3", period: "Q2 2017/18", status: "Amber", direction: "Stable" });
    expect(owner).toMatchObject({ ok: true, notice: { heading: "Assessment recorded" } });
    expect(await readDataVersion(database().db)).toBeGreaterThan(version);
    const [latest] = await catalogue().changes({ organisation: BARNET, ref: "P3", kind: "objective" });
    expect(latest).toMatchObject({ by: ALEX, via: "command line", action: "assessed for Q2 2017/18", after: "Amber, Stable" });
    expect(latest!.before).toMatch(/^Red, Down: Delayed transfers/);
    expect(await assess(ALEX, { code: "P3", period: "Q2 2017/18", status: "Amber", direction: "Stable" })).toMatchObject({ ok: true, notice: { heading: "Already recorded" } });
    // The owner of P3 owns no other objective.
    expect(await assess(ALEX, { code: "P4", period: "Q2 2017/18", status: "Green" })).toMatchObject({ ok: false, refused: true });
    expect(await assess(ADMIN, { code: "C2", period: "Apr - Jul 2017/18", status: "Green", direction: "Up" })).toMatchObject({ ok: true });
    expect(((await run("wheel")) as Wheel).total.statuses.map((s) => s.count)).toEqual([5, 5, 2]);
  });

  it("requires the narrative when Red or when the direction is Down, and names each problem", async () => {
    const red = await assess(ADMIN, { code: "C1", period: "Q2 2017/18", status: "R", direction: "Stable" });
    expect(red).toEqual({ ok: false, refused: false, errors: { narrative: "A narrative is required for a red segment: say why, and what is being done." } });
    const down = await assess(ADMIN, { code: "C1", period: "Q2 2017/18", status: "Green", direction: "Down", narrative: "  " });
    expect(down).toMatchObject({ ok: false, errors: { narrative: expect.stringContaining("when the direction is Down") } });
    const bad = await assess(ADMIN, { code: "C1", period: "Q9", status: "purple", direction: "sideways" });
    expect(Object.keys((bad as { errors: object }).errors).sort()).toEqual(["direction", "period", "status"]);
    expect(await assess(ADMIN, { code: "Z9", period: "Q2 2017/18", status: "Green" })).toMatchObject({ ok: false, errors: { code: "There is no objective Z9." } });
    expect(((await run("P1")) as ObjectiveCard).latest?.status).toBe("Green");
    expect((await catalogue().changes({ organisation: BARNET, ref: "C1", kind: "objective" })).length).toBe(3);
    expect(await assess(ADMIN, { code: "C1", period: "Q2 2017/18", status: "Red", narrative: "Savings plan slipped." })).toMatchObject({ ok: true });
  });

  it("refuses to change a published period's statuses, by assessment or by import", async () => {
    await prismaPeriodLocks(database().db).lock(BARNET, parsePeriod("Apr - Jul 2017/18")!, ADMIN, "command line");
    expect(await assess(ADMIN, { code: "P1", period: "Apr - Jul 2017/18", status: "Red", narrative: "x" })).toMatchObject({ ok: false, errors: { period: expect.stringContaining("is published") } });
    const changed = path.join(mkdtempSync(path.join(os.tmpdir(), "kpi-wheel-")), "changed.csv");
    await import("node:fs").then((fs) => fs.writeFileSync(changed, readFileSync(FIXTURE, "utf8").replace("Clean and green streets,P,,,G,G", "Clean and green streets,P,,,R,G")));
    const report = await imported(changed);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ line: 4, problem: expect.stringContaining("Apr - Jul 2017/18 is locked") });
    expect(((await run("P1")) as ObjectiveCard).history[0]!.status).toBe("Green");
  });

  it("renders the wheel and the card within Block Kit's limits and as valid Adaptive Cards, with the same facts", async () => {
    for (const query of ["wheel", "wheel tag A&H", "P3", "wheel Apr - Jul 2017/18"]) {
      const view = await run(query);
      const slack = renderSlack(view, { shareable: true }, query);
      expect(breaches(slack.blocks as unknown as Json[], 50), query).toEqual([]);
      const teams = renderCard(view);
      expect(problems(teams), query).toEqual([]);
      // Every text of the message, the plain-text header too.
      const slackText = [...mrkdwnTexts(slack.blocks), ...(slack.blocks as unknown as Json[]).filter((b) => b.type === "header").map((b) => (b.text as Json).text as string)].join("\n").replace(/&amp;/g, "&");
      const teamsText = markdownTexts(teams.body).map(unescape).join("\n");
      const facts = view.kind === "wheel" ? [view.total.statuses[0]!.percent + "% (" + view.total.statuses[0]!.count + ")", ...view.red.map((r) => r.code), ...view.segments.map((s) => s.code), "Green", "Amber"] : ["P3", "Amber", "→ Stable", "Apr - Jul 2017/18", "AC/S8", "AC/S4"];
      for (const fact of facts) {
        expect(slackText, `${query} in Slack`).toContain(fact);
        expect(teamsText, `${query} in Teams`).toContain(fact);
      }
    }
  });
});

describe("the kpi command", () => {
  it("imports the fixture and answers wheel and P3 as JSON", async () => {
    const target = await freshDatabase("sqlite");
    try {
      const env = { DATABASE_URL: target.url, LOG_LEVEL: "warn" };
      const imported = await runKpi(["import", FIXTURE, "--organisation", "barnet", "--kind", "objectives", "--period", "2017/18"], env);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toContain("12 new, 0 updated, 0 unchanged.");
      const wheel = JSON.parse((await runKpi(["ask", "wheel", "--json"], env)).stdout) as Wheel;
      expect(wheel.total.statuses.map((s) => s.count)).toEqual([5, 4, 3]);
      expect(wheel.groups.map((g) => [g.label, g.statuses.map((s) => s.count)])).toEqual([["Residents' priorities", [2, 2, 2]], ["How the council runs itself", [2, 1, 1]], ["Volunteers", [1, 1, 0]]]);
      const card = JSON.parse((await runKpi(["ask", "P3", "--json"], env)).stdout) as ObjectiveCard;
      expect(card.history.map((h) => `${h.period}: ${h.status}`)).toEqual(["Apr - Jul 2017/18: Amber", "Q2 2017/18: Red"]);
      const unnarrated = await runKpi(["assess", "P1", "--period", "Q2 2017/18", "--status", "Red", "--as", ADMIN], env);
      expect([unnarrated.code, unnarrated.stderr.trim()]).toEqual([2, "--note: A narrative is required for a red segment: say why, and what is being done."]);
    } finally {
      await target.drop();
    }
  }, 60_000);
});
