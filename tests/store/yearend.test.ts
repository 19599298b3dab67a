// The year's changes in the core, on the real stores: what a target parses to, where a lock reaches,
// and where a retired indicator is left out (lists, searches, suggestions; the read model too) and
// where it is still found (by its reference).
import { describe, expect, it } from "vitest";
import type { PersonProfile } from "../../src/core/access.ts";
import { visibleCatalogue } from "../../src/core/use-cases/visible-catalogue.ts";
import { lockPeriod } from "../../src/core/use-cases/lock-period.ts";
import { retireIndicator } from "../../src/core/use-cases/retire.ts";
import { setTarget } from "../../src/core/use-cases/set-target.ts";
import { cachedCatalogue } from "../../src/store/cached-catalogue.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { readDataVersion } from "../../src/store/data-version.ts";
import { prismaPeriodLocks, prismaRetirements, prismaTargets } from "../../src/store/year-end.ts";
import { demoDatabase, providers } from "../helpers/databases.ts";

const ADMIN: PersonProfile = { name: "Performance Team", email: "performance.team@example.org", role: "admin", organisation: null, slackUserId: null, teamsUserId: null, owns: 0 };
const BARNET = "London Borough of Barnet";

describe.each(providers)("targets, locks and retiring in the core (%s)", (provider) => {
  const database = demoDatabase(provider);
  const targetOf = async (ref: string, period: string) => (await prismaCatalogue(database().db).indicatorsByKey(ref))[0]!.targets.find((t) => t.period.label === period);
  const set = (ref: string, period: string, value: string) => setTarget(prismaCatalogue(database().db), prismaTargets(database().db), ADMIN, { ref, period, value, via: "test" });

  it("keeps a target as written with what it parses to: a range, a figure, a floor, or words that leave it not rated", async () => {
    expect((await set("AC/S8", "2017/18", "60-65%")).status).toBe("done");
    expect(await targetOf("acs8", "2017/18")).toMatchObject({ text: "60-65%", value: null, low: 60, high: 65, period: { start: new Date("2017-04-01T00:00:00Z"), end: new Date("2018-03-31T00:00:00Z") } });
    expect((await set("AC/S8", "2017/18", "Remain at or above 62%")).status).toBe("done");
    expect(await targetOf("acs8", "2017/18")).toMatchObject({ text: "Remain at or above 62%", value: 62, low: null, high: null });
    expect((await set("AC/S8", "Q1 2017/18", "  N/A ")).status).toBe("done");
    expect(await targetOf("acs8", "Q1 2017/18")).toMatchObject({ text: "N/A", value: null, low: null, high: null });
    const unread = await set("AC/S8", "Q2 2017/18", "two thirds");
    expect(unread.status).toBe("invalid");
    expect(await targetOf("acs8", "Q2 2017/18")).toBeUndefined();
    expect((await set("AC/S8", "Q2 2017/18", "x".repeat(201))).notice.lines[0]).toBe("A target is at most 200 characters.");
  });

  it("refuses a target for a locked period and for the year around it, but not for the year after", async () => {
    const locked = await lockPeriod({ locks: prismaPeriodLocks(database().db), person: ADMIN, organisation: BARNET, via: "test" }, "“Q1 2016/17”");
    expect(locked.status).toBe("done");
    for (const period of ["Q1 2016/17", "2016/17"]) {
      const refused = await set("AC/S8", period, "60%");
      expect(refused.status).toBe("refused");
      expect(refused.notice.lines[0]).toMatch(/^Q1 2016\/17 is published for London Borough of Barnet: performance\.team@example\.org locked it on /);
    }
    expect((await set("AC/S8", "2017/18", "66%")).status).toBe("done");
  });

  it("leaves a retired indicator out of lists, searches and suggestions, in the store and the read model, and finds it by its reference", async () => {
    const db = database().db;
    const source = prismaCatalogue(db);
    const cached = cachedCatalogue(source, { version: () => readDataVersion(db), pollMs: 60_000 });
    try {
      await cached.warm();
      const retired = await retireIndicator(source, prismaRetirements(db), ADMIN, { ref: "CG/C23", note: "replaced by CG/C30", via: "test" });
      expect(retired.status).toBe("done");
      await cached.reload();
      for (const catalogue of [source, cached, visibleCatalogue(cached, { kind: "organisations", names: [BARNET] })]) {
        expect((await catalogue.indicators({})).map((i) => i.ref)).not.toContain("CG/C23");
        expect((await catalogue.indicators({})).map((i) => i.ref)).toContain("CG/C24");
        expect((await catalogue.indicators({ includeRetired: true })).map((i) => i.ref)).toContain("CG/C23");
        expect((await catalogue.searchIndicators(["sickness"], 10)).map((f) => f.record.ref)).not.toContain("CG/C23");
        expect((await catalogue.allRefs()).map((r) => r.ref)).not.toContain("CG/C23");
        const [found] = await catalogue.indicatorsByKey("cgc23");
        expect(found?.retired).toMatchObject({ by: ADMIN.email, note: "replaced by CG/C30" });
      }
      const serviceIds = [(await source.indicatorsByKey("cgc23"))[0]!.serviceId!];
      expect((await source.indicators({ serviceIds })).map((i) => i.ref)).not.toContain("CG/C23");
      expect((await cached.indicators({ serviceIds, includeRetired: true })).map((i) => i.ref)).toContain("CG/C23");
    } finally {
      cached.close();
    }
  });
});
