// Red/amber/green ratings and direction of travel, computed from the figures
// the way council reports compute them. Pure: no I/O.
import { normalise, parseFigure, type Figure } from "./figures.ts";
import type { Polarity } from "./polarity.ts";

export type RagScheme = "four" | "three";
export type RagLevel = "Green" | "Green Amber" | "Red Amber" | "Red" | "Amber";

/**
 * How far short of target each level reaches, as a fraction of the target.
 * Four levels: Green on or better than target; Green Amber up to greenAmber short;
 * Red Amber up to redAmber short; Red beyond. Three levels: Amber up to amber short.
 */
export interface RagPolicy {
  scheme: RagScheme;
  greenAmber: number;
  redAmber: number;
  amber: number;
}

/** The documented default: Green Amber within 5% of target, Red Amber within 10%, Red beyond; Amber within 10% for three levels. */
export const DEFAULT_POLICY: RagPolicy = { scheme: "four", greenAmber: 0.05, redAmber: 0.1, amber: 0.1 };

export const LEVELS: Record<RagScheme, RagLevel[]> = {
  four: ["Green", "Green Amber", "Red Amber", "Red"],
  three: ["Green", "Amber", "Red"],
};

export type Rating =
  | { rated: true; level: RagLevel; /** fraction of the target short (0 when met) */ shortfall: number; basis: string }
  | { rated: false; reason: string };

export type Direction = "Improving" | "Worsening" | "Same";

// Figures compared with a relative tolerance, so that 4/80 short is exactly 5%.
const EPSILON = 1e-9;

function levelFor(shortfall: number, policy: RagPolicy): RagLevel {
  if (shortfall <= EPSILON) return "Green";
  if (policy.scheme === "three") return shortfall <= policy.amber + EPSILON ? "Amber" : "Red";
  if (shortfall <= policy.greenAmber + EPSILON) return "Green Amber";
  if (shortfall <= policy.redAmber + EPSILON) return "Red Amber";
  return "Red";
}

/** How far value falls short of target, as a fraction of the target; 0 when met or beaten. */
function shortfallOf(value: number, target: number, better: "bigger" | "smaller"): number {
  const gap = better === "bigger" ? target - value : value - target;
  if (gap <= 0) return 0;
  return target === 0 ? Number.POSITIVE_INFINITY : gap / Math.abs(target);
}

export interface RatingInput {
  polarity: Polarity;
  /** The result as printed, and as parsed where known. */
  result: string | null;
  /** The period's target as printed. */
  target: string | null;
  /** For word targets (Increase, Decrease): the value compared against (a year before, else the period before). */
  comparison?: { value: number | null; period: string } | null;
  policy?: RagPolicy;
  /**
   * Set where the period has no target of its own and `target` is its financial year's: said in the
   * basis or reason, e.g. "2016/17; Q3 has no target of its own".
   */
  annualNote?: string | null;
  /** Set where `target` is the year's target pro rata for a cumulative figure: "the 2016/17 target 12,000 pro rata, 8 of 12 months". */
  toDateNote?: string | null;
}

export function rate({ polarity, result, target, comparison, policy = DEFAULT_POLICY, annualNote = null, toDateNote = null }: RatingInput): Rating {
  if (polarity === "monitor") return { rated: false, reason: "monitored for information, with no target" };
  if (target === null || target.trim() === "") return { rated: false, reason: "no target for this period" };
  if (result === null || result.trim() === "") return { rated: false, reason: "no result for this period" };

  const t = parseFigure(target);
  const r = parseFigure(result);
  if (r.kind !== "number") return { rated: false, reason: `the result “${result}” is not a figure` };
  // Whoever reads a rating against the year's target must be told it is the year's.
  const annual = (text: string) => (annualNote ? `${text} (the annual target, ${annualNote})` : text);
  const notRated = (reason: string): Rating => ({ rated: false, reason: annual(reason) });
  const noTarget = notRatedTarget(t, target);
  if (noTarget) return notRated(noTarget);

  switch (t.kind) {
    case "number":
    case "bound": {
      // A bound ("Remain at or above 85%") names its own direction; a plain target takes the polarity's.
      const better = t.kind === "bound" ? (t.bound === "at_least" ? "bigger" : "smaller") : polarity === "smaller" ? "smaller" : "bigger";
      if (polarity === "goldilocks" && t.kind === "number") return notRated(`a Goldilocks indicator needs a range target, not “${target}”`);
      const shortfall = shortfallOf(r.value, t.value, better);
      const against = annualNote ? `the annual target ${target} (${annualNote})` : toDateNote ? `${target} to date (${toDateNote})` : target;
      return { rated: true, level: levelFor(shortfall, policy), shortfall, basis: `${result} against ${against}` };
    }
    case "range": {
      // Goldilocks: Green inside the range; outside, measured against the nearer bound.
      const shortfall = r.value < t.low ? shortfallOf(r.value, t.low, "bigger") : r.value > t.high ? shortfallOf(r.value, t.high, "smaller") : 0;
      const against = annualNote ? `the annual target range ${target} (${annualNote})` : `the range ${target}`;
      return { rated: true, level: levelFor(shortfall, policy), shortfall, basis: `${result} against ${against}` };
    }
    case "direction": {
      if (!comparison || comparison.value === null) return notRated(`the target “${target}” needs an earlier result to compare with`);
      const moved = r.value - comparison.value;
      const wanted = t.direction === "increase" ? moved > EPSILON : moved < -EPSILON;
      const unchanged = Math.abs(moved) <= EPSILON;
      const level: RagLevel = wanted ? "Green" : unchanged ? (policy.scheme === "four" ? "Green Amber" : "Amber") : "Red";
      const named = annualNote ? `annual target: ${target}; ${annualNote}` : `target: ${target}`;
      return { rated: true, level, shortfall: wanted ? 0 : Math.abs(moved), basis: `${result} against ${comparison.period} (${named})` };
    }
    default:
      return notRated(`the target “${target}” is not a figure this can compare`);
  }
}

/** Why a target that is not a figure (TBC, N/A, Monitor, text) gives no rating; null where it is one. */
function notRatedTarget(t: Figure, text: string): string | null {
  if (t.kind === "none") {
    return { monitor: "monitored, with no target", to_be_confirmed: "the target is to be confirmed", not_applicable: "no target applies", new: "the target is new", not_collected: "no target was set" }[t.reason];
  }
  if (t.kind === "unparsed" || t.kind === "share") return `the target “${text}” is not a figure this can compare`;
  return null;
}

/**
 * Direction of travel of `current` against `earlier`, by polarity. Goldilocks:
 * nearer the range is better. Null where either is not a figure, or the indicator is only monitored.
 */
export function direction(polarity: Polarity, current: number | null, earlier: number | null, range?: { low: number; high: number } | null): Direction | null {
  if (current === null || earlier === null || polarity === "monitor") return null;
  if (polarity === "goldilocks") {
    if (!range) return null;
    const distance = (v: number) => (v < range.low ? range.low - v : v > range.high ? v - range.high : 0);
    return compare(distance(earlier) - distance(current));
  }
  return compare(polarity === "bigger" ? current - earlier : earlier - current);
}

/** Which way a figure went against the one it is compared with. */
export type FigureMove = "rose" | "fell" | "held";

export function figureMove(current: number | null | undefined, earlier: number | null | undefined): FigureMove | null {
  if (current == null || earlier == null) return null;
  return current > earlier ? "rose" : current < earlier ? "fell" : "held";
}

function compare(improvement: number): Direction {
  const scale = 1e-9;
  return improvement > scale ? "Improving" : improvement < -scale ? "Worsening" : "Same";
}

/**
 * A direction as a report recorded it, or null for N/A, Not Applicable, New ... "Up" and "Down" are
 * performance's direction, as councils assess it ("whether performance is improving or deteriorating").
 */
export function recordedDirection(text: string | null): Direction | null {
  const t = normalise(text ?? "").toLowerCase();
  if (t.startsWith("improv") || t === "up" || t === "better" || /^[↑▲⇧⬆]$/u.test(t)) return "Improving";
  if (t.startsWith("worsen") || t.startsWith("deteriorat") || t === "down" || t === "worse" || /^[↓▼⇩⬇]$/u.test(t)) return "Worsening";
  if (t === "same" || t.startsWith("no change") || t === "unchanged" || t === "stable" || t === "static" || /^[→↔⇔⬌]$/u.test(t)) return "Same";
  return null;
}

/** Levels as letters: R, A, G, and the four-level scheme's RA and GA (also written A/R, A/G). */
const LEVEL_LETTERS: Record<string, RagLevel> = { r: "Red", a: "Amber", g: "Green", ra: "Red Amber", ar: "Red Amber", ga: "Green Amber", ag: "Green Amber" };

/** A RAG level as a report recorded it: in words or letters, whatever a PDF did to the letters. */
export function recordedLevel(text: string | null): RagLevel | null {
  const t = normalise(text ?? "").toLowerCase();
  const levels: RagLevel[] = ["Green Amber", "Red Amber", "Green", "Amber", "Red"];
  return levels.find((l) => t === l.toLowerCase()) ?? (t === "amber red" ? "Red Amber" : t === "amber green" ? "Green Amber" : LEVEL_LETTERS[t.replace(/[\s/-]/g, "")] ?? null);
}

/**
 * An organisation's policy, overridden per indicator. Each is JSON as stored
 * ({"scheme":"three","amber":0.05}); a value that is not a sensible band is ignored.
 */
export function ragPolicy(scheme: string | null, organisationBands: string | null, indicatorBands: string | null): RagPolicy {
  let policy: RagPolicy = { ...DEFAULT_POLICY, scheme: scheme === "three" ? "three" : "four" };
  for (const json of [organisationBands, indicatorBands]) {
    if (!json) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      continue;
    }
    if (typeof parsed !== "object" || parsed === null) continue;
    const o = parsed as Record<string, unknown>;
    const band = (v: unknown) => (typeof v === "number" && v >= 0 && v < 10 ? v : undefined);
    policy = {
      scheme: o.scheme === "three" || o.scheme === "four" ? o.scheme : policy.scheme,
      greenAmber: band(o.greenAmber) ?? policy.greenAmber,
      redAmber: band(o.redAmber) ?? policy.redAmber,
      amber: band(o.amber) ?? policy.amber,
    };
  }
  if (policy.redAmber < policy.greenAmber) policy.redAmber = policy.greenAmber;
  return policy;
}

const percent = (n: number) => `${+(n * 100).toFixed(4)}%`;

/** The bands in words, as `kpi rag` prints them and the committee report states them. */
export function describeBands(policy: RagPolicy): string {
  return policy.scheme === "four"
    ? `Four levels: Green on or better than target; Green Amber up to ${percent(policy.greenAmber)} short; Red Amber up to ${percent(policy.redAmber)} short; Red beyond.`
    : `Three levels: Green on or better than target; Amber up to ${percent(policy.amber)} short; Red beyond.`;
}
