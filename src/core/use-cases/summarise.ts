// Counts per RAG level, improved-or-same against worsened, and without a
// direction of travel, overall, by indicator type and by service: seed 002 §3.1.
// Of the latest results, or (for the committee report) as of a period.
import { groupBy } from "../group-by.ts";
import { buildIndicatorCard, recordAsOf } from "../indicator-card.ts";
import type { Catalogue, IndicatorRecord, PeriodRef } from "../ports.ts";
import { parsePeriod } from "../periods.ts";
import { LEVELS } from "../ratings.ts";
import { catalogueScope, EVERYWHERE, inScope, scopeText, type Scope } from "../services.ts";
import type { IndicatorCard, Summary, SummaryRow, SummarySection } from "../views.ts";

/** One row of counts: also what the digest's summary chart counts, now and as at the period before. */
export function summaryRow(label: string, cards: IndicatorCard[], levels: string[]): SummaryRow {
  const counts = levels.map((level) => cards.filter((c) => c.latest?.rating.level === level).length);
  const rated = counts.reduce((a, b) => a + b, 0);
  // Long-term direction, as the report's summary counts it.
  const improvedOrSame = cards.filter((c) => c.latest?.dotLong === "Improving" || c.latest?.dotLong === "Same").length;
  const worsened = cards.filter((c) => c.latest?.dotLong === "Worsening").length;
  return { label, counts, rated, notRated: cards.length - rated, improvedOrSame, worsened, noDirection: cards.length - improvedOrSame - worsened, total: cards.length };
}

function groupRows(cards: IndicatorCard[], key: (c: IndicatorCard) => string, levels: string[]): SummaryRow[] {
  return [...groupBy(cards, key).entries()].sort(([a], [b]) => a.localeCompare(b)).map(([label, members]) => summaryRow(label, members, levels));
}

function oldestFirst(labels: string[]): string[] {
  const end = (label: string) => parsePeriod(label)?.end.getTime() ?? Number.POSITIVE_INFINITY;
  return labels.sort((a, b) => end(a) - end(b) || a.localeCompare(b));
}

/** An indicator's card as of the period, and its last result up to the period's end where that falls in the period. */
function asOfPeriod(record: IndicatorRecord, period: PeriodRef) {
  const card = buildIndicatorCard(recordAsOf(record, period));
  const latest = card.latest ? record.results.find((r) => r.period.label === card.latest!.period) : undefined;
  return { card, inPeriod: latest && latest.period.end >= period.start ? latest : null };
}

/**
 * The cards of the indicators that report in the period, each built as of the period (its result for the period,
 * rated against that period's target): an indicator whose last result up to the period's end is from an earlier
 * period does not report in it, nor one whose entry for the period holds no figure ("N/A": nothing to rate or
 * count). Retired indicators count in the periods they reported.
 */
export function cardsReportingIn(records: IndicatorRecord[], period: PeriodRef): { record: IndicatorRecord; card: IndicatorCard }[] {
  const reporting: { record: IndicatorRecord; card: IndicatorCard }[] = [];
  for (const record of records) {
    const { card, inPeriod } = asOfPeriod(record, period);
    if (inPeriod && inPeriod.value !== null) reporting.push({ record, card });
  }
  return reporting;
}

/** The indicators whose entry for the period holds no figure ("N/A", "New (2016/17)"), with that entry as recorded. */
export function entriesWithoutFigureIn(records: IndicatorRecord[], period: PeriodRef): { record: IndicatorRecord; text: string }[] {
  return records.flatMap((record) => {
    const { inPeriod } = asOfPeriod(record, period);
    return inPeriod && inPeriod.value === null ? [{ record, text: inPeriod.text }] : [];
  });
}

/**
 * The summary of the scope's indicators; no sections when it has none (ask says why). With a period: of the
 * indicators reporting in it, as of that period (what the committee report's overview prints).
 */
export async function summarise(catalogue: Catalogue, scope: Scope = EVERYWHERE, period: PeriodRef | null = null): Promise<Summary> {
  const records = (await catalogue.indicators({ ...catalogueScope(scope), includeRetired: period !== null })).filter((r) => inScope(scope, r));
  const cards = period ? cardsReportingIn(records, period) : records.map((record) => ({ record, card: buildIndicatorCard(record) }));
  const byOrganisation = new Map<string, { cards: IndicatorCard[]; levels: string[] }>();
  for (const { record, card } of cards) {
    const entry = byOrganisation.get(record.organisation) ?? { cards: [], levels: LEVELS[record.ragPolicy.scheme] };
    entry.cards.push(card);
    byOrganisation.set(record.organisation, entry);
  }
  const sections: SummarySection[] = [...byOrganisation.entries()].map(([organisation, { cards, levels }]) => ({
    organisation,
    levels,
    periods: oldestFirst([...new Set(cards.map((c) => c.latest?.period).filter((p): p is string => Boolean(p)))]),
    overall: summaryRow("Overall", cards, levels),
    byType: groupRows(cards, (c) => c.type ?? "Other", levels),
    byService: groupRows(cards, (c) => c.service ?? "No service", levels),
  }));
  const where = scopeText(scope);
  return { kind: "summary", heading: `Performance summary${where ? `: ${where}` : ""}${period ? `, ${period.label}` : ""}`, sections };
}
