// The weekly digest of one organisation for one channel: what is red and amber now, what
// is new to it or improved out of it since the last digest to that channel, and the key
// actions red or past due. Built from the read model; posts nothing.
import { buildIndicatorCard } from "../indicator-card.ts";
import type { Catalogue } from "../ports.ts";
import { LEVELS, type RagLevel } from "../ratings.ts";
import { SEVERITY } from "../subscriptions.ts";
import { compareRefs } from "../text.ts";
import type { Digest, DigestAction, DigestLine } from "../views.ts";
import { isOverdue } from "./list-actions.ts";
import { levelWords, listItem } from "./list-indicators.ts";

export interface DigestRequest {
  /** The organisation's name, as records carry it. */
  organisation: string;
  levels: RagLevel[];
  service: { id: number; name: string } | null;
  /** What the last digest to the channel listed: ref -> level; null for the first. */
  lastDigest: Record<string, RagLevel> | null;
  today: Date;
}

export interface BuiltDigest {
  view: Digest;
  /** What this digest lists, to compare the next one with. */
  listed: Record<string, RagLevel>;
}

const worstFirst = (a: DigestLine, b: DigestLine) => SEVERITY[b.rating as RagLevel] - SEVERITY[a.rating as RagLevel] || compareRefs(a.ref, b.ref);

/** The period most of the lines report: the digest's "as at". */
function commonPeriod(lines: DigestLine[]): string | null {
  const counts = new Map<string, number>();
  for (const l of lines) if (l.period) counts.set(l.period, (counts.get(l.period) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

export async function buildDigest(catalogue: Catalogue, request: DigestRequest): Promise<BuiltDigest> {
  const { organisation, levels, service, today } = request;
  const scope = service ? { serviceIds: [service.id] } : {};
  const [records, actions] = await Promise.all([catalogue.indicators(scope), catalogue.actions(scope)]);
  const ours = records.filter((r) => r.organisation === organisation);
  const before = request.lastDigest ?? {};

  const rated = new Map<string, DigestLine>();
  for (const record of ours) {
    const item = listItem(buildIndicatorCard(record));
    if (item.rating && item.rating !== "Not rated") rated.set(item.ref, { ...item, was: before[item.ref] ?? null });
  }
  const current = [...rated.values()].filter((l) => levels.includes(l.rating as RagLevel));
  const worse = (l: DigestLine) => l.was === null || SEVERITY[l.rating as RagLevel] > SEVERITY[l.was as RagLevel];
  const newly = current.filter(worse).sort(worstFirst);
  const still = current.filter((l) => !worse(l)).sort(worstFirst);
  const listedNow = new Set(current.map((l) => l.ref));
  const improved = Object.keys(before)
    .filter((ref) => !listedNow.has(ref) && rated.has(ref))
    .map((ref) => rated.get(ref)!)
    .sort((a, b) => compareRefs(a.ref, b.ref));

  const byService = new Map<string | null, DigestLine[]>();
  for (const line of still) byService.set(line.service, [...(byService.get(line.service) ?? []), line]);
  // Services in the order of their worst line (the lines are worst first already).
  const stillRedAmber = [...byService].map(([name, items]) => ({ service: name, items }));

  const keyActions: DigestAction[] = actions
    .filter((a) => a.organisation === organisation && (a.rag === "Red" || isOverdue(a, today)))
    .map((a) => ({ ref: a.ref, title: a.title, service: a.service, rag: a.rag, status: a.status, due: a.dueText, overdue: isOverdue(a, today) }));

  const scheme = ours[0]?.ragPolicy.scheme ?? "four";
  const shown = [...LEVELS[scheme]].reverse().filter((l) => levels.includes(l));
  const counts = shown.map((level) => ({ level, count: current.filter((l) => l.rating === level).length }));
  const levelText = levelWords(levels);
  return {
    view: {
      kind: "digest",
      heading: `Weekly performance digest: ${organisation}`,
      organisation,
      period: commonPeriod(current),
      filter: `${levelText.charAt(0).toUpperCase()}${levelText.slice(1)} · ${service ? service.name : "every service"}`,
      counts,
      newlyRedAmber: newly,
      stillRedAmber,
      improved,
      actions: keyActions,
      // "amber and red adults": the query language reads each level alone (not "red amber", which is Red Amber).
      moreQuery: [levelText, service?.name].filter(Boolean).join(" "),
      quiet: !current.length && !improved.length && !keyActions.length,
    },
    listed: Object.fromEntries(current.map((l) => [l.ref, l.rating as RagLevel])),
  };
}
