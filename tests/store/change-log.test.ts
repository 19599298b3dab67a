// The change log: every write says, in its own transaction, what it changed, and a read model
// applies exactly that (the changed indicator or action read again, put in place in every list),
// reading everything again only where the log cannot describe a version (a gap, a pruned log).
import { afterAll, describe, expect, it } from "vitest";
import type { PersonProfile } from "../../src/core/access.ts";
import type { Catalogue } from "../../src/core/ports.ts";
import { ask } from "../../src/core/use-cases/ask.ts";
import { retireIndicator } from "../../src/core/use-cases/retire.ts";
import { setTarget } from "../../src/core/use-cases/set-target.ts";
import { visibleCatalogue } from "../../src/core/use-cases/visible-catalogue.ts";
import { prismaActionUpdates } from "../../src/store/action-updates.ts";
import { cachedCatalogue, type CachedCatalogue } from "../../src/store/cached-catalogue.ts";
import { prismaCatalogue, prismaChangeSource } from "../../src/store/catalogue.ts";
import { bumpDataVersion, KEPT_VERSIONS, readChangesBetween, readChangesSince, readDataVersion, recordChanges } from "../../src/store/data-version.ts";
import type { Database, Db } from "../../src/store/database.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import { linkIdentity } from "../../src/store/people.ts";
import { setRagPolicy } from "../../src/store/rag-policy.ts";
import { prismaRetirements, prismaTargets } from "../../src/store/year-end.ts";
import { demoDatabase, providers } from "../helpers/databases.ts";

const ADMIN: PersonProfile = { name: "Performance Team", email: "performance.team@example.org", role: "admin", organisation: null, slackUserId: null, teamsUserId: null, owns: 0 };
const today = new Date("2026-11-23");
const POLL_MS = 50;

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(providers)("the change log on %s", (provider) => {
  const database = demoDatabase(provider);
  const db = () => database().db;
  const opened: CachedCatalogue[] = [];
  afterAll(() => opened.forEach((c) => c.close()));

  const logSince = (version: number) => db().dataChange.findMany({ where: { version: { gt: version } }, orderBy: { id: "asc" }, select: { version: true, organisationId: true, kind: true, subjectId: true } });
  const indicatorRow = (refKey: string) => db().indicator.findFirstOrThrow({ where: { refKey }, select: { id: true, organisationId: true } });

  /** A read model following the log (on its own connection where given, as another instance), counting its full loads and what it reads again. */
  const following = (pollMs = POLL_MS, on: Db = db(), budgetMb?: number) => {
    const direct = prismaCatalogue(on);
    const changes = prismaChangeSource(on);
    const counts = { loads: 0, indicatorsRead: [] as number[][], actionsRead: [] as number[][], organisationsRead: [] as number[] };
    const source: Catalogue = {
      ...direct,
      indicators: (scope) => {
        if (!scope.serviceIds) counts.loads++;
        return direct.indicators(scope);
      },
    };
    const cached = cachedCatalogue(source, {
      version: () => readDataVersion(on),
      pollMs,
      changes: {
        ...changes,
        organisationPart: (id) => (counts.organisationsRead.push(id), changes.organisationPart(id)),
        since: (version) => changes.since(version),
        indicatorsById: (ids) => (counts.indicatorsRead.push(ids), changes.indicatorsById(ids)),
        actionsWithParents: (ids) => (counts.actionsRead.push(ids), changes.actionsWithParents(ids)),
      },
      budgetMb,
    });
    opened.push(cached);
    return { cached, counts, direct };
  };

  /** The same answers as the database, and every list in the order a fresh full load gives. */
  const sameAnswers = async (cached: Catalogue, direct: Catalogue, questions: string[]) => {
    for (const q of questions) expect(JSON.stringify(await ask(cached, q, { today })), q).toBe(JSON.stringify(await ask(direct, q, { today })));
    const fresh = cachedCatalogue(prismaCatalogue(db()), { version: () => readDataVersion(db()), pollMs: 60_000 });
    opened.push(fresh);
    for (const scope of [{}, { includeRetired: true }]) expect(JSON.stringify(await cached.indicators(scope))).toBe(JSON.stringify(await fresh.indicators(scope)));
    expect(JSON.stringify(await cached.allRefs())).toBe(JSON.stringify(await fresh.allRefs()));
  };

  it("records what a write changed in the write's own transaction, under the version it bumped", async () => {
    const before = await readDataVersion(db());
    expect((await setTarget(prismaCatalogue(db()), prismaTargets(db()), ADMIN, { ref: "AC/S8", period: "2017/18", value: "61%", via: "test" })).status).toBe("done");
    const acs8 = await indicatorRow("acs8");
    expect(await readDataVersion(db())).toBe(before + 1);
    expect(await logSince(before)).toEqual([{ version: before + 1, organisationId: acs8.organisationId, kind: "indicator", subjectId: acs8.id }]);

    const action = await db().action.findFirstOrThrow({ where: { ref: { not: null }, parentId: null }, include: { organisation: true }, orderBy: { id: "asc" } });
    await prismaActionUpdates(db()).update({ organisation: action.organisation.name, ref: action.ref!, rag: action.rag === "Red" ? "Green" : "Red", status: action.status, note: "logged", noteDateText: "23 Nov 2026", noteDate: today, by: ADMIN.email, via: "test" });
    expect(await logSince(before + 1)).toEqual([{ version: before + 2, organisationId: action.organisationId, kind: "action", subjectId: action.id }]);
  });

  it("logs nothing and moves no version for a write that is rolled back", async () => {
    const before = await readDataVersion(db());
    const rows = await db().dataChange.count();
    const acs8 = await indicatorRow("acs8");
    await expect(
      db().$transaction(async (tx) => {
        await tx.indicator.update({ where: { id: acs8.id }, data: { title: "never kept" } });
        await recordChanges(tx, [{ kind: "indicator", organisationId: acs8.organisationId, subjectId: acs8.id }]);
        throw new Error("the writer changed its mind");
      }),
    ).rejects.toThrow("the writer changed its mind");
    expect(await readDataVersion(db())).toBe(before);
    expect(await db().dataChange.count()).toBe(rows);
  });

  it("has a running read model read again exactly the changed indicator, and answer as the database does", async () => {
    const { cached, counts, direct } = following();
    await cached.warm();
    const untouched = (await cached.indicatorsByKey("acs9"))[0]!;
    const version = await cached.dataVersion();
    const partsRead = counts.organisationsRead.length;
    expect((await setTarget(direct, prismaTargets(db()), ADMIN, { ref: "AC/S8", period: "2017/18", value: "63%", via: "test" })).status).toBe("done");
    const acs8 = await indicatorRow("acs8");
    await until(async () => (await cached.indicatorsByKey("acs8"))[0]!.targets.some((t) => t.text === "63%"), "the new target to show");
    // Barnet's part (read for the first question) is not read again, nor everything: the one indicator is.
    expect(counts.organisationsRead.length).toBe(partsRead);
    expect(counts.loads).toBe(0);
    expect(counts.indicatorsRead).toEqual([[acs8.id]]);
    // Every other record is the one held before: nothing else was read or built again.
    expect((await cached.indicatorsByKey("acs9"))[0]).toBe(untouched);
    expect((await cached.changedSince(version)).indicators?.map((i) => i.ref)).toEqual(["AC/S8"]);
    await sameAnswers(cached, direct, ["AC/S8", "adults", "red", "summary", "summary adults", "red adults worsening", "enablement"]);
  });

  it("applies a retirement and an action update in place, lists and services included", async () => {
    const { cached, counts, direct } = following();
    await cached.warm();
    const serviceIds = [(await direct.indicatorsByKey("cgc23"))[0]!.serviceId!];
    expect((await cached.indicators({ serviceIds })).map((i) => i.ref)).toContain("CG/C23");
    const partsRead = counts.organisationsRead.length;
    expect((await retireIndicator(direct, prismaRetirements(db()), ADMIN, { ref: "CG/C23", note: "replaced", via: "test" })).status).toBe("done");
    const action = await db().action.findFirstOrThrow({ where: { ref: { not: null }, parent: { isNot: null } }, include: { organisation: true }, orderBy: { id: "asc" } });
    await prismaActionUpdates(db()).update({ organisation: action.organisation.name, ref: action.ref!, rag: action.rag, status: "Completed in test", note: "done", noteDateText: "23 Nov 2026", noteDate: today, by: ADMIN.email, via: "test" });
    await until(async () => !(await cached.indicators({})).some((i) => i.ref === "CG/C23") && (await cached.actionsByKey(action.refKey!)).some((a) => a.status === "Completed in test"), "both changes to show");
    expect(counts.organisationsRead.length).toBe(partsRead);
    expect((await cached.indicators({ serviceIds })).map((i) => i.ref)).not.toContain("CG/C23");
    expect((await cached.indicators({ serviceIds, includeRetired: true })).map((i) => i.ref)).toContain("CG/C23");
    // The parent lists its children's states: read again with the child.
    expect(counts.actionsRead.flat()).toContain(action.id);
    await sameAnswers(cached, direct, ["CG/C23", "actions", "actions page 2", "overdue", action.ref!, "red", "summary"]);
    expect(JSON.stringify(await cached.actions({}))).toBe(JSON.stringify(await direct.actions({})));
  });

  describe("two instances on one database", () => {
    let second: Database | undefined;
    afterAll(() => second?.close());
    const organisationId = async (slug: string) => (await db().organisation.findFirstOrThrow({ where: { slug }, select: { id: true } })).id;

    /** Instance one writes and catches up at once, as the service does after its own write; instance two, on its own connection, only polls. */
    const instances = async () => {
      second ??= (await prepareDatabase({ DATABASE_URL: database.url(), loadDemoData: false })).database;
      const one = following(60_000);
      const two = following(POLL_MS, second.db);
      await Promise.all([one.cached.warm(), two.cached.warm()]);
      return { one, two, barnet: await organisationId("barnet"), sutton: await organisationId("sutton") };
    };

    it("sees one organisation's settings changed through the other instance, reading that organisation alone again", async () => {
      const { two, barnet, sutton } = await instances();
      const [barnetPart, suttonPart] = [await two.cached.part(barnet), await two.cached.part(sutton)];
      // The demo's Barnet has indicators and actions, Sutton actions only.
      expect(barnetPart?.indicators.length).toBeGreaterThan(0);
      expect(suttonPart?.actions.length).toBeGreaterThan(0);
      const version = await two.cached.dataVersion();
      const partsRead = two.counts.organisationsRead.length;
      await setRagPolicy(db(), "barnet", null, { scheme: "three", amber: "7%" });
      await until(async () => (await two.cached.dataVersion()) > version, "the second instance to see the change", 5_000);
      // Barnet's part read again, alone; Sutton's the very object it held, none of it read.
      expect(two.counts.organisationsRead.slice(partsRead)).toEqual([barnet]);
      expect(await two.cached.part(sutton)).toBe(suttonPart);
      const barnetNow = (await two.cached.part(barnet))!;
      expect(barnetNow).not.toBe(barnetPart);
      expect(barnetNow.indicators[0]!.ragPolicy).not.toEqual(barnetPart!.indicators[0]!.ragPolicy);
      // Every Barnet indicator may rate differently now: the alert check is told so.
      const changed = (await two.cached.changedSince(version)).indicators!;
      expect(changed.map((i) => i.ref).sort()).toEqual(barnetPart!.indicators.map((i) => i.ref).sort());
      await sameAnswers(two.cached, two.direct, ["summary", "red", "AC/S8", "actions", "overdue"]);
    });

    it("reads again, for a change of a person, only the organisations whose records name them", async () => {
      const { two, barnet, sutton } = await instances();
      const barnetPart = await two.cached.part(barnet);
      await two.cached.part(sutton);
      const version = await two.cached.dataVersion();
      const partsRead = two.counts.organisationsRead.length;
      // Jordan Lee owns Sutton's key actions, and nothing of Barnet's.
      await linkIdentity(db(), "jordan.lee@example.org", { slackUserId: "U0JORDAN1" });
      await until(async () => (await two.cached.dataVersion()) > version, "the second instance to see the change", 5_000);
      expect(two.counts.organisationsRead.slice(partsRead)).toEqual([sutton]);
      expect(await two.cached.part(barnet)).toBe(barnetPart);
      expect((await two.cached.part(sutton))!.actions.some((a) => a.owners.some((o) => o.slackUserId === "U0JORDAN1"))).toBe(true);
    });

    it("sees an indicator changed through the other instance, leaving the other organisation's part as it was", async () => {
      const { one, two, barnet, sutton } = await instances();
      const suttonPart = await two.cached.part(sutton);
      const barnetPart = await two.cached.part(barnet);
      const partsRead = two.counts.organisationsRead.length;
      expect((await setTarget(one.cached, prismaTargets(db()), ADMIN, { ref: "AC/S8", period: "2017/18", value: "66%", via: "test" })).status).toBe("done");
      await one.cached.catchUp();
      expect((await one.cached.indicatorsByKey("acs8"))[0]!.targets.some((t) => t.text === "66%")).toBe(true);
      await until(async () => (await two.cached.indicatorsByKey("acs8"))[0]!.targets.some((t) => t.text === "66%"), "the second instance to see the target", 5_000);
      expect(two.counts.indicatorsRead).toEqual([[(await indicatorRow("acs8")).id]]);
      expect(two.counts.organisationsRead.length).toBe(partsRead);
      expect(await two.cached.part(sutton)).toBe(suttonPart);
      expect(await two.cached.part(barnet)).not.toBe(barnetPart);
      await sameAnswers(two.cached, two.direct, ["AC/S8", "summary", "red adults worsening"]);
    });
  });

  describe("holding only what is asked for", () => {
    const organisationId = async (slug: string) => (await db().organisation.findFirstOrThrow({ where: { slug }, select: { id: true } })).id;

    it("reads only the parts of the organisations an asker sees", async () => {
      const { cached, counts, direct } = following(60_000);
      await cached.dataVersion();
      expect(counts.organisationsRead).toEqual([]);
      const barnet = await organisationId("barnet");
      const barnetOnly = visibleCatalogue(cached, { kind: "organisations", names: ["London Borough of Barnet"] });
      for (const q of ["AC/S8", "red", "summary", "actions", "overdue", "enablement"]) {
        expect(JSON.stringify(await ask(barnetOnly, q, { today })), q).toBe(JSON.stringify(await ask(visibleCatalogue(direct, { kind: "organisations", names: ["London Borough of Barnet"] }), q, { today })));
      }
      expect(counts.organisationsRead).toEqual([barnet]);
      expect(cached.held()).toEqual([barnet]);
      expect(counts.loads).toBe(0);
    });

    it("reads nothing for a change of a part it does not hold, and the change shows when that part is first asked for", async () => {
      const { cached, counts } = following();
      const sutton = await organisationId("sutton");
      await cached.part(sutton);
      const version = await cached.dataVersion();
      expect((await setTarget(prismaCatalogue(db()), prismaTargets(db()), ADMIN, { ref: "AC/S8", period: "2017/18", value: "67%", via: "test" })).status).toBe("done");
      await until(async () => (await cached.dataVersion()) > version, "the version to move", 5_000);
      expect(counts.indicatorsRead).toEqual([]);
      expect(cached.held()).toEqual([sutton]);
      expect((await cached.indicatorsByKey("acs8"))[0]!.targets.some((t) => t.text === "67%")).toBe(true);
    });

    it("lets the least recently asked part go beyond its memory budget, and reads it again when asked, answering the same", async () => {
      // A budget smaller than any part: only the part asked for last is held.
      const { cached, counts, direct } = following(60_000, db(), 0.001);
      const [barnet, sutton] = [await organisationId("barnet"), await organisationId("sutton")];
      const barnetOnly = visibleCatalogue(cached, { kind: "organisations", names: ["London Borough of Barnet"] });
      const suttonOnly = visibleCatalogue(cached, { kind: "organisations", names: ["London Borough of Sutton"] });
      const before = JSON.stringify(await ask(barnetOnly, "red", { today }));
      expect(cached.held()).toEqual([barnet]);
      await ask(suttonOnly, "overdue", { today });
      expect(cached.held()).toEqual([sutton]);
      expect(JSON.stringify(await ask(barnetOnly, "red", { today }))).toBe(before);
      expect(cached.held()).toEqual([barnet]);
      expect(counts.organisationsRead).toEqual([barnet, sutton, barnet]);
      expect(before).toBe(JSON.stringify(await ask(visibleCatalogue(direct, { kind: "organisations", names: ["London Borough of Barnet"] }), "red", { today })));
    });
  });

  it("lets every part go where the log cannot tell what changed (a version bumped without saying, a pruned log), and reads each again when asked", async () => {
    // Caught up by hand, not by its poll, so that the log is pruned before it reads it.
    const { cached, counts } = following(60_000);
    await cached.indicators({});
    const held = cached.held().length;
    expect(held).toBeGreaterThan(1);
    await bumpDataVersion(db());
    await cached.catchUp();
    expect(cached.held()).toEqual([]);
    expect((await cached.changedSince(0)).indicators).toBeNull();
    await cached.indicators({});
    expect(counts.organisationsRead.length).toBe(2 * held);

    const before = await readDataVersion(db());
    expect((await setTarget(prismaCatalogue(db()), prismaTargets(db()), ADMIN, { ref: "AC/S8", period: "2017/18", value: "64%", via: "test" })).status).toBe("done");
    await db().dataChange.deleteMany({ where: { version: { gt: before } } });
    await cached.catchUp();
    expect(cached.held()).toEqual([]);
    expect(counts.indicatorsRead).toEqual([]);
    expect((await cached.indicatorsByKey("acs8"))[0]!.targets.some((t) => t.text === "64%")).toBe(true);
    expect(counts.loads).toBe(0);
  });

  it("tells a job every change since its last run as far back as the log keeps, beyond what a read model applies one by one", async () => {
    const from = await readDataVersion(db());
    const behind = 1_100;
    await db().dataChange.createMany({ data: Array.from({ length: behind }, (_, i) => ({ version: from + i + 1, kind: "indicator", organisationId: null, subjectId: i + 1 })) });
    await db().dataVersion.update({ where: { id: 1 }, data: { version: from + behind } });
    // A read model this far behind reads everything again; the alert check still hears each change.
    expect((await readChangesSince(db(), from)).changes).toBeNull();
    expect((await readChangesBetween(db(), from, from + behind))?.map((c) => c.subjectId)).toEqual(Array.from({ length: behind }, (_, i) => i + 1));
    // A version with no entry: it cannot tell.
    await db().dataChange.deleteMany({ where: { version: from + 500 } });
    expect(await readChangesBetween(db(), from, from + behind)).toBeNull();
  });

  it("prunes the log beyond the versions it keeps, as writers pass a multiple of a hundred", async () => {
    const version = await readDataVersion(db());
    const next = Math.ceil((version + KEPT_VERSIONS + 1) / 100) * 100;
    await db().dataVersion.update({ where: { id: 1 }, data: { version: next - 1 } });
    await db().dataChange.createMany({ data: [{ version: next - KEPT_VERSIONS - 1, kind: "indicator", organisationId: null, subjectId: 1 }, { version: next - KEPT_VERSIONS + 1, kind: "indicator", organisationId: null, subjectId: 2 }] });
    await db().$transaction((tx) => recordChanges(tx, [{ kind: "organisation", organisationId: null }]));
    expect((await db().dataChange.findMany({ where: { version: { gte: next - KEPT_VERSIONS - 1 } }, select: { version: true } })).map((r) => r.version)).toEqual([next - KEPT_VERSIONS + 1, next]);
    expect(await db().dataChange.count({ where: { version: { lte: next - KEPT_VERSIONS } } })).toBe(0);
  });
});
