// What a list of actions computed from the same records for the same request, remembered:
// the cached catalogue hands out the same array each time, so /kpi overdue filters 2,000
// actions once rather than on every request. isOverdue changes only as today passes a due
// date, so a result holds while today stays between the same two due dates.
import type { ActionRecord } from "../ports.ts";
import { BoundedMemo, QUESTIONS_REMEMBERED } from "./bounded-memo.ts";

interface Remembered {
  value: unknown;
  /** The latest due date before today when computed (exclusive), and the earliest from then on (inclusive). */
  after: number;
  until: number;
}

const remembered = new WeakMap<ActionRecord[], BoundedMemo<Remembered>>();

export function rememberUntilNextDue<T>(actions: ActionRecord[], key: string, today: Date, compute: () => T): T {
  const now = today.getTime();
  let seen = remembered.get(actions);
  if (!seen) remembered.set(actions, (seen = new BoundedMemo(QUESTIONS_REMEMBERED)));
  const found = seen.get(key);
  if (found && found.after < now && now <= found.until) return found.value as T;
  let after = Number.NEGATIVE_INFINITY;
  let until = Number.POSITIVE_INFINITY;
  for (const a of actions) {
    const due = a.dueDate?.getTime();
    if (due === undefined) continue;
    if (due < now) after = Math.max(after, due);
    else until = Math.min(until, due);
  }
  const value = compute();
  seen.set(key, { value, after, until });
  return value;
}
