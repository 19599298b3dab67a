import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseQuery } from "../../src/core/query.ts";
import { referenceKeys } from "../../src/core/text.ts";

describe("parseQuery", () => {
  it("folds references however they are typed", () => {
    for (const typed of ["AC/S8", "ac/s8", "AC S8", "acs8", "/kpi AC/S8"]) {
      expect(parseQuery(typed)).toMatchObject({ kind: "lookup", key: "acs8", looksLikeRef: true });
    }
  });

  it("asks for help on empty, help and over-long text", () => {
    expect(parseQuery("   ")).toEqual({ kind: "help", reason: "empty" });
    expect(parseQuery("help")).toEqual({ kind: "help", reason: "asked" });
    expect(parseQuery("x".repeat(1001))).toEqual({ kind: "help", reason: "too_long" });
  });

  it("treats words as words", () => {
    expect(parseQuery("enablement")).toMatchObject({ kind: "lookup", looksLikeRef: false, words: ["enablement"] });
  });

  it("reads levels, directions, services and pages in any order", () => {
    expect(parseQuery("red adults worsening")).toMatchObject({ kind: "indicators", levels: ["Red"], direction: "Worsening", words: ["adults"], serviceWords: [] });
    expect(parseQuery("worsening red service adults")).toMatchObject({ kind: "indicators", levels: ["Red"], direction: "Worsening", serviceWords: ["adults"], words: [] });
    expect(parseQuery("red amber")).toMatchObject({ kind: "indicators", levels: ["Red Amber"] });
    expect(parseQuery("amber green")).toMatchObject({ kind: "indicators", levels: ["Green Amber"] });
    expect(parseQuery("amber")).toMatchObject({ kind: "indicators", levels: ["Green Amber", "Red Amber", "Amber"] });
    expect(parseQuery("improving page 3")).toMatchObject({ kind: "indicators", direction: "Improving", page: 3 });
    expect(parseQuery("summary adults")).toMatchObject({ kind: "summary", serviceWords: ["adults"] });
    expect(parseQuery("overdue")).toMatchObject({ kind: "actions", overdue: true });
    expect(parseQuery("key actions")).toMatchObject({ kind: "actions", overdue: false });
    expect(parseQuery("KCA 14")).toMatchObject({ kind: "lookup", looksLikeRef: true, key: "kca14" });
    expect(parseQuery("MOS 46 & 47")).toMatchObject({ kind: "lookup", looksLikeRef: true });
    expect(parseQuery("!!!")).toEqual({ kind: "help", reason: "unreadable" });
  });

  it("is not fooled by words that name JavaScript's own properties", () => {
    expect(parseQuery("constructor __proto__ tostring hasownproperty red")).toMatchObject({ kind: "indicators", levels: ["Red"], words: ["constructor", "proto", "tostring", "hasownproperty"] });
  });

  it("reads at most the first 20 words", () => {
    const query = parseQuery(`${Array.from({ length: 30 }, (_, i) => `word${i}`).join(" ")} red`);
    expect(query).toMatchObject({ kind: "lookup", looksLikeRef: false });
    expect(query.kind === "lookup" && query.words).toHaveLength(20);
  });

  it("never throws, whatever the string", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 1000, unit: "binary" }), fc.array(fc.constantFrom("red", "amber", "green", "page", "7", "service", "summary", "overdue", "adults", "AC/S8", " ", "/kpi"), { maxLength: 30 }).map((w) => w.join(" "))), (text) => {
        const query = parseQuery(text);
        expect(["help", "lookup", "indicators", "summary", "actions"]).toContain(query.kind);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("reference keys", () => {
  it("finds a combined ref by each part, and a plain ref by itself", () => {
    expect(referenceKeys("MOS 46 & 47")).toEqual(["mos4647", "mos46", "mos47"]);
    expect(referenceKeys("KCA 1 & 2 & 3")).toEqual(["kca123", "kca1", "kca2", "kca3"]);
    expect(referenceKeys("AC/S8")).toEqual(["acs8"]);
    expect(referenceKeys("CG01")).toEqual(["cg01"]);
  });
});
