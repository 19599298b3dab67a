// National codes: one spelling per measure, however a council's report prints it.
import { describe, expect, it } from "vitest";
import { nationalCode, nationalCodesIn, nationalCodesOf } from "../../src/core/national-codes.ts";

describe("national codes", () => {
  it.each([
    ["AC/S4 (ASCOF 1E)", ["ASCOF 1E"]],
    ["AC/S5 (ASCOF) 1F)", ["ASCOF 1F"]],
    ["AC/S16 (ASCOF 1C/2A)", ["ASCOF 1C(2A)"]],
    ["AC/S9 ASCOF2 A (2)", ["ASCOF 2A(2)"]],
    ["Permanent admissions per 100000 (ASCOF 2A(2))", ["ASCOF 2A(2)"]],
    ["ascof 2a (1)", ["ASCOF 2A(1)"]],
    ["NI 192 (new)", ["NI 192"]],
    ["NI 192 Vehicles", ["NI 192"]],
    ["PHOF 2.22iii", ["PHOF 2.22iii"]],
    ["PAF C32", ["PAF C32"]],
    ["BV 8 and BVPI 12", ["BV 8", "BV 12"]],
    ["BVPI 8 or BV 8", ["BV 8"]],
    ["Uni 5, Nigel 3, CG/C16 (RPS – Biannual)", []],
  ])("%s: %j", (text, codes) => {
    expect(nationalCodesIn(text).map((c) => c.code)).toEqual(codes);
  });

  it("matches the same measure however it is printed", () => {
    const keys = ["ASCOF 1C/2A", "ASCOF 1C(2A)", "ascof 1c (2a)", "(ASCOF) 1C/2A)"].map((t) => nationalCodesIn(t)[0]?.key);
    expect(new Set(keys)).toEqual(new Set(["ascof1c2a"]));
  });

  it("reads a typed code only where the whole text is one", () => {
    expect(nationalCode("ASCOF 1C/2A")?.code).toBe("ASCOF 1C(2A)");
    expect(nationalCode(" ni 192 ")?.code).toBe("NI 192");
    for (const text of ["ASCOF 1C and more", "AC/S16", "", "ASCOF", "1C"]) expect(nationalCode(text), text).toBeNull();
  });

  it("lists an indicator's codes once each, leaving out what is no national code", () => {
    expect(nationalCodesOf(["ASCOF 1C/2A", "ASCOF 1C(2A)", "RPS", "NI 192"]).map((c) => c.code)).toEqual(["ASCOF 1C(2A)", "NI 192"]);
  });
});
