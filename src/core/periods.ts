// Reporting periods. The UK financial year runs 1 April to 31 March and is
// written 2016/17; Q1 = Apr-Jun ... Q4 = Jan-Mar. Dates are calendar dates (UTC midnight).

export type PeriodKind = "quarter" | "year" | "month" | "wave" | "span" | "date";

export interface Period {
  /** Canonical label: "Q2 2016/17", "2016/17", "Nov 2016", "Spring 2016". */
  label: string;
  kind: PeriodKind;
  start: Date;
  /** Last day of the period. */
  end: Date;
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH_LABELS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m + 1, 0));

function fyLabel(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, "0")}`;
}

/** "2016/17", "2016/2017" or "16/17" -> 2016, when the two halves are consecutive years. */
function fyStartYear(text: string): number | null {
  const short = /^(\d{2})\s*\/\s*(\d{2})$/.exec(text.trim());
  if (short) return (Number(short[1]) + 1) % 100 === Number(short[2]) ? 2000 + Number(short[1]) : null;
  const m = /^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$/.exec(text.trim());
  if (!m) return null;
  const start = Number(m[1]);
  const end = Number(m[2]);
  const endYear = m[2]!.length === 2 ? Math.floor(start / 100) * 100 + end : end;
  return endYear === start + 1 || (m[2]!.length === 2 && end === (start + 1) % 100) ? start : null;
}

export function quarter(q: 1 | 2 | 3 | 4, fyStart: number): Period {
  const startMonth = 3 + (q - 1) * 3; // April = 3
  const year = fyStart + Math.floor(startMonth / 12);
  const month = startMonth % 12;
  return { label: `Q${q} ${fyLabel(fyStart)}`, kind: "quarter", start: day(year, month, 1), end: lastDay(year, month + 2) };
}

export function financialYear(fyStart: number): Period {
  return { label: fyLabel(fyStart), kind: "year", start: day(fyStart, 3, 1), end: day(fyStart + 1, 2, 31) };
}

/** The financial year a day falls in: 15 Feb 2017 -> 2016/17. */
export function financialYearAt(date: Date): Period {
  return financialYear(date.getUTCFullYear() - (date.getUTCMonth() < 3 ? 1 : 0));
}

function month(monthIndex: number, year: number): Period {
  return { label: `${MONTH_LABELS[monthIndex]} ${year}`, kind: "month", start: day(year, monthIndex, 1), end: lastDay(year, monthIndex) };
}

// Survey waves: spring fieldwork runs in the first half of the calendar year, autumn in the second.
function wave(season: "Spring" | "Autumn", year: number): Period {
  return season === "Spring"
    ? { label: `Spring ${year}`, kind: "wave", start: day(year, 0, 1), end: day(year, 5, 30) }
    : { label: `Autumn ${year}`, kind: "wave", start: day(year, 6, 1), end: day(year, 11, 31) };
}

/** For labels that name no year ("Nov", "Apr - Jul"): the financial year they fall in. */
export interface PeriodContext {
  fyStart: number;
}

const monthIndex = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase());
/** The calendar year a month falls in, within a financial year: Jan-Mar belong to its second year. */
const yearInFy = (index: number, fyStart: number) => (index < 3 ? fyStart + 1 : fyStart);

/** Reads a period label; null when it is not one this knows. */
export function parsePeriod(raw: string, context?: PeriodContext): Period | null {
  let text = raw
    .replace(/[\u2012-\u2015]/g, "-")
    .replace(/\s+/g, " ")
    .replace(/\s+(result|results|outturn|target)$/i, "")
    .trim();
  // "End of September (Q2) 2017/18" names its quarter; "quarter 4 (January-March)" spells its months out.
  const named = /^end of [a-z]+\s*\((Q[1-4])\)\s*(.*)$/i.exec(text);
  if (named) text = `${named[1]} ${named[2]}`.trim();
  text = text.replace(/^quarter\s*([1-4])\b\s*(?:\([a-z]+\s*-\s*[a-z]+\))?\s*/i, "Q$1 ").trim();
  let m = /^Q([1-4])(?:\s+(.+))?$/i.exec(text);
  if (m) {
    const fy = m[2] === undefined ? context?.fyStart ?? null : fyStartYear(m[2]);
    return fy === null ? null : quarter(Number(m[1]) as 1 | 2 | 3 | 4, fy);
  }
  const fy = fyStartYear(text);
  if (fy !== null) return financialYear(fy);
  m = /^(spring|autumn)\s+(\d{4})$/i.exec(text);
  if (m) return wave(m[1]!.toLowerCase() === "spring" ? "Spring" : "Autumn", Number(m[2]));
  m = /^([a-z]{3})[a-z]*\.?\s+(\d{2}|\d{4})$/i.exec(text);
  if (m) {
    const index = monthIndex(m[1]!);
    const year = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
    if (index >= 0) return month(index, year);
  }
  // A span of months with its year ("Apr - Jul 2017/18"), as a span's label prints: read in that year.
  m = /^([a-z]{3,9}\s*(?:-|to)\s*[a-z]{3,9})\s+(\d{2,4}\s*\/\s*\d{2,4})$/i.exec(text);
  if (m && fyStartYear(m[2]!) !== null) return parsePeriod(m[1]!, { fyStart: fyStartYear(m[2]!)! });
  const date = parseReportDate(text);
  if (date) return { label: `${date.getUTCDate()} ${MONTH_LABELS[date.getUTCMonth()]} ${date.getUTCFullYear()}`, kind: "date", start: date, end: date };
  if (!context) return null;
  // Labels without a year: a month ("Nov") or a span of months ("Apr - Jul") in the context's financial year.
  m = /^([a-z]{3,9})\.?$/i.exec(text);
  if (m && monthIndex(m[1]!) >= 0) return month(monthIndex(m[1]!), yearInFy(monthIndex(m[1]!), context.fyStart));
  m = /^([a-z]{3,9})\s*(?:-|to)\s*([a-z]{3,9})$/i.exec(text);
  if (m && monthIndex(m[1]!) >= 0 && monthIndex(m[2]!) >= 0) {
    const [from, to] = [monthIndex(m[1]!), monthIndex(m[2]!)];
    const start = day(yearInFy(from, context.fyStart), from, 1);
    const end = lastDay(yearInFy(to, context.fyStart), to);
    if (start <= end) return { label: `${MONTH_LABELS[from]} - ${MONTH_LABELS[to]} ${fyLabel(context.fyStart)}`, kind: "span", start, end };
  }
  return null;
}

/** The financial quarter a moment falls in, by the calendar date in the given time zone. */
export function currentQuarter(now: Date, timeZone = "Europe/London"): Period {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "numeric" }).formatToParts(now);
  const year = Number(parts.find((p) => p.type === "year")!.value);
  const monthNumber = Number(parts.find((p) => p.type === "month")!.value) - 1;
  const fyStart = monthNumber < 3 ? year - 1 : year;
  return quarter((Math.floor(((monthNumber + 9) % 12) / 3) + 1) as 1 | 2 | 3 | 4, fyStart);
}

/** The period just before: Q1 2016/17 -> Q4 2015/16; 2016/17 -> 2015/16. */
export function previousPeriod(period: Period): Period | null {
  return shiftPeriod(period, -1);
}

/** The same period a year before: Q2 2016/17 -> Q2 2015/16; Spring 2016 -> Spring 2015. */
export function periodYearBefore(period: Period): Period | null {
  const fy = /^(Q[1-4] )?(\d{4})\/\d{2}$/.exec(period.label);
  if (fy) return parsePeriod(`${fy[1] ?? ""}${fyLabel(Number(fy[2]) - 1)}`);
  const named = /^(\S+) (\d{4})$/.exec(period.label);
  return named ? parsePeriod(`${named[1]} ${Number(named[2]) - 1}`) : null;
}

/** The period just after: Q4 2016/17 -> Q1 2017/18; Dec 2016 -> Jan 2017; Spring 2016 -> Autumn 2016. Null for dates and spans. */
export function nextPeriod(period: Period): Period | null {
  return shiftPeriod(period, 1);
}

/** Quarters, years and months by any number of steps; survey waves by one, back or forward. */
function shiftPeriod(period: Period, steps: number): Period | null {
  const m = /^Q([1-4]) (\d{4})\/\d{2}$/.exec(period.label);
  if (period.kind === "quarter" && m) {
    const index = Number(m[2]) * 4 + Number(m[1]) - 1 + steps;
    return quarter(((index % 4) + 1) as 1 | 2 | 3 | 4, Math.floor(index / 4));
  }
  if (period.kind === "year") return financialYear(period.start.getUTCFullYear() + steps);
  if (period.kind === "month") {
    const index = period.start.getUTCFullYear() * 12 + period.start.getUTCMonth() + steps;
    return month(index % 12, Math.floor(index / 12));
  }
  if (period.kind === "wave") {
    const spring = period.label.startsWith("Spring");
    const year = period.start.getUTCFullYear();
    if (steps < 0) return spring ? wave("Autumn", year - 1) : wave("Spring", year);
    return spring ? wave("Autumn", year) : wave("Spring", year + 1);
  }
  return null;
}

/**
 * The period most of these labels name, on a tie the later: the period most indicators last reported, which
 * the digest's summary chart counts "as at" and a report asked for without a period is for.
 */
export function mostReportedPeriod(labels: Iterable<string>): Period | null {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  let best: { period: Period; count: number } | null = null;
  for (const [label, count] of counts) {
    const period = parsePeriod(label);
    if (period && (!best || count > best.count || (count === best.count && period.end > best.period.end))) best = { period, count };
  }
  return best?.period ?? null;
}

/** Oldest first; a longer period sorts after the shorter ones that end with it. */
export function comparePeriods(a: { start: Date; end: Date }, b: { start: Date; end: Date }): number {
  return a.end.getTime() - b.end.getTime() || a.start.getTime() - b.start.getTime();
}

/** Dates as reports print them: 31-Mar-2017, 16-June-2017, 01 June 2017, 19th January 2017, Tuesday 5th December 2017. */
export function parseReportDate(raw: string): Date | null {
  const m = /^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(\d{1,2})(?:st|nd|rd|th)?[\s-]([a-z]{3})[a-z]*,?[\s-](\d{4})$/i.exec(raw.trim());
  if (!m) return null;
  const monthIndex = MONTHS.indexOf(m[2]!.toLowerCase());
  if (monthIndex < 0) return null;
  const date = day(Number(m[3]), monthIndex, Number(m[1]));
  return date.getUTCDate() === Number(m[1]) ? date : null;
}
