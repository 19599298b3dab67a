// A comparison across councils as an Adaptive Card: the measure, the asker's standing, each council's figure
// (the asker's in bold) and the printed benchmarks.
import { comparisonHeading, comparisonPeriodLine, comparisonRowLine, comparisonSubheading, printedBenchmarksLine } from "../../core/format.ts";
import type { Comparison } from "../../core/views.ts";
import { type AdaptiveCard, card, text } from "./card-kit.ts";

export function comparisonCard(c: Comparison): AdaptiveCard {
  return card([
    text(comparisonHeading(c), { size: "Medium", weight: "Bolder" }),
    text(comparisonSubheading(c), { isSubtle: true, spacing: "None" }),
    ...(c.standing ? [text(c.standing)] : []),
    ...c.rows.slice(0, 100).map((r) => text(comparisonRowLine(r), { spacing: "None", ...(r.asker ? { weight: "Bolder" } : {}) })),
    ...[comparisonPeriodLine(c), printedBenchmarksLine(c), ...c.notes].flatMap((line) => (line ? [text(line, { isSubtle: true })] : [])),
  ]);
}
