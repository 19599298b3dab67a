// The value axis of a trend (the chart's and the card's sparkline): honest for any table's figures. Zero is
// shown where the figures lie near it or count things; otherwise the axis starts higher and says so, and
// never spans less than a tenth of the largest value, so a small change is not stretched to fill the height.
import type { Unit } from "./figures.ts";
import { numberText } from "./number-text.ts";

export interface ValueAxis {
  low: number;
  high: number;
  /** The ticks, low to high, a whole number apart for counts. */
  ticks: number[];
  zeroBased: boolean;
  /** "axis starts at 18.5%" where the axis does not start at zero; null where it does. */
  note: string | null;
}

/**
 * Zero is shown where the figure nearest zero is within this share of the farthest: starting at zero then
 * costs at most half the height. Beyond it the axis starts near the figures, and says so.
 */
export const NEAR_ZERO_SHARE = 0.5;
/** An axis that does not start at zero spans at least this share of the largest value. */
export const MIN_SPAN_SHARE = 0.1;
/** Room above (and below, off zero) the figures for their labels, as a share of the span. */
const LABEL_ROOM = 0.18;

/** "19%", "18.5%", "£7.3m", "1,500", "6 days": a value on the axis, as the figures print their unit. */
export function axisValueText(value: number, unit: Unit): string {
  const digits = (v: number) => numberText(v, 2);
  if (unit === "%") return `${digits(value)}%`;
  if (unit === "days") return `${digits(value)} days`;
  if (unit === "£") {
    const size = Math.abs(value);
    return size >= 1e9 ? `£${digits(value / 1e9)}bn` : size >= 1e6 ? `£${digits(value / 1e6)}m` : size >= 1e3 ? `£${digits(value / 1e3)}k` : `£${digits(value)}`;
  }
  return digits(value);
}

/** A tick step of 1, 2, 2.5 or 5 times a power of ten, at least `raw`; whole for counts. */
function niceStep(raw: number, count: boolean): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const steps = count && power < 10 ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10];
  const step = steps.map((s) => s * power).find((s) => s >= raw * 0.75)!;
  return count ? Math.max(1, Math.round(step)) : step;
}

/** Rounds away binary noise: 0.1 * 3 -> 0.3. */
const clean = (v: number) => Number(v.toPrecision(12));

/**
 * The axis for these heights (figures, and targets where they are drawn). `count`: the figures count things
 * (whole numbers with no unit), so the axis starts at zero and ticks are whole. Percentages stop at 100%
 * unless a height exceeds it.
 */
export function valueAxis(heights: number[], unit: Unit, options: { count: boolean; ticks?: number; labelRoom?: boolean }): ValueAxis {
  const wanted = options.ticks ?? 5;
  if (!heights.length) return { low: 0, high: 1, ticks: [0, 1], zeroBased: true, note: null };
  const min = Math.min(...heights);
  const max = Math.max(...heights);
  const largest = Math.max(Math.abs(min), Math.abs(max));
  // Figures on both sides of zero show it anyway; on one side, zero is shown where they come near it.
  const nearZero = min <= 0 && max >= 0 ? true : min > 0 ? min <= max * NEAR_ZERO_SHARE : max >= min * NEAR_ZERO_SHARE;
  let zeroBased = options.count || nearZero;
  let lo = zeroBased ? Math.min(0, min) : min;
  let hi = zeroBased ? Math.max(0, max) : max;
  let span = hi - lo || largest || 1;
  if (!zeroBased && span < largest * MIN_SPAN_SHARE) {
    const widen = (largest * MIN_SPAN_SHARE - span) / 2;
    lo -= widen;
    hi += widen;
    span = hi - lo;
  }
  const room = options.labelRoom === false ? 0 : LABEL_ROOM;
  if (hi > 0 || !zeroBased) hi += span * room;
  if (lo < 0 || !zeroBased) lo -= span * room;
  // Never below zero for figures that are not; a percentage no higher than 100% unless a figure is.
  if (min >= 0) lo = Math.max(0, lo);
  const cap = unit === "%" && max <= 100 ? 100 : Infinity;
  hi = Math.min(hi, cap);
  if (hi <= lo) hi = lo + 1;
  const step = niceStep((hi - lo) / wanted, options.count);
  const low = clean(Math.floor(lo / step) * step);
  const high = clean(Math.min(Math.ceil(hi / step) * step, Math.max(cap, low + step)));
  const ticks: number[] = [];
  for (let i = 0; clean(low + i * step) <= high; i++) ticks.push(clean(low + i * step));
  if (low === 0 || (low < 0 && high >= 0)) zeroBased = true;
  return { low, high, ticks, zeroBased, note: zeroBased ? null : `axis starts at ${axisValueText(low, unit)}` };
}

/** Figures that count things: no unit and all whole (4 apprenticeships, 216 packages), not a rate (169.72 per 100,000). */
export const countsThings = (values: number[], unit: Unit) => unit === null && values.length > 0 && values.every((v) => Number.isInteger(v));
