// A read model for the chat platforms: every indicator with its figures and every
// action, held in memory so that /kpi red over 10,000 indicators filters cards, and
// /kpi overdue filters actions, instead of reading thousands of rows a request.
// Other instances and the kpi command change the shared database: every writer bumps
// the data version (data-version.ts), which is read every 5 seconds (one small query),
// and the model reloads only when it moved. An idle service reads nothing more.
import type { WorkspaceLinkRecord } from "../core/access.ts";
import type { ActionRecord, Catalogue, IndicatorRecord, ObjectiveRecord, OrganisationRecord, ServiceRecord } from "../core/ports.ts";
import { compareRefs } from "../core/text.ts";
import type { Logger } from "../logger.ts";

interface Snapshot {
  /** The data version read just before loading: a write during the load shows as a later version. */
  version: number;
  /** The current ones: what lists, searches and suggestions read. */
  indicators: IndicatorRecord[];
  /** Retired ones too: what a lookup by reference finds. */
  everyIndicator: IndicatorRecord[];
  indicatorsByKey: Map<string, IndicatorRecord[]>;
  actions: ActionRecord[];
  actionsByKey: Map<string, ActionRecord[]>;
  /** Per set of services, the same array each time, so results computed from it can be reused. */
  indicatorsByServices: Map<string, IndicatorRecord[]>;
  actionsByServices: Map<string, ActionRecord[]>;
  services: ServiceRecord[];
  organisations: OrganisationRecord[];
  /** Read on every request to scope it: held here, and changed only through a data version bump. */
  workspaceLinks: WorkspaceLinkRecord[];
  /** Every performance wheel's objectives with their assessments. */
  objectives: ObjectiveRecord[];
}

export interface CachedCatalogueOptions {
  /** The data version (readDataVersion): the model reloads when it differs from the loaded one. */
  version: () => Promise<number>;
  /** How often to read the version, in milliseconds (default 5 s). */
  pollMs?: number;
  /** Where a failed reload is reported (the previous snapshot goes on answering). */
  logger?: Logger;
}

export interface CachedCatalogue extends Catalogue {
  /** Loads now (at start-up), so the first question does not wait. */
  warm(): Promise<void>;
  /** Reads everything again now, whatever the data version says (a change made straight in the database bumps none). */
  reload(): Promise<void>;
  /** The data version of what it answers from now (loaded first if nothing is): what anything built from it may be kept under. */
  dataVersion(): Promise<number>;
  /** Stops polling the data version. */
  close(): void;
}

const DEFAULT_POLL_MS = 5_000;

export function cachedCatalogue(source: Catalogue, options: CachedCatalogueOptions): CachedCatalogue {
  const { version, logger } = options;
  let snapshot: Snapshot | null = null;
  let loading: Promise<Snapshot> | null = null;

  const load = async (): Promise<Snapshot> => {
    const loadedVersion = await version();
    const [unsorted, services, organisations, actions, workspaceLinks, objectives] = await Promise.all([source.indicators({ includeRetired: true }), source.services(), source.organisations(), source.actions({}), source.workspaceLinks(), source.objectives()]);
    // Kept in reference order: lists sort by reference, and sorting sorted input is cheap.
    const everyIndicator = unsorted.sort((a, b) => compareRefs(a.ref, b.ref));
    return {
      version: loadedVersion,
      indicators: everyIndicator.filter((i) => !i.retired),
      everyIndicator,
      indicatorsByKey: byLookupKey(everyIndicator),
      actions,
      actionsByKey: byLookupKey(actions),
      indicatorsByServices: new Map(),
      actionsByServices: new Map(),
      services,
      organisations,
      workspaceLinks,
      objectives,
    };
  };

  const refresh = (): Promise<Snapshot> =>
    (loading ??= load()
      .then((s) => (snapshot = s))
      .finally(() => (loading = null)));

  const current = async (): Promise<Snapshot> => snapshot ?? (await refresh());

  let polling = false;
  const poll = async () => {
    // Before the first load there is nothing to keep fresh: the first question loads.
    if (!snapshot || loading || polling) return;
    polling = true;
    try {
      if ((await version()) === snapshot.version) return;
      const started = Date.now();
      const next = await refresh();
      logger?.info({ version: next.version, indicators: next.indicators.length, actions: next.actions.length, ms: Date.now() - started }, "the data changed: read model reloaded");
    } catch (error) {
      // The previous snapshot goes on answering; the next poll tries again.
      logger?.error({ err: error }, "reloading the read model failed; answering from the previous one");
    } finally {
      polling = false;
    }
  };
  const timer = setInterval(() => void poll(), options.pollMs ?? DEFAULT_POLL_MS);
  timer.unref();

  return {
    async warm() {
      await current();
    },
    async reload() {
      await (loading ?? Promise.resolve());
      await refresh();
    },
    async dataVersion() {
      return (await current()).version;
    },
    close() {
      clearInterval(timer);
    },
    async indicatorsByKey(key) {
      return (await current()).indicatorsByKey.get(key) ?? [];
    },
    async indicators({ serviceIds, includeRetired }) {
      const s = await current();
      // Retired ones are asked for rarely: not remembered per set of services.
      if (includeRetired) return inServices(s.everyIndicator, new Map(), serviceIds);
      return inServices(s.indicators, s.indicatorsByServices, serviceIds);
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
    async organisations() {
      return (await current()).organisations;
    },
    async workspaceLinks() {
      return (await current()).workspaceLinks;
    },
    async actionsByKey(key) {
      return (await current()).actionsByKey.get(key) ?? [];
    },
    async objectives() {
      return (await current()).objectives;
    },
    async actions({ serviceIds }) {
      const s = await current();
      return inServices(s.actions, s.actionsByServices, serviceIds);
    },
    // People are read as they are: a person's links to Slack and Teams change by other hands.
    indicatorsOwnedBy: (identity) => source.indicatorsOwnedBy(identity),
    changes: (indicator) => source.changes(indicator),
  };
}

/** The records of the given services (all where none are given), computed once per set of services. */
function inServices<T extends { serviceId: number | null }>(all: T[], computed: Map<string, T[]>, serviceIds: number[] | undefined): T[] {
  if (!serviceIds) return all;
  const key = [...serviceIds].sort((a, b) => a - b).join(",");
  let chosen = computed.get(key);
  if (!chosen) {
    const wanted = new Set(serviceIds);
    chosen = all.filter((r) => r.serviceId !== null && wanted.has(r.serviceId));
    computed.set(key, chosen);
  }
  return chosen;
}

/** Records by each of their lookup keys, in the order given. */
function byLookupKey<T extends { lookupKeys: string[] }>(records: T[]): Map<string, T[]> {
  const index = new Map<string, T[]>();
  for (const record of records) {
    for (const key of new Set(record.lookupKeys)) {
      const found = index.get(key);
      if (found) found.push(record);
      else index.set(key, [record]);
    }
  }
  return index;
}
