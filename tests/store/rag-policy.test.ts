// RAG policies per organisation, overridden per indicator, on real databases.
import { describe, expect, it } from "vitest";
import { ask } from "../../src/core/use-cases/ask.ts";
import type { IndicatorCard } from "../../src/core/views.ts";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { NotFoundError, setRagPolicy } from "../../src/store/rag-policy.ts";
import { demoDatabase, providers } from "../helpers/databases.ts";

describe.each(providers)("RAG policy on %s", (provider) => {
  const database = demoDatabase(provider);
  const level = async (ref: string) => ((await ask(prismaCatalogue(database().db), ref)) as IndicatorCard).latest?.rating.level;

  it("rates by the organisation's scheme and bands, an indicator's override first, and resets to the default", async () => {
    expect(await level("CG/S24")).toBe("Green Amber"); // 77% against 80%: 3.75% short
    expect(await setRagPolicy(database().db, "barnet", null, { scheme: "three", amber: "3%" })).toMatchObject({ scheme: "three", amber: 0.03 });
    expect(await level("CG/S24")).toBe("Red");
    expect(await level("AC/S2")).toBe("Amber"); // 69.4% against 71.3%: 2.7% short

    await setRagPolicy(database().db, "barnet", "cg/s24", { scheme: "four", greenAmber: "0.04" });
    expect(await level("CG/S24")).toBe("Green Amber");
    expect(await level("AC/S2")).toBe("Amber");

    await setRagPolicy(database().db, "barnet", "CG/S24", { reset: true });
    await setRagPolicy(database().db, "barnet", null, { reset: true });
    expect(await level("CG/S24")).toBe("Green Amber");
    expect(await level("AC/S2")).toBe("Green Amber");

    // Every change is audited with what it was and what it became; showing the policy is no change.
    await setRagPolicy(database().db, "barnet", null, {});
    const audit = await database().db.auditEntry.findMany({ where: { action: { startsWith: "RAG bands" } }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.subjectKind, a.subject, a.action, a.before, a.after, a.by])).toEqual([
      ["organisation", "RAG bands", "RAG bands changed", '{"scheme":"four"}', '{"scheme":"three","amber":0.03}', "kpi command"],
      ["indicator", "CG/S24", "RAG bands changed", null, '{"scheme":"four","greenAmber":0.04}', "kpi command"],
      ["indicator", "CG/S24", "RAG bands reset", '{"scheme":"four","greenAmber":0.04}', null, "kpi command"],
      ["organisation", "RAG bands", "RAG bands reset", '{"scheme":"three","amber":0.03}', null, "kpi command"],
    ]);
  });

  it("refuses unknown organisations, indicators and bands, changing nothing", async () => {
    await expect(setRagPolicy(database().db, "nowhere", null, {})).rejects.toBeInstanceOf(NotFoundError);
    await expect(setRagPolicy(database().db, "barnet", "ZZ/S1", {})).rejects.toBeInstanceOf(NotFoundError);
    await expect(setRagPolicy(database().db, "barnet", null, { greenAmber: "lots" })).rejects.toThrow(/share of the target/);
    expect((await database().db.organisation.findUnique({ where: { slug: "barnet" } }))?.ragBands).toBeNull();
  });
});
