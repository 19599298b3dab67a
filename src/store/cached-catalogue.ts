// A read model for the chat platforms: every indicator with its figures and every
// action, held in memory so that /kpi red over 10,000 indicators filters cards, and
// /kpi overdue filters actions, instead of reading thousands of rows a request.
// It is held in parts, one per organisation. Other instances and the kpi command change
// the shared database: every writer bumps the data version and logs what it changed and
// whose (data-version.ts). The version is read every 2 seconds (one small query); when it
// moved, the model reads the log's entries since its own version and reads again only the
// indicators and actions they name, putting them in place in their organisation's part,
// or, where an organisation's own settings changed (services, links, policy, an import),
// that organisation's part whole; every other part stays the same object. What the log
// cannot describe by organisation (a change of every organisation; a gap in the log;
// a writer that did not say) reloads everything. An idle service reads nothing more.
import type { WorkspaceLinkRecord } from "../core/access.ts";
import type { ActionRecord, Catalogue, IndicatorRecord, ObjectiveRecord, OrganisationRecord, ServiceRecord } from "../core/ports.ts";
import { compareRefs } from "../core/text.ts";
import type { Logger } from "../logger.ts";
import { rowIdOf, type ChangeSource } from "./catalogue.ts";
import type { ChangeKind, LoggedChange } from "./data-version.ts";

/**
 * One organisation's part of the read model: what a change of that organisation reads again, leaving
 * every other part (the same objects) as it was. A source whose records carry no row ids, or a load
 * that could not tell every record's organisation, has one part holding everything (id 0).
 */
export interface Part {
  /** The organisation's row id and name (0 and null: the one part of everything). */
  id: number;
  name: string | null;
  /** Retired ones too, in reference order: what a lookup by reference finds. */
  everyIndicator: IndicatorRecord[];
  /** The current ones: what lists, searches and suggestions read. */
  indicators: IndicatorRecord[];
  indicatorsByKey: Map<string, IndicatorRecord[]>;
  /** In report order. */
  actions: ActionRecord[];
  actionsByKey: Map<string, ActionRecord[]>;
  /** Its performance wheel's objectives with their assessments. */
  objectives: ObjectiveRecord[];
  /** Records by row id (rowIdOf): where a logged change is put. Null where a record has none (a source other than the store's). */
  indicatorById: Map<number, IndicatorRecord> | null;
  actionById: Map<number, ActionRecord> | null;
}

interface Snapshot {
  /** The data version read just before loading: a write during the load shows as a later version. */
  version: number;
  /** The parts by organisation row id, in id order (the order of organisations, of actions and of wheels). */
  parts: Map<number, Part>;
  /** Whether parts are per organisation (else one part holds everything, and a change of an organisation reads everything again). */
  partitioned: boolean;
  /** Per set of services, the same array each time, so results computed from it can be reused. */
  indicatorsByServices: Map<string, IndicatorRecord[]>;
  actionsByServices: Map<string, ActionRecord[]>;
  services: ServiceRecord[];
  organisations: OrganisationRecord[];
  /** Read on every request to scope it: held here, and changed only through a data version bump. */
  workspaceLinks: WorkspaceLinkRecord[];
  /** The indicators changed since `historyFrom`, by the version that changed them: what changedSince answers from. */
  history: { version: number; id: number; organisationId: number | null }[];
  historyFrom: number;
  /** Every part's lists joined, built when first asked for after a change. */
  joined?: Joined;
}

interface Joined {
  everyIndicator: IndicatorRecord[];
  indicators: IndicatorRecord[];
  actions: ActionRecord[];
  objectives: ObjectiveRecord[];
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
  /** One organisation's part as held now, by its row id (undefined where parts are not per organisation): the same object until that organisation changes. */
  part(organisationId: number): Promise<Part | undefined>;
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
    const [unsorted, services, organisations, actions, workspaceLinks, objectives, organisationIds] = await Promise.all([
      source.indicators({ includeRetired: true }),
      source.services(),
      source.organisations(),
      source.actions({}),
      source.workspaceLinks(),
      source.objectives(),
      changes ? changes.organisationIds() : null,
    ]);
    // Kept in reference order: lists sort by reference, and sorting sorted input is cheap.
    // Equal references (two organisations' "NI 1") stay in row order, as a changed record is put back.
    const everyIndicator = unsorted.sort((a, b) => compareRefs(a.ref, b.ref));
    const parts = (organisationIds && partsOf(organisationIds, everyIndicator, actions, objectives)) ?? new Map([[0, part(0, null, everyIndicator, actions, objectives)]]);
    return { version: loadedVersion, parts, partitioned: !parts.has(0), history: [], historyFrom: loadedVersion, indicatorsByServices: new Map(), actionsByServices: new Map(), services, organisations, workspaceLinks };
  };

  /** Everything read again, said in the log with why. */
  const reloaded = async (why: string): Promise<Snapshot> => {
    const started = Date.now();
    const next = await load();
    logger?.info({ version: next.version, organisations: next.parts.size, ms: Date.now() - started, why }, "the data changed: read model reloaded");
    return next;
  };

  /** The snapshot brought up to the current version: the changes applied where the log describes them all, else everything read again. */
  const followed = async (from: Snapshot): Promise<Snapshot> => {
    const applicable = [...from.parts.values()].every((p) => p.indicatorById && p.actionById);
    if (!changes || !applicable) return (await version()) === from.version ? from : await reloaded("the data version moved");
    const since = await changes.since(from.version);
    if (!since.changes) return await reloaded("the change log does not cover every version since the last read");
    if (since.version === from.version) return from;
    if (since.changes.some((c) => c.kind === "organisation" && (c.organisationId === null || !from.partitioned))) return await reloaded("every organisation changed, or parts are not per organisation");
    const started = Date.now();
    const next = await applied(from, since.version, since.changes, changes, source);
    if (!next) return await reloaded("a change names an organisation not held");
    logger?.info({ version: next.snapshot.version, changes: since.changes.length, organisationsRead: next.read, ms: Date.now() - started }, "the data changed: read model updated");
    return next.snapshot;
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
      if (since < s.historyFrom) return { version: s.version, indicators: null };
      const seen = new Set<number>();
      const indicators = s.history.flatMap((h) => {
        if (h.version <= since || seen.has(h.id)) return [];
        seen.add(h.id);
        const held = s.partitioned ? (h.organisationId === null ? undefined : s.parts.get(h.organisationId)) : s.parts.get(0);
        const record = held?.indicatorById?.get(h.id);
        return record && !record.retired ? [record] : [];
      });
      return { version: s.version, indicators };
    },
    async dataVersion() {
      return (await current()).version;
    },
    async part(organisationId) {
      const s = await current();
      return s.partitioned ? s.parts.get(organisationId) : undefined;
    },
    close() {
      clearInterval(timer);
    },
    async indicatorsByKey(key) {
      const { parts } = await current();
      const found = [...parts.values()].flatMap((p) => p.indicatorsByKey.get(key) ?? []);
      // From several organisations: in the order one list of them all would give.
      return parts.size > 1 && found.length > 1 ? found.sort(compareIndicators) : found;
    },
    async indicators({ serviceIds, includeRetired }) {
      const s = await current();
      const all = joined(s);
      // Retired ones are asked for rarely: not remembered per set of services.
      if (includeRetired) return inServices(all.everyIndicator, new Map(), serviceIds);
      return inServices(all.indicators, s.indicatorsByServices, serviceIds);
    },
    async searchIndicators(words, limit) {
      const { indicators } = joined(await current());
      return indicators
        .map((record) => ({ record, matched: words.filter((w) => record.searchText.includes(w)).length }))
        .filter((m) => m.matched > 0)
        .sort((a, b) => b.matched - a.matched || compareRefs(a.record.ref, b.record.ref))
        .slice(0, limit);
    },
    async allRefs() {
      return joined(await current()).indicators.map((i) => ({ ref: i.ref, key: i.lookupKeys[0]!, title: i.title }));
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
      // Parts in organisation order, each in report order: the report order of them all.
      return [...(await current()).parts.values()].flatMap((p) => p.actionsByKey.get(key) ?? []);
    },
    async objectives() {
      return joined(await current()).objectives;
    },
    async actions({ serviceIds }) {
      const s = await current();
      return inServices(joined(s).actions, s.actionsByServices, serviceIds);
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

/** A part built from its records: indexes by key and by row id. */
function part(id: number, name: string | null, everyIndicator: IndicatorRecord[], actions: ActionRecord[], objectives: ObjectiveRecord[]): Part {
  return {
    id,
    name,
    everyIndicator,
    indicators: everyIndicator.filter((i) => !i.retired),
    indicatorsByKey: byLookupKey(everyIndicator),
    actions,
    actionsByKey: byLookupKey(actions),
    objectives,
    indicatorById: byRowId(everyIndicator),
    actionById: byRowId(actions),
  };
}

/** Everything loaded, split by organisation (each list keeping its order); null where a record's organisation is not among those read. */
function partsOf(organisations: { id: number; name: string }[], everyIndicator: IndicatorRecord[], actions: ActionRecord[], objectives: ObjectiveRecord[]): Map<number, Part> | null {
  const byName = new Map(organisations.map((o) => [o.name, { id: o.id, indicators: [] as IndicatorRecord[], actions: [] as ActionRecord[], objectives: [] as ObjectiveRecord[] }]));
  for (const [records, list] of [
    [everyIndicator, "indicators"],
    [actions, "actions"],
    [objectives, "objectives"],
  ] as const) {
    for (const record of records) {
      const held = byName.get(record.organisation);
      if (!held) return null;
      (held[list] as (typeof record)[]).push(record);
    }
  }
  const parts = new Map<number, Part>();
  for (const [name, o] of byName) parts.set(o.id, part(o.id, name, o.indicators, o.actions, o.objectives));
  return parts;
}

/** Every part's lists joined in the order one full load gives them, once per snapshot. */
function joined(s: Snapshot): Joined {
  if (s.joined) return s.joined;
  const parts = [...s.parts.values()];
  // Each part is in that order already: the sort merges runs.
  const everyIndicator = parts.length === 1 ? parts[0]!.everyIndicator : parts.flatMap((p) => p.everyIndicator).sort(compareIndicators);
  return (s.joined = {
    everyIndicator,
    indicators: parts.length === 1 ? parts[0]!.indicators : everyIndicator.filter((i) => !i.retired),
    actions: parts.length === 1 ? parts[0]!.actions : parts.flatMap((p) => p.actions),
    objectives: parts.length === 1 ? parts[0]!.objectives : parts.flatMap((p) => p.objectives),
  });
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

const unique = (values: number[]) => [...new Set(values)];

/**
 * The snapshot with the logged changes applied, part by part: the changed indicators and actions read
 * again and put in place in their organisation's part (new lists; the other parts are the same objects),
 * an organisation's objectives read again if they changed, and an organisation read again whole where
 * its own settings changed or a key action of it is new or gone. Null where a change names an
 * organisation not held, or a record is not where the change says: the caller reads everything.
 */
async function applied(from: Snapshot, version: number, logged: LoggedChange[], changes: ChangeSource, source: Catalogue): Promise<{ snapshot: Snapshot; read: number[] } | null> {
  const reread = new Set(logged.flatMap((c) => (c.kind === "organisation" ? [c.organisationId!] : [])));
  const partKey = (c: LoggedChange) => (from.partitioned ? c.organisationId : 0);
  // A person's own change is held nowhere but in the organisations logged beside it; comparison settings nowhere.
  const pending = logged.filter((c) => c.kind !== "organisation" && c.kind !== "person" && c.kind !== "comparison" && !reread.has(partKey(c)!));
  if (pending.some((c) => partKey(c) === null || !from.parts.has(partKey(c)!))) return null;
  const subjects = (kind: ChangeKind) => pending.filter((c) => c.kind === kind && c.subjectId !== null);
  const indicatorChanges = subjects("indicator");
  const actionChanges = subjects("action");
  const objectiveParts = unique(pending.filter((c) => c.kind === "objective").map((c) => partKey(c)!));
  const [indicators, actions, objectives] = await Promise.all([
    indicatorChanges.length ? changes.indicatorsById(unique(indicatorChanges.map((c) => c.subjectId!))) : [],
    actionChanges.length ? changes.actionsWithParents(unique(actionChanges.map((c) => c.subjectId!))) : [],
    Promise.all(objectiveParts.map((id) => (from.partitioned ? changes.objectivesOf(id) : source.objectives()))),
  ]);
  const parts = new Map(from.parts);
  const touched = new Set<number | null>();
  const touch = (records: { serviceId: number | null }[]) => records.forEach((r) => touched.add(r.serviceId));

  for (const id of unique(indicatorChanges.map((c) => partKey(c)!))) {
    const held = parts.get(id)!;
    const ids = unique(indicatorChanges.filter((c) => partKey(c) === id).map((c) => c.subjectId!));
    const wanted = new Set(ids);
    const read = indicators.filter((r) => wanted.has(rowIdOf(r)!));
    if (from.partitioned && read.some((r) => r.organisation !== held.name)) return null;
    const next = withIndicators(held, ids, read);
    touch([...ids.flatMap((i) => held.indicatorById!.get(i) ?? []), ...read]);
    parts.set(id, { ...held, ...next });
  }
  for (const id of unique(actionChanges.map((c) => partKey(c)!))) {
    const held = parts.get(id)!;
    const ids = unique(actionChanges.filter((c) => partKey(c) === id).map((c) => c.subjectId!));
    // The actions read, with their parents: those held in this part (a parent is its child's organisation's).
    const read = actions.filter((r) => held.actionById!.has(rowIdOf(r)!) || ids.includes(rowIdOf(r)!));
    const next = withActions(held, ids, read);
    // A key action new or gone: its place in the report order is the store's to tell, so the organisation is read again.
    if (!next) {
      if (!from.partitioned) return null;
      reread.add(id);
      continue;
    }
    touch([...read.flatMap((r) => held.actionById!.get(rowIdOf(r)!) ?? []), ...read]);
    parts.set(id, { ...held, ...next });
  }
  objectiveParts.forEach((id, i) => parts.set(id, { ...parts.get(id)!, objectives: objectives[i]! }));

  const history = [...from.history, ...indicatorChanges.map((c) => ({ version: c.version, id: c.subjectId!, organisationId: c.organisationId }))];
  let globals: Pick<Snapshot, "services" | "organisations" | "workspaceLinks"> = from;
  if (reread.size) {
    // Its services, links and name may be what changed: those of every organisation are few, and read again with it.
    const [read, services, organisations, workspaceLinks] = await Promise.all([Promise.all([...reread].map((id) => changes.organisationPart(id))), source.services(), source.organisations(), source.workspaceLinks()]);
    globals = { services, organisations, workspaceLinks };
    [...reread].forEach((id, i) => {
      const old = parts.get(id);
      if (old) touch([...old.everyIndicator, ...old.actions]);
      const fresh = read[i];
      if (!fresh) return void parts.delete(id);
      const next = part(id, fresh.name, fresh.indicators, fresh.actions, fresh.objectives);
      touch([...next.everyIndicator, ...next.actions]);
      parts.set(id, next);
      // Each of its indicators may rate differently now (a RAG policy): every one counts as changed.
      for (const record of next.everyIndicator) history.push({ version, id: rowIdOf(record)!, organisationId: id });
    });
  }
  // Remembered for changedSince, the oldest forgotten beyond what is kept.
  const over = history.length - HISTORY_KEPT;
  const keep = (key: string) => !key.split(",").some((service) => touched.has(Number(service)));
  const snapshot: Snapshot = {
    ...from,
    ...globals,
    version,
    parts: new Map([...parts].sort(([a], [b]) => a - b)),
    joined: undefined,
    history: over > 0 ? history.slice(over) : history,
    historyFrom: over > 0 ? history[over - 1]!.version : from.historyFrom,
    indicatorsByServices: new Map([...from.indicatorsByServices].filter(([key]) => keep(key))),
    actionsByServices: new Map([...from.actionsByServices].filter(([key]) => keep(key))),
  };
  return { snapshot, read: [...reread] };
}

/**
 * The part's indicator lists and indexes with these rows replaced by their records as read now (an id not read is gone).
 * The lists are new (a request may be going through the old ones); the maps are changed in place, at once,
 * with new arrays where they hold them: they are read only by a lookup that returns at once, and copying
 * them would cost more than the whole change.
 */
function withIndicators(from: Part, ids: number[], read: IndicatorRecord[]): Partial<Part> {
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
  return { everyIndicator, indicators: everyIndicator.filter((i) => !i.retired), indicatorById, indicatorsByKey };
}

/** The part's actions with these rows (and their parents) replaced in place; null where one is new or gone. */
function withActions(from: Part, ids: number[], read: ActionRecord[]): Partial<Part> | null {
  const actionById = from.actionById!;
  const readIds = new Set(read.map((r) => rowIdOf(r)!));
  if (ids.some((id) => !readIds.has(id) || !actionById.has(id))) return null;
  if (read.some((r) => !actionById.has(rowIdOf(r)!))) return null;
  const replacing = new Map(read.map((r) => [actionById.get(rowIdOf(r)!)!, r]));
  for (const record of read) actionById.set(rowIdOf(record)!, record);
  const actions = from.actions.map((a) => replacing.get(a) ?? a);
  return { actions, actionById, actionsByKey: byLookupKey(actions) };
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
