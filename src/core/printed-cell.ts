// What one cell of a council's table says when it carries more than a figure: the period it is
// for ("91.2% (Oct)", "4,120 (against target of 3,900) Oct") and a target to date or a profile
// printed beside a cumulative figure ("12,000 (1,000 per month)"). The text is kept as written.
import { normalise, parseFigure, type Figure } from "./figures.ts";
import { parsePeriod, type Period, type PeriodContext } from "./periods.ts";

export interface PrintedCell {
  /** The figure without what was printed around it: "91.2%". */
  text: string;
  figure: Figure;
  /** The period the cell names for itself, if any. */
  period: Period | null;
  /** A target to date printed with it: "3,900". */
  targetToDate: string | null;
  /** A profile printed with it: "1,000" a month. */
  profile: { text: string; per: "month" | "quarter" } | null;
}

const TARGET_TO_DATE = /^(?:against|vs\.?|v\.?)\s+(?:a\s+)?(?:target|profile)(?:\s+to\s+date)?(?:\s+of)?\s+(.+)$|^(?:target|profile)(?:\s+to\s+date)?\s*:?\s+(.+)$/i;
const PROFILE = /^(.+?)\s+(?:per|a|each)\s+(month|quarter)$/i;

/** Reads a cell; a period without a year ("Oct") is placed in the context's financial year. */
export function readPrintedCell(raw: string, context?: PeriodContext): PrintedCell {
  let text = normalise(raw);
  let period: Period | null = null;
  let targetToDate: string | null = null;
  let profile: PrintedCell["profile"] = null;

  // A period written after the figure, outside brackets: "... Oct", "... Nov 2016".
  for (const words of [2, 1]) {
    const tail = new RegExp(`(?:^|\\s)((?:\\S+\\s+){${words - 1}}\\S+)$`).exec(text);
    const found = tail && tail.index > 0 ? parsePeriod(tail[1]!, context) : null;
    if (found && /[a-z]/i.test(tail![1]!)) {
      period = found;
      text = text.slice(0, tail!.index).trim();
      break;
    }
  }
  // Bracketed notes anywhere: a period, a target to date, a profile; others stay in the figure's notes.
  text = text.replace(/\s*\(([^()]*)\)/g, (whole, inner: string) => {
    const note = inner.trim();
    const target = TARGET_TO_DATE.exec(note);
    if (target) {
      targetToDate = (target[1] ?? target[2]!).trim();
      return "";
    }
    const perPeriod = PROFILE.exec(note);
    if (perPeriod && parseFigure(perPeriod[1]!).kind === "number") {
      profile = { text: perPeriod[1]!.trim(), per: perPeriod[2]!.toLowerCase() as "month" | "quarter" };
      return "";
    }
    const named = period ? null : parsePeriod(note, context);
    if (named) {
      period = named;
      return "";
    }
    return whole;
  }).trim();
  return { text, figure: parseFigure(text), period, targetToDate, profile };
}
