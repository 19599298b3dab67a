// Lists indicators by computed RAG level, direction of travel, service and words.
import { buildIndicatorCard } from "../indicator-card.ts";
import { pageOf } from "../paging.ts";
import type { Catalogue, IndicatorRecord, ServiceRecord } from "../ports.ts";
import type { Filters } from "../query.ts";
import { compareRefs } from "../text.ts";
import type { IndicatorCard, IndicatorList, IndicatorListItem } from "../views.ts";

export function listItem(card: IndicatorCard): IndicatorListItem {
  return {
    ref: card.ref,
    title: card.title,
    organisation: card.organisation,
    service: card.service,
    period: card.latest?.period ?? null,
    latest: card.latest?.display ?? null,
    target: card.latest?.target?.display ?? null,
    rating: card.latest?.rating.level ?? null,
    dotShort: card.latest?.dotShort ?? null,
  };
}

const AMBERS = ["Green Amber", "Red Amber", "Amber"];

/** "Red", "Red Amber or Red", and "Amber" for every amber level. */
function levelsText(levels: string[]): string | null {
  if (!levels.length) return null;
  const rest = levels.filter((l) => !AMBERS.includes(l));
  const allAmbers = AMBERS.every((a) => levels.includes(a));
  return [...(allAmbers ? ["Amber"] : levels.filter((l) => AMBERS.includes(l))), ...rest].join(" or ");
}

const byRef = (a: { ref: string }, b: { ref: string }) => compareRefs(a.ref, b.ref);

// The matches for the same records and filters are the same: a catalogue that hands
// out the same records (the cached one) gets them without filtering again.
const matchesSeen = new WeakMap<IndicatorRecord[], Map<string, IndicatorCard[]>>();

function matching(records: IndicatorRecord[], filters: Filters): IndicatorCard[] {
  const key = JSON.stringify([filters.levels, filters.direction, filters.words]);
  const seen = matchesSeen.get(records) ?? new Map<string, IndicatorCard[]>();
  matchesSeen.set(records, seen);
  let cards = seen.get(key);
  if (!cards) {
    cards = records
      .filter((r) => filters.words.every((w) => r.searchText.includes(w)))
      .map(buildIndicatorCard)
      .filter((c) => !filters.levels.length || (c.latest !== null && (filters.levels as string[]).includes(c.latest.rating.level)))
      .filter((c) => !filters.direction || c.latest?.dotShort === filters.direction)
      .sort(byRef);
    seen.set(key, cards);
  }
  return cards;
}

export async function listIndicators(catalogue: Catalogue, filters: Filters & { text: string }, services: ServiceRecord[]): Promise<IndicatorList> {
  const records = await catalogue.indicators(services.length ? { serviceIds: services.map((s) => s.id) } : {});
  const cards = matching(records, filters);

  const parts = [
    levelsText(filters.levels),
    filters.direction ? `${filters.direction.toLowerCase()} since the period before` : null,
    services.length ? services.map((s) => s.name).join(", ") : null,
    filters.words.length ? `mentioning “${filters.words.join(" ")}”` : null,
  ].filter(Boolean);
  const page = pageOf(cards, filters.page);
  return {
    kind: "list",
    heading: `${page.total} indicator${page.total === 1 ? "" : "s"}${parts.length ? `: ${parts.join(" · ")}` : ""}`,
    items: page.items.map(listItem),
    page: page.page,
    pageCount: page.pageCount,
    total: page.total,
    query: filters.text,
  };
}
