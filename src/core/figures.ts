// Figures as councils print them: results and targets. The text is always kept
// as written; this says what it means, or that it could not tell.

export type Unit = "%" | "£" | "days" | null;

export type Figure =
  /** A number, with its unit and whatever the report wrote around it. */
  | { kind: "number"; value: number; unit: Unit; qualifier?: string; notes: string[] }
  /** A range, as Goldilocks targets are written: 57.3-68.3. */
  | { kind: "range"; low: number; high: number; unit: Unit; notes: string[] }
  /** A word target with a direction: Increase, Decrease. */
  | { kind: "direction"; direction: "increase" | "decrease"; notes: string[] }
  /** A floor or ceiling: Remain at or above 85%. */
  | { kind: "bound"; bound: "at_least" | "at_most"; value: number; unit: Unit; notes: string[] }
  /** A share of another figure: "10% of new housing provision". Not comparable on its own. */
  | { kind: "share"; value: number; unit: Unit; of: string; notes: string[] }
  /** Words that say there is no figure: N/A, TBC, Monitor, New (2016/17)... */
  | { kind: "none"; reason: NoFigureReason; notes: string[] }
  /** Text this parser does not understand: kept, never guessed. */
  | { kind: "unparsed"; notes: string[] };

export type NoFigureReason = "not_applicable" | "to_be_confirmed" | "monitor" | "new" | "not_collected";

// Letters that PDFs substitute for Latin ones (Cyrillic and Greek look-alikes).
const LOOK_ALIKES: Record<string, string> = {
  "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "К": "K", "М": "M", "О": "O", "Р": "P", "Т": "T", "Х": "X",
  "а": "a", "с": "c", "е": "e", "о": "o", "р": "p", "х": "x", "у": "y", "Β": "B", "Τ": "T", "Ο": "O", "Α": "A",
};

/** Printed text made plain: look-alike letters Latin, dashes "-", one space between words. */
export function normalise(text: string): string {
  return text
    .replace(/[А-яΑ-ω]/g, (ch) => LOOK_ALIKES[ch] ?? ch)
    .replace(/[\u2012-\u2015\u2212]/g, "-")
    .replace(/\u00a0/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const NUMBER = String.raw`-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?|-?\.\d+`;

/** An exact decimal: "2.026" scaled by 10^6 stays 2026000, not 2026000.0000000002. */
function toNumber(digits: string, scalePower = 0): number {
  return Number(`${digits.replace(/,/g, "")}e${scalePower}`);
}

const NONE_WORDS: [RegExp, NoFigureReason][] = [
  [/^(n\/?a|not applicable|none)$/i, "not_applicable"],
  [/^tbc|^to be confirmed/i, "to_be_confirmed"],
  [/^monitor(ing)?( only)?$/i, "monitor"],
  [/^new\b/i, "new"],
  [/^q not included\b|^not (collected|available|reported)|^no data/i, "not_collected"],
];

/** One number with its unit: "9.4%", "£7.3m", "£2.2m", "8.35 days", "2,811,187", "£6.8bn". */
function parseAmount(text: string): { value: number; unit: Unit } | null {
  const m = new RegExp(`^(£)?\\s*(${NUMBER})\\s*(%|m|bn|k|days?)?$`, "i").exec(text);
  if (!m) return null;
  const [, pound, digits = "", suffix = ""] = m;
  const lower = suffix.toLowerCase();
  const scale = lower === "m" ? 6 : lower === "bn" ? 9 : lower === "k" ? 3 : 0;
  if (scale && !pound) return null; // "7m" without £ is not a figure we can read safely
  const unit: Unit = pound ? "£" : lower === "%" ? "%" : lower.startsWith("day") ? "days" : null;
  return { value: toNumber(digits, scale), unit };
}

export function parseFigure(raw: string): Figure {
  let text = normalise(raw);
  const notes: string[] = [];

  // Trailing annotations stay visible as notes: (Spring 2016), (within CI), (Nov 16), *.
  for (;;) {
    const paren = /\s*\(([^()]*)\)\s*$/.exec(text);
    if (paren && paren.index > 0) {
      notes.unshift(paren[1]!.trim());
      text = text.slice(0, paren.index).trim();
      continue;
    }
    const star = /\s*(\*+)$/.exec(text);
    if (star && star.index > 0) {
      notes.unshift(star[1]!);
      text = text.slice(0, star.index).trim();
      continue;
    }
    break;
  }

  for (const [pattern, reason] of NONE_WORDS) {
    if (pattern.test(text)) return { kind: "none", reason, notes: [...notes] };
  }
  if (/^increase$/i.test(text)) return { kind: "direction", direction: "increase", notes };
  if (/^decrease$/i.test(text)) return { kind: "direction", direction: "decrease", notes };

  const bound = /^(?:remain |stay |be |maintain )?(?:at or )?(above|over|below|under)\s+(.+)$/i.exec(text);
  if (bound) {
    const amount = parseAmount(bound[2]!);
    if (amount) {
      const atLeast = /above|over/i.test(bound[1]!);
      return { kind: "bound", bound: atLeast ? "at_least" : "at_most", ...amount, notes };
    }
  }

  const range = new RegExp(`^(£)?(${NUMBER})\\s*(%)?\\s*(?:-|to)\\s*(£)?(${NUMBER})\\s*(%)?$`, "i").exec(text);
  if (range) {
    const low = toNumber(range[2]!);
    const high = toNumber(range[5]!);
    const unit: Unit = range[1] || range[4] ? "£" : range[3] || range[6] ? "%" : null;
    if (low <= high) return { kind: "range", low, high, unit, notes };
  }

  const amount = parseAmount(text);
  if (amount) return { kind: "number", ...amount, notes };

  // A number followed by one qualifying word: "17.5% reduction".
  const qualified = /^(.+?)\s+(reduction|increase|decrease)$/i.exec(text);
  if (qualified) {
    const inner = parseAmount(qualified[1]!);
    if (inner) return { kind: "number", ...inner, qualifier: qualified[2]!.toLowerCase(), notes };
  }

  const share = /^(\S+)\s+of\s+(.+)$/i.exec(text);
  if (share) {
    const inner = parseAmount(share[1]!);
    if (inner) return { kind: "share", ...inner, of: share[2]!, notes };
  }

  return { kind: "unparsed", notes };
}

/** The single number a figure stands for, where it has one. */
export function figureValue(figure: Figure): number | null {
  return figure.kind === "number" || figure.kind === "bound" ? figure.value : null;
}

/** The unit figures carry (%, £, days), where they agree on one. */
export function commonUnit(texts: string[]): Unit {
  const units = new Set(texts.map(parseFigure).flatMap((f) => ("unit" in f && f.unit ? [f.unit] : [])));
  return units.size === 1 ? [...units][0]! : null;
}

/** A target as written, with what the ratings read from it: its value, or the bounds of a range. */
export function targetFigures(text: string): { text: string; value: number | null; low: number | null; high: number | null } {
  const figure = parseFigure(text);
  return { text, value: figureValue(figure), low: figure.kind === "range" ? figure.low : null, high: figure.kind === "range" ? figure.high : null };
}

/** A numerator/denominator pair as printed: "194/365". */
export function parseFraction(text: string): { numerator: number; denominator: number } | null {
  const m = new RegExp(`^\\s*(${NUMBER})\\s*/\\s*(${NUMBER})\\s*$`).exec(normalise(text));
  if (!m) return null;
  return { numerator: toNumber(m[1]!), denominator: toNumber(m[2]!) };
}
