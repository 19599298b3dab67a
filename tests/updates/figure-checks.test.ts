// Sanity checks on what people write, through the use cases on a real database of each provider, with the
// day fixed (today is 6 Dec 2026, in Q3 2026/27): periods that have not begun refused for results,
// assessments and cycles, targets at most two financial years ahead, nothing ten years before an indicator's
// first figure; figures that cannot be right refused beside their field, unusual ones recorded once
// confirmed; an intervention for every rating below Green; forms that never open at a period to come.
// Nothing refused is written: the audit history stays as it was.
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { PersonProfile } from "../../src/core/access.ts";
import { assessObjective } from "../../src/core/use-cases/assess-objective.ts";
import { startAssessForm } from "../../src/core/use-cases/assess-form.ts";
import { openCycle } from "../../src/core/use-cases/cycles.ts";
import { setTarget } from "../../src/core/use-cases/set-target.ts";
import { submitUpdate, type UpdateInput } from "../../src/core/use-cases/submit-update.ts";
import { startTargetForm } from "../../src/core/use-cases/target-form.ts";
import { startForm } from "../../src/core/use-cases/update-form.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { prismaAssessments } from "../../src/store/objectives.ts";
import { prismaPeople } from "../../src/store/people.ts";
import { prismaCycles, prismaUpdates } from "../../src/store/updates.ts";
import { prismaTargets } from "../../src/store/year-end.ts";
import { demoDatabase, providers } from "../helpers/databases.ts";
import { root, runKpi } from "../helpers/run.ts";

const BARNET = "London Borough of Barnet";
const ADMIN = "performance.team@example.org";
const TODAY = new Date("2026-12-06T22:00:00Z");

describe.each(providers)("sanity checks on figures and periods on %s", (provider) => {
  const database = demoDatabase(provider);
  const db = () => database().db;
  const catalogue = () => prismaCatalogue(db());
  const admin = async () => (await prismaPeople(db()).byEmail(ADMIN)) as PersonProfile;
  const update = async (input: Partial<UpdateInput>) =>
    submitUpdate(catalogue(), prismaUpdates(db()), await admin(), { ref: "AC/S8", period: "Q3 2016/17", commentary: "Quarterly return", via: "slack", today: TODAY, ...input });
  /** The entries of an indicator's audit history: nothing refused may add one. */
  const submissions = async (ref: string) => (await catalogue().changes({ organisation: BARNET, ref })).length;

  it("refuses a result for a period that has not begun, naming the current one, and one more than ten years before the first", async () => {
    const before = await submissions("AC/S4");
    const future = await update({ ref: "AC/S4", period: "Q1 2040/41", value: "9.9" });
    expect(future).toEqual({ ok: false, refused: false, errors: { period: "Q1 2040/41 has not begun; the current period is Q3 2026/27." } });
    expect((await update({ ref: "AC/S4", period: "2027/28", value: "9.9" })).ok).toBe(false);
    const month = await update({ ref: "AC/S4", period: "Jan 2027", value: "9.9" });
    expect(!month.ok && month.errors.period).toBe("Jan 2027 has not begun; the current period is Dec 2026.");
    const ancient = await update({ ref: "AC/S4", period: "Q1 1999/00", value: "9.9" });
    expect(!ancient.ok && ancient.errors.period).toMatch(/^Q1 1999\/00 is more than 10 years before AC\/S4's first period \(Q\d 20\d\d\/\d\d\): check the year\.$/);
    expect(await submissions("AC/S4")).toBe(before);
    // The quarter it is now has begun: taken.
    expect((await update({ ref: "AC/S4", period: "Q3 2026/27", value: "11.2" })).ok).toBe(true);
  });

  it("refuses numbers no field can hold, in the value, the numerator and the denominator, as a field error", async () => {
    const nines = "9".repeat(400);
    for (const field of ["value", "numerator", "denominator"] as const) {
      const figures = { value: "50", numerator: "1", denominator: "2", [field]: nines };
      const outcome = await update(figures);
      expect(outcome.ok).toBe(false);
      expect(!outcome.ok && outcome.errors[field]).toMatch(/^“9{20}…” is not a number this indicator can hold/);
    }
    // A fraction whose ratio no field can hold, the value left to be worked out from it.
    const tiny = await update({ numerator: "5", denominator: `0.${"0".repeat(299)}1` });
    expect(!tiny.ok && Object.values(tiny.errors).join(" ")).toMatch(/not a number this indicator can hold/);
  });

  it("refuses digits split by spaces, a unit the indicator does not use, and a value its own fraction contradicts", async () => {
    const spaced = await update({ value: "1 2 3" });
    expect(!spaced.ok && spaced.errors.value).toBe("“1 2 3” has digits separated by spaces: write the number without them, such as 123.");
    const pounds = await update({ value: "£1,000" });
    expect(!pounds.ok && pounds.errors.value).toBe("“£1,000” is in pounds (£), but AC/S8's figures are in percentages.");
    const percent = await update({ ref: "CG/C24", period: "Q2 2016/17", value: "5%", intervention: "x" });
    expect(!percent.ok && percent.errors.value).toBe("“5%” is in percentages, but CG/C24's figures are in pounds (£).");
    const contradicted = await update({ value: "10", numerator: "1", denominator: "2" });
    expect(!contradicted.ok && contradicted.errors.value).toBe("10 disagrees with its numerator and denominator: 1/2 is 50%. Correct one of them, or leave the result empty to have it worked out.");
    // Within the rounding its decimals allow: 194/365 is 53.15%.
    expect((await update({ value: "53.2", numerator: "194", denominator: "365", intervention: "More reablement places" })).ok).toBe(true);
  });

  it("asks about unusual figures beside their field, and records the same figures submitted again", async () => {
    const over = await update({ ref: "AC/S6", period: "Q3 2016/17", numerator: "500", denominator: "100" });
    expect(over.ok).toBe(false);
    if (over.ok) return;
    expect(over.refused).toBe(false);
    expect(over.errors.value).toBe("500% is over 100%, unusual for a percentage. Check it, or submit again to record it as it is.");
    expect(over.errors.numerator).toBe("The numerator (500) is larger than the denominator (100), unusual for a share. Check it, or submit again to record it as it is.");
    expect(over.confirm).toEqual(expect.any(String));
    // Confirmed for other figures: asked again.
    const other = await update({ ref: "AC/S6", period: "Q3 2016/17", numerator: "600", denominator: "100", confirmed: over.confirm! });
    expect(!other.ok && other.errors.value).toMatch(/^600% is over 100%/);
    const negative = await update({ ref: "AC/S17", period: "Q3 2016/17", value: "-5", intervention: "x" });
    expect(!negative.ok && negative.errors.value).toBe("-5 is negative, unusual for a count. Check it, or submit again to record it as it is.");
    const negativeShare = await update({ value: "-5", via: "command line", intervention: "x" });
    expect(!negativeShare.ok && negativeShare.errors.value).toBe("-5% is negative, unusual for a percentage. Check it, or give --confirm to record it as it is.");
    const confirmed = await update({ ref: "AC/S6", period: "Q3 2016/17", numerator: "500", denominator: "100", confirmed: over.confirm! });
    expect(confirmed.ok).toBe(true);
    expect(JSON.stringify(confirmed)).toContain("AC/S6 Q3 2016/17: 500%");
  });

  it("kpi update: a field error for a number no field can hold, and --confirm for an unusual figure", async () => {
    const kpi = (...args: string[]) => runKpi(["update", "AC/S5", "--period", "Q3 2016/17", "--commentary", "From the return", "--intervention", "Review", "--as", ADMIN, ...args], { DATABASE_URL: database.url(), LOG_LEVEL: "warn" });
    const huge = await kpi("--value", "9".repeat(400));
    expect(huge.code).toBe(2);
    expect(huge.stderr).toMatch(/^--value: “9{20}…” is not a number this indicator can hold: give one of at most 16 digits\.\n$/);
    const asked = await kpi("--numerator", "500", "--denominator", "100");
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain("--value: 500% is over 100%, unusual for a percentage. Check it, or give --confirm to record it as it is.");
    const before = await submissions("AC/S5");
    const confirmed = await kpi("--numerator", "500", "--denominator", "100", "--confirm");
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.stdout).toContain("AC/S5 Q3 2016/17: 500%");
    expect(await submissions("AC/S5")).toBe(before + 1);
  });

  // AC/S8 is rated against its annual target of 63.0% in Q3 2016/17.
  it("refuses a Green Amber result without an intervention, as a Red one", async () => {
    const greenAmber = await update({ value: "61" });
    expect(!greenAmber.ok && greenAmber.errors.intervention).toMatch(/^61% would be rated Green Amber \(/);
  });

  it("refuses a Red Amber result without an intervention, as a Red one", async () => {
    const redAmber = await update({ value: "58" });
    expect(!redAmber.ok && redAmber.errors.intervention).toMatch(/^58% would be rated Red Amber \(/);
  });

  it("sets targets up to two financial years ahead and within ten years of the first, and refuses numbers no field can hold or in another unit", async () => {
    const targets = prismaTargets(db());
    const set = async (period: string, value: string, ref = "AC/S8") => setTarget(catalogue(), targets, await admin(), { ref, period, value, via: "test", today: TODAY });
    expect((await set("2028/29", "64%")).notice.heading).toBe("Target set");
    const ahead = await set("2029/30", "64%");
    expect(ahead).toMatchObject({ field: "period", notice: { heading: "Target not set", lines: ["2029/30 is more than 2 financial years ahead: targets may be set up to 2028/29."] } });
    expect((await set("Q1 2029/30", "64%")).field).toBe("period");
    expect((await set("2001/02", "64%")).notice.lines[0]).toMatch(/^2001\/02 is more than 10 years before AC\/S8's first period/);
    // Within a target's 200 characters: 30 nines, and £ billions of 190 digits (Infinity once scaled).
    const huge = await set("2027/28", `${"9".repeat(30)}%`);
    expect(huge).toMatchObject({ field: "value" });
    expect(huge.notice.lines[0]).toMatch(/^“9{20}…” is not a number this indicator can hold/);
    expect((await set("2027/28", `1-${"9".repeat(30)}`)).field).toBe("value");
    expect((await set("2027/28", `£${"9".repeat(190)}bn`, "CG/C24")).notice.lines[0]).toMatch(/is not a number this indicator can hold/);
    expect((await set("2027/28", "£6.8m")).notice.lines[0]).toBe("“£6.8m” is in pounds (£), but AC/S8's figures are in percentages.");
  });

  it("opens no cycle for a period that has not begun, and no form at one", async () => {
    const command = { catalogue: catalogue(), cycles: prismaCycles(db()), person: await admin(), organisation: BARNET, via: "test", today: TODAY };
    expect(await openCycle(command, "Q4 2026/27", "2027-04-20")).toMatchObject({ heading: "Not opened", lines: ["Q4 2026/27 has not begun; the current period is Q3 2026/27."] });

    // A latest result for a period to come (written before such periods were refused): the form opens at the current quarter.
    const latest = { period: "Q1 2040/41", display: "9.9%" } as never;
    expect((await startForm({ updates: prismaUpdates(db()) }, { organisation: BARNET, ref: "AC/S4", latest }, null, TODAY)).openedFor).toBe("Q3 2026/27");
    // The quarter after the latest has not begun: the latest's own.
    const current = { period: "Q3 2026/27", display: "11.2%" } as never;
    expect((await startForm({ updates: prismaUpdates(db()) }, { organisation: BARNET, ref: "AC/S4", latest: current }, null, TODAY)).openedFor).toBe("Q3 2026/27");
    // AC/S8 has a target for 2028/29 now: the target form opens there, not at 2029/30.
    expect((await startTargetForm(catalogue(), { ref: "AC/S8", organisation: BARNET }, TODAY))?.values.period).toBe("2028/29");
  });

  it("refuses an assessment for a period that has not begun, and opens the form at none", async () => {
    const imported = await runKpi(["import", path.join(root, "tests/fixtures/import/wheel-2017-18.csv"), "--organisation", "barnet", "--kind", "objectives", "--period", "2017/18"], { DATABASE_URL: database.url(), LOG_LEVEL: "warn" });
    expect(imported.code, imported.stderr).toBe(0);
    const assessments = prismaAssessments(db());
    const assess = async (period: string) => assessObjective(catalogue(), assessments, await admin(), { code: "P1", period, status: "Green", direction: "Up", via: "slack", today: TODAY });
    expect(await assess("Q1 2077/78")).toEqual({ ok: false, refused: false, errors: { period: "Q1 2077/78 has not begun; the current period is Q3 2026/27." } });
    expect((await assess("Q1 2000/01")).ok).toBe(false);
    // The wheel's latest is 2017/18's Q2: the form opens at the quarter after, which has begun.
    expect((await startAssessForm(catalogue(), assessments, "P1", await admin(), TODAY))?.values.period).toBe("Q3 2017/18");
    // Seen from Q2 2017/18 itself, the quarter after has not begun: the form stays at Q2.
    expect((await startAssessForm(catalogue(), assessments, "P1", await admin(), new Date("2017-08-01T12:00:00Z")))?.values.period).toBe("Q2 2017/18");
    expect((await assess("Q3 2026/27")).ok).toBe(true);
  });
});
