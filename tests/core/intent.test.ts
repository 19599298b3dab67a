// One table from a message's text to what it asks for (core/interaction/intent.ts), for every platform: the
// forms, the report, each command with what it carries, and a question for anything else.
import { describe, expect, it } from "vitest";
import { readIntent } from "../../src/core/interaction/intent.ts";

describe("what a message asks for", () => {
  it.each([
    ["update AC/S8", { kind: "form", command: "update", subject: "AC/S8", period: null }],
    ["update", { kind: "form", command: "update", subject: "", period: null }],
    ["  Update 12 barnet ", { kind: "form", command: "update", subject: "12 barnet", period: null }],
    ["target AC/S8", { kind: "form", command: "target", subject: "AC/S8", period: null }],
    ['target AC/S8 "2017/18"', { kind: "form", command: "target", subject: "AC/S8", period: "2017/18" }],
    ["target AC/S8 2017/18 65%", { kind: "set_target", ref: "AC/S8", period: "2017/18", value: "65%" }],
    ["assess P3", { kind: "form", command: "assess", subject: "P3", period: null }],
    ["report Q1 2016/17 docx", { kind: "report", words: ["Q1", "2016/17", "docx"] }],
    ["who am i?", { kind: "whoami" }],
    ["whoami", { kind: "whoami" }],
    ["subscribe red adults", { kind: "subscribe", filter: " red adults" }],
    ["unsubscribe", { kind: "unsubscribe" }],
    ["subscriptions", { kind: "subscriptions" }],
    ["what's due?", { kind: "due" }],
    ['cycle open "Q3 2016/17" due 2017-01-20 barnet', { kind: "cycle", verb: "open", rest: '"Q3 2016/17" due 2017-01-20 barnet' }],
    ["Cycle STATUS", { kind: "cycle", verb: "status", rest: "" }],
    ["review", { kind: "review" }],
    ["accept AC/S8 Q3 2016/17", { kind: "decide", decision: "accepted", ref: "AC/S8", period: "Q3 2016/17", note: null }],
    ["return AC/S8 Nov 2016 please add the numerator", { kind: "decide", decision: "returned", ref: "AC/S8", period: "Nov 2016", note: "please add the numerator" }],
    ["role <mailto:Jo@Council.gov.uk|Jo@Council.gov.uk> Officer", { kind: "role", email: "jo@council.gov.uk", role: "officer" }],
    ["role jo@council.gov.uk admin", { kind: "role", email: "jo@council.gov.uk", role: "admin" }],
    ["lock Q2 2016/17 Barnet", { kind: "lock", verb: "lock", period: "Q2 2016/17", words: ["barnet"] }],
    ['reopen "Q2 2016/17"', { kind: "lock", verb: "reopen", period: "Q2 2016/17", words: [] }],
    ["retire AC/S8 replaced by AC/S12", { kind: "retire", verb: "retire", ref: "AC/S8", note: "replaced by AC/S12" }],
    ["unretire AC/S8", { kind: "retire", verb: "unretire", ref: "AC/S8", note: "" }],
  ])("%s", (text, intent) => {
    expect(readIntent(text)).toEqual(intent);
  });

  it.each(["AC/S8", "red adults", "target AC/S8 banana", "summary", "accept AC/S8", "role jo officer", "retirement", "updates due"])("asks %s as a question", (text) => {
    expect(readIntent(text)).toEqual({ kind: "ask", text });
  });

  it("refuses anything longer than a question may be, whatever it starts with", () => {
    expect(readIntent(`update ${"x".repeat(1000)}`)).toEqual({ kind: "too_long" });
    expect(readIntent(`report ${"Q1 ".repeat(400)}`)).toEqual({ kind: "too_long" });
  });
});
