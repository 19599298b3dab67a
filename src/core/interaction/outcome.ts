// One shape for every failure a person is told about: what kind it is (a code each platform maps once, to
// its own words or status) and the sentence to show. No string carries the kind of a failure.

export type ProblemCode = "not_linked" | "not_allowed" | "not_found" | "invalid" | "conflict" | "locked" | "stale" | "unavailable";

export interface Problem {
  code: ProblemCode;
  message: string;
  /** The input that can fix it, where one can. */
  field?: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export const problem = (code: ProblemCode, message: string, field?: string): Problem => ({ code, message, ...(field ? { field } : {}) });
