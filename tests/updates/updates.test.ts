// Quarterly updates through the real command and service: kpi update recorded once and provisional,
// shown by a running service within seconds, audited; refusals with their reasons; cycles, review
// and owners; the same rules on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { startService, type Service } from "../../src/service.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import { freshDatabase, providers, type TestDatabase } from "../helpers/databases.ts";
import { memoryLog } from "../helpers/log.ts";
import { runKpi } from "../helpers/run.ts";

const ADMIN = "performance.team@example.org";

describe.each(providers)("updates on %s", (provider) => {
  let target: TestDatabase;
  const kpi = (...args: string[]) => runKpi(args, { DATABASE_URL: target.url, LOG_LEVEL: "warn" });
  const history = async (ref: string) => JSON.parse((await kpi("ask", `history ${ref}`, "--json")).stdout) as { kind: string; entries: { by: string; via: string; action: string; after: string | null }[] };

  beforeAll(async () => {
    target = await freshDatabase(provider);
    const { database } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: true });
    await database.close();
  }, 120_000);
  afterAll(async () => target?.drop());

  it("records an admin's update, provisional, with who submitted it", async () => {
    const update = ["update", "AC/S8", "--period", "Q3 2016/17", "--value", "64.1", "--commentary", "Enablement rose with the new reablement contract", "--as", ADMIN];
    const first = await kpi(...update);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Update recorded\nAC\/S8 Q3 2016\/17: 64\.1%, Green\. Provisional until the performance team reviews it\./);
    const changes = await history("AC/S8");
    expect(changes.kind).toBe("changes");
    expect(changes.entries).toHaveLength(1);
    expect(changes.entries[0]).toMatchObject({ by: ADMIN, via: "command line", action: "result submitted for Q3 2016/17 (provisional)" });
    expect(changes.entries[0]!.after).toContain("64.1%");
    const card = JSON.parse((await kpi("ask", "AC/S8", "--json")).stdout);
    expect(card.latest).toMatchObject({ period: "Q3 2016/17", display: "64.1% (provisional)", rating: { level: "Green" } });
    expect(card.latest.target.annualNote).toMatch(/Q3 has no target of its own/);
    expect(card.flags.join(" ")).toContain(`Provisional: 64.1% for Q3 2016/17 submitted by ${ADMIN}`);
  });

  it("refuses a stranger, a value that is no number, and a result below target without an intervention, recording nothing", async () => {
    const stranger = await kpi("update", "AC/S8", "--period", "Q3 2016/17", "--value", "64.1", "--commentary", "x", "--as", "stranger@example.org");
    expect(stranger.code).not.toBe(0);
    expect(stranger.stderr).toContain("Nobody has the email stranger@example.org");
    const abc = await kpi("update", "AC/S8", "--period", "Q3 2016/17", "--value", "abc", "--commentary", "x", "--as", ADMIN);
    expect(abc.code).not.toBe(0);
    expect(abc.stderr).toContain("--value: “abc” is not a number");
    const low = await kpi("update", "AC/S8", "--period", "Q3 2016/17", "--value", "50.0", "--commentary", "Fell back", "--as", ADMIN);
    expect(low.code).not.toBe(0);
    expect(low.stderr).toMatch(/--intervention: 50\.0% would be rated Red \(50\.0% against the annual target 63\.0% \(2016\/17; Q3 has no target of its own; a rate, so compared with the year's target as it stands\)\)/);
    const noCommentary = await kpi("update", "AC/S8", "--period", "Q3 2016/17", "--value", "64.5", "--as", ADMIN);
    expect(noCommentary.stderr).toContain("--commentary: Commentary is required");
    expect((await history("AC/S8")).entries).toHaveLength(1);
  });

  it("lets an owner submit only within the open cycle's period; officers decide, never on their own submission", async () => {
    const owner = ["update", "AC/S9", "--period", "Q3 2016/17", "--value", "150", "--commentary", "Fewer admissions", "--as", "alex.morgan@example.org"];
    expect((await kpi(...owner)).stderr).toContain("No reporting cycle is open for London Borough of Barnet");
    expect((await kpi("cycle", "open", "Q3 2016/17", "--due", "2017-01-20", "--organisation", "barnet")).stdout).toContain("updates for Q3 2016/17 are due by Friday, 20 January 2017");
    expect((await kpi("cycle", "open", "Q4 2016/17", "--due", "2017-04-20", "--organisation", "barnet")).stdout).toContain("already has the cycle for Q3 2016/17 open");
    expect((await kpi("update", "AC/S9", "--period", "Q2 2016/17", "--value", "150", "--commentary", "x", "--as", "alex.morgan@example.org")).stderr).toContain("The open reporting cycle is for Q3 2016/17");
    expect((await kpi("update", "CG/C23", "--period", "Q3 2016/17", "--value", "5", "--commentary", "x", "--as", "alex.morgan@example.org")).stderr).toContain("needs you to own it or be its delegate");
    expect((await kpi(...owner)).code).toBe(0);
    expect((await kpi("cycle", "status", "--organisation", "barnet")).stdout).toMatch(/Q3 2016\/17, due Friday, 20 January 2017: 2 of \d+ indicators submitted\./);

    expect((await kpi("review")).stdout).toMatch(/2 submissions to review/);
    expect((await kpi("review", "accept", "AC/S8", "--period", "Q3 2016/17", "--as", ADMIN)).stdout).toContain("Accepting your own submission is not allowed");
    await kpi("people", "add", "olu.officer@example.org", "--name", "Olu Officer", "--organisation", "barnet", "--role", "officer");
    expect((await kpi("review", "return", "AC/S9", "--period", "Q3 2016/17", "--as", "olu.officer@example.org")).stdout).toContain("Say why it is returned");
    expect((await kpi("review", "return", "AC/S9", "--period", "Q3 2016/17", "--comment", "Add the numerator", "--as", "olu.officer@example.org")).stdout).toContain("AC/S9 Q3 2016/17 is returned to alex.morgan@example.org: Add the numerator");
    // The same update sent again after a return is meant again: a new submission, awaiting review.
    const resent = await kpi(...owner);
    expect(resent.stdout).toMatch(/^Update recorded\n/);
    expect((await kpi("review")).stdout).toMatch(/^AC\/S9 Q3 2016\/17: 150 from alex\.morgan@example\.org/m);
    expect((await kpi("review", "return", "AC/S9", "--period", "Q3 2016/17", "--comment", "Still no numerator", "--as", "olu.officer@example.org")).code).toBe(0);
    const accepted = await kpi("review", "accept", "AC/S8", "--period", "Q3 2016/17", "--as", "olu.officer@example.org");
    expect(accepted.stdout).toContain("AC/S8 Q3 2016/17: 64.1% is now the period's result");
    const card = JSON.parse((await kpi("ask", "AC/S8", "--json")).stdout);
    expect(card.latest).toMatchObject({ period: "Q3 2016/17", display: "64.1%" });
    expect(card.commentary.text).toBe("Enablement rose with the new reablement contract");
    expect((await history("AC/S8")).entries.map((e) => e.action)).toEqual(["result for Q3 2016/17 accepted (submitted by performance.team@example.org)", "result submitted for Q3 2016/17 (provisional)"]);
    expect((await kpi("review", "accept", "AC/S8", "--period", "Q3 2016/17", "--as", "olu.officer@example.org")).stdout).toContain("No submission for AC/S8 Q3 2016/17 is waiting for review");
    expect((await kpi("cycle", "close", "--organisation", "barnet")).stdout).toContain("the cycle for Q3 2016/17 is closed");
  }, 300_000);

  it("sets owners and delegates, audited; an organisation may accept updates without review", async () => {
    expect((await kpi("owners", "set", "AC/S6", "sam.okafor@example.org", "--delegate", "priya.shah@example.org")).stdout).toBe("AC/S6 (London Borough of Barnet): owner sam.okafor@example.org, delegate priya.shah@example.org.\n");
    expect((await history("AC/S6")).entries[0]).toMatchObject({ action: "owners set", after: "sam.okafor@example.org (owner), priya.shah@example.org (delegate)" });
    expect((await kpi("org", "set", "barnet", "--auto-accept", "on")).stdout).toContain("updates accepted without review");
    const autoAccepted = await kpi("update", "AC/S6", "--period", "Q3 2016/17", "--value", "84", "--commentary", "Steady", "--as", ADMIN);
    // Told the truth: accepted already, not provisional.
    expect(autoAccepted.stdout).toMatch(/^Update accepted\nAccepted: 84% is now AC\/S6's Q3 2016\/17 result/);
    expect(autoAccepted.stdout).not.toContain("Provisional");
    expect(JSON.parse((await kpi("ask", "AC/S6", "--json")).stdout).latest.display).toBe("84%");
    // A corrected figure accepted replaces the report's, kept beside it; the fraction and directions recorded with it go.
    expect((await kpi("update", "AC/S3", "--period", "Q2 2016/17", "--value", "66.2", "--commentary", "Corrected count", "--as", ADMIN)).code).toBe(0);
    const corrected = JSON.parse((await kpi("ask", "AC/S3", "--json")).stdout);
    expect(corrected.latest).toMatchObject({ period: "Q2 2016/17", display: "66.2%", value: 66.2, numerator: null, denominator: null, dotShortRecorded: null });
    expect(corrected.flags).toContain(`Q2 2016/17 restated: now 66.2%, earlier reported as 65.9% before ${ADMIN}'s update.`);
    expect(corrected.commentary.text).toBe("Corrected count");
    // Audited once, as accepted: the shared write path adds no entry of its own.
    expect((await history("AC/S3")).entries.map((e) => e.action)).toEqual([`result for Q2 2016/17 accepted (submitted by ${ADMIN})`, "result submitted for Q2 2016/17 (provisional)"]);
    await kpi("org", "set", "barnet", "--auto-accept", "off");
  }, 120_000);

  it("leaves someone else's submission awaiting review alone unless --replace is given, and says so", async () => {
    await kpi("people", "add", "rene.officer@example.org", "--name", "Rene Officer", "--organisation", "barnet", "--role", "officer");
    const update = (value: string, as: string, ...more: string[]) => kpi("update", "AC/S10", "--period", "Q1 2017/18", "--value", value, "--commentary", "Quarterly return", "--intervention", "Keep the review going", "--as", as, ...more);
    expect((await update("80", ADMIN)).code).toBe(0);
    const refused = await update("81", "rene.officer@example.org");
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/--replace: Performance Team submitted 80(\.0)?%? for this period on \d{1,2} [A-Z][a-z]{2} \d\d:\d\d, awaiting review: give --replace to replace it with yours\./);
    const submissions = async () => (await history("AC/S10")).entries.filter((e) => e.action === "result submitted for Q1 2017/18 (provisional)").map((e) => e.by);
    expect(await submissions()).toEqual([ADMIN]);
    const replaced = await update("81", "rene.officer@example.org", "--replace");
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stdout).toContain("Update recorded");
    // Their own submission awaiting review is theirs to change.
    expect((await update("82", "rene.officer@example.org")).code).toBe(0);
    expect(await submissions()).toEqual(["rene.officer@example.org", "rene.officer@example.org", ADMIN]);
  }, 120_000);
});

describe("a running service", () => {
  let target: TestDatabase;
  let service: Service;
  beforeAll(async () => {
    target = await freshDatabase("sqlite");
    service = await startService(loadConfig({ DATABASE_URL: target.url, PORT: "0", HOST: "127.0.0.1" }), { logger: memoryLog().logger, jobs: false });
    await service.catalogue.warm();
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
    await target?.drop();
  });

  it("shows an update made with the kpi command within 5 seconds", async () => {
    const before = await service.catalogue.indicatorsByKey("acs8");
    expect(before[0]!.results.some((r) => r.period.label === "Q3 2016/17")).toBe(false);
    const run = await runKpi(["update", "AC/S8", "--period", "Q3 2016/17", "--value", "64.1", "--commentary", "Up", "--as", ADMIN], { DATABASE_URL: target.url });
    expect(run.code, run.stderr).toBe(0);
    const recorded = Date.now();
    let shown = "";
    // The read model polls the data version every 5 seconds, then reloads (a fraction of a second here).
    while (Date.now() - recorded < 6_500 && !shown.includes("64.1%")) {
      const [record] = await service.catalogue.indicatorsByKey("acs8");
      shown = record?.provisional?.text ?? "";
      if (!shown) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(shown).toBe("64.1%");
  });
});
