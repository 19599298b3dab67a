// A read model for the chat platforms: every indicator with its figures and every
// action, held in memory so that /kpi red over 10,000 indicators filters cards, and
// /kpi overdue filters actions, instead of reading thousands of rows a request.
// Other instances and the kpi command change the shared database: every writer bumps
// the data version and logs what it changed (data-version.ts). The version is read every
// 2 seconds (one small query); when it moved, the model reads the log's entries since
// its own version and reads again only the indicators and actions they name, putting
// them in place in its lists and indexes. What the log cannot describe one record at a
// time (an organisation's services, links, people or policy; a gap in the log; a writer
// that did not say) reloads everything. An idle service reads nothing more.
import type { WorkspaceLinkRecord } from "../core/access.ts";
import type { ActionRecord, Catalogue, IndicatorRecord, ObjectiveRecord, OrganisationRecord, ServiceRecord } from "../core/ports.ts";
import { compareRefs } from "../core/text.ts";
import type { Logger } from "../logger.ts";
import { rowIdOf, type ChangeSource } from "./catalogue.ts";
import type { LoggedChange } from "./data-version.ts";

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
  /** Records by row id (rowIdOf): where a logged change is put. Null where a record has none (a source other than the store's). */
  indicatorById: Map<number, IndicatorRecord> | null;
  actionById: Map<number, ActionRecord> | null;
  /** The indicators changed since `historyFrom`, by the version that changed them: what changedSince answers from. */
  history: { version: number; id: number }[];
  historyFrom: number;
}

/** The indicators changed after a version, up to the version answered from now. */
export interface ChangedIndicators {
  version: number;
  /** Current (not retired) indicators only; null where it cannot tell (everything was read again since). */
  indicators: IndicatorRecord[] | null;
}

export interface CachedCatalogueOptions {
  /** The data version (readDataVersion): the model reloads when it differs from the loaded one. */
  version: () => Promise<number>;
  /** How often to read the version, in milliseconds (default 2 s). */
  pollMs?: number;
  /** Where a failed reload is reported (the previous snapshot goes on answering). */
  logger?: Logger;
  /** The change log: where given, a change is applied record by record instead of reloading everything. */
  changes?: ChangeSource;
}

export interface CachedCatalogue extends Catalogue {
  /** Loads now (at start-up), so the first question does not wait. */
  warm(): Promise<void>;
  /** Reads everything again now, whatever the data version says (a change made straight in the database bumps none). */
  reload(): Promise<void>;
  /** Follows the change log now rather than at the next poll (after a write here): reads only what changed. */
  catchUp(): Promise<void>;
  /** The current indicators changed after `version` (a version this model answered from), for jobs that rate only what changed. */
  changedSince(version: number): Promise<ChangedIndicators>;
  /** The data version of what it answers from now (loaded first if nothing is): what anything built from it may be kept under. */
  dataVersion(): Promise<number>;
  /** Stops polling the data version. */
  close(): void;
}

/** Every 2 s: one small query, so that a write elsewhere shows here well within 5 s. */
const DEFAULT_POLL_MS = 2_000;
/** Changed indicators remembered for changedSince: beyond this, it answers "cannot tell" for older versions. */
const HISTORY_KEPT = 50_000;

export function cachedCatalogue(source: Catalogue, options: CachedCatalogueOptions): CachedCatalogue {
  const { version, logger, changes } = options;
  let snapshot: Snapshot | null = null;
  let loading: Promise<Snapshot> | null = null;

  const load = async (): Promise<Snapshot> => {
    const loadedVersion = await version();
    const [unsorted, services, organisations, actions, workspaceLinks, objectives] = await Promise.all([source.indicators({ includeRetired: true }), source.services(), source.organisations(), source.actions({}), source.workspaceLinks(), source.objectives()]);
    // Kept in reference order: lists sort by reference, and sorting sorted input is cheap.
    // Equal references (two organisations' "NI 1") stay in row order, as a changed record is put back.
    const everyIndicator = unsorted.sort((a, b) => compareRefs(a.ref, b.ref));
    return {
      indicatorById: byRowId(everyIndicator),
      actionById: byRowId(actions),
      history: [],
      historyFrom: loadedVersion,
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

  /** Everything read again, said in the log with why. */
  const reloaded = async (why: string): Promise<Snapshot> => {
    const started = Date.now();
    const next = await load();
    logger?.info({ version: next.version, indicators: next.indicators.length, actions: next.actions.length, ms: Date.now() - started, why }, "the data changed: read model reloaded");
    return next;
  };

  /** The snapshot brought up to the current version: the changes applied where the log describes them all, else everything read again. */
  const followed = async (from: Snapshot): Promise<Snapshot> => {
    if (!changes || !from.indicatorById || !from.actionById) return (await version()) === from.version ? from : await reloaded("the data version moved");
    const since = await changes.since(from.version);
    if (!since.changes) return await reloaded("the change log does not cover every version since the last read");
    if (since.version === from.version) return from;
    if (since.changes.some((c) => c.kind === "organisation")) return await reloaded("an organisation's settings, people or imports changed");
    const started = Date.now();
    const next = await applied(from, since.version, since.changes, changes, source);
    if (!next) return await reloaded("a changed record is new or gone");
    logger?.info({ version: next.version, changes: since.changes.length, ms: Date.now() - started }, "the data changed: read model updated");
    return next;
  };

  const refresh = (next: () => Promise<Snapshot>): Promise<Snapshot> =>
    (loading ??= next()
      .then((s) => (snapshot = s))
      .finally(() => (loading = null)));

  const current = async (): Promise<Snapshot> => snapshot ?? (await refresh(load));

  let polling = false;
  const poll = async () => {
    // Before the first load there is nothing to keep fresh: the first question loads.
    if (!snapshot || loading || polling) return;
    polling = true;
    try {
      const from = snapshot;
      await refresh(() => followed(from));
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
      await refresh(load);
    },
    async catchUp() {
      // After whatever is under way, which may have read before the write that asks for this.
      await (loading ?? Promise.resolve());
      await refresh(async () => (snapshot ? await followed(snapshot) : await load()));
    },
    async changedSince(since) {
      const s = await current();
      if (since < s.historyFrom || !s.indicatorById) return { version: s.version, indicators: null };
      const ids = new Set(s.history.filter((h) => h.version > since).map((h) => h.id));
      const indicators = [...ids].flatMap((id) => {
        const record = s.indicatorById!.get(id);
        return record && !record.retired ? [record] : [];
      });
      return { version: s.version, indicators };
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

/**
 * For a job that rates only what changed (the alert check): the indicators changed since the last run
 * it finished, from the read model's record of the changes it applied; every one on the first run.
 */
export function changesSinceLastRun(catalogue: Pick<CachedCatalogue, "changedSince">): { sinceLastCheck(): Promise<IndicatorRecord[] | null>; checked(): void } {
  let finished: number | null = null;
  let asked: number | null = null;
  return {
    async sinceLastCheck() {
      const changed = await catalogue.changedSince(finished ?? -1);
      asked = changed.version;
      return finished === null ? null : changed.indicators;
    },
    checked() {
      finished = asked;
    },
  };
}

/** Records by row id; null where one has none (read by a source other than the store's), so changes cannot be applied. */
function byRowId<T extends IndicatorRecord | ActionRecord>(records: T[]): Map<number, T> | null {
  const index = new Map<number, T>();
  for (const record of records) {
    const id = rowIdOf(record);
    if (id === undefined) return null;
    index.set(id, record);
  }
  return index;
}

/** Reference order, equal references in row order: the order a full load gives. */
function compareIndicators(a: IndicatorRecord, b: IndicatorRecord): number {
  return compareRefs(a.ref, b.ref) || rowIdOf(a)! - rowIdOf(b)!;
}

/** Where a record goes in a list in that order: after every one before it. */
function insertionPoint(list: IndicatorRecord[], record: IndicatorRecord): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareIndicators(list[middle]!, record) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The snapshot with the logged changes applied: the changed indicators and actions read again and put in
 * place in every list and index that holds them (new lists and maps: a request may be reading the old ones),
 * the objectives read again if any changed. Null where the changes are not changes of records it holds (an
 * action new or gone, whose place in the report order it cannot tell): the caller reads everything.
 */
async function applied(from: Snapshot, version: number, logged: LoggedChange[], changes: ChangeSource, source: Catalogue): Promise<Snapshot | null> {
  const indicatorIds = [...new Set(logged.filter((c) => c.kind === "indicator" && c.subjectId !== null).map((c) => c.subjectId!))];
  const actionIds = [...new Set(logged.filter((c) => c.kind === "action" && c.subjectId !== null).map((c) => c.subjectId!))];
  const objectivesChanged = logged.some((c) => c.kind === "objective");
  const [indicators, actions, objectives] = await Promise.all([
    indicatorIds.length ? changes.indicatorsById(indicatorIds) : [],
    actionIds.length ? changes.actionsWithParents(actionIds) : [],
    objectivesChanged ? source.objectives() : from.objectives,
  ]);
  const next: Snapshot = { ...from, version, objectives };
  // Actions first: they may turn out not to fit, before anything held is changed.
  if (actions.length || actionIds.length) {
    const replaced = withActions(from, actionIds, actions);
    if (!replaced) return null;
    Object.assign(next, replaced);
  }
  if (indicatorIds.length) Object.assign(next, withIndicators(from, indicatorIds, indicators));
  // Remembered for changedSince, the oldest forgotten beyond what is kept.
  const history = [...from.history, ...logged.filter((c) => c.kind === "indicator" && c.subjectId !== null).map((c) => ({ version: c.version, id: c.subjectId! }))];
  const over = history.length - HISTORY_KEPT;
  next.history = over > 0 ? history.slice(over) : history;
  next.historyFrom = over > 0 ? history[over - 1]!.version : from.historyFrom;
  return next;
}

/**
 * The indicator lists and indexes with these rows replaced by their records as read now (an id not read is gone).
 * The lists are new (a request may be going through the old ones); the maps are changed in place, at once,
 * with new arrays where they hold them: they are read only by a lookup that returns at once, and copying
 * them would cost more than the whole change.
 */
function withIndicators(from: Snapshot, ids: number[], read: IndicatorRecord[]): Partial<Snapshot> {
  const indicatorById = from.indicatorById!;
  const old = ids.flatMap((id) => {
    const record = indicatorById.get(id);
    return record ? [record] : [];
  });
  const leaving = new Set(old);
  const everyIndicator = from.everyIndicator.filter((r) => !leaving.has(r));
  for (const id of ids) indicatorById.delete(id);
  for (const record of read) {
    everyIndicator.splice(insertionPoint(everyIndicator, record), 0, record);
    indicatorById.set(rowIdOf(record)!, record);
  }
  // The lists by key: only the keys of the records that left or came are built again.
  const indicatorsByKey = from.indicatorsByKey;
  const keys = new Set([...old, ...read].flatMap((r) => r.lookupKeys));
  for (const key of keys) {
    const kept = (indicatorsByKey.get(key) ?? []).filter((r) => !leaving.has(r));
    const added = read.filter((r) => r.lookupKeys.includes(key));
    // In the order a full load gives: reference order.
    const list = [...kept, ...added].sort(compareIndicators);
    if (list.length) indicatorsByKey.set(key, list);
    else indicatorsByKey.delete(key);
  }
  // The lists per set of services: those holding none of the services touched keep their arrays.
  const touched = new Set([...old, ...read].map((r) => r.serviceId));
  const indicatorsByServices = new Map([...from.indicatorsByServices].filter(([key]) => !key.split(",").some((id) => touched.has(Number(id)))));
  return { everyIndicator, indicators: everyIndicator.filter((i) => !i.retired), indicatorById, indicatorsByKey, indicatorsByServices };
}

/** The actions with these rows (and their parents) replaced in place; null where one is new or gone. */
function withActions(from: Snapshot, ids: number[], read: ActionRecord[]): Partial<Snapshot> | null {
  const readIds = new Set(read.map((r) => rowIdOf(r)!));
  if (ids.some((id) => !readIds.has(id) || !from.actionById!.has(id))) return null;
  if (read.some((r) => !from.actionById!.has(rowIdOf(r)!))) return null;
  const actionById = from.actionById!;
  const replacing = new Map(read.map((r) => [from.actionById!.get(rowIdOf(r)!)!, r]));
  for (const record of read) actionById.set(rowIdOf(record)!, record);
  const actions = from.actions.map((a) => replacing.get(a) ?? a);
  const touched = new Set([...replacing.keys(), ...read].map((r) => r.serviceId));
  const actionsByServices = new Map([...from.actionsByServices].filter(([key]) => !key.split(",").some((id) => touched.has(Number(id)))));
  return { actions, actionById, actionsByKey: byLookupKey(actions), actionsByServices };
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
