import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseQuery } from "../../src/core/query.ts";
import { foldKey, referenceKeys } from "../../src/core/text.ts";

describe("parseQuery", () => {
  const allRefs = (text: string) => {
    const query = parseQuery(text);
    return query.kind === "help" ? [] : query.refs;
  };
  /** The candidates that start with letters ("KCA 14"); a bare number ("14") is offered apart, tried after them. */
  const refs = (text: string) => allRefs(text).filter((r) => !r.organisationWords);
  const numbered = (text: string) => allRefs(text).filter((r) => r.organisationWords);
  const refKeys = (text: string) => refs(text).map((r) => r.key);

  it("folds references however they are typed", () => {
    for (const typed of ["AC/S8", "ac/s8", "AC S8", "acs8", "/kpi AC/S8"]) expect(refKeys(typed)[0], typed).toBe("acs8");
  });

  it("finds a reference anywhere in the text, as typed, whatever the filler around it", () => {
    for (const typed of ["what is AC/S8?", "show AC/S8 please", "what is AC / S 8", "red AC/S8"]) {
      expect(refs(typed)[0], typed).toEqual({ key: "acs8", text: typed.includes("/ S") ? "AC / S 8" : "AC/S8" });
    }
    expect(refKeys("MOS 46 & 47")[0]).toBe("mos4647");
    expect(refKeys("tell me about KCA 14 please")).toEqual(["kca14"]);
    // A ref as printed, read whole first.
    expect(refKeys("AC/S4 (ASCOF 1E)")[0]).toBe("acs4ascof1e");
  });

  it("never makes a page number a reference", () => {
    expect(refKeys("red page 2")).toEqual([]);
    expect(refKeys("actions page 12")).toEqual([]);
  });

  it("asks for help on empty, help, over-long, filler-only and page-only text", () => {
    expect(parseQuery("   ")).toEqual({ kind: "help", reason: "empty" });
    expect(parseQuery("help")).toEqual({ kind: "help", reason: "asked" });
    expect(parseQuery("x".repeat(1001))).toEqual({ kind: "help", reason: "too_long" });
    expect(parseQuery("show me")).toEqual({ kind: "help", reason: "vague" });
    for (const typed of ["page 2", "show me page 3", "next", "next page"]) expect(parseQuery(typed), typed).toEqual({ kind: "help", reason: "page_only" });
  });

  it("treats words as words, and drops filler", () => {
    expect(parseQuery("enablement")).toMatchObject({ kind: "indicators", refs: [], words: ["enablement"], levels: [], direction: null });
    expect(parseQuery("show me delayed transfers of care")).toMatchObject({ kind: "indicators", words: ["delayed", "transfers", "care"] });
    expect(parseQuery("please list all indicators")).toMatchObject({ kind: "indicators", words: [], levels: [] });
  });

  it("reads Slack's emoji codes and the bot's own marks as levels, and quotes the text as typed", () => {
    const ambers = ["Green Amber", "Red Amber", "Amber"];
    for (const [typed, levels] of [
      [":red_circle:", ["Red"]],
      [":large_orange_circle:", ambers],
      [":large_yellow_circle:", ambers],
      [":large_green_circle:", ["Green"]],
      ["🔴 adults", ["Red"]],
      ["🟢", ["Green"]],
    ] as const) {
      expect(parseQuery(typed), typed).toMatchObject({ kind: "indicators", levels, text: typed });
    }
    expect(parseQuery(":red_circle: adults")).toMatchObject({ words: ["adults"] });
  });

  it("reads levels, directions, services and pages in any order", () => {
    expect(parseQuery("red adults worsening")).toMatchObject({ kind: "indicators", levels: ["Red"], direction: "Worsening", words: ["adults"], serviceWords: [] });
    expect(parseQuery("worsening red service adults")).toMatchObject({ kind: "indicators", levels: ["Red"], direction: "Worsening", serviceWords: ["adults"], words: [] });
    expect(parseQuery("red amber")).toMatchObject({ kind: "indicators", levels: ["Red Amber"] });
    expect(parseQuery("amber green")).toMatchObject({ kind: "indicators", levels: ["Green Amber"] });
    expect(parseQuery("green and amber")).toMatchObject({ kind: "indicators", levels: ["Green", "Green Amber", "Red Amber", "Amber"] });
    expect(parseQuery("amber")).toMatchObject({ kind: "indicators", levels: ["Green Amber", "Red Amber", "Amber"] });
    expect(parseQuery("improving page 3")).toMatchObject({ kind: "indicators", direction: "Improving", page: 3 });
    expect(parseQuery("summary adults")).toMatchObject({ kind: "summary", words: ["adults"] });
    expect(parseQuery("overdue")).toMatchObject({ kind: "actions", overdue: true });
    expect(parseQuery("key actions")).toMatchObject({ kind: "actions", overdue: false });
    expect(refs("KCA 14")).toEqual([{ key: "kca14", text: "KCA 14" }]);
    expect(parseQuery("!!!")).toEqual({ kind: "help", reason: "unreadable" });
  });

  it("is not fooled by words that name JavaScript's own properties", () => {
    expect(parseQuery("constructor __proto__ tostring hasownproperty red")).toMatchObject({ kind: "indicators", levels: ["Red"], words: ["constructor", "proto", "tostring", "hasownproperty"] });
  });

  it("reads at most the first 20 words", () => {
    const query = parseQuery(`${Array.from({ length: 30 }, (_, i) => `word${i}`).join(" ")} red`);
    expect(query).toMatchObject({ kind: "indicators", levels: [] });
    expect(query.kind === "indicators" && query.words).toHaveLength(20);
  });

  it("offers a question's one bare number as a reference, with the other words (an organisation's, if they are)", () => {
    for (const typed of ["12", "what is 12?", "/kpi 12", "history 12", "indicator 12", "kpi 12"]) expect(allRefs(typed), typed).toEqual([{ key: "12", text: "12", organisationWords: [] }]);
    for (const typed of ["no 12", "number 12", "ref 12"]) expect(numbered(typed), typed).toEqual([{ key: "12", text: "12", organisationWords: [] }]);
    // After "barnet 12" as a reference of letters: KCA 14 is a key action's before it is the number 14.
    expect(allRefs("barnet 12").map((r) => r.key)).toEqual(["barnet12", "12"]);
    expect(numbered("barnet 12")).toEqual([{ key: "12", text: "12", organisationWords: ["barnet"] }]);
    expect(numbered("12 London Borough of Barnet")).toEqual([{ key: "12", text: "12", organisationWords: ["london", "borough", "barnet"] }]);
    expect(parseQuery("history 12").kind).toBe("changes");
  });

  it("keeps a number that belongs to other words: page 2, top 10, Q2, Q 2, a year, a decimal, a level or a second number", () => {
    for (const typed of ["page 2", "top 10", "Q2", "Q 2", "quarter 3", "2016/17", "1.5", "red 12", "summary 3", "overdue 4", "12 13", "service 12"]) {
      expect(numbered(typed), typed).toEqual([]);
    }
  });

  it("never throws, whatever the string, and offers only a few reference candidates, each letters then a digit", () => {
    const words = ["red", "amber", "green", "page", "7", "service", "summary", "overdue", "adults", "AC/S8", " ", "/kpi", ":red_circle:", "🟠", "show", "me", "what", "is", "Q2", "&", "MOS", "46"];
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 1000, unit: "binary" }), fc.array(fc.constantFrom(...words), { maxLength: 30 }).map((w) => w.join(" "))), (text) => {
        const query = parseQuery(text);
        expect(["help", "indicators", "summary", "actions"]).toContain(query.kind);
        if (query.kind === "help") return;
        const lettered = query.refs.filter((r) => !r.organisationWords);
        expect(lettered.length).toBeLessThanOrEqual(6);
        for (const ref of lettered) expect(ref.key).toMatch(/^[a-z][a-z0-9]*\d[a-z0-9]*$/);
        // At most one bare number, and a short one.
        expect(query.refs.length - lettered.length).toBeLessThanOrEqual(1);
        for (const ref of query.refs.filter((r) => r.organisationWords)) expect(ref.key).toMatch(/^\d{1,4}$/);
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

  it("folds every string as lower-casing and dropping all but a-z and 0-9 does", () => {
    expect(foldKey("AC/S4 (ASCOF 1E)")).toBe("acs4ascof1e");
    expect(foldKey("\u212A CA 14")).toBe("kca14"); // the Kelvin sign lower-cases to k
    fc.assert(
      fc.property(fc.string({ maxLength: 80, unit: "binary" }), (text) => {
        expect(foldKey(text)).toBe(text.toLowerCase().replace(/[^a-z0-9]+/g, ""));
      }),
      { numRuns: 2000 },
    );
  });
});
