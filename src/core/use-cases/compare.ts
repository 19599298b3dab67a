// "How do we compare?": an indicator's national measure across the councils that share their figures, the
// published comparator tables and the benchmarks its own report printed; the asker's rank where enough
// councils report the same period. Only councils that share are shown, and only to a council that shares.
import { parseFigure, type Unit } from "../figures.ts";
import { ordinal } from "../format.ts";
import { nationalCodesOf, type NationalCode } from "../national-codes.ts";
import { comparePeriods, parsePeriod } from "../periods.ts";
import type { Catalogue, IndicatorRecord, PeriodRef, ResultRecord } from "../ports.ts";
import { askingFor, parseQuery } from "../query.ts";
import { foldKey } from "../text.ts";
import { notice, type Comparison, type ComparisonRow, type QuartileMove, type View } from "../views.ts";
import { indicatorsNamed } from "./look-up.ts";

/** A national measure's result for one council, from a published comparator table. */
export interface PublishedFigureRecord {
  code: string;
  codeKey: string;
  area: string;
  areaCode: string | null;
  period: string;
  value: number;
  text: string;
  source: string;
}

export interface Comparing {
  /** The organisations that share their figures for comparison, by name. */
  sharing(): Promise<string[]>;
  /** Published figures of these measures (folded codes). */
  published(codeKeys: string[]): Promise<PublishedFigureRecord[]>;
}

/** Where no one shares and nothing is published: a comparison from the printed benchmarks alone. */
export const NO_SHARING: Comparing = { sharing: async () => [], published: async () => [] };

/** Fewer councils than this reporting a period give no rank or quartile: a rank among three says little. */
export const RANKED_FROM = 4;

export const COMPARE_QUESTION = /^\s*compare\b\s*(.*)$/is;

/** A council's figure of the period where it has one, else its latest (up to the period, where one is given). */
function figureOf(results: ResultRecord[], period?: PeriodRef): ResultRecord | null {
  const valued = results.filter((r) => r.value !== null && (!period || r.period.start.getTime() <= period.start.getTime()));
  return valued.find((r) => r.period.label === period?.label) ?? valued.sort((a, b) => comparePeriods(a.period, b.period)).at(-1) ?? null;
}

/** A council's name without what kind of council it is: "London Borough of Barnet" and "Barnet" are one place, Brentwood is not Brent. */
const placeName = (name: string) => foldKey(name.replace(/\b(london borough of|royal borough of|metropolitan borough of|borough of|city of|county council|borough council|district council|city council|council)\b/gi, ""));
const sameArea = (organisation: string, area: string) => placeName(organisation) === placeName(area);

/** The unit a figure is written in (%, £, days), or null for a plain number, which takes the measure's. */
const unitOf = (text: string): Unit => {
  const figure = parseFigure(text);
  return "unit" in figure ? figure.unit : null;
};

/** When a period starts, for putting the latest first; a label no one can read goes last. */
const periodTime = (label: string) => parsePeriod(label)?.start.getTime() ?? 0;

const QUARTILES = ["top quartile", "second quartile", "third quartile", "bottom quartile"] as const;
type Quartile = (typeof QUARTILES)[number];

/**
 * The comparison for what `compare …` names in the asker's catalogue (`visible`), drawn from every council's
 * (`all`): the same measure is found by its national code in each.
 */
export async function compare(visible: Catalogue, all: Catalogue, comparing: Comparing, subject: string): Promise<View> {
  const typed = subject.trim();
  if (!typed) return notice("Compare which indicator?", "Say one with a national code: compare AC/S16, or compare ASCOF 1C(2A).");
  const query = parseQuery(typed);
  const candidates = query.kind === "help" ? [] : query.refs;
  let found: IndicatorRecord[] = [];
  for (const ref of candidates) if (!found.length) found = (await indicatorsNamed(visible, ref)).filter((r) => !r.retired);
  if (!found.length) return notice("Nothing to compare", `No indicator you can see is called “${typed.slice(0, 80)}”. Try compare AC/S16, or a national code such as compare ASCOF 1C(2A).`);
  if (new Set(found.map((r) => r.organisation)).size > 1) return notice("Which council's?", `${typed.slice(0, 80)} is ${found.map((r) => `${r.ref} of ${r.organisation}`).join(" and ")}: name one, as compare ${askingFor(found[0]!.ref, found[0]!.organisation)}.`);
  const record = found[0]!;
  // Asked by its national code, that one; else the first the indicator carries.
  const code = nationalCodesOf(record.codes).find((c) => candidates.some((r) => r.key === c.key)) ?? nationalCodesOf(record.codes)[0];
  if (!code) return notice("No national code", `${record.ref} carries no national code, so there is nothing to compare it with. An admin can give it one: npm run kpi -- codes set ${record.ref} "ASCOF 1C(2A)" --organisation <organisation>.`);
  return (await comparisonOf(record, all, comparing, { code }))!;
}

/**
 * The comparison of an indicator's national measure (the one given, else its first), as of a period where
 * one is given (the committee report's) and else as things stand; null where it carries no national code.
 */
export async function comparisonOf(record: IndicatorRecord, all: Catalogue, comparing: Comparing, options: { code?: NationalCode; asOf?: PeriodRef } = {}): Promise<Comparison | null> {
  const codes = nationalCodesOf(record.codes);
  const code = options.code ?? codes[0];
  if (!code) return null;
  const [sharing, published, organisations] = await Promise.all([comparing.sharing(), comparing.published([code.key]), all.organisations()]);
  const slug = organisations.find((o) => o.name === record.organisation)?.slug ?? "<organisation>";
  const shares = sharing.includes(record.organisation);
  const own = figureOf(record.results, options.asOf);
  const period = own?.period ?? options.asOf ?? null;
  const row = (organisation: string, ref: string | null, r: { period: string; value: number; text: string }, source: string | null): ComparisonRow => ({ council: organisation, ref, period: r.period, value: r.value, figure: r.text, source, asker: organisation === record.organisation, samePeriod: r.period === own?.period.label, rank: null });

  // A figure in another unit (days against a percentage, pounds against a count) measures something else: left out, and said.
  const ownUnit = own ? unitOf(own.text) : null;
  const otherUnits: string[] = [];
  const comparable = (council: string, text: string) => {
    const unit = unitOf(text);
    if (!ownUnit || !unit || unit === ownUnit) return true;
    otherUnits.push(`${council} (${text})`);
    return false;
  };
  const rows: ComparisonRow[] = own ? [row(record.organisation, record.ref, { period: own.period.label, value: own.value!, text: own.text }, null)] : [];
  if (shares) {
    const peers = (await all.indicatorsByKey(code.key)).filter((r) => r.organisation !== record.organisation && !r.retired && sharing.includes(r.organisation));
    for (const peer of peers) {
      const figure = figureOf(peer.results, period ?? undefined);
      if (figure && !rows.some((x) => x.council === peer.organisation) && comparable(peer.organisation, figure.text)) rows.push(row(peer.organisation, peer.ref, { period: figure.period.label, value: figure.value!, text: figure.text }, null));
    }
  }
  // Published figures are public, shown to every council: each area's of the asker's period, else its latest (up to it).
  const byArea = new Map<string, PublishedFigureRecord[]>();
  for (const p of published) byArea.set(p.area, [...(byArea.get(p.area) ?? []), p]);
  for (const [area, figures] of byArea) {
    const upTo = period ? figures.filter((f) => periodTime(f.period) <= period.start.getTime()) : figures;
    const chosen = figures.find((f) => f.period === period?.label) ?? [...upTo].sort((a, b) => periodTime(b.period) - periodTime(a.period))[0];
    // A council in the database speaks for itself.
    if (!chosen || rows.some((x) => !x.source && sameArea(x.council, area)) || !comparable(area, chosen.text)) continue;
    rows.push(row(area, null, chosen, chosen.source));
  }

  const direction = record.polarity === "bigger" ? -1 : record.polarity === "smaller" ? 1 : 0;
  const same = rows.filter((r) => r.samePeriod);
  let rank: Comparison["rank"] = null;
  if (own && direction && same.length >= RANKED_FROM) {
    // Equal figures share a rank (1, 2, 2, 4).
    for (const r of same) r.rank = 1 + same.filter((o) => (o.value - r.value) * direction < 0).length;
    const position = same.find((r) => r.asker)!.rank!;
    rank = { position, of: same.length, quartile: QUARTILES[Math.min(3, Math.ceil((position * 4) / same.length) - 1)]!, period: own.period.label };
  }
  const standing = !own
    ? `${record.organisation} has no figure for ${record.ref}${options.asOf ? ` for ${options.asOf.label}` : ""} yet.`
    : !direction
      ? `${record.polarityText}: neither higher nor lower is better, so there is no rank.`
      : rank
        ? `${direction < 0 ? "Higher" : "Lower"} is better: ${ordinal(rank.position)} of ${rank.of} for ${rank.period}, ${rank.quartile}.`
        : `${same.length} council${same.length === 1 ? " reports" : "s report"} ${own.period.label}: ${RANKED_FROM} are needed for a rank.`;
  // The asker's period first, best first where there is a better; then other periods, latest first.
  const better = (a: ComparisonRow, b: ComparisonRow) => (direction ? (a.value - b.value) * direction : 0);
  rows.sort((a, b) => Number(b.samePeriod) - Number(a.samePeriod) || (a.samePeriod ? better(a, b) : periodTime(b.period) - periodTime(a.period)) || a.council.localeCompare(b.council));

  const notes: string[] = [];
  if (!shares) notes.push(`${record.organisation} does not share its figures for comparison, so other councils' are not shown here. An admin can share them: npm run kpi -- org set ${slug} --compare on.`);
  else if (rows.filter((r) => !r.source).length === 1) notes.push(`No other council sharing its figures reports ${code.code}.`);
  if (otherUnits.length) notes.push(`Left out, reported in another unit than ${record.organisation}'s ${own!.text}: ${otherUnits.join(", ")}.`);
  const others = codes.filter((c) => c.key !== code.key);
  if (others.length) notes.push(`${record.ref} also carries ${others.map((c) => c.code).join(", ")}: compare ${others[0]!.code}.`);

  return {
    kind: "comparison",
    ref: record.ref,
    title: record.title,
    organisation: record.organisation,
    code: code.code,
    polarity: record.polarityText,
    better: direction < 0 ? "higher" : direction > 0 ? "lower" : null,
    standing,
    rank,
    rows,
    own: own ? { value: own.value!, figure: own.text } : null,
    benchmarks: record.benchmarks.filter((b) => b.value !== null).map((b) => ({ group: b.comparator ?? "Benchmark", figure: b.text, value: b.value!, source: b.source })),
    benchmarkText: record.benchmarks.some((b) => b.value !== null) ? null : record.benchmarkText,
    notes,
  };
}

/**
 * The organisation's national measures whose quartile changed from the period before to the latest (both ranked:
 * four councils reporting each period), for the digest. Worked out from the figures, not from what an earlier
 * digest said, so every instance and every channel says the same.
 */
export async function quartileMoves(records: IndicatorRecord[], all: Catalogue, comparing: Comparing): Promise<QuartileMove[]> {
  const moves: QuartileMove[] = [];
  // Who shares, and each measure's published figures, read once for all the organisation's measures.
  let sharing: Promise<string[]> | undefined;
  const published = new Map<string, Promise<PublishedFigureRecord[]>>();
  const once: Comparing = {
    sharing: () => (sharing ??= comparing.sharing()),
    published: (keys) => {
      const key = keys.join(" ");
      let figures = published.get(key);
      if (!figures) published.set(key, (figures = comparing.published(keys)));
      return figures;
    },
  };
  for (const record of records) {
    if (record.retired || !nationalCodesOf(record.codes).length) continue;
    const valued = record.results.filter((r) => r.value !== null).sort((a, b) => comparePeriods(a.period, b.period));
    const [before, latest] = valued.slice(-2);
    if (!before || !latest) continue;
    const [then, now] = await Promise.all([comparisonOf(record, all, once, { asOf: before.period }), comparisonOf(record, all, once, { asOf: latest.period })]);
    if (!then?.rank || !now?.rank || then.rank.quartile === now.rank.quartile) continue;
    moves.push({ ref: record.ref, title: record.title, code: now.code, from: then.rank, to: now.rank, better: QUARTILES.indexOf(now.rank.quartile as Quartile) < QUARTILES.indexOf(then.rank.quartile as Quartile) });
  }
  return moves;
}
