// What a person can do from an answer is decided once, in the core, for Slack and Teams alike.
import { describe, expect, it } from "vitest";
import { actionCardActions, indicatorActions, objectiveActions, pageActions } from "../../src/core/card-actions.ts";

describe("the actions an answer offers", () => {
  const card = { ref: "AC/S8", organisation: "London Borough of Barnet", commentary: { period: "Q2 2016/17", text: "Short.", short: "Short." }, codes: [] };

  it("offers History, Submit update and Set target on an indicator's card, and Full commentary only where the card cuts it", () => {
    expect(indicatorActions(card).map((a) => a.label)).toEqual(["History", "Submit update", "Set target"]);
    const cut = { ...card, commentary: { period: null, text: "Long words ".repeat(100), short: "Long words…" } };
    expect(indicatorActions(cut).map((a) => [a.verb, a.subject])).toEqual([["history", "AC/S8"], ["commentary", "AC/S8"], ["update", "AC/S8"], ["target", "AC/S8"]]);
    expect(indicatorActions({ ...card, commentary: null }).map((a) => a.verb)).not.toContain("commentary");
  });

  it("offers Compare on an indicator with a national code, as the question compare <ref>, and not on one without", () => {
    expect(indicatorActions({ ...card, ref: "AC/S16", codes: ["ASCOF 1C/2A"] }).find((a) => a.label === "Compare")).toEqual({ verb: "open", label: "Compare", subject: "compare AC/S16" });
    expect(indicatorActions({ ...card, codes: ["RPS"] }).map((a) => a.label)).not.toContain("Compare");
    expect(indicatorActions({ ...card, ref: "12", codes: ["NI 192"] }).find((a) => a.label === "Compare")?.subject).toBe("compare 12 London Borough of Barnet");
  });

  it("names a numbered indicator's organisation in every action, as another council may number one 12 too", () => {
    for (const a of indicatorActions({ ...card, ref: "12" })) expect(a.subject).toMatch(/^12 /);
  });

  it("offers Submit update on a key action with a reference only, Assess on an objective", () => {
    expect(actionCardActions({ ref: "CG01" })).toEqual([{ verb: "update", label: "Submit update", subject: "CG01" }]);
    expect(actionCardActions({ ref: null })).toEqual([]);
    expect(objectiveActions({ code: "P3" })).toEqual([{ verb: "assess", label: "Assess", subject: "P3" }]);
  });

  it("offers the pages before and after, each as the question for that page", () => {
    expect(pageActions({ page: 1, pageCount: 1, query: "red" })).toEqual([]);
    expect(pageActions({ page: 1, pageCount: 3, query: "red" }).map((a) => [a.label, a.subject])).toEqual([["Next", "red page 2"]]);
    expect(pageActions({ page: 2, pageCount: 3, query: "red page 2" }).map((a) => [a.label, a.subject])).toEqual([["Previous", "red"], ["Next", "red page 3"]]);
  });
});
