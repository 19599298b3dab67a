// A read model for the chat platforms: indicators with their figures and actions, held in
// memory so that /kpi red over 10,000 indicators filters cards, and /kpi overdue filters
// actions, instead of reading thousands of rows a request.
//
// With the change log (a ChangeSource), it is held in parts, one per organisation, each
// loaded when a question, a digest or a job first asks for that organisation, and let go,
// least recently asked first, when the parts held pass the memory budget (READ_MODEL_MB):
// an instance holds the councils it is asked about, not every council in the database.
// Other instances and the kpi command change the shared database: every writer bumps the
// data version and logs what it changed and whose (data-version.ts). The version is read
// every 2 seconds (one small query); when it moved, the model reads the log's entries
// since its own version and reads again only the indicators and actions they name of the
// parts it holds, putting them in place; where an organisation's own settings changed
// (services, links, policy, an import) it reads that part again whole. A change of a part
// not held costs nothing but the log's row. What the log cannot describe by organisation
// (a change of every organisation; a gap in the log) lets every part go, to be read again
// when asked for. An idle service reads nothing more.
//
// Without a change log (another source), it holds everything in one part and reads it all
// again whenever the data version moves.
import type { WorkspaceLinkRecord } from "../core/access.ts";
import type { ActionRecord, Catalogue, IndicatorRecord, ObjectiveRecord, OrganisationRecord, ServiceRecord } from "../core/ports.ts";
import { compareRefs } from "../core/text.ts";
import type { Logger } from "../logger.ts";
import { rowIdOf, type ChangeSource, type OrganisationPart } from "./catalogue.ts";
import type { ChangeKind, LoggedChange } from "./data-version.ts";

/**
 * One organisation's part of the read model: what a change of that organisation reads again, leaving
 * every other part (the same objects) as it was. Without a change log, one part holds everything (id 0).
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
  /** About how much memory it holds, in bytes: what the budget counts. */
  bytes: number;
}

interface Snapshot {
  /** The data version read just before loading: a write during the load shows as a later version. */
  version: number;
  /** The parts held, by organisation row id, in id order (the order of organisations, of actions and of wheels). */
  parts: Map<number, Part>;
  /** Parts per organisation, loaded when asked for (with a change log); else one part (id 0) holds everything. */
  lazy: boolean;
  /** Every organisation's row id by name, held or not. */
  organisationIds: Map<string, number>;
  services: ServiceRecord[];
  organisations: OrganisationRecord[];
  /** Read on every request to scope it: held here, and changed only through a data version bump. */
  workspaceLinks: WorkspaceLinkRecord[];
}

/** Some parts' lists together, and the lists of sets of services computed from them: the same arrays until one of the parts changes. */
interface View {
  everyIndicator: IndicatorRecord[];
  indicators: IndicatorRecord[];
  actions: ActionRecord[];
  objectives: ObjectiveRecord[];
  indicatorsByServices: Map<string, IndicatorRecord[]>;
  actionsByServices: Map<string, ActionRecord[]>;
}

/** The indicators changed after a version, up to the version answered from now. */
export interface ChangedIndicators {
  version: number;
  /** Current (not retired) indicators only; null where it cannot tell (no change log, or the log does not reach back). */
  indicators: IndicatorRecord[] | null;
}

export interface CachedCatalogueOptions {
  /** The data version (readDataVersion): the model reloads when it differs from the loaded one. */
  version: () => Promise<number>;
  /** How often to read the version, in milliseconds (default 2 s). */
  pollMs?: number;
  /** Where a failed reload is reported (the previous snapshot goes on answering). */
  logger?: Logger;
  /** The change log: where given, parts are loaded when asked for and a change is applied record by record. */
  changes?: ChangeSource;
  /** The memory the parts held may take, in megabytes (READ_MODEL_MB): beyond it, the least recently asked are let go. */
  budgetMb?: number;
}

export interface CachedCatalogue extends Catalogue {
  /** Loads now (at start-up): the organisation list, then the parts of linked organisations (of every one where none is linked) while within the budget. */
  warm(): Promise<void>;
  /** Reads everything again now, whatever the data version says (a change made straight in the database bumps none). */
  reload(): Promise<void>;
  /** Follows the change log now rather than at the next poll (after a write here): reads only what changed. */
  catchUp(): Promise<void>;
  /**
   * The current indicators of these organisations (every one where none are named) changed after `version`
   * (a version this model answered from), for jobs that rate only what changed: read from the change log.
   */
  changedSince(version: number, organisations?: string[]): Promise<ChangedIndicators>;
  /** The data version of what it answers from now (loaded first if nothing is): what anything built from it may be kept under. */
  dataVersion(): Promise<number>;
  /** One organisation's part, loaded if it is not held, by its row id (undefined without a change log): the same object until that organisation changes. */
  part(organisationId: number): Promise<Part | undefined>;
  /** The row ids of the parts held now (for tests and the bench: what the budget kept). */
  held(): number[];
  /** Stops polling the data version. */
  close(): void;
}

/** Every 2 s: one small query, so that a write elsewhere shows here well within 5 s. */
const DEFAULT_POLL_MS = 2_000;
/** What the parts may hold by default: with the service's own ~200 MB and what a part's reading leaves for the collector, an instance stays under 300 MB (npm run bench -- scale). */
export const DEFAULT_READ_MODEL_MB = 48;
/** Parts read at once when many are asked for together (an unscoped list): the database's pool is shared. */
const PARTS_AT_ONCE = 4;
/** Sets of several organisations whose lists together are kept: beyond it, the oldest are built again when asked. */
const VIEWS_KEPT = 256;

export function cachedCatalogue(source: Catalogue, options: CachedCatalogueOptions): CachedCatalogue {
  const { version, logger, changes } = options;
  const budget = (options.budgetMb ?? DEFAULT_READ_MODEL_MB) * 1024 * 1024;
  let snapshot: Snapshot | null = null;
  /** Every change of the snapshot runs after the one before: a part read while the version is v holds at least v. */
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(step: () => Promise<T>): Promise<T> => {
    const run = queue.then(step);
    queue = run.catch(() => undefined);
    return run;
  };
  /** When each part was last asked for (a counter, not a clock): the least recently asked are let go first. */
  const asked = new Map<number, number>();
  let asks = 0;
  const views = new WeakMap<Part, View>();
  const joinedViews = new Map<string, { parts: Part[]; view: View }>();

  const globals = async () => {
    const [services, organisations, workspaceLinks, ids] = await Promise.all([source.services(), source.organisations(), source.workspaceLinks(), changes!.organisationIds()]);
    return { services, organisations, workspaceLinks, organisationIds: new Map(ids.map((o) => [o.name, o.id])) };
  };

  const load = async (): Promise<Snapshot> => {
    const loadedVersion = await version();
    if (changes) return { version: loadedVersion, parts: new Map(), lazy: true, ...(await globals()) };
    const [unsorted, services, organisations, actions, workspaceLinks, objectives] = await Promise.all([
      source.indicators({ includeRetired: true }),
      source.services(),
      source.organisations(),
      source.actions({}),
      source.workspaceLinks(),
      source.objectives(),
    ]);
    // Kept in reference order: lists sort by reference, and sorting sorted input is cheap.
    const everyIndicator = unsorted.sort((a, b) => compareRefs(a.ref, b.ref));
    return { version: loadedVersion, parts: new Map([[0, part(0, null, everyIndicator, actions, objectives)]]), lazy: false, organisationIds: new Map(), services, organisations, workspaceLinks };
  };

  /** Everything read again (with a change log: every part let go, to be read when asked), said in the log with why. */
  const reloaded = async (why: string): Promise<Snapshot> => {
    const started = Date.now();
    const next = await load();
    logger?.info({ version: next.version, ms: Date.now() - started, why }, next.lazy ? "the data changed: every part of the read model let go" : "the data changed: read model reloaded");
    return next;
  };

  /** The snapshot brought up to the current version: the changes applied where the log describes them all, else everything read again. */
  const followed = async (from: Snapshot): Promise<Snapshot> => {
    if (!changes) return (await version()) === from.version ? from : await reloaded("the data version moved");
    const since = await changes.since(from.version);
    if (!since.changes) return await reloaded("the change log does not cover every version since the last read");
    if (since.version === from.version) return from;
    if (since.changes.some((c) => c.kind === "organisation" && c.organisationId === null)) return await reloaded("every organisation changed");
    const started = Date.now();
    const next = await applied(from, since.version, since.changes, changes, source, globals);
    if (!next) return await reloaded("a change was not where the log said");
    logger?.info({ version: next.snapshot.version, changes: since.changes.length, organisationsRead: next.read, ms: Date.now() - started }, "the data changed: read model updated");
    return next.snapshot;
  };

  /** The snapshot answered from now; lists joined from parts no longer held are let go with them. */
  const become = (next: Snapshot): Snapshot => {
    for (const [key, held] of joinedViews) if (held.parts.some((p) => next.parts.get(p.id) !== p)) joinedViews.delete(key);
    return (snapshot = next);
  };

  const current = async (): Promise<Snapshot> => snapshot ?? (await serially(async () => snapshot ?? become(await load())));

  /** The snapshot holding these organisations' parts: read (one after another with any change) where not held, then the budget kept. */
  const holding = async (ids: number[]): Promise<Snapshot> => {
    for (const id of ids) asked.set(id, ++asks);
    const s = await current();
    if (!s.lazy || ids.every((id) => s.parts.has(id))) return s;
    return await serially(async () => {
      const from = snapshot!;
      const known = new Set(from.organisationIds.values());
      const missing = ids.filter((id) => known.has(id) && !from.parts.has(id));
      if (!missing.length) return from;
      const started = Date.now();
      const read: (OrganisationPart | null)[] = [];
      for (let i = 0; i < missing.length; i += PARTS_AT_ONCE) read.push(...(await Promise.all(missing.slice(i, i + PARTS_AT_ONCE).map((id) => changes!.organisationPart(id)))));
      const parts = new Map(from.parts);
      missing.forEach((id, i) => {
        const fresh = read[i];
        if (fresh) parts.set(id, part(id, fresh.name, fresh.indicators, fresh.actions, fresh.objectives));
      });
      logger?.debug({ organisations: missing.length, ms: Date.now() - started }, "read model: parts read");
      return become(withinBudget({ ...from, parts: inIdOrder(parts) }, new Set(ids)));
    });
  };

  /** The snapshot with the least recently asked parts let go until those held fit the budget (those just asked for are kept). */
  const withinBudget = (s: Snapshot, keep: Set<number>): Snapshot => {
    let total = bytesHeld(s);
    if (total <= budget) return s;
    const parts = new Map(s.parts);
    const oldestFirst = [...parts.keys()].filter((id) => !keep.has(id)).sort((a, b) => (asked.get(a) ?? 0) - (asked.get(b) ?? 0));
    const gone: number[] = [];
    for (const id of oldestFirst) {
      if (total <= budget) break;
      total -= parts.get(id)!.bytes;
      parts.delete(id);
      gone.push(id);
    }
    logger?.debug({ letGo: gone.length, heldMb: Math.round(total / 1048576) }, "read model: least recently asked parts let go");
    return { ...s, parts };
  };

  /** The lists of these parts together: a part's own, or joined once for as long as the same parts are held. */
  const viewOf = (parts: Part[]): View => {
    if (parts.length === 1) {
      const only = parts[0]!;
      let view = views.get(only);
      if (!view) views.set(only, (view = { everyIndicator: only.everyIndicator, indicators: only.indicators, actions: only.actions, objectives: only.objectives, indicatorsByServices: new Map(), actionsByServices: new Map() }));
      return view;
    }
    const key = parts.map((p) => p.id).join(",");
    const held = joinedViews.get(key);
    if (held && held.parts.length === parts.length && held.parts.every((p, i) => p === parts[i])) return held.view;
    // Each part is in reference order already: the sort merges runs.
    const everyIndicator = parts.flatMap((p) => p.everyIndicator).sort(compareIndicators);
    const view = { everyIndicator, indicators: everyIndicator.filter((i) => !i.retired), actions: parts.flatMap((p) => p.actions), objectives: parts.flatMap((p) => p.objectives), indicatorsByServices: new Map(), actionsByServices: new Map() };
    joinedViews.delete(key);
    joinedViews.set(key, { parts, view });
    if (joinedViews.size > VIEWS_KEPT) joinedViews.delete(joinedViews.keys().next().value!);
    return view;
  };

  /** The row ids of these organisations (every one where none are named), in id order. */
  const idsOf = (s: Snapshot, names: string[] | null): number[] => {
    if (!s.lazy) return [0];
    const ids = names ? names.flatMap((n) => s.organisationIds.get(n) ?? []) : [...s.organisationIds.values()];
    return [...new Set(ids)].sort((a, b) => a - b);
  };

  /** The parts of these organisations (every one where none are named), read where not held. */
  const partsFor = async (names: string[] | null): Promise<Part[]> => {
    const s = await holding(idsOf(await current(), names));
    return idsOf(s, names).flatMap((id) => s.parts.get(id) ?? []);
  };

  /** A catalogue over some organisations' parts (every one where none are named). */
  const over = (names: string[] | null): Catalogue => {
    const named = names && new Set(names);
    const mine = <T extends { organisation: string }>(records: T[]) => (named ? records.filter((r) => named.has(r.organisation)) : records);
    const view = async () => viewOf(await partsFor(names));
    /** By key across all parts: where not every part is held, the store says which organisations have it, and only theirs are read. */
    const byKey = async <T extends IndicatorRecord | ActionRecord>(key: string, inPart: (p: Part) => T[] | undefined, fromStore: () => Promise<T[]>): Promise<T[]> => {
      const s = await current();
      const everyHeld = !s.lazy || idsOf(s, names).every((id) => s.parts.has(id));
      const organisations = names ?? (everyHeld ? null : [...new Set((await fromStore()).map((r) => r.organisation))]);
      if (organisations && !organisations.length) return [];
      return (await partsFor(organisations)).flatMap((p) => inPart(p) ?? []);
    };
    return {
      async indicatorsByKey(key) {
        const found = await byKey(key, (p) => p.indicatorsByKey.get(key), () => source.indicatorsByKey(key));
        // From several organisations: in the order one list of them all would give.
        return found.length > 1 ? found.sort(compareIndicators) : found;
      },
      // Parts in organisation order, each in report order: the report order of them all.
      actionsByKey: (key) => byKey(key, (p) => p.actionsByKey.get(key), () => source.actionsByKey(key)),
      async indicators({ serviceIds, includeRetired }) {
        const all = await view();
        // Retired ones are asked for rarely: not remembered per set of services.
        if (includeRetired) return inServices(all.everyIndicator, new Map(), serviceIds);
        return inServices(all.indicators, all.indicatorsByServices, serviceIds);
      },
      async searchIndicators(words, limit) {
        const { indicators } = await view();
        return indicators
          .map((record) => ({ record, matched: words.filter((w) => record.searchText.includes(w)).length }))
          .filter((m) => m.matched > 0)
          .sort((a, b) => b.matched - a.matched || compareRefs(a.record.ref, b.record.ref))
          .slice(0, limit);
      },
      allRefs: async () => (await view()).indicators.map((i) => ({ ref: i.ref, key: i.lookupKeys[0]!, title: i.title })),
      services: async () => mine((await current()).services),
      organisations: async () => (await current()).organisations.filter((o) => !named || named.has(o.name)),
      workspaceLinks: async () => (await current()).workspaceLinks,
      objectives: async () => (await view()).objectives,
      async actions({ serviceIds }) {
        const all = await view();
        return inServices(all.actions, all.actionsByServices, serviceIds);
      },
      // People are read as they are: a person's links to Slack and Teams change by other hands.
      async indicatorsOwnedBy(identity) {
        const { person, indicators } = await source.indicatorsOwnedBy(identity);
        return { person, indicators: mine(indicators) };
      },
      changes: (subject) => source.changes(subject),
    };
  };

  const everything = over(null);
  const withinCatalogues = new Map<string, Catalogue>();

  let polling = false;
  const poll = async () => {
    // Before the first load there is nothing to keep fresh: the first question loads.
    if (!snapshot || polling) return;
    polling = true;
    try {
      await serially(async () => become(await followed(snapshot!)));
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
    ...everything,
    within(organisations) {
      const key = [...new Set(organisations)].sort().join("\n");
      let catalogue = withinCatalogues.get(key);
      if (!catalogue) withinCatalogues.set(key, (catalogue = over(key ? key.split("\n") : [])));
      return catalogue;
    },
    async warm() {
      const s = await current();
      if (!s.lazy) return;
      // The organisations some workspace or tenant asks about (every one where none is linked: everyone sees
      // everything), while they fit: their first questions need not wait, and a broken database shows at start.
      const linked = s.workspaceLinks.length ? [...new Set(s.workspaceLinks.map((l) => l.organisation))] : null;
      for (const id of idsOf(s, linked)) {
        if (bytesHeld(snapshot!) > budget * 0.75) break;
        await holding([id]);
      }
    },
    async reload() {
      await serially(async () => become(await reloaded("asked to read everything again")));
    },
    async catchUp() {
      await serially(async () => become(snapshot ? await followed(snapshot) : await load()));
    },
    async changedSince(since, organisations) {
      const s = await holding(idsOf(await current(), organisations ?? null));
      if (since < 0 || !changes || !s.lazy) return { version: s.version, indicators: null };
      const logged = await changes.between(since, s.version);
      if (!logged || logged.some((c) => c.kind === "organisation" && c.organisationId === null)) return { version: s.version, indicators: null };
      const wanted = new Set(idsOf(s, organisations ?? null));
      const seen = new Set<IndicatorRecord>();
      for (const c of logged) {
        const held = c.organisationId !== null && wanted.has(c.organisationId) ? s.parts.get(c.organisationId) : undefined;
        if (!held) continue;
        // An organisation's settings (a RAG policy) may rate each of its indicators differently: every one counts as changed.
        if (c.kind === "organisation") held.indicators.forEach((r) => seen.add(r));
        if (c.kind !== "indicator" || c.subjectId == null) continue;
        const record = held.indicatorById!.get(c.subjectId);
        if (record && !record.retired) seen.add(record);
      }
      return { version: s.version, indicators: [...seen] };
    },
    async dataVersion() {
      return (await current()).version;
    },
    async part(organisationId) {
      const s = await holding([organisationId]);
      return s.lazy ? s.parts.get(organisationId) : undefined;
    },
    held() {
      return snapshot ? [...snapshot.parts.keys()] : [];
    },
    close() {
      clearInterval(timer);
    },
  };
}

/**
 * For a job that rates only what changed (the alert check): the indicators of the organisations it watches
 * changed since the last run it finished, from the change log; every one on the first run.
 */
export function changesSinceLastRun(catalogue: Pick<CachedCatalogue, "changedSince">): { sinceLastCheck(organisations: string[]): Promise<IndicatorRecord[] | null>; checked(): void } {
  let finished: number | null = null;
  let asked: number | null = null;
  return {
    async sinceLastCheck(organisations) {
      const changed = await catalogue.changedSince(finished ?? -1, organisations);
      asked = changed.version;
      return finished === null ? null : changed.indicators;
    },
    checked() {
      finished = asked;
    },
  };
}

/**
 * About what a part holds in memory, in bytes: fixed costs per record and per figure, and its text (two bytes a
 * character at most). Measured with the heap before and after reading parts (the bench council's 10,000 indicators
 * of 12 periods: 33 MB, estimated 32 MB; Sutton's 174 key actions: 0.4 MB); not exact, and need not be.
 */
function estimatedBytes(everyIndicator: IndicatorRecord[], actions: ActionRecord[]): number {
  let bytes = 0;
  for (const i of everyIndicator) {
    bytes += BYTES_PER_RECORD + BYTES_PER_FIGURE * (i.results.length + i.targets.length) + 2 * (i.title.length + i.searchText.length);
    for (const c of i.commentary) bytes += BYTES_PER_FIGURE + 2 * c.text.length;
  }
  for (const a of actions) bytes += BYTES_PER_ACTION + BYTES_PER_FIGURE * a.children.length + 2 * (a.title.length + (a.note?.length ?? 0));
  return bytes;
}
const BYTES_PER_RECORD = 700;
const BYTES_PER_ACTION = 2_000;
const BYTES_PER_FIGURE = 90;

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
    bytes: estimatedBytes(everyIndicator, actions),
  };
}

const bytesHeld = (s: Snapshot) => [...s.parts.values()].reduce((sum, p) => sum + p.bytes, 0);

const inIdOrder = (parts: Map<number, Part>) => new Map([...parts].sort(([a], [b]) => a - b));

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
  return compareRefs(a.ref, b.ref) || (rowIdOf(a) ?? 0) - (rowIdOf(b) ?? 0);
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
 * The snapshot with the logged changes applied to the parts held: the changed indicators and actions read
 * again and put in place in their organisation's part (new lists; the other parts are the same objects),
 * an organisation's objectives read again if they changed, and an organisation read again whole where
 * its own settings changed or a key action of it is new or gone. A change of a part not held reads
 * nothing (it is read as it is when asked for). Null where a record is not where the change says: the
 * caller reads everything.
 */
async function applied(from: Snapshot, version: number, logged: LoggedChange[], changes: ChangeSource, source: Catalogue, globals: () => Promise<Pick<Snapshot, "services" | "organisations" | "workspaceLinks" | "organisationIds">>): Promise<{ snapshot: Snapshot; read: number[] } | null> {
  const settings = logged.filter((c) => c.kind === "organisation");
  const reread = new Set(settings.flatMap((c) => (from.parts.has(c.organisationId!) ? [c.organisationId!] : [])));
  // A person's own change is held nowhere but in the organisations logged beside it; comparison settings nowhere.
  const pending = logged.filter((c) => c.kind !== "organisation" && c.kind !== "person" && c.kind !== "comparison" && c.organisationId !== null && from.parts.has(c.organisationId) && !reread.has(c.organisationId));
  const subjects = (kind: ChangeKind) => pending.filter((c) => c.kind === kind && c.subjectId !== null);
  const indicatorChanges = subjects("indicator");
  const actionChanges = subjects("action");
  const objectiveParts = unique(pending.filter((c) => c.kind === "objective").map((c) => c.organisationId!));
  const [indicators, actions, objectives] = await Promise.all([
    indicatorChanges.length ? changes.indicatorsById(unique(indicatorChanges.map((c) => c.subjectId!))) : [],
    actionChanges.length ? changes.actionsWithParents(unique(actionChanges.map((c) => c.subjectId!))) : [],
    Promise.all(objectiveParts.map((id) => changes.objectivesOf(id))),
  ]);
  const parts = new Map(from.parts);

  for (const id of unique(indicatorChanges.map((c) => c.organisationId!))) {
    const held = parts.get(id)!;
    const ids = unique(indicatorChanges.filter((c) => c.organisationId === id).map((c) => c.subjectId!));
    const wanted = new Set(ids);
    const read = indicators.filter((r) => wanted.has(rowIdOf(r)!));
    if (read.some((r) => r.organisation !== held.name)) return null;
    parts.set(id, withBytes({ ...held, ...withIndicators(held, ids, read) }));
  }
  for (const id of unique(actionChanges.map((c) => c.organisationId!))) {
    const held = parts.get(id)!;
    const ids = unique(actionChanges.filter((c) => c.organisationId === id).map((c) => c.subjectId!));
    // The actions read, with their parents: those held in this part (a parent is its child's organisation's).
    const read = actions.filter((r) => held.actionById!.has(rowIdOf(r)!) || ids.includes(rowIdOf(r)!));
    const next = withActions(held, ids, read);
    // A key action new or gone: its place in the report order is the store's to tell, so the organisation is read again.
    if (next) parts.set(id, withBytes({ ...held, ...next }));
    else reread.add(id);
  }
  objectiveParts.forEach((id, i) => parts.set(id, { ...parts.get(id)!, objectives: objectives[i]! }));

  let held: Pick<Snapshot, "services" | "organisations" | "workspaceLinks" | "organisationIds"> = from;
  if (settings.length || reread.size) {
    // Its services, links and name may be what changed: those of every organisation are few, and read again with it.
    const [read, fresh] = await Promise.all([Promise.all([...reread].map((id) => changes.organisationPart(id))), globals()]);
    held = fresh;
    [...reread].forEach((id, i) => {
      const one = read[i];
      if (one) parts.set(id, part(id, one.name, one.indicators, one.actions, one.objectives));
      else parts.delete(id);
    });
  }
  return { snapshot: { ...from, ...held, version, parts: inIdOrder(parts) }, read: [...reread] };
}

const withBytes = (p: Part): Part => ({ ...p, bytes: estimatedBytes(p.everyIndicator, p.actions) });

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
