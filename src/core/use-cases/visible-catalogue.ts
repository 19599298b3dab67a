// The catalogue as an asker sees it: only the organisations their workspace or tenant is
// linked to. Every answer, list, suggestion, summary and home page reads through it, so a
// button value or a search naming another council's reference finds nothing of it.
import { mayRead, visibilityFor, type Asker, type Visibility } from "../access.ts";
import type { Catalogue } from "../ports.ts";

// One restricted catalogue per source and set of organisations, each filtering a source array
// once: the cached catalogue hands out the same arrays until the data changes, and lists
// remember their matches by array (list-indicators.ts).
const restricted = new WeakMap<Catalogue, Map<string, Catalogue>>();

/** The catalogue the asker sees, or null when their workspace is linked to no organisation. */
export async function catalogueFor(catalogue: Catalogue, asker: Asker): Promise<Catalogue | null> {
  const visibility = visibilityFor(await catalogue.workspaceLinks(), asker);
  return visibility.kind === "unlinked" ? null : visibleCatalogue(catalogue, visibility);
}

export function visibleCatalogue(source: Catalogue, visibility: Visibility): Catalogue {
  if (visibility.kind === "everything") return source;
  const names = visibility.kind === "organisations" ? [...visibility.names].sort() : [];
  const key = JSON.stringify(names);
  let bySource = restricted.get(source);
  if (!bySource) restricted.set(source, (bySource = new Map()));
  let catalogue = bySource.get(key);
  // A read model loads only these organisations' parts; the filter below keeps theirs whatever it holds.
  if (!catalogue) bySource.set(key, (catalogue = restrict(source.within?.(names) ?? source, visibility)));
  return catalogue;
}

/** The catalogue of these organisations only: what a job for one council (a digest, reminders, alerts) reads. */
export function catalogueOf(source: Catalogue, organisations: string[]): Catalogue {
  return visibleCatalogue(source, { kind: "organisations", names: organisations });
}

function restrict(source: Catalogue, visibility: Visibility): Catalogue {
  const visible = <T extends { organisation: string }>(records: T[]) => records.filter((r) => mayRead(visibility, r.organisation));
  const filtered = new WeakMap<object[], object[]>();
  const visibleOnce = <T extends { organisation: string }>(records: T[]): T[] => {
    let kept = filtered.get(records) as T[] | undefined;
    if (!kept) filtered.set(records, (kept = visible(records)));
    return kept;
  };
  return {
    indicatorsByKey: async (key) => visible(await source.indicatorsByKey(key)),
    actionsByKey: async (key) => visible(await source.actionsByKey(key)),
    async searchIndicators(words, limit) {
      const found = await source.searchIndicators(words, Number.MAX_SAFE_INTEGER);
      return found.filter((f) => mayRead(visibility, f.record.organisation)).slice(0, limit);
    },
    allRefs: async () => visibleOnce(await source.indicators({})).map((i) => ({ ref: i.ref, key: i.lookupKeys[0]!, title: i.title })),
    services: async () => visibleOnce(await source.services()),
    organisations: async () => (await source.organisations()).filter((o) => mayRead(visibility, o.name)),
    indicators: async (scope) => visibleOnce(await source.indicators(scope)),
    actions: async (scope) => visibleOnce(await source.actions(scope)),
    objectives: async () => visibleOnce(await source.objectives()),
    async indicatorsOwnedBy(identity) {
      const { person, indicators } = await source.indicatorsOwnedBy(identity);
      return { person, indicators: visible(indicators) };
    },
    workspaceLinks: () => source.workspaceLinks(),
    // Asked for an indicator found through this catalogue: of a visible organisation.
    changes: (indicator) => (mayRead(visibility, indicator.organisation) ? source.changes(indicator) : Promise.resolve([])),
  };
}
