// A list of actions computed once holds until today passes another due date: the same
// answer as computing afresh, for any actions and any sequence of days.
import fc from "fast-check";
import { expect, it } from "vitest";
import type { ActionRecord } from "../../src/core/ports.ts";
import { isOverdue } from "../../src/core/use-cases/list-actions.ts";
import { QUESTIONS_REMEMBERED } from "../../src/core/use-cases/bounded-memo.ts";
import { rememberUntilNextDue } from "../../src/core/use-cases/remember-actions.ts";

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);

function action(i: number, dueDay: number | null, status: string | null): ActionRecord {
  return {
    kind: "key_action",
    ref: `KA${i}`,
    lookupKeys: [`ka${i}`],
    serviceId: null,
    title: `Action ${i}`,
    organisation: "Test Council",
    rag: null,
    status,
    dueText: null,
    dueDate: dueDay === null ? null : new Date(START + dueDay * DAY),
    note: null,
    noteDateText: null,
    service: null,
    priority: null,
    parent: null,
    children: [],
    owners: [],
  };
}

const overdueOf = (actions: ActionRecord[], today: Date) => actions.filter((a) => isOverdue(a, today));

it("reuses what it computed for the same actions and request while no due date passes", () => {
  const actions = [action(1, 10, null), action(2, 20, "Completed"), action(3, 30, null)];
  let computed = 0;
  const overdue = (today: Date) =>
    rememberUntilNextDue(actions, "overdue", today, () => {
      computed++;
      return overdueOf(actions, today);
    });
  const first = overdue(new Date(START + 11 * DAY));
  expect(first.map((a) => a.ref)).toEqual(["KA1"]);
  expect(overdue(new Date(START + 15 * DAY))).toBe(first);
  expect(computed).toBe(1);
  // Past another due date (a completed action's): computed again, to the same answer.
  expect(overdue(new Date(START + 25 * DAY))).toEqual(first);
  expect(overdue(new Date(START + 29 * DAY))).toBe(overdue(new Date(START + 26 * DAY)));
  expect(computed).toBe(2);
  expect(overdue(new Date(START + 31 * DAY)).map((a) => a.ref)).toEqual(["KA1", "KA3"]);
  expect(computed).toBe(3);
  expect(rememberUntilNextDue([...actions], "overdue", new Date(START + 31 * DAY), () => "another array, computed afresh")).toBe("another array, computed afresh");
});

it("answers as computing afresh would, for any actions and any moments, in any order", () => {
  const statuses = fc.constantFrom(null, "Overdue", "Completed", "On track", "complete", "Met");
  // Moments anywhere, and at, just before and just after the actions' own due moments (overdue only after it).
  const moment = fc.oneof(fc.record({ at: fc.integer({ min: -5 * DAY, max: 65 * DAY }) }), fc.record({ action: fc.nat(), ms: fc.constantFrom(-1, 0, 1) }));
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.option(fc.integer({ min: 0, max: 60 })), statuses), { maxLength: 30 }), fc.array(moment, { minLength: 1, maxLength: 40 }), (specs, moments) => {
      const actions = specs.map(([due, status], i) => action(i, due, status));
      for (const m of moments) {
        const due = "action" in m && actions.length ? actions[m.action % actions.length]!.dueDate : null;
        const today = new Date("at" in m ? START + m.at : (due?.getTime() ?? START) + m.ms);
        expect(rememberUntilNextDue(actions, "overdue", today, () => overdueOf(actions, today))).toEqual(overdueOf(actions, today));
      }
    }),
    { numRuns: 300 },
  );
});

it("remembers a bounded number of distinct questions, the least recently asked forgotten first", () => {
  const actions = [action(1, 10, null)];
  const today = new Date(START);
  const computed: string[] = [];
  const answer = (key: string) => rememberUntilNextDue(actions, key, today, () => computed.push(key));
  answer("overdue");
  answer("rarely asked");
  // Free-text questions, each new, with the common one asked between them: it stays remembered.
  for (let i = 0; i < QUESTIONS_REMEMBERED * 3; i++) {
    answer(`question ${i}`);
    answer("overdue");
  }
  expect(computed.filter((k) => k === "overdue")).toHaveLength(1);
  answer("rarely asked");
  expect(computed.filter((k) => k === "rarely asked")).toHaveLength(2);
  // The most recent questions are still remembered.
  const before = computed.length;
  answer(`question ${QUESTIONS_REMEMBERED * 3 - 1}`);
  expect(computed).toHaveLength(before);
});
