// The weekly digest's part on the performance wheel, on real databases: after the wheel fixture's import,
// Barnet's digest carries the red segments of its latest assessed period (Q2 2017/18) with their narratives'
// first lines, and the changes of status since Apr - Jul 2017/18; an assessment through the use case shows
// in the next digest; an organisation without a wheel has none; `kpi digest preview --json` carries it too.
import { describe, expect, it } from "vitest";
import { parsePeriod } from "../../src/core/periods.ts";
import { assessObjective } from "../../src/core/use-cases/assess-objective.ts";
import { buildDigest } from "../../src/core/use-cases/build-digest.ts";
import type { Digest } from "../../src/core/views.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { prismaAssessments } from "../../src/store/objectives.ts";
import { prismaPeople } from "../../src/store/people.ts";
import { demoDatabase, providers } from "../helpers/databases.ts";
import { runKpi } from "../helpers/run.ts";
import { importWheel } from "../helpers/wheel.ts";

const BARNET = "London Borough of Barnet";
const ADMIN = "performance.team@example.org";

describe.each(providers)("the wheel in the weekly digest on %s", (provider) => {
  const database = demoDatabase(provider);
  const catalogue = () => prismaCatalogue(database().db);
  const digestOf = async (organisation: string, service: { id: number; name: string } | null = null) =>
    (await buildDigest(catalogue(), { organisation, levels: ["Red", "Red Amber", "Green Amber", "Amber"], service, lastDigest: null, today: new Date("2017-11-06T09:00:00Z") })).view;

  it("has no wheel before one is imported, in any organisation", async () => {
    for (const organisation of await catalogue().organisations()) expect((await digestOf(organisation.name)).wheel, organisation.name).toBeUndefined();
  });

  it("carries the red segments of the latest period with their narratives' first lines, and the changes of status since the period before", async () => {
    await importWheel(database().db);
    const { wheel } = await digestOf(BARNET);
    expect(wheel).toEqual({
      period: "Q2 2017/18",
      previous: "Apr - Jul 2017/18",
      red: [
        { code: "P3", title: "Adults live independently for longer", narrative: "Delayed transfers of care rose over the summer; a joint discharge team starts in November." },
        { code: "P5", title: "Good homes for everyone", narrative: "Temporary accommodation use is still above plan; new supply lands in Q4." },
        { code: "C4", title: "Digital by default", narrative: "The new customer portal slipped to March after supplier delays." },
      ],
      changes: [
        { code: "P3", title: "Adults live independently for longer", was: "Amber", now: "Red" },
        { code: "P4", title: "Children achieve their potential", was: "Green", now: "Amber" },
        { code: "C2", title: "A skilled workforce", was: "Amber", now: "Green" },
      ],
    });
    // The whole council's wheel, in a service's digest too; and only Barnet's.
    const [service] = (await catalogue().services()).filter((s) => s.organisation === BARNET);
    expect((await digestOf(BARNET, { id: service!.id, name: service!.name })).wheel?.red.map((r) => r.code)).toEqual(["P3", "P5", "C4"]);
    for (const other of (await catalogue().organisations()).filter((o) => o.name !== BARNET)) expect((await digestOf(other.name)).wheel, other.name).toBeUndefined();
  });

  it("shows an assessment made since: a new red segment's first line, and a later period with its own changes", async () => {
    const admin = await prismaPeople(database().db).byEmail(ADMIN);
    const assess = (input: { code: string; period: string; status: string; direction?: string; narrative?: string }) => assessObjective(catalogue(), prismaAssessments(database().db), admin, { ...input, via: "command line" });
    expect(await assess({ code: "C1", period: "Q2 2017/18", status: "Red", direction: "Down", narrative: "\n  Council tax collection fell behind.  \nA recovery plan goes to Cabinet in December." })).toMatchObject({ ok: true });
    const q2 = (await digestOf(BARNET)).wheel!;
    expect(q2.red.map((r) => [r.code, r.narrative])).toContainEqual(["C1", "Council tax collection fell behind."]);
    expect(q2.changes.map((c) => `${c.code} ${c.was} → ${c.now}`)).toEqual(["P3 Amber → Red", "P4 Green → Amber", "C1 Green → Red", "C2 Amber → Green"]);
    // One segment assessed for Q3: the digest speaks of Q3, compared with Q2.
    expect(await assess({ code: "P5", period: "Q3 2017/18", status: "Amber", direction: "Up" })).toMatchObject({ ok: true });
    const q3 = (await digestOf(BARNET)).wheel!;
    expect(q3).toMatchObject({ period: "Q3 2017/18", previous: "Q2 2017/18", red: [], changes: [{ code: "P5", was: "Red", now: "Amber" }] });
    expect(parsePeriod(q3.period)?.kind).toBe("quarter");
  });

  it("is in the digest kpi digest preview prints", async () => {
    const run = await runKpi(["digest", "preview", "--organisation", "barnet", "--json"], { DATABASE_URL: database.url(), LOG_LEVEL: "warn" });
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as Digest).wheel).toMatchObject({ period: "Q3 2017/18", previous: "Q2 2017/18" });
    const text = await runKpi(["digest", "preview", "--organisation", "barnet"], { DATABASE_URL: database.url(), LOG_LEVEL: "warn" });
    expect(text.stdout).toContain("Performance wheel, Q3 2017/18: no red segments");
    expect(text.stdout).toContain("Changes of status since Q2 2017/18 (1)\n  P5 Red → Amber  Good homes for everyone");
  }, 60_000);
});
