// The weekly digest of one organisation for one channel: what is red and amber now, what
// is new to it or improved out of it since the last digest to that channel, and the key
// actions red or past due. Built from the read model; posts nothing.
import { quartileMoves, type Comparing } from "./compare.ts";
import { summaryChart } from "../charts.ts";
import { buildIndicatorCard } from "../indicator-card.ts";
import type { Catalogue, IndicatorRecord, ObjectiveRecord } from "../ports.ts";
import { LEVELS, type RagLevel } from "../ratings.ts";
import { SEVERITY } from "../subscriptions.ts";
import { compareRefs } from "../text.ts";
import type { Digest, DigestAction, DigestLine, DigestWheel, IndicatorListItem } from "../views.ts";
import { isOverdue } from "./list-actions.ts";
import { levelWords, listItem } from "./list-indicators.ts";
import { assessedPeriods } from "./show-wheel.ts";

export interface DigestRequest {
  /** The organisation's name, as records carry it. */
  organisation: string;
  levels: RagLevel[];
  service: { id: number; name: string } | null;
  /** What the last digest to the channel listed: ref -> level; null for the first. */
  lastDigest: Record<string, RagLevel> | null;
  today: Date;
  /**
   * Attach the summary chart (counts by service now and as at the period before): for a digest that will be
   * drawn. Off by default: counting the period before rebuilds every indicator's card as at then, which
   * doubled the time of 1,000 digests over 10,000 indicators (bench/digests.ts: 3.6 s -> 7.8 s).
   */
  chart?: boolean;
  /** Who shares and the published tables: the organisation's national measures that moved quartile are listed. Absent, none are looked for. */
  comparing?: Comparing;
  /** Where the other councils' figures are read for quartile moves, where the digest's catalogue holds one council only. */
  everyCouncil?: Catalogue;
}

export interface BuiltDigest {
  view: Digest;
  /** What this digest lists, to compare the next one with. */
  listed: Record<string, RagLevel>;
}


/** The period most of the lines report: the digest's "as at". */
function commonPeriod(lines: DigestLine[]): string | null {
  const counts = new Map<string, number>();
  for (const l of lines) if (l.period) counts.set(l.period, (counts.get(l.period) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

// A thousand channels' digests read the same records: their rated lines, worst first, are computed
// once per array of records (the read model hands out the same one until the data changes), organisation
// and set of levels, and shared (read only) by every digest with nothing to compare them with.
const rated = new WeakMap<IndicatorRecord[], Map<string, RatedLines>>();

interface RatedLines {
  byRef: Map<string, IndicatorListItem>;
  scheme: "four" | "three";
  /** Per set of levels: the lines as a first digest shows them (was: null), and what they list. */
  forLevels: Map<string, { lines: DigestLine[]; listed: Record<string, RagLevel>; period: string | null }>;
  items: IndicatorListItem[];
}

function ratedLines(records: IndicatorRecord[], organisation: string, levels: RagLevel[]) {
  let byOrganisation = rated.get(records);
  if (!byOrganisation) rated.set(records, (byOrganisation = new Map()));
  let found = byOrganisation.get(organisation);
  if (!found) {
    const ours = records.filter((r) => r.organisation === organisation);
    const items = ours
      .map((r) => listItem(buildIndicatorCard(r)))
      .filter((i) => i.rating && i.rating !== "Not rated")
      .sort((a, b) => SEVERITY[b.rating as RagLevel] - SEVERITY[a.rating as RagLevel] || compareRefs(a.ref, b.ref));
    found = { items, byRef: new Map(items.map((i) => [i.ref, i])), scheme: ours[0]?.ragPolicy.scheme ?? "four", forLevels: new Map() };
    byOrganisation.set(organisation, found);
  }
  const key = [...levels].sort().join(",");
  let chosen = found.forLevels.get(key);
  if (!chosen) {
    // Worst first already: filtering keeps the order.
    const lines = found.items.filter((i) => levels.includes(i.rating as RagLevel)).map((i) => ({ ...i, was: null }));
    chosen = { lines, listed: Object.fromEntries(lines.map((l) => [l.ref, l.rating as RagLevel])), period: commonPeriod(lines) };
    found.forLevels.set(key, chosen);
  }
  return { ...found, ...chosen };
}

/** The first line of a narrative with words in it. */
const firstLine = (text: string | null): string | null => text?.split(/\r?\n/).map((l) => l.trim()).find(Boolean) ?? null;

/**
 * The organisation's wheel for a digest: red segments for the latest period any was assessed for, and each
 * segment whose status differs from the period assessed before it. A wheel is the whole council's, so a
 * digest for one service carries it too. Null where the organisation has no wheel, or none assessed.
 */
export function digestWheel(objectives: ObjectiveRecord[], organisation: string): DigestWheel | null {
  const wheel = objectives.filter((o) => o.organisation === organisation);
  const periods = assessedPeriods(wheel);
  const period = periods.at(-1);
  if (!period) return null;
  const previous = periods.at(-2) ?? null;
  const statusFor = (o: ObjectiveRecord, label: string | undefined) => o.assessments.find((a) => a.period.label === label) ?? null;
  const red: DigestWheel["red"] = [];
  const changes: DigestWheel["changes"] = [];
  for (const o of wheel) {
    const now = statusFor(o, period.label);
    const was = statusFor(o, previous?.label);
    if (now?.status === "Red") red.push({ code: o.code, title: o.title, narrative: firstLine(now.narrative) });
    if (now && was && now.status !== was.status) changes.push({ code: o.code, title: o.title, was: was.status, now: now.status });
  }
  return { period: period.label, previous: previous?.label ?? null, red, changes };
}

export async function buildDigest(catalogue: Catalogue, request: DigestRequest): Promise<BuiltDigest> {
  const { organisation, levels, service, today } = request;
  const scope = service ? { serviceIds: [service.id] } : {};
  const [records, actions, objectives] = await Promise.all([catalogue.indicators(scope), catalogue.actions(scope), catalogue.objectives()]);
  const wheel = digestWheel(objectives, organisation);
  const { lines, listed, period, byRef, scheme } = ratedLines(records, organisation, levels);
  const before = request.lastDigest ?? {};
  const compared = Object.keys(before).length > 0;
  // Only lines the last digest listed are copied to say what they were.
  const current = compared ? lines.map((l) => (before[l.ref] ? { ...l, was: before[l.ref]! } : l)) : lines;
  const worse = (l: DigestLine) => l.was === null || SEVERITY[l.rating as RagLevel] > SEVERITY[l.was as RagLevel];
  const newly = compared ? current.filter(worse) : current;
  const still = compared ? current.filter((l) => !worse(l)) : [];
  const improved = Object.keys(before)
    .filter((ref) => !(ref in listed) && byRef.has(ref))
    .map((ref) => ({ ...byRef.get(ref)!, was: before[ref]! }))
    .sort((a, b) => compareRefs(a.ref, b.ref));

  const byService = new Map<string | null, DigestLine[]>();
  for (const l of still) {
    const group = byService.get(l.service);
    if (group) group.push(l);
    else byService.set(l.service, [l]);
  }
  // Services in the order of their worst line (the lines are worst first already).
  const stillRedAmber = [...byService].map(([name, items]) => ({ service: name, items }));

  const keyActions: DigestAction[] = actions
    .filter((a) => a.organisation === organisation && (a.rag === "Red" || isOverdue(a, today)))
    .map((a) => ({ ref: a.ref, title: a.title, service: a.service, rag: a.rag, status: a.status, due: a.dueText, overdue: isOverdue(a, today) }));

  const shown = [...LEVELS[scheme]].reverse().filter((l) => levels.includes(l));
  const counts = shown.map((level) => ({ level, count: current.filter((l) => l.rating === level).length }));
  const levelText = levelWords(levels);
  const ours = records.filter((r) => r.organisation === organisation);
  const moves = request.comparing ? await quartileMoves(ours, request.everyCouncil ?? catalogue, request.comparing) : [];
  return {
    view: {
      kind: "digest",
      heading: `Weekly performance digest: ${organisation}`,
      organisation,
      period,
      filter: `${levelText.charAt(0).toUpperCase()}${levelText.slice(1)} · ${service ? service.name : "every service"}`,
      counts,
      newlyRedAmber: newly,
      stillRedAmber,
      improved,
      actions: keyActions,
      // "amber and red adults": the query language reads each level alone (not "red amber", which is Red Amber).
      moreQuery: [levelText, service?.name].filter(Boolean).join(" "),
      quiet: !current.length && !improved.length && !keyActions.length && !wheel?.red.length && !wheel?.changes.length && !moves.length,
      ...(request.chart ? { chart: summaryChart(records, organisation) } : {}),
      ...(wheel ? { wheel } : {}),
      ...(moves.length ? { quartileMoves: moves } : {}),
    },
    listed,
  };
}
