// "How do we compare?": an indicator's national measure across the councils that share their figures, the
// published comparator tables and the benchmarks its own report printed; the asker's rank where enough
// councils report the same period. Only councils that share are shown, and only to a council that shares.
import { nationalCodesOf, type NationalCode } from "../national-codes.ts";
import { comparePeriods, parsePeriod } from "../periods.ts";
import type { Catalogue, IndicatorRecord, ResultRecord } from "../ports.ts";
import { askingFor, parseQuery } from "../query.ts";
import { foldKey } from "../text.ts";
import { notice, type Comparison, type ComparisonRow, type View } from "../views.ts";
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

/** Fewer councils than this reporting a period give no rank or quartile: a rank among three says little. */
export const RANKED_FROM = 4;

export const COMPARE_QUESTION = /^\s*compare\b\s*(.*)$/is;

const latestWithValue = (results: ResultRecord[]) => [...results].filter((r) => r.value !== null).sort((a, b) => comparePeriods(a.period, b.period)).at(-1) ?? null;

/** Same name, more or less: "Barnet" in a published table is "London Borough of Barnet" here. */
const sameArea = (organisation: string, area: string) => {
  const o = foldKey(organisation);
  const a = foldKey(area.replace(/\b(london borough of|royal borough of|city of|county council|borough council|council)\b/gi, ""));
  return a.length > 2 && o.includes(a);
};

/** When a period starts, for putting the latest first; a label no one can read goes last. */
const periodTime = (label: string) => parsePeriod(label)?.start.getTime() ?? 0;

const ORDINAL = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th")}`;
const QUARTILES = ["top quartile", "second quartile", "third quartile", "bottom quartile"] as const;

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
  const codes = nationalCodesOf(record.codes);
  // Asked by its national code, that one; else the first the indicator carries.
  const code = codes.find((c) => candidates.some((r) => r.key === c.key)) ?? codes[0];
  if (!code) return notice("No national code", `${record.ref} carries no national code, so there is nothing to compare it with. An admin can give it one: npm run kpi -- codes set ${record.ref} "ASCOF 1C(2A)" --organisation <organisation>.`);
  return await comparison(record, code, codes, all, comparing);
}

async function comparison(record: IndicatorRecord, code: NationalCode, codes: NationalCode[], all: Catalogue, comparing: Comparing): Promise<Comparison> {
  const [sharing, published] = await Promise.all([comparing.sharing(), comparing.published([code.key])]);
  const shares = sharing.includes(record.organisation);
  const own = latestWithValue(record.results);
  const row = (organisation: string, ref: string | null, r: { period: string; value: number; text: string }, source: string | null): ComparisonRow => ({ council: organisation, ref, period: r.period, value: r.value, figure: r.text, source, asker: organisation === record.organisation, samePeriod: r.period === own?.period.label, rank: null });

  const rows: ComparisonRow[] = own ? [row(record.organisation, record.ref, { period: own.period.label, value: own.value!, text: own.text }, null)] : [];
  if (shares) {
    const peers = (await all.indicatorsByKey(code.key)).filter((r) => r.organisation !== record.organisation && !r.retired && sharing.includes(r.organisation));
    for (const peer of peers) {
      const latest = latestWithValue(peer.results);
      if (latest && !rows.some((x) => x.council === peer.organisation)) rows.push(row(peer.organisation, peer.ref, { period: latest.period.label, value: latest.value!, text: latest.text }, null));
    }
  }
  // Published figures are public, shown to every council: each area's of the asker's period, else its latest.
  const byArea = new Map<string, PublishedFigureRecord[]>();
  for (const p of published) byArea.set(p.area, [...(byArea.get(p.area) ?? []), p]);
  for (const [area, figures] of byArea) {
    const chosen = figures.find((f) => f.period === own?.period.label) ?? [...figures].sort((a, b) => periodTime(b.period) - periodTime(a.period))[0]!;
    // A council in the database speaks for itself.
    if (rows.some((x) => !x.source && sameArea(x.council, area))) continue;
    rows.push(row(area, null, chosen, chosen.source));
  }

  const direction = record.polarity === "bigger" ? -1 : record.polarity === "smaller" ? 1 : 0;
  const same = rows.filter((r) => r.samePeriod);
  const standing = ((): string => {
    if (!own) return `${record.organisation} has no figure for ${record.ref} yet.`;
    if (!direction) return `${record.polarityText}: neither higher nor lower is better, so there is no rank.`;
    if (same.length < RANKED_FROM) return `${same.length} council${same.length === 1 ? " reports" : "s report"} ${own.period.label}: ${RANKED_FROM} are needed for a rank.`;
    // Equal figures share a rank (1, 2, 2, 4).
    for (const r of same) r.rank = 1 + same.filter((o) => (o.value - r.value) * direction < 0).length;
    const mine = same.find((r) => r.asker)!;
    const quartile = QUARTILES[Math.min(3, Math.ceil((mine.rank! * 4) / same.length) - 1)]!;
    return `${direction < 0 ? "Higher" : "Lower"} is better: ${ORDINAL(mine.rank!)} of ${same.length} for ${own.period.label}, ${quartile}.`;
  })();
  // The asker's period first, best first where there is a better; then other periods, latest first.
  const better = (a: ComparisonRow, b: ComparisonRow) => (direction ? (a.value - b.value) * direction : 0);
  rows.sort((a, b) => Number(b.samePeriod) - Number(a.samePeriod) || (a.samePeriod ? better(a, b) : periodTime(b.period) - periodTime(a.period)) || a.council.localeCompare(b.council));

  const notes: string[] = [];
  if (!shares) notes.push(`${record.organisation} does not share its figures for comparison, so other councils' are not shown here. An admin can share them: npm run kpi -- org set <organisation> --compare on.`);
  else if (rows.filter((r) => !r.source).length === 1) notes.push(`No other council sharing its figures reports ${code.code}.`);
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
    rows,
    benchmarks: record.benchmarks.filter((b) => b.value !== null).map((b) => ({ group: b.comparator ?? "Benchmark", figure: b.text, value: b.value!, source: b.source })),
    benchmarkText: record.benchmarks.some((b) => b.value !== null) ? null : record.benchmarkText,
    notes,
  };
}
