// Lists indicators by computed RAG level, direction of travel, service and words.
import { buildIndicatorCard } from "../indicator-card.ts";
import { pageOf } from "../paging.ts";
import type { Catalogue, ServiceRecord } from "../ports.ts";
import type { Filters } from "../query.ts";
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

const byRef = (a: { ref: string }, b: { ref: string }) => a.ref.localeCompare(b.ref, "en", { numeric: true });

export async function listIndicators(catalogue: Catalogue, filters: Filters & { text: string }, services: ServiceRecord[]): Promise<IndicatorList> {
  const records = await catalogue.indicators(services.length ? { serviceIds: services.map((s) => s.id) } : {});
  const cards = records
    .filter((r) => filters.words.every((w) => `${r.ref} ${r.title} ${r.codes.join(" ")}`.toLowerCase().includes(w)))
    .map(buildIndicatorCard)
    .filter((c) => !filters.levels.length || (c.latest !== null && (filters.levels as string[]).includes(c.latest.rating.level)))
    .filter((c) => !filters.direction || c.latest?.dotShort === filters.direction)
    .sort(byRef);

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
