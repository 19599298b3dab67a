// A read model for the chat platforms: every indicator with its figures, held in
// memory so that /kpi red over 10,000 indicators filters cards instead of reading
// 240,000 rows a request. Reloaded when older than maxAgeMs (other instances and
// the kpi command may change the shared database), once at a time.
import type { Catalogue, IndicatorRecord, ServiceRecord } from "../core/ports.ts";
import { compareRefs } from "../core/text.ts";

interface Snapshot {
  loadedAt: number;
  indicators: IndicatorRecord[];
  /** Per set of services, the same array each time, so results computed from it can be reused. */
  byServices: Map<string, IndicatorRecord[]>;
  byKey: Map<string, IndicatorRecord[]>;
  services: ServiceRecord[];
}

export interface CachedCatalogue extends Catalogue {
  /** Loads now (at start-up), so the first question does not wait. */
  warm(): Promise<void>;
}

export function cachedCatalogue(source: Catalogue, maxAgeMs = 30_000, now: () => number = Date.now): CachedCatalogue {
  let snapshot: Snapshot | null = null;
  let loading: Promise<Snapshot> | null = null;

  const load = async (): Promise<Snapshot> => {
    const [unsorted, services] = await Promise.all([source.indicators({}), source.services()]);
    // Kept in reference order: lists sort by reference, and sorting sorted input is cheap.
    const indicators = unsorted.sort((a, b) => compareRefs(a.ref, b.ref));
    const byKey = new Map<string, IndicatorRecord[]>();
    for (const record of indicators) {
      for (const key of new Set(record.lookupKeys)) byKey.set(key, [...(byKey.get(key) ?? []), record]);
    }
    return { loadedAt: now(), indicators, byServices: new Map(), byKey, services };
  };

  const refresh = (): Promise<Snapshot> =>
    (loading ??= load()
      .then((s) => (snapshot = s))
      .finally(() => (loading = null)));

  const current = async (): Promise<Snapshot> => {
    if (snapshot && now() - snapshot.loadedAt < maxAgeMs) return snapshot;
    if (snapshot) {
      // A stale snapshot answers while the next one loads; if loading fails, it goes on answering.
      refresh().catch(() => undefined);
      return snapshot;
    }
    return await refresh();
  };

  return {
    async warm() {
      await current();
    },
    async indicatorsByKey(key) {
      return (await current()).byKey.get(key) ?? [];
    },
    async indicators({ serviceIds }) {
      const { indicators, byServices } = await current();
      if (!serviceIds) return indicators;
      const key = [...serviceIds].sort((a, b) => a - b).join(",");
      let chosen = byServices.get(key);
      if (!chosen) {
        const wanted = new Set(serviceIds);
        chosen = indicators.filter((i) => i.serviceId !== null && wanted.has(i.serviceId));
        byServices.set(key, chosen);
      }
      return chosen;
    },
    async searchIndicators(words, limit) {
      const { indicators } = await current();
      return indicators
        .map((record) => ({ record, matched: words.filter((w) => record.searchText.includes(w)).length }))
        .filter((m) => m.matched > 0)
        .sort((a, b) => b.matched - a.matched || compareRefs(a.record.ref, b.record.ref))
        .slice(0, limit);
    },
    async allRefs() {
      return (await current()).indicators.map((i) => ({ ref: i.ref, key: i.lookupKeys[0]!, title: i.title }));
    },
    async services() {
      return (await current()).services;
    },
    // People and actions are read as they are: small, and changed by other hands.
    indicatorsOwnedBy: (identity) => source.indicatorsOwnedBy(identity),
    actionsByKey: (key) => source.actionsByKey(key),
    actions: (scope) => source.actions(scope),
    organisations: () => source.organisations(),
  };
}
