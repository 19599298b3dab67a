// How do we compare? Barnet's demo data and a second council's table (Northfield, a fixture) both sharing, a
// third (Eastmoor) not sharing, and a published comparator table imported: compare AC/S16 (ASCOF 1C(2A)) through
// the real Slack receiver (signed requests) and Teams' /api/messages, on SQLite and PostgreSQL; the command
// line's codes, org set --compare and import --kind benchmarks as an operator uses them.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReport } from "../../src/core/use-cases/build-report.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { prismaComparing } from "../../src/store/comparison.ts";
import { openDatabase } from "../../src/store/database.ts";
import { indicatorCells } from "../../src/reports/cells.ts";
import { markdownTexts, unescape } from "../helpers/adaptive-cards.ts";
import { mrkdwnTexts, type Json } from "../helpers/block-kit.ts";
import { providers } from "../helpers/databases.ts";
import { buttonBody, slashCommandBody } from "../helpers/fake-slack.ts";
import { startPlatform, teamsCardAnswer, type PlatformFixture } from "../helpers/platform-fixture.ts";
import { runKpi, runKpiSteps } from "../helpers/run.ts";
import { BARNET_SEES, EASTMOOR_SEES, fixtureFile, prepareComparison, SHARED_ONLY, SOURCE } from "../helpers/comparison.ts";

describe.each(providers)("compare in Slack (%s)", (provider) => {
  let fixture: PlatformFixture;
  beforeAll(async () => {
    fixture = await startPlatform({ provider, platform: "slack", prepare: prepareComparison("slack-team", { barnet: "T0BARNET", "eastmoor-council": "T0EAST" }) });
  }, 240_000);
  afterAll(() => fixture?.stop());

  let asked = 0;
  const slackText = (message: Json) => mrkdwnTexts(message.blocks).join("\n").replace(/[*_]/g, "");
  const ask = async (text: string, team: string) => {
    const res = await fixture.post(slashCommandBody(text, fixture.fake.responseUrl(`compare-${++asked}`), "U0SOMEONE", team));
    expect(res.status).toBe(200);
    return (await res.json()) as Json;
  };

  it("shows Barnet each sharing council's figure and the published ones, its rank and its printed benchmarks", async () => {
    const text = slackText(await ask("compare AC/S16", "T0BARNET"));
    for (const fact of BARNET_SEES) expect(text).toContain(fact);
    // Barnet speaks for itself: the published table's "Barnet" row is not listed beside it.
    expect(text).not.toContain("Barnet: 39.0%");
    // The same measure asked by its national code, however typed.
    expect(slackText(await ask("compare ascof 1c/2a", "T0BARNET"))).toContain("1. London Borough of Barnet (AC/S16): 38.8% ← you");
  });

  it("shows a council that does not share no other council's own figure", async () => {
    const text = slackText(await ask("compare EM7", "T0EAST"));
    for (const fact of EASTMOOR_SEES) expect(text).toContain(fact);
    for (const hidden of SHARED_ONLY) expect(text).not.toContain(hidden);
  });

  it("sees a code mapped with kpi codes set while the service runs, within the read model's poll", async () => {
    expect(slackText(await ask("compare AC/S3", "T0BARNET"))).not.toContain("Northfield");
    const set = await runKpi(["codes", "set", "NF/A4", "ASCOF 1G"], fixture.env);
    expect(set.code, set.stderr).toBe(0);
    await expect.poll(async () => slackText(await ask("compare AC/S3", "T0BARNET")), { timeout: 15_000, interval: 500 }).toContain("Northfield Council (NF/A4): 8.2");
  });

  it("offers Compare on the card of an indicator with a national code, which answers the comparison below it", async () => {
    const card = await ask("AC/S16", "T0BARNET");
    const button = (card.blocks as Json[]).flatMap((b) => (b.elements as Json[] | undefined) ?? []).find((e) => (e.text as Json | undefined)?.text === "Compare");
    expect(button?.value).toBe("compare AC/S16");
    expect((await fixture.post(buttonBody(String(button!.action_id), String(button!.value), fixture.fake.responseUrl("compare-press"), "U0SOMEONE", "T0BARNET"))).status).toBe(200);
    const answered = await fixture.fake.waitFor((c) => c.path === "/response/compare-press");
    expect(slackText(answered.body)).toContain("Higher is better: 1st of 4 for Q2 2016/17, top quartile.");
    expect(slackText(await ask("AC/S8", "T0BARNET"))).not.toContain("Compare");
  });
});

describe.each(providers)("compare in Teams (%s)", (provider) => {
  const BARNET = "11111111-1111-4111-8111-111111111111";
  const EASTMOOR = "44444444-4444-4444-8444-444444444444";
  let fixture: PlatformFixture;
  beforeAll(async () => {
    fixture = await startPlatform({ provider, platform: "teams", prepare: prepareComparison("teams-tenant", { barnet: BARNET, "eastmoor-council": EASTMOOR }) });
  }, 240_000);
  afterAll(() => fixture?.stop());

  const ask = async (text: string, tenant: string) => markdownTexts((await teamsCardAnswer(fixture, { user: "bbbbbbbb-0000-4000-8000-000000000009", tenant }, text)).card).map(unescape).join("\n");

  it("shows Barnet the same figures, rank and benchmarks as Slack does", async () => {
    const text = await ask("kpi compare AC/S16", BARNET);
    for (const fact of BARNET_SEES) expect(text).toContain(fact);
  });

  it("shows a council that does not share no other council's own figure", async () => {
    const text = await ask("kpi compare EM7", EASTMOOR);
    for (const fact of EASTMOOR_SEES) expect(text).toContain(fact);
    for (const hidden of SHARED_ONLY) expect(text).not.toContain(hidden);
  });

  it("offers Compare on the card as a question asked below it", async () => {
    const { card } = await teamsCardAnswer(fixture, { user: "bbbbbbbb-0000-4000-8000-000000000009", tenant: BARNET }, "kpi AC/S16");
    expect(JSON.stringify(card.actions)).toContain('"title":"Compare","data":{"verb":"kpi_open","query":"compare AC/S16"}');
  });
});

describe("comparison set up from the command line", () => {
  it("maps codes, shares figures and imports a published table, refusing bad input with a clear line and changing nothing", async () => {
    const { freshDatabase } = await import("../helpers/databases.ts");
    const target = await freshDatabase("sqlite");
    try {
      const env = { DATABASE_URL: target.url };
      await runKpiSteps([["db", "migrate"], ["db", "seed-demo"], ["import", fixtureFile("compare-eastmoor-q2-2016-17.csv"), "--organisation", "Eastmoor Council"]], env);
      const bad = await runKpi(["codes", "set", "EM7", "Adults 7"], env);
      expect([bad.code, bad.stderr.trim()]).toEqual([1, "“Adults 7” is not a national code: write it as ASCOF 1C(2A), NI 192, PHOF 2.22iii or PAF C32. Nothing was changed."]);
      const set = await runKpi(["codes", "set", "EM7", "ASCOF 1C/2A"], env);
      expect(set.stdout).toContain("EM7 (Eastmoor Council) now carries ASCOF 1C(2A)");
      // One council, one indicator per national measure.
      const twice = await runKpi(["codes", "set", "EM8", "ascof 1c(2a)"], env);
      expect([twice.code, twice.stderr]).toEqual([1, expect.stringContaining("ASCOF 1C(2A) is already EM7's in Eastmoor Council")]);
      const list = await runKpi(["codes", "list", "--organisation", "eastmoor-council"], env);
      expect(list.stdout.trim()).toMatch(/^eastmoor-council\s+EM7\s+ASCOF 1C\(2A\)$/);
      // Found by the code too, as any alias is.
      expect((await runKpi(["ask", "ASCOF 1C(2A)"], env)).stdout).toContain("EM7");

      const unsure = await runKpi(["import", fixtureFile("compare-ascof-1c2a-published.csv"), "--kind", "benchmarks", "--source", SOURCE], env);
      expect([unsure.code, unsure.stderr]).toEqual([2, expect.stringContaining("No column names the measure")]);
      const imported = await runKpi(["import", fixtureFile("compare-ascof-1c2a-published.csv"), "--kind", "benchmarks", "--code", "ASCOF 1C(2A)", "--source", SOURCE], env);
      expect(imported.stdout).toContain("5 published figures of ASCOF 1C(2A) for 3 councils (5 new, 0 replaced)");

      const sharing = await runKpi(["org", "set", "eastmoor-council", "--compare", "maybe"], env);
      expect(sharing.code).toBe(1);
      expect((await runKpi(["org", "set", "eastmoor-council", "--compare", "on"], env)).stdout).toContain("Eastmoor Council shares its figures for comparison");
      const compared = await runKpi(["ask", "compare", "EM7"], env);
      expect(compared.stdout).toContain("Eastmoor Council (EM7): 24.0% ← you");
      expect(compared.stdout).not.toContain("does not share");
      expect((await runKpi(["ask", "compare", "AC/S8"], env)).stdout).toContain("AC/S8 carries no national code");

      // The committee report's comparison column: filled for every indicator with a national code, a rank where
      // four councils report the period, else against the printed benchmarks; a dash for the others.
      await runKpiSteps([["import", fixtureFile("compare-northfield-q2-2016-17.csv"), "--organisation", "Northfield Council"], ["org", "set", "barnet", "--compare", "on"], ["org", "set", "northfield-council", "--compare", "on"]], env);
      const database = await openDatabase(target.url);
      try {
        const built = await buildReport(prismaCatalogue(database.db), { organisation: "barnet", period: "Q2 2016/17", now: new Date(), comparing: prismaComparing(database.db) });
        expect(built.ok).toBe(true);
        const rows = built.ok ? built.report.indicators.flatMap((g) => g.rows) : [];
        const column = Object.fromEntries(rows.map((r) => [r.ref, indicatorCells(r).at(-1)]));
        expect(column["AC/S16"]).toBe("ASCOF 1C(2A): 1st of 5, top quartile");
        expect(column["AC/S4"]).toBe("ASCOF 1E: 0.5 points below CIPFA (9.9%); 1.9 points above London (7.5%)");
        expect(column["AC/S9"]).toBe("ASCOF 2A(2): 275.48 below CIPFA (445.2); 346.78 below London (516.5)");
        expect(column["AC/S8"]).toBe("–");
        const coded = rows.filter((r) => /ASCOF/.test(column[r.ref] ?? ""));
        expect(coded.map((r) => r.ref).sort()).toEqual(["AC/S10", "AC/S15", "AC/S16", "AC/S2", "AC/S3", "AC/S4", "AC/S5", "AC/S6", "AC/S9"]);
      } finally {
        await database.close();
      }
      const html = path.join(path.dirname(new URL(target.url).pathname), "report.html");
      expect((await runKpi(["report", "--organisation", "barnet", "--period", "Q2 2016/17", "--format", "html", "--out", html, "--no-charts"], env)).code).toBe(0);
      // The digest names a national measure that moved quartile: Barnet's AC/S16 was last of four in Q1 (published
      // figures of Camden, Enfield and Harrow), first of five in Q2; from the figures, not from an earlier digest.
      const q1 = path.join(path.dirname(html), "q1.csv");
      writeFileSync(q1, "Local authority,Measure,Year,Measure value\nCamden,ASCOF 1C/2A,Q1 2016/17,41.0%\nEnfield,ASCOF 1C/2A,Q1 2016/17,40.0%\nHarrow,ASCOF 1C/2A,Q1 2016/17,45.0%\n");
      expect((await runKpi(["import", q1, "--kind", "benchmarks", "--source", SOURCE], env)).stdout).toContain("3 published figures of ASCOF 1C(2A) for 3 councils");
      const digest = await runKpi(["digest", "preview", "--organisation", "barnet"], env);
      expect(digest.stdout).toContain("Moved quartile among councils (1)\n  AC/S16 Proportion of service users with a direct payment (ASCOF 1C/2A): ASCOF 1C(2A) up from the bottom quartile (4th of 4, Q1 2016/17) to the top quartile (1st of 5, Q2 2016/17)");
      expect(readFileSync(html, "utf8")).toMatch(/<th[^>]*>Comparison<\/th>[\s\S]*ASCOF 1C\(2A\): 1st of 5, top quartile/);
    } finally {
      await target.drop();
    }
  }, 120_000);
});
