// What a column of a council's indicator table holds, read from its heading as councils write it:
// matched without regard to case, spacing and punctuation, with the period a heading names
// ("Q2 2016/17 Result", "2017/18 Target", "Annual 2016/17 Target") kept with it.
import { parsePeriod, type Period, type PeriodContext } from "../periods.ts";

export const FIELDS = [
  "ref",
  "title",
  "description",
  "polarity",
  "target",
  "result",
  "fraction",
  "numerator",
  "denominator",
  "dotShort",
  "dotLong",
  "rag",
  "benchmark",
  "service",
  "commentary",
  "frequency",
  "aggregation",
  "national",
] as const;
export type Field = (typeof FIELDS)[number];

export interface Column {
  field: Field;
  /** The period the heading names; null where the cell or the import's period says it. */
  period: Period | null;
  /** "Annual Target" without a year: the import's financial year. */
  annual?: boolean;
}

/** Lower case, words only: "DOT Short Term (From previous Quarter)" -> "dot short term from previous quarter". */
export function headingWords(heading: string): string {
  return heading
    .replace(/<[^>]*>/g, " ")
    .toLowerCase()
    .replace(/[^a-z0-9/&]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Headings that say what they hold without a period. */
const PLAIN: [RegExp, Field][] = [
  [/^(ref|ref no|reference|no|number|pi ref|pi no|kpi ref|indicator ref|code|id)$/, "ref"],
  [/^(indicator|indicator description|indicator name|indicator title|short name|name|title|measure|kpi|performance indicator)$/, "title"],
  [/^(description|definition|long name|full description)$/, "description"],
  [/^(polarity|aim|minimise or maximise|maximise or minimise|good performance is|higher or lower is better|is bigger better)$/, "polarity"],
  [/^(numerator and denominator|numerator denominator|numerator \/ denominator)$/, "fraction"],
  [/^numerator$/, "numerator"],
  [/^denominator$/, "denominator"],
  [/^(dot|direction|direction of travel|dot short term|short term dot|trend)( .*)?$/, "dotShort"],
  [/^(rag|rag rating|rag status|status|rating)$/, "rag"],
  [/^(benchmark|benchmarking|benchmarks|comparator|comparators)( .*)?$/, "benchmark"],
  [/^(service|service area|dept|department|directorate|division)$/, "service"],
  [/^(comments?|commentary|narrative|comments and proposed intervention|commentary and proposed intervention|notes?)$/, "commentary"],
  [/^(frequency|reporting frequency)$/, "frequency"],
  [/^(aggregation|cumulative or snapshot|snapshot or cumulative|measure type|type of measure|calculation)$/, "aggregation"],
  [/^(latest performance|latest result|latest|result|actual|performance|outturn|current performance)$/, "result"],
  [/^target$/, "target"],
  // A column of national codes beside the council's own refs (ASCOF 1C(2A), NI 192): compared across councils.
  [/^(national code|national codes|national indicator|national measure|ascof|ascof code|ascof ref|ascof measure|ni ref|ni code|phof code|phof indicator)$/, "national"],
];

const TARGET_WORDS = /^(annual )?(.*?) ?(annual )?target( .*)?$/;
/** A period and then what the column holds for it: "Q2 2016/17 RAG", "Nov 2016 Numerator" (as kpi export writes them). */
const PERIOD_THEN_FIELD = /^(q[1-4] \d{4}\/\d{2}|\d{4}\/\d{2}|[a-z]{3} \d{4}|(?:spring|autumn) \d{4}) (.+)$/;
const RESULT_WORDS = /^(.*?) ?(result|results|outturn|actual|performance)$/;

/** The column a heading names; null for one this does not know (map it with --map). "Q2 Target" needs the table's year (context). */
export function readHeading(heading: string, context?: PeriodContext): Column | null {
  const words = headingWords(heading);
  if (!words) return null;
  // "DOT Long Term (From Q2 previous Year)": the long-term direction, whatever period it names.
  if (/^(dot|direction of travel) long/.test(words) || /^long term (dot|direction)/.test(words)) return { field: "dotLong", period: null };
  for (const [pattern, field] of PLAIN) if (pattern.test(words)) return { field, period: null };

  const periodFirst = PERIOD_THEN_FIELD.exec(words);
  if (periodFirst) {
    const long = /^(dot|direction of travel) long/.test(periodFirst[2]!);
    const field = long ? "dotLong" : PLAIN.find(([pattern]) => pattern.test(periodFirst[2]!))?.[1];
    const period = periodIn(periodFirst[1]!, context);
    if (period && field && ["numerator", "denominator", "fraction", "rag", "dotShort", "dotLong", "commentary"].includes(field)) return { field, period };
  }
  const target = TARGET_WORDS.exec(words);
  if (target) {
    const annual = Boolean(target[1] || target[3]);
    const named = target[2] ? periodIn(target[2], context) : null;
    if (named) return { field: "target", period: named };
    if (!target[2] || target[2] === "annual") return { field: "target", period: null, annual };
  }
  const result = RESULT_WORDS.exec(words);
  if (result) {
    const named = periodIn(result[1]!, context);
    if (named) return { field: "result", period: named };
  }
  return null;
}

/** A period in heading words ("q2 2016/17", "2016/17"), as parsePeriod reads them back from the lower-cased text. */
function periodIn(words: string, context?: PeriodContext): Period | null {
  return parsePeriod(words.replace(/\bq([1-4])\b/, "Q$1"), context) ?? null;
}

/** "--map" values: "Perf Ind No=ref", "Q3 Actual=result:Q3 2016/17". */
export function readMapping(text: string): { heading: string; column: Column } | string {
  const at = text.lastIndexOf("=");
  if (at <= 0) return `--map “${text}”: write it as "<heading>=<field>", for example "PI No=ref".`;
  const heading = text.slice(0, at).trim();
  const [field, periodText] = text.slice(at + 1).trim().split(/:(.*)/s) as [string, string | undefined];
  if (!(FIELDS as readonly string[]).includes(field)) return `--map “${text}”: ${field} is not a field; the fields are ${FIELDS.join(", ")}.`;
  let period: Period | null = null;
  if (periodText !== undefined) {
    period = parsePeriod(periodText);
    if (!period) return `--map “${text}”: ${periodText} is not a period.`;
  }
  return { heading, column: { field: field as Field, period } };
}
