// How an indicator's figure accumulates through the year, which decides what a part-year result is
// compared with: a cumulative (year-to-date) figure with the target to date, a snapshot, average,
// rate or rolling figure with the year's target as it stands. Titles often say it: "[Cumulative YTD]".
import { normalise } from "./figures.ts";

export type Aggregation = "cumulative" | "snapshot" | "average" | "rolling";

/** A word or phrase as titles and columns write it; null when it says none of them. */
export function parseAggregation(text: string): Aggregation | null {
  const t = normalise(text).toLowerCase();
  if (/\baverage\b|\bmean\b/.test(t)) return "average";
  if (/\bcumulative\b|\bytd\b|\byear[\s-]to[\s-]date\b/.test(t)) return "cumulative";
  if (/\brolling\b/.test(t)) return "rolling";
  if (/\bsnapshot\b|\bpoint[\s-]in[\s-]time\b/.test(t)) return "snapshot";
  return null;
}

/** What a title's bracketed tag says: "New homes built [Cumulative]" -> cumulative; "[Year to date average]" -> average. */
export function aggregationInTitle(title: string): Aggregation | null {
  for (const [, tag] of title.matchAll(/\[([^\]]+)\]/g)) {
    const found = parseAggregation(tag!);
    if (found) return found;
  }
  return null;
}

/** As the database and the record carry it. */
export function asAggregation(text: string | null | undefined): Aggregation | null {
  return text === "cumulative" || text === "snapshot" || text === "average" || text === "rolling" ? text : null;
}
