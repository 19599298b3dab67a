import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseQuery } from "../../src/core/query.ts";

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

  it("never throws, whatever the string", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 1000, unit: "binary" }), (text) => {
        const query = parseQuery(text);
        expect(["help", "lookup"]).toContain(query.kind);
      }),
      { numRuns: 2000 },
    );
  });
});
