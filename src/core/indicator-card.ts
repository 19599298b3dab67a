// Builds the indicator card view model from stored records: the latest result
// against its target, the computed rating and direction of travel beside what
// the report recorded, and flags where the two disagree.
import { comparisonFor, fractionWords, monthsInto, shortName, type Comparison } from "./aggregation.ts";
import { commonUnit, parseFigure, type Unit } from "./figures.ts";
import { shortDate, trendline } from "./format.ts";
import { POLARITY_LABELS } from "./polarity.ts";
import { comparePeriods, financialYearAt, parsePeriod, periodYearBefore, previousPeriod, type Period } from "./periods.ts";
import type { IndicatorRecord, PeriodRef, ResultRecord, TargetRecord } from "./ports.ts";
import { direction, rate, recordedDirection, recordedLevel, type Direction } from "./ratings.ts";
import type { FigureView, IndicatorCard, RatingView } from "./views.ts";
import { numberText } from "./number-text.ts";
import { truncate } from "./text.ts";


const figure = (r: ResultRecord | TargetRecord): FigureView => ({ period: r.period.label, value: r.value, display: r.text });

/** The financial year a period lies wholly inside; null for one that straddles two (a spring survey wave). */
function financialYearOf(period: PeriodRef): Period | null {
  const year = financialYearAt(period.start);
  return period.end <= year.end ? year : null;
}

export interface TargetUsed {
  target: TargetRecord;
  /** Set where the financial year's target stands in as it is, with why: "2016/17; Q3 has no target of its own; a rate, so compared with the year's target as it stands". */
  annualNote: string | null;
  /** Set where an additive figure is compared with a target to date, with how it was found and why: "half of Q2's 400: a running total, as its period targets show". */
  toDateNote: string | null;
}

/**
 * The target a period's result is rated against: the period's own Target row wherever there is one, even
 * one that is not a figure (`N/A` for the quarter stays Not rated). Where the period has no row at all,
 * `comparison` decides: an additive figure is compared with the target to date (between the period
 * targets the table prints, else the year's pro rata by the months elapsed), anything else with its
 * financial year's target as it stands. The notes say which, and why.
 */
export function targetForPeriod(targets: TargetRecord[], period: PeriodRef, comparison: Comparison): TargetUsed | null {
  const own = targets.find((t) => t.period.label === period.label);
  if (own) return { target: own, annualNote: null, toDateNote: null };
  const year = financialYearOf(period);
  const annual = year && year.label !== period.label ? targets.find((t) => t.period.label === year.label) : undefined;
  if (!year || !annual) return null;
  const toDate = comparison.compare === "to_date" ? targetToDate(targets, year, annual, period) : null;
  if (toDate) {
    return { target: { period: annual.period, text: toDate.text, value: toDate.value, low: null, high: null }, annualNote: null, toDateNote: `${toDate.how}: ${comparison.why}` };
  }
  const none = `${year.label}; ${shortName(period.label, year.label)} has no target of its own`;
  if (comparison.compare === "as_it_stands") return { target: annual, annualNote: `${none}; ${comparison.why}, so compared with the year's target as it stands`, toDateNote: null };
  // A running total at the year's end is compared with the whole year's target; one whose targets give no
  // target to date (a range, a word) with the year's as it stands, and says so.
  const whole = monthsInto(period) >= 12;
  return { target: annual, annualNote: `${none}; ${comparison.why}, ${whole ? "so compared with the whole year's target" : "but its targets give no target to date, so compared with the year's target as it stands"}`, toDateNote: null };
}

/**
 * An additive figure's target to date: on the line from the nearest target before the period (the year's
 * start, at nothing, where there is none) to the nearest one after it (a later period's, else the year's).
 * AC/S17: 800 for the year, 400 at Q2, so 200 at Q1 ("half of Q2's 400").
 */
function targetToDate(targets: TargetRecord[], year: Period, annual: TargetRecord, period: PeriodRef): { value: number; text: string; how: string } | null {
  const months = monthsInto(period);
  const annualFigure = parseFigure(annual.text);
  if (months >= 12) return null;
  const points = targets
    .filter((t) => t.period.start >= year.start && t.period.end <= year.end)
    .flatMap((t) => {
      const f = parseFigure(t.text);
      return f.kind === "number" || f.kind === "bound" ? [{ months: monthsInto(t.period), value: f.value, unit: f.unit, name: t === annual ? `the ${year.label} target` : `${shortName(t.period.label, year.label)}'s`, text: t.text }] : [];
    });
  const after = points.filter((p) => p.months > months).sort((a, b) => a.months - b.months)[0];
  if (!after) return null;
  const before = points.filter((p) => p.months < months).sort((a, b) => b.months - a.months)[0] ?? null;
  const from = before ?? { months: 0, value: 0 };
  const exact = from.value + ((after.value - from.value) * (months - from.months)) / (after.months - from.months);
  const unit = annualFigure.kind === "number" || annualFigure.kind === "bound" ? annualFigure.unit : after.unit;
  // Counts are whole: "200", not "200.0"; other amounts keep a decimal place.
  const whole = unit === null && points.every((p) => Number.isInteger(p.value));
  // Rounded as written (192.7 / 2 is 96.35, so 96.4), not as binary floating point holds it (96.3499...).
  const value = whole ? Math.round(exact) : Math.round(Number((exact * 10).toPrecision(12))) / 10;
  const named = (p: { name: string; text: string }) => `${p.name} ${p.text}`;
  const how = before ? `between ${named(before)} and ${named(after)}` : `${fractionWords(months, after.months)} ${named(after)}`;
  return { value, text: withUnit(value, unit, after.text), how };
}

/** An amount written as its targets write it: "200", "58%", "£4.5m", "4 days". */
const withUnit = (value: number, unit: Unit, like: string) => {
  if (unit === "£" && /m\s*$/i.test(like)) return `£${numberText(value / 1e6, 2)}m`;
  const digits = numberText(value, 1);
  return unit === "%" ? `${digits}%` : unit === "£" ? `£${digits}` : unit === "days" ? `${digits} days` : digits;
};

/** Why there is nothing to compare with in `label`: no result, or one that is not a figure ("N/A"). */
const noFigure = (label: string, found: ResultRecord | null): string | null => (!found ? `no figure for ${label}` : found.value === null ? `no figure for ${label}: “${found.text}”` : null);

/** "Retired 1 Dec 2026 by jo@council.gov.uk: replaced by AC/S12." */
export const retiredLine = (retired: { at: Date; by: string; note: string | null }): string => `Retired ${shortDate(retired.at)} by ${retired.by}${retired.note ? `: ${retired.note.replace(/\.$/, "")}` : ""}.`;

/** The rating a figure would have as the period's result: what an update form warns of and the review channel shows. */
export function ratingIfResult(record: IndicatorRecord, period: PeriodRef, figure: { text: string; value: number }): RatingView | null {
  const proposed = { period: { label: period.label, start: period.start, end: period.end }, ...figure, numerator: null, denominator: null, ragRecorded: null, dotShortRecorded: null, dotLongRecorded: null, restatedFrom: null };
  const trial = buildIndicatorCard({ ...record, provisional: null, results: [...record.results.filter((r) => r.period.label !== period.label), proposed] });
  return trial.latest?.period === period.label ? trial.latest.rating : null;
}

/**
 * The record as a report for `period` sees it: results and commentary up to the period's end (the figures as
 * the database holds them now, so a later restatement stands, with its flag), no later submission awaiting
 * review. A card built from it is that period's card: its latest result, rating and directions of travel.
 */
export function recordAsOf(record: IndicatorRecord, period: PeriodRef): IndicatorRecord {
  const upTo = (p: PeriodRef) => p.end <= period.end;
  const labels = new Set(record.results.filter((r) => upTo(r.period)).map((r) => r.period.label));
  return {
    ...record,
    results: record.results.filter((r) => upTo(r.period)),
    commentary: record.commentary.filter((c) => c.period === null || labels.has(c.period)),
    provisional: record.provisional && upTo(record.provisional.period) ? record.provisional : null,
  };
}

/** How much of its commentary a card shows, in characters: the rest is a press of Full commentary away, on every platform. */
export const COMMENTARY_SHOWN = 500;

/** How many of the latest periods a card's trend line shows. */
export const TREND_PERIODS = 8;

// Cards are values computed from a record: a record that is read again (a cached
// catalogue hands out the same objects) gets the card already built.
const built = new WeakMap<IndicatorRecord, IndicatorCard>();

export function buildIndicatorCard(record: IndicatorRecord): IndicatorCard {
  let card = built.get(record);
  if (!card) {
    card = computeCard(withProvisional(record));
    built.set(record, card);
  }
  return card;
}

/**
 * The card, built afresh where none is kept, and not kept: for a question over every record (a list by
 * level) that keeps only what it shows, so that 10,000 cards with every period's figures are not held.
 */
export function transientIndicatorCard(record: IndicatorRecord): IndicatorCard {
  return built.get(record) ?? computeCard(withProvisional(record));
}

/**
 * A submission awaiting review stands in for its period's result, marked provisional in the
 * figure itself (so every list and card shows it so) and in a flag saying who submitted it.
 */
function withProvisional(record: IndicatorRecord): IndicatorRecord {
  const p = record.provisional;
  if (!p) return record;
  const others = record.results.filter((r) => r.period.label !== p.period.label);
  const result = { period: p.period, text: `${p.text} (provisional)`, value: p.value, numerator: null, denominator: null, ragRecorded: null, dotShortRecorded: null, dotLongRecorded: null, restatedFrom: null };
  return { ...record, results: [...others, result], commentary: [...record.commentary, { period: p.period.label, text: p.commentary }] };
}

function computeCard(record: IndicatorRecord): IndicatorCard {
  const results = [...record.results].sort((a, b) => comparePeriods(a.period, b.period));
  const latest = results.at(-1) ?? null;
  const targetFor = (label: string) => record.targets.find((t) => t.period.label === label) ?? null;
  const resultFor = (label: string | undefined) => (label ? results.find((r) => r.period.label === label) ?? null : null);
  // Written out rather than spread: a card is kept per record, and a spread object holds the added field in a second allocation.
  const history = results.map((r) => ({ period: r.period.label, value: r.value, display: r.text, target: targetFor(r.period.label)?.text ?? null }));
  // Worked out once per card, not per answer: every card shown draws it.
  const recent = history.slice(-TREND_PERIODS);
  const flags: string[] = [];
  const p = record.provisional;
  if (record.retired) flags.push(retiredLine(record.retired));
  if (p) flags.push(`Provisional: ${p.text} for ${p.period.label} submitted by ${p.submittedBy} on ${shortDate(p.at)}, awaiting review.`);

  let latestView: IndicatorCard["latest"] = null;
  if (latest) {
    const period = parsePeriod(latest.period.label);
    const comparison = comparisonFor({ title: record.title, aggregation: record.aggregation ?? null, targets: record.targets, results });
    // A monitored indicator is rated against nothing: no year's target stands in for its period's.
    const against = record.polarity === "monitor" ? null : targetForPeriod(record.targets, latest.period, comparison);
    const target = against?.target ?? targetFor(latest.period.label);
    const annualNote = against?.annualNote ?? null;
    const toDateNote = against?.toDateNote ?? null;
    // The year's target beside the period's own (a quarter's, a month's, a target to date), for any period inside one year.
    const year = financialYearOf(latest.period);
    const annual = year && year.label !== latest.period.label && !annualNote ? targetFor(year.label) : null;
    // Short term: the period just before, of the same series, and no other; a running total never across an April.
    const before = period ? previousPeriod(period) : null;
    const crossesApril = before !== null && comparison.compare === "to_date" && financialYearAt(before.start).label !== financialYearAt(latest.period.start).label;
    const previous = crossesApril ? null : resultFor(before?.label);
    const yearBeforePeriod = period ? periodYearBefore(period) : null;
    const yearBefore = resultFor(yearBeforePeriod?.label);
    const shortWhy = crossesApril ? `${shortName(latest.period.label, financialYearAt(latest.period.start).label)} starts a new running total` : before ? noFigure(before.label, previous) : null;
    const longWhy = yearBeforePeriod ? noFigure(yearBeforePeriod.label, yearBefore) : null;
    // Direction of travel by the period's own range only: the year's standing in changes the rating, not the direction.
    const range = target && !annualNote && !toDateNote && target.low !== null && target.high !== null ? { low: target.low, high: target.high } : null;

    const computed = rate({
      polarity: record.polarity,
      result: latest.text,
      target: target?.text ?? null,
      comparison: (yearBefore?.value ?? null) !== null ? { value: yearBefore!.value, period: yearBefore!.period.label } : previous ? { value: previous.value, period: previous.period.label } : null,
      policy: record.ragPolicy,
      annualNote,
      toDateNote,
    });
    const rating: RatingView = computed.rated
      ? { level: computed.level, reason: computed.basis, shortfall: computed.shortfall }
      : { level: "Not rated", reason: target ? computed.reason : `no target for ${latest.period.label}`, shortfall: null };
    const dotShort = direction(record.polarity, latest.value, previous?.value ?? null, range);
    const dotLong = direction(record.polarity, latest.value, yearBefore?.value ?? null, range);

    const disagreement = (term: string, recordedText: string | null, figures: Direction | null, earlier: ResultRecord | null) => {
      const recorded = recordedDirection(recordedText);
      if (recorded && figures && earlier && recorded !== figures) {
        flags.push(
          `${term} direction of travel recorded as ${recorded}, but the figures say ${figures}: ${latest.text} in ${latest.period.label} against ${earlier.text} in ${earlier.period.label} (${POLARITY_LABELS[record.polarity].toLowerCase()}).`,
        );
      }
    };
    disagreement("Short-term", latest.dotShortRecorded, dotShort, previous);
    disagreement("Long-term", latest.dotLongRecorded, dotLong, yearBefore);
    const levelRecorded = recordedLevel(latest.ragRecorded);
    if (levelRecorded && computed.rated && levelRecorded !== computed.level) {
      flags.push(`RAG recorded as ${levelRecorded}, but the figures give ${computed.level}: ${computed.basis}.`);
    }

    latestView = {
      period: latest.period.label,
      value: latest.value,
      display: latest.text,
      target: target ? { period: target.period.label, value: target.value, display: target.text, low: target.low, high: target.high, annualNote, toDateNote } : null,
      annualTarget: annual ? figure(annual) : null,
      numerator: latest.numerator,
      denominator: latest.denominator,
      previous: previous ? figure(previous) : null,
      yearBefore: yearBefore ? figure(yearBefore) : null,
      rating,
      ratingRecorded: latest.ragRecorded,
      dotShort,
      dotLong,
      dotShortRecorded: latest.dotShortRecorded,
      dotLongRecorded: latest.dotLongRecorded,
      // Why a direction is n/a, where the polarity allows one: "no figure for Q4 2015/16".
      dotShortWhyNot: dotShort === null && record.polarity !== "monitor" ? shortWhy : null,
      dotLongWhyNot: dotLong === null && record.polarity !== "monitor" ? longWhy : null,
    };
  }

  for (const r of results) {
    if (r.restatedFrom) flags.push(`${r.period.label} restated: now ${r.text}, earlier reported as ${r.restatedFrom}.`);
  }

  const latestCommentary = record.commentary.at(-1);
  const commentary = latestCommentary ? { period: latestCommentary.period, text: latestCommentary.text, short: truncate(latestCommentary.text, COMMENTARY_SHOWN) } : null;
  return {
    kind: "indicator",
    ref: record.ref,
    title: record.title,
    organisation: record.organisation,
    polarity: record.polarity,
    polarityText: record.polarityText,
    service: record.service,
    priority: record.priority,
    type: record.type,
    frequency: record.frequency,
    codes: record.codes,
    latest: latestView,
    history,
    trend: { periods: recent, ...trendline(recent.map((h) => h.value), commonUnit(recent.map((h) => h.display))) },
    benchmarkText: record.benchmarkText,
    benchmarks: record.benchmarks.map((b) => ({ display: b.text, comparator: b.comparator, source: b.source })),
    commentary,
    owners: record.owners.map(({ name, email, slackUserId, teamsUserId }) => ({ name, email, slackUserId, teamsUserId })),
    flags,
  };
}
