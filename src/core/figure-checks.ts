// Sanity checks on figures typed by people: results (value, numerator, denominator) and targets. What
// cannot be right is refused with a reason (digits split by spaces, a number no field can hold, a £ figure
// for a percentage, a result its own fraction contradicts); what is merely unusual (over 100%, a negative
// count, a numerator above its denominator) is asked about once and recorded when confirmed.
import { parseFigure, type Figure, type Unit } from "./figures.ts";
import { numberText } from "./number-text.ts";

/** The largest magnitude a figure may have: beyond it a stored number no longer holds every whole unit. */
export const LARGEST_FIGURE = Number.MAX_SAFE_INTEGER;

/** The unit an indicator's own printed figures carry (its first result or target with one): %, £, days or none. */
export function printedUnit(record: { results: readonly { text: string }[]; targets: readonly { text: string }[] }): Unit {
  for (const { text } of [...record.results, ...record.targets]) {
    const figure = parseFigure(text);
    if ("unit" in figure && figure.unit) return figure.unit;
  }
  return null;
}

const UNIT_WORDS: Record<NonNullable<Unit>, string> = { "%": "percentages", "£": "pounds (£)", days: "days" };
const quoted = (typed: string) => `“${typed.length > 24 ? `${typed.slice(0, 20)}…` : typed}”`;
const cannotHold = (typed: string) => `${quoted(typed)} is not a number this indicator can hold: give one of at most ${String(LARGEST_FIGURE).length} digits.`;

/** Whether a number is one a figure may be: finite and within LARGEST_FIGURE either way. */
export const holdable = (n: number): boolean => Number.isFinite(n) && Math.abs(n) <= LARGEST_FIGURE;

export type TypedNumber =
  | { ok: true; value: number; /** The unit typed with it ("64.1%", "£1,000"), if any. */ unit: "%" | "£" | null; /** Decimal places typed. */ decimals: number }
  /** problem: a reason of its own; null: not a number at all (the caller says what it wanted). */
  | { ok: false; problem: string | null };

const PLAIN = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;
const GROUPED = /^[-+]?\d{1,3}(,\d{3})+(\.\d*)?$/;

/** A number as a person typed it: "64.1", "64.1%", "£1,000", "-5". Undefined when nothing was typed. */
export function readTypedNumber(typed: string | undefined): TypedNumber | undefined {
  const text = typed?.trim() ?? "";
  if (!text) return undefined;
  if (/\d\s+[\d.,]|[\d.,]\s+\d/.test(text)) return { ok: false, problem: `${quoted(text)} has digits separated by spaces: write the number without them, such as ${text.replace(/\s+/g, "")}.` };
  const pound = /^[-+]?\s*£/.test(text);
  const percent = /%$/.test(text);
  const bare = text.replace(/£/, "").replace(/%$/, "").replace(/\s+/g, "");
  if (!PLAIN.test(bare) && !GROUPED.test(bare)) return { ok: false, problem: null };
  if (pound && percent) return { ok: false, problem: `${quoted(text)} is both pounds and a percentage: give one of them.` };
  const value = Number(bare.replace(/,/g, ""));
  if (!holdable(value)) return { ok: false, problem: cannotHold(text) };
  return { ok: true, value, unit: pound ? "£" : percent ? "%" : null, decimals: /\.(\d*)$/.exec(bare)?.[1]?.length ?? 0 };
}

/** Why a unit typed with a figure contradicts the indicator's own (a £ figure for a percentage); null when it does not. */
export function unitContradiction(typed: string, unit: Unit, indicatorUnit: Unit, ref: string): string | null {
  if (!unit || !indicatorUnit || unit === indicatorUnit) return null;
  return `${quoted(typed.trim())} is in ${UNIT_WORDS[unit]}, but ${ref}'s figures are in ${UNIT_WORDS[indicatorUnit]}.`;
}

// What a fraction's ratio may be scaled by to give a value: a percentage, or a rate per 1,000 ... 100,000.
const SCALES = [1, 100, 1000, 10_000, 100_000];

/**
 * Why a value contradicts its own numerator and denominator (beyond the rounding its decimals allow, for
 * a percentage as numerator/denominator × 100, otherwise as the ratio per 1, 100, ... 100,000); null when it agrees.
 */
export function fractionContradiction(value: number, decimals: number, numerator: number, denominator: number, indicatorUnit: Unit): string | null {
  const ratio = numerator / denominator;
  // One unit of the value's last typed decimal: 53.1 and 53.2 both agree with 194/365 (53.15%).
  const tolerance = 10 ** -decimals + Math.abs(value) * 1e-12;
  const scales = indicatorUnit === "%" ? [100] : SCALES;
  if (scales.some((scale) => Math.abs(value - ratio * scale) <= tolerance)) return null;
  const asPercent = numberText(ratio * 100, 2);
  return `${value} disagrees with its numerator and denominator: ${numerator}/${denominator} is ${asPercent}%. Correct one of them, or leave the result empty to have it worked out.`;
}

export interface FiguresGiven {
  value: number;
  numerator: number | null;
  denominator: number | null;
  /** How the value is printed, for the messages: "500%". */
  text: string;
}

/** What is unusual about a result, by field: over 100% of a percentage, a negative count or percentage, a numerator above its denominator. */
export function unusualFigures(given: FiguresGiven, indicatorUnit: Unit): Partial<Record<"value" | "numerator" | "denominator", string>> {
  const unusual: Partial<Record<"value" | "numerator" | "denominator", string>> = {};
  const { value, numerator, denominator, text } = given;
  if (indicatorUnit === "%" && value > 100) unusual.value = `${text} is over 100%, unusual for a percentage.`;
  else if (value < 0 && indicatorUnit !== "£") unusual.value = `${text} is negative, unusual for ${indicatorUnit === "%" ? "a percentage" : indicatorUnit === "days" ? "a number of days" : "a count"}.`;
  if (numerator !== null && denominator !== null) {
    if (numerator < 0 || denominator < 0) unusual[numerator < 0 ? "numerator" : "denominator"] = `A negative ${numerator < 0 ? "numerator" : "denominator"} is unusual.`;
    else if (numerator > denominator) unusual.numerator = `The numerator (${numerator}) is larger than the denominator (${denominator}), unusual for a share.`;
  }
  return unusual;
}

/** Why a target's figure cannot be taken: a number no field can hold, or a unit contradicting the indicator's. Null when it can. */
export function targetProblem(text: string, figure: Figure, indicatorUnit: Unit, ref: string): string | null {
  const numbers = figure.kind === "range" ? [figure.low, figure.high] : "value" in figure ? [figure.value] : [];
  if (numbers.some((n) => !holdable(n))) return cannotHold(text);
  return "unit" in figure ? unitContradiction(text, figure.unit, indicatorUnit, ref) : null;
}
