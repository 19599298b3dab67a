// A comparison across councils in Block Kit: the measure, the asker's standing, each council's figure (the
// asker's in bold) and the printed benchmarks. The heading is a section, not a header: titles run past 150 characters.
import { comparisonHeading, comparisonPeriodLine, comparisonRowLine, comparisonSubheading, printedBenchmarksLine } from "../../core/format.ts";
import type { Comparison } from "../../core/views.ts";
import { type Block, context, escape, LIMITS, section } from "./block-kit.ts";
import { truncate } from "../../core/text.ts";

/** Rows kept within one section's 3,000 characters. */
const ROWS_SHOWN = 25;

export function comparisonBlocks(c: Comparison): Block[] {
  const rows = c.rows.slice(0, ROWS_SHOWN).map((r) => (r.asker ? `*${escape(comparisonRowLine(r))}*` : escape(comparisonRowLine(r))));
  if (c.rows.length > ROWS_SHOWN) rows.push(`and ${c.rows.length - ROWS_SHOWN} more.`);
  const benchmarks = printedBenchmarksLine(c);
  return [
    section(`*${escape(truncate(comparisonHeading(c), 500))}*`),
    context(escape(comparisonSubheading(c))),
    ...(c.standing ? [section(escape(c.standing))] : []),
    ...(rows.length ? [section(truncate(rows.join("\n"), LIMITS.sectionText))] : []),
    ...[comparisonPeriodLine(c), benchmarks, ...c.notes].flatMap((line) => (line ? [context(escape(line))] : [])),
  ];
}
