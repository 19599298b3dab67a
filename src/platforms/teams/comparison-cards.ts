// A comparison across councils as an Adaptive Card: the measure, the asker's standing, its dot plot where one was
// drawn in time, each council's figure (the asker's in bold) and the printed benchmarks.
import { comparisonHeading, comparisonPeriodLine, comparisonRowLine, comparisonSubheading, printedBenchmarksLine } from "../../core/format.ts";
import type { Comparison } from "../../core/views.ts";
import { type AdaptiveCard, card, type ChartImage, text } from "./card-kit.ts";

export function comparisonCard(c: Comparison, picture: ChartImage | null = null): AdaptiveCard {
  return card([
    text(comparisonHeading(c), { size: "Medium", weight: "Bolder" }),
    text(comparisonSubheading(c), { isSubtle: true, spacing: "None" }),
    ...(c.standing ? [text(c.standing)] : []),
    // The picture above the figures, never instead of them: they are what shows where it does not load.
    ...(picture ? [{ type: "Image", url: picture.url, altText: picture.alt, size: "Stretch", spacing: "Small" }] : []),
    ...c.rows.slice(0, 100).map((r) => text(comparisonRowLine(r), { spacing: "None", ...(r.asker ? { weight: "Bolder" } : {}) })),
    ...[comparisonPeriodLine(c), printedBenchmarksLine(c), ...c.notes].flatMap((line) => (line ? [text(line, { isSubtle: true })] : [])),
  ]);
}
