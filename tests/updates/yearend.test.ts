// The rest of the year through the real command on SQLite and PostgreSQL: next year's targets set by an
// officer, audited, shown on the card and rated against; refusals with their reasons and exit codes;
// a locked (published) period refusing submissions, acceptance and targets until an admin reopens it;
// a retired indicator gone from lists, summaries, digests and cycles but found by its reference.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import { freshDatabase, providers, type TestDatabase } from "../helpers/databases.ts";
import { runKpi } from "../helpers/run.ts";

const ADMIN = "performance.team@example.org";
const OFFICER = "olu.officer@example.org";
/** A viewer of Barnet who owns AC/S8. */
const OWNER = "alex.morgan@example.org";
/** A viewer of Sutton. */
const SUTTON = "jordan.lee@example.org";

type Card = { flags: string[]; latest: { period: string; display: string; target: { display: string; annualNote: string | null } | null; rating: { level: string; reason: string } } };
type Changes = { entries: { by: string; via: string; action: string; before: string | null; after: string | null }[] };

describe.each(providers)("the year's cycle on %s", (provider) => {
  let target: TestDatabase;
  const kpi = (...args: string[]) => runKpi(args, { DATABASE_URL: target.url, LOG_LEVEL: "warn" });
  const json = async <T>(question: string) => JSON.parse((await kpi("ask", question, "--json")).stdout) as T;
  const history = (ref: string) => json<Changes>(`history ${ref}`);
  /** The audit entries of the organisation's periods (locks and reopenings), oldest first. */
  const periodAudit = async () => {
    const database = await openDatabase(target.url);
    try {
      return await database.db.auditEntry.findMany({ where: { subjectKind: "period" }, orderBy: { id: "asc" } });
    } finally {
      await database.close();
    }
  };

  beforeAll(async () => {
    target = await freshDatabase(provider);
    const { database } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: true });
    await database.close();
    const added = await kpi("people", "add", OFFICER, "--name", "Olu Officer", "--organisation", "barnet", "--role", "officer");
    expect(added.code, added.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => target?.drop());

  it("lets an officer set next year's target, audited; the card rates next year's result against it", async () => {
    const set = await kpi("target", "AC/S8", "--period", "2017/18", "--value", "65%", "--as", OFFICER);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toBe(`Target set\nAC/S8 2017/18: target 65%, set by ${OFFICER} via command line.\n`);
    expect((await history("AC/S8")).entries[0]).toMatchObject({ by: OFFICER, via: "command line", action: "target for 2017/18 set", before: null, after: "65%" });
    expect((await kpi("target", "AC/S8", "--period", "2017/18", "--value", "65%", "--as", OFFICER)).stdout).toContain("already has the target 65% for 2017/18; nothing changed");
    expect((await history("AC/S8")).entries).toHaveLength(1);

    const update = await kpi("update", "AC/S8", "--period", "Q1 2017/18", "--value", "66", "--commentary", "Reablement capacity up", "--as", ADMIN);
    expect(update.code, update.stderr).toBe(0);
    const card = await json<Card>("AC/S8");
    expect(card.latest).toMatchObject({ period: "Q1 2017/18", display: "66% (provisional)", target: { display: "65%", annualNote: "2017/18; Q1 has no target of its own; a rate, so compared with the year's target as it stands" }, rating: { level: "Green" } });
  }, 180_000);

  it("rates the latest result against a changed target at once, and N/A leaves it not rated; each change audited with what it was", async () => {
    const set = await kpi("target", "AC/S4", "--period", "Q2 2016/17", "--value", "9%", "--as", OFFICER);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain("AC/S4 Q2 2016/17: target 9% (was 9.9%)");
    expect(set.stdout).toContain("AC/S4 Q2 2016/17: 9.4% is now rated Green");
    expect((await json<Card>("AC/S4")).latest).toMatchObject({ target: { display: "9%" }, rating: { level: "Green" } });
    expect((await kpi("target", "AC/S4", "--period", "Q2 2016/17", "--value", "N/A", "--as", ADMIN)).code).toBe(0);
    expect((await json<Card>("AC/S4")).latest.rating.level).toBe("Not rated");
    expect((await history("AC/S4")).entries.map((e) => [e.action, e.before, e.after])).toEqual([
      ["target for Q2 2016/17 set", "9%", "N/A"],
      ["target for Q2 2016/17 set", "9.9%", "9%"],
    ]);
  }, 180_000);

  it("refuses a viewer, another council's person, a stranger and a target it cannot read, with the reason and a non-zero exit, recording nothing", async () => {
    const viewer = await kpi("target", "AC/S8", "--period", "2017/18", "--value", "70%", "--as", OWNER);
    expect(viewer.code).toBe(3);
    expect(viewer.stderr).toContain("Setting a target for AC/S8 needs the officer role in London Borough of Barnet; you are an owner there.");
    const sutton = await kpi("target", "AC/S8", "--period", "2017/18", "--value", "70%", "--as", SUTTON);
    expect(sutton.code).toBe(3);
    expect(sutton.stderr).toContain("you belong to London Borough of Sutton");
    const stranger = await kpi("target", "AC/S8", "--period", "2017/18", "--value", "70%", "--as", "stranger@example.org");
    expect(stranger.code).toBe(3);
    expect(stranger.stderr).toContain("Nobody has the email stranger@example.org");
    const words = await kpi("target", "AC/S8", "--period", "2017/18", "--value", "about two thirds", "--as", OFFICER);
    expect(words.code).toBe(2);
    expect(words.stderr).toContain("“about two thirds” is not a target the bot can read");
    const period = await kpi("target", "AC/S8", "--period", "next year", "--value", "70%", "--as", OFFICER);
    expect(period.code).toBe(2);
    expect(period.stderr).toContain("“next year” is not a period");
    expect((await kpi("target", "AC/S8", "--period", "2017/18", "--as", OFFICER)).code).toBe(1);
    expect((await history("AC/S8")).entries.filter((e) => e.action.startsWith("target"))).toHaveLength(1);
  }, 180_000);

  it("locks a published period: no submission, acceptance or target for it (nor its year's target) until an admin reopens it; audited", async () => {
    // Waiting for review when the period is published.
    const pending = await kpi("update", "AC/S9", "--period", "Q2 2016/17", "--value", "150", "--commentary", "Fewer admissions", "--intervention", "Review placements", "--as", ADMIN);
    expect(pending.code, pending.stderr).toBe(0);

    const locked = await kpi("period", "lock", "Q2 2016/17", "--organisation", "barnet", "--as", OFFICER);
    expect(locked.code, locked.stderr).toBe(0);
    expect(locked.stdout).toContain("Period locked\nQ2 2016/17 is published for London Borough of Barnet");
    expect((await kpi("period", "lock", "Q2 2016/17", "--organisation", "barnet", "--as", ADMIN)).stdout).toContain(`Q2 2016/17 was locked for London Borough of Barnet by ${OFFICER}`);
    expect((await kpi("period", "lock", "Q2 2016/17", "--organisation", "barnet", "--as", OWNER)).code).toBe(3);

    const reason = `Q2 2016/17 is published for London Borough of Barnet: ${OFFICER} locked it on`;
    const update = await kpi("update", "AC/S8", "--period", "Q2 2016/17", "--value", "64", "--commentary", "Corrected", "--as", ADMIN);
    expect(update.code).toBe(3);
    expect(update.stderr).toContain(reason);
    const accept = await kpi("review", "accept", "AC/S9", "--period", "Q2 2016/17", "--as", OFFICER);
    expect(accept.code).toBe(3);
    expect(accept.stdout).toContain(reason);
    for (const period of ["Q2 2016/17", "2016/17"]) {
      const refused = await kpi("target", "AC/S8", "--period", period, "--value", "60%", "--as", ADMIN);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain(reason);
    }
    // Only that period is: the next quarter takes its target.
    expect((await kpi("target", "AC/S8", "--period", "Q3 2016/17", "--value", "63%", "--as", ADMIN)).code).toBe(0);

    const byOfficer = await kpi("period", "reopen", "Q2 2016/17", "--organisation", "barnet", "--as", OFFICER);
    expect(byOfficer.code).toBe(3);
    expect(byOfficer.stderr).toContain("Reopening a published period needs the admin role in London Borough of Barnet; you are an officer there.");
    const reopened = await kpi("period", "reopen", "Q2 2016/17", "--organisation", "barnet", "--as", ADMIN);
    expect(reopened.code, reopened.stderr).toBe(0);
    expect(reopened.stdout).toContain("Q2 2016/17 is open again for London Borough of Barnet");
    expect((await kpi("period", "reopen", "Q2 2016/17", "--organisation", "barnet", "--as", ADMIN)).stdout).toContain("Q2 2016/17 is not locked");
    expect((await kpi("review", "accept", "AC/S9", "--period", "Q2 2016/17", "--as", OFFICER)).stdout).toContain("AC/S9 Q2 2016/17: 150 is now the period's result");

    expect((await periodAudit()).map((e) => [e.subject, e.action, e.by, e.via])).toEqual([
      ["Q2 2016/17", "Q2 2016/17 locked (published)", OFFICER, "command line"],
      ["Q2 2016/17", "Q2 2016/17 reopened", ADMIN, "command line"],
    ]);
  }, 300_000);

  it("retires an indicator: gone from red, the summary, the digest and the cycle's count, found by its reference with its history; unretire brings it back", async () => {
    const rated = async () => (await json<{ sections: { organisation: string; overall: { total: number } }[] }>("summary")).sections.find((s) => s.organisation === "London Borough of Barnet")!.overall.total;
    const cycleCount = async () => Number(/of (\d+) indicators submitted/.exec((await kpi("cycle", "status", "--organisation", "barnet")).stdout)![1]);
    expect((await kpi("cycle", "open", "Q3 2016/17", "--due", "2017-01-20", "--organisation", "barnet")).code).toBe(0);
    const before = { red: (await kpi("ask", "red")).stdout, total: await rated(), digest: (await kpi("digest", "preview", "--organisation", "barnet")).stdout, cycle: await cycleCount() };
    expect(before.red).toContain("CG/C23");
    expect(before.digest).toContain("CG/C23");

    expect((await kpi("retire", "CG/C23", "--organisation", "barnet", "--as", OFFICER)).stderr).toContain("Say why CG/C23 is retired");
    expect((await kpi("retire", "CG/C23", "--as", OWNER)).code).toBe(3);
    const retired = await kpi("retire", "CG/C23", "--organisation", "barnet", "--note", "replaced by CG/C30", "--as", OFFICER);
    expect(retired.code, retired.stderr).toBe(0);
    expect(retired.stdout).toContain("CG/C23 Sickness absence is retired: replaced by CG/C30.");

    const red = (await kpi("ask", "red")).stdout;
    expect(red).not.toContain("CG/C23");
    expect(red).toContain("CG/C16");
    expect((await kpi("ask", "sickness")).stdout).not.toContain("CG/C23");
    expect(await rated()).toBe(before.total - 1);
    const digest = (await kpi("digest", "preview", "--organisation", "barnet")).stdout;
    expect(digest).not.toContain("CG/C23");
    expect(digest).toContain("CG/C16");
    expect(await cycleCount()).toBe(before.cycle - 1);

    const card = await json<Card & { ref: string }>("CG/C23");
    expect(card.ref).toBe("CG/C23");
    expect(card.latest.display).toBe("8.35 days");
    expect(card.flags).toContainEqual(expect.stringMatching(new RegExp(`^Retired \\d{1,2} [A-Z][a-z]{2} \\d{4} by ${OFFICER}: replaced by CG/C30\\.$`)));
    expect((await history("CG/C23")).entries[0]).toMatchObject({ action: "retired", after: "replaced by CG/C30", by: OFFICER });
    expect((await kpi("target", "CG/C23", "--period", "2017/18", "--value", "6 days", "--as", OFFICER)).stderr).toContain("CG/C23 is retired");
    expect((await kpi("retire", "CG/C23", "--note", "again", "--as", OFFICER)).stdout).toContain("Already retired");

    const back = await kpi("unretire", "CG/C23", "--as", ADMIN);
    expect(back.code, back.stderr).toBe(0);
    expect((await kpi("ask", "red")).stdout).toContain("CG/C23");
    expect(await rated()).toBe(before.total);
    expect((await json<Card>("CG/C23")).flags.join(" ")).not.toContain("Retired");
    expect((await history("CG/C23")).entries.map((e) => e.action)).toEqual(["brought back from retirement", "retired"]);
    expect((await kpi("unretire", "CG/C23", "--as", ADMIN)).stdout).toContain("CG/C23 is not retired");
    expect((await kpi("cycle", "close", "--organisation", "barnet")).code).toBe(0);
  }, 300_000);
});
