// The committee report for an organisation (or one of its services) and a period: the overview from the
// summary use case, each indicator's card built as of the period, comments for those off target, and the
// key actions. Nothing here rates or counts indicators itself: the cards and the summary do.
import { indicatorChart, type IndicatorChart } from "../charts.ts";
import type { CommitteeReport, ReportActionRow, ReportActionSection, ReportComment, ReportIndicatorRow, ReportPriorityGroup } from "../committee-report.ts";
import { comparisonCell, countWithShare } from "../format.ts";
import { comparisonOf, NO_SHARING, type Comparing } from "./compare.ts";
import { groupBy } from "../group-by.ts";
import { parsePeriod, type Period } from "../periods.ts";
import type { ActionRecord, Catalogue, ServiceRecord } from "../ports.ts";
import { recordAsOf } from "../indicator-card.ts";
import { describeBands, figureMove, LEVELS, recordedDirection, recordedLevel, type Direction } from "../ratings.ts";
import { organisationCalled } from "../services.ts";
import { compareRefs, searchWords } from "../text.ts";
import type { Comparison, FigureView, IndicatorCard } from "../views.ts";
import { cardsReportingIn, entriesWithoutFigureIn, summarise } from "./summarise.ts";
import { serviceNamed } from "./subscribe.ts";

export interface ReportRequest {
  /** Its slug or name, as people type it. */
  organisation: string;
  /** "Q1 2016/17", as the reports write it. */
  period: string;
  /** A service's name or words of it ("Commissioning Group", "adults"); none: the whole organisation. */
  service?: string | null;
  now: Date;
  /** Each row's trend chart as a view model (the renderers draw it); left out, the rows have none and cost nothing more. */
  charts?: boolean;
  /** For the comparison column: which councils share, and the published tables. Left out, the column says what the printed benchmarks say. */
  comparing?: Comparing;
}

export type ReportOutcome = { ok: true; report: CommitteeReport } | { ok: false; problem: "organisation" | "period" | "service" | "empty"; message: string };

const NO_PRIORITY = "Other indicators";

const ACTION_KINDS: { kind: string; heading: string }[] = [
  { kind: "key_action", heading: "Key actions" },
  { kind: "commissioning_intention", heading: "Commissioning intentions" },
  { kind: "key_commissioning_activity", heading: "Key commissioning activities" },
  { kind: "measure_of_success", heading: "Measures of success" },
];

function findService(services: ServiceRecord[], organisation: string, wanted: string): { ok: true; service: ServiceRecord } | { ok: false; message: string } {
  const exact = services.find((s) => s.organisation === organisation && s.name.toLowerCase() === wanted.trim().toLowerCase());
  if (exact) return { ok: true, service: exact };
  const named = serviceNamed(services, organisation, searchWords(wanted));
  if (!named.ok) return named;
  return named.service ? { ok: true, service: named.service } : { ok: false, message: "Say which service, or leave --service out for the whole organisation." };
}

/** Groups rows under their corporate priority, priorities in the order they first come. */
function byPriority<T>(items: { priority: string | null; row: T }[]): ReportPriorityGroup<T>[] {
  const groups = groupBy(items, (item) => item.priority ?? NO_PRIORITY);
  // Rows with no priority go last, whatever their order.
  return [...groups.entries()].sort(([a], [b]) => Number(a === NO_PRIORITY) - Number(b === NO_PRIORITY)).map(([priority, members]) => ({ priority, rows: members.map((m) => m.row) }));
}

function directionCell(computed: Direction | null, recordedText: string | null, current: number | null, against: FigureView | null, whyNot: string | null | undefined) {
  const recorded = recordedDirection(recordedText);
  return { computed, recorded: recordedText, differs: Boolean(computed && recorded && computed !== recorded), against, move: computed ? figureMove(current, against?.value) : null, whyNot: whyNot ?? null };
}

/** A card's row of the indicator table: the report's columns, from the card built as of the report's period. */
export function indicatorRow(card: IndicatorCard, chart: IndicatorChart | null, comparison: Comparison | null = null): ReportIndicatorRow {
  const latest = card.latest!;
  const target = latest.target;
  const recordedRating = recordedLevel(latest.ratingRecorded);
  return {
    ref: card.ref,
    title: card.title,
    polarity: card.polarityText,
    type: card.type,
    // Where the year's target stands in for the period's, it is the annual target.
    annualTarget: latest.annualTarget?.display ?? (target?.annualNote ? target.display : null),
    periodTarget: target && !target.annualNote ? target.display : null,
    // Which comparison was made, and why: "2016/17; Q1 has no target of its own; a rate, so ..." less its year
    // (the annual target column names it), or "target to date, half of Q2's 400: a running total, ...".
    targetNote: target?.annualNote ? target.annualNote.split("; ").slice(1).join("; ") : target?.toDateNote ? `target to date, ${target.toDateNote}` : null,
    result: latest.display,
    fraction: latest.numerator !== null && latest.denominator !== null ? `${latest.numerator}/${latest.denominator}` : null,
    dotShort: directionCell(latest.dotShort, latest.dotShortRecorded, latest.value, latest.previous, latest.dotShortWhyNot),
    dotLong: directionCell(latest.dotLong, latest.dotLongRecorded, latest.value, latest.yearBefore, latest.dotLongWhyNot),
    rating: { ...latest.rating, recorded: latest.ratingRecorded, differs: Boolean(recordedRating && latest.rating.level !== "Not rated" && recordedRating !== latest.rating.level) },
    benchmark: card.benchmarkText ?? (card.benchmarks.map((b) => b.display).join("; ") || null),
    comparison: comparison ? comparisonCell(comparison) : null,
    flags: card.flags,
    trend: card.history.map(({ period, value, display }) => ({ period, value, display })),
    chart,
  };
}

/** An accepted update keeps its proposed intervention after the comment, under this heading. */
const INTERVENTION = /\n\nIntervention: /;

function commentOf(card: IndicatorCard, period: Period): ReportComment {
  const own = card.commentary && (card.commentary.period === null || card.commentary.period === period.label) ? card.commentary.text : null;
  const [comment, intervention] = own ? own.split(INTERVENTION) : [null, undefined];
  return { ref: card.ref, title: card.title, rating: card.latest!.rating.level, comment: comment ?? null, intervention: intervention ?? null };
}

function actionCounts(actions: ActionRecord[], levels: string[]) {
  const share = (n: number) => countWithShare(n, actions.length).replace(/ \(\d+\)$/, "");
  const rated = actions.map((a) => (a.rag ? recordedLevel(a.rag) : null));
  const ragCounts = rated.some((l) => l !== null)
    ? [...levels, ...[...new Set(rated)].filter((l): l is NonNullable<typeof l> => l !== null && !levels.includes(l))].concat("Not rated").map((label) => {
        const count = label === "Not rated" ? rated.filter((l) => l === null).length : rated.filter((l) => l === label).length;
        return { label, count, share: share(count) };
      })
    : [];
  const statuses = new Map<string, number>();
  for (const a of actions) if (a.status) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
  const statusCounts = [...statuses.entries()].map(([label, count]) => ({ label, count, share: share(count) }));
  const noStatus = actions.length - [...statuses.values()].reduce((a, b) => a + b, 0);
  if (statusCounts.length && noStatus) statusCounts.push({ label: "No status", count: noStatus, share: share(noStatus) });
  return { ragCounts, statusCounts };
}

function actionRow(a: ActionRecord): ReportActionRow {
  return { ref: a.ref, title: a.title, parent: a.parent ? a.parent.ref ?? a.parent.title : null, rag: a.rag, status: a.status, due: a.dueText, note: a.note, noteDate: a.noteDateText, owner: a.owners[0]?.name ?? null };
}

const METHOD = (period: string) => [
  `Each indicator's RAG rating compares its ${period} result with its ${period} target, by polarity. Where the period has no target of its own, a running total (a count, money or days that adds up through the year, or a share of the year's total collected so far) is compared with its target to date, from the period targets the table prints or else the year's pro rata; a rate, snapshot, average or rolling figure with the year's target as it stands. The table says which, and why, beside the target.`,
  "A range target (Goldilocks): Green inside the range, otherwise measured from the nearer bound. “Remain at or above” targets are floors. Word targets (Increase, Decrease): Green if the result moved that way against the same period a year before (else the period before), Green Amber if unchanged, Red otherwise. Monitor, TBC and N/A targets, and missing results, are not rated.",
  "Direction of travel, by polarity: short term against the period just before (quarter, month or survey wave) and no other, never across an April for a running total; long term against the same period a year before. Where that period has no figure, there is no direction (n/a), and the table says why. Improving or the same counts against worsened in the overview.",
  "Ratings and directions are computed from the figures. Where the council's records give a different one, both are shown and marked “⚑ differs”.",
  "Figures are as the database holds them when the report is generated: a figure a later report restated shows the later figure, with the earlier one noted. Key actions show their latest RAG, status and note.",
];

/**
 * The database keeps the rows a council's report printed, not the totals it printed above them (seed 002's
 * overview counts 36 indicators "expected to report", 13/8/2/3 rated, while its table lists 28; a whole-council
 * report can count entries without a figure): the report cannot check its counts against those, and says so.
 */
const printedTotalsNote = (counted: number, period: string) =>
  `The counts are of the ${counted} indicator${counted === 1 ? "" : "s"} with a figure for ${period}. A council's printed report may give other totals for the same period (its overview can count indicators expected to report that its table does not list, or entries without a figure); the database keeps the rows a report printed, not its totals, so these counts are not checked against them.`;

const generated = (at: Date) => at.toLocaleString("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" });

export async function buildReport(catalogue: Catalogue, request: ReportRequest): Promise<ReportOutcome> {
  const organisations = await catalogue.organisations();
  const organisation = organisationCalled(organisations, request.organisation);
  if (!organisation) {
    return { ok: false, problem: "organisation", message: `No organisation “${request.organisation}”. The organisations are: ${organisations.map((o) => `${o.slug} (${o.name})`).join(", ") || "none yet"}.` };
  }
  const period = parsePeriod(request.period);
  if (!period) return { ok: false, problem: "period", message: `“${request.period}” is not a period: write it as the reports do, such as Q1 2016/17 or 2016/17.` };
  let service: ServiceRecord | null = null;
  if (request.service?.trim()) {
    const found = findService(await catalogue.services(), organisation.name, request.service);
    if (!found.ok) return { ok: false, problem: "service", message: found.message };
    service = found.service;
  }

  const scope = { organisations: [organisation], services: service ? [service] : [] };
  const serviceIds = service ? { serviceIds: [service.id] } : {};
  const [records, allActions, summary] = await Promise.all([
    catalogue.indicators({ ...serviceIds, includeRetired: true }),
    catalogue.actions(serviceIds),
    summarise(catalogue, scope, period),
  ]);
  const ours = records.filter((r) => r.organisation === organisation.name);
  const reporting = cardsReportingIn(ours, period);
  const actionsOfOrganisation = allActions.filter((a) => a.organisation === organisation.name);
  // An action first listed in a later period's report was not there to report on.
  const later = (a: ActionRecord) => {
    const listed = a.reportPeriod ? parsePeriod(a.reportPeriod) : null;
    return listed !== null && listed.end > period.end;
  };
  const actions = actionsOfOrganisation.filter((a) => !later(a));

  // A period is one to report on when an indicator reports in it or a report listed actions for it (or a
  // period overlapping it: Sutton's 2016/17 outturn for its Q4); otherwise it is a typo or not yet reported.
  const overlaps = (label: string | null | undefined) => {
    const p = label ? parsePeriod(label) : null;
    return p !== null && p.start <= period.end && p.end >= period.start;
  };
  if (!reporting.length && !actions.some((a) => overlaps(a.reportPeriod))) {
    const known = [...ours.flatMap((r) => r.results.map((x) => x.period.label)), ...actionsOfOrganisation.flatMap((a) => (a.reportPeriod ? [a.reportPeriod] : []))];
    const periods = [...new Set(known)].map((label) => parsePeriod(label)).filter((p): p is Period => p !== null).sort((a, b) => a.end.getTime() - b.end.getTime() || a.label.localeCompare(b.label));
    const where = service ? `${service.name} (${organisation.name})` : organisation.name;
    return { ok: false, problem: "empty", message: `${where} has no results and no actions for ${period.label}.${periods.length ? ` It has figures or actions for: ${periods.map((p) => p.label).join(", ")}.` : ""}` };
  }

  const section = summary.sections.find((s) => s.organisation === organisation.name) ?? null;
  const levels = section?.levels ?? LEVELS[ours[0]?.ragPolicy.scheme ?? "four"];
  // The chart of the record as a report for the period sees it: a later quarter is not drawn in a Q1 report.
  // The comparison as of the period too: each council's figure for it, and the asker's rank among them.
  const comparing = request.comparing ?? NO_SHARING;
  const rows = await Promise.all(
    reporting.map(async ({ record, card }) => {
      const asOf = recordAsOf(record, period);
      return { priority: record.priority, row: indicatorRow(card, request.charts ? indicatorChart(asOf) : null, await comparisonOf(asOf, catalogue, comparing, { asOf: period })) };
    }),
  );
  const notMet = reporting
    .filter(({ card }) => card.latest!.rating.level !== "Not rated" && card.latest!.rating.level !== "Green")
    .map(({ record, card }) => ({ priority: record.priority, row: commentOf(card, period) }));

  const bands = groupBy(reporting, ({ record }) => describeBands(record.ragPolicy));
  const bandList = [...bands.entries()]
    .sort((a, b) => b[1].length - a[1].length)
    .map(([description, members], i) => ({ description, indicators: i === 0 ? (bands.size === 1 ? `all ${members.length} indicators` : `the other ${members.length} indicators`) : members.map((m) => m.record.ref).sort(compareRefs).join(", ") }));

  const actionSections: ReportActionSection[] = ACTION_KINDS.flatMap(({ kind, heading }) => {
    const ofKind = actions.filter((a) => a.kind === kind);
    if (!ofKind.length) return [];
    return [{ kind, heading, total: ofKind.length, ...actionCounts(ofKind, levels), groups: byPriority(ofKind.map((a) => ({ priority: a.priority, row: actionRow(a) }))) }];
  });
  // Any other kind an import brought, after the known ones.
  for (const kind of new Set(actions.map((a) => a.kind).filter((k) => !ACTION_KINDS.some((known) => known.kind === k)))) {
    const ofKind = actions.filter((a) => a.kind === kind);
    actionSections.push({ kind, heading: kind.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase()), total: ofKind.length, ...actionCounts(ofKind, levels), groups: byPriority(ofKind.map((a) => ({ priority: a.priority, row: actionRow(a) }))) });
  }

  const notes: string[] = [];
  const leftOut = actionsOfOrganisation.length - actions.length;
  if (leftOut) {
    const periods = [...new Set(actionsOfOrganisation.filter(later).map((a) => a.reportPeriod!))].join(", ");
    notes.push(`${leftOut} action${leftOut === 1 ? " was" : "s were"} first reported in a later period (${periods}) and ${leftOut === 1 ? "is" : "are"} left out.`);
  }
  // What is counted, and what is not: an entry without a figure is named, since the council's report printed it.
  const withoutFigure = entriesWithoutFigureIn(ours, period);
  if (withoutFigure.length) {
    const named = withoutFigure.sort((a, b) => compareRefs(a.record.ref, b.record.ref)).map(({ record, text }) => `${record.ref} “${text}”`);
    const one = withoutFigure.length === 1;
    notes.push(`${withoutFigure.length} indicator${one ? " has" : "s have"} an entry for ${period.label} but no figure (${named.join(", ")}) and ${one ? "is" : "are"} neither listed nor counted.`);
  }
  // Retired indicators are in the periods they reported, and not missed in the others.
  const silent = ours.filter((r) => !r.retired).length - reporting.filter(({ record }) => !record.retired).length - withoutFigure.filter(({ record }) => !record.retired).length;
  if (silent) notes.push(`${silent} indicator${silent === 1 ? " has" : "s have"} no result for ${period.label} and ${silent === 1 ? "is" : "are"} left out.`);
  if (rows.length) notes.push(printedTotalsNote(rows.length, period.label));

  const where = service?.name ?? organisation.name;
  return {
    ok: true,
    report: {
      kind: "committee_report",
      title: `Performance report: ${where}, ${period.label}`,
      organisation: organisation.name,
      organisationSlug: organisation.slug,
      service: service?.name ?? null,
      period: period.label,
      generatedAt: request.now,
      generatedText: generated(request.now),
      method: METHOD(period.label),
      bands: bandList,
      overview: section,
      indicators: byPriority(rows),
      indicatorCount: rows.length,
      notMetTarget: byPriority(notMet),
      actions: actionSections,
      notes,
    },
  };
}
