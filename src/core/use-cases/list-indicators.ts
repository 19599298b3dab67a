// Lists indicators by computed RAG level, direction of travel, organisation, service and title words.
import { transientIndicatorCard } from "../indicator-card.ts";
import { pageOf } from "../paging.ts";
import type { Catalogue, IndicatorRecord } from "../ports.ts";
import { figureMove, type Direction, type RagLevel } from "../ratings.ts";
import { catalogueScope, inScope, scopeText, type Scope } from "../services.ts";
import { compareRefs, wordsIn, wordsNeeded } from "../text.ts";
import { BoundedMemo, QUESTIONS_REMEMBERED } from "./bounded-memo.ts";
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
    dotShortMove: card.latest?.dotShort ? figureMove(card.latest.value, card.latest.previous?.value) : null,
  };
}

const AMBERS = ["Green Amber", "Red Amber", "Amber"];
const allAmbers = (levels: string[]) => AMBERS.every((a) => levels.includes(a));

/** "Red", "Red Amber or Red", and "Amber" for every amber level. */
function levelsText(levels: string[]): string | null {
  if (!levels.length) return null;
  const rest = levels.filter((l) => !AMBERS.includes(l));
  return [...(allAmbers(levels) ? ["Amber"] : levels.filter((l) => AMBERS.includes(l))), ...rest].join(" or ");
}

/** The levels as the query language writes them, each read back alone ("green and amber", not "green amber"). */
export function levelWords(levels: string[]): string {
  const named = allAmbers(levels) ? ["amber", ...levels.filter((l) => !AMBERS.includes(l)).map((l) => l.toLowerCase())] : levels.map((l) => l.toLowerCase());
  return named.join(" and ");
}

/** What a list of indicators is asked for: the levels, direction, scope and words the user gave. */
export interface IndicatorRequest {
  text: string;
  levels: RagLevel[];
  direction: Direction | null;
  scope: Scope;
  /** The question for the scope alone, to suggest questions without other filters. */
  scopeQuery: string;
  titleWords: string[];
  page: number;
}

/** "Red · worsening since the period before · Adults & Communities · mentioning “enablement”". */
export function describeRequest(request: Omit<IndicatorRequest, "text" | "page" | "scopeQuery">): string {
  return [
    levelsText(request.levels),
    request.direction ? `${request.direction.toLowerCase()} since the period before` : null,
    scopeText(request.scope),
    request.titleWords.length ? `mentioning ${wordsNeededText(request.titleWords)}` : null,
  ]
    .filter(Boolean)
    .join(" · ");
}

/** “leisure participation” (every word), at least 2 of “delayed transfers care”. */
export function wordsNeededText(words: string[]): string {
  const quoted = `“${words.join(" ")}”`;
  const needed = wordsNeeded(words.length);
  return needed === words.length ? quoted : `at least ${needed} of ${quoted}`;
}

const byRef = (a: { ref: string }, b: { ref: string }) => compareRefs(a.ref, b.ref);

/** The records in the scope whose titles have enough of the words, most words first, then by reference. */
export function titleMatches(records: IndicatorRecord[], scope: Scope, words: string[]): IndicatorRecord[] {
  const needed = wordsNeeded(words.length);
  return records
    .filter((r) => inScope(scope, r))
    .map((record) => ({ record, matched: wordsIn(record.searchText, words) }))
    .filter((m) => m.matched >= needed)
    .sort((a, b) => b.matched - a.matched || byRef(a.record, b.record))
    .map((m) => m.record);
}

// The matches for the same records and request are the same: a catalogue that hands
// out the same records (the cached one) gets them without filtering again. Only the list
// items are kept, not the whole cards (a card holds every period's figures).
const matchesSeen = new WeakMap<IndicatorRecord[], BoundedMemo<IndicatorListItem[]>>();

/** The list items of the records that match the request: scope, title words, level and direction. */
export function matching(records: IndicatorRecord[], request: Omit<IndicatorRequest, "text" | "page" | "scopeQuery">): IndicatorListItem[] {
  const key = JSON.stringify([request.scope.organisations.map((o) => o.name), request.levels, request.direction, request.titleWords]);
  let seen = matchesSeen.get(records);
  if (!seen) matchesSeen.set(records, (seen = new BoundedMemo(QUESTIONS_REMEMBERED)));
  let items = seen.get(key);
  if (!items) {
    items = titleMatches(records, request.scope, request.titleWords)
      .map(transientIndicatorCard)
      .filter((c) => !request.levels.length || (c.latest !== null && (request.levels as string[]).includes(c.latest.rating.level)))
      .filter((c) => !request.direction || c.latest?.dotShort === request.direction)
      .map(listItem);
    seen.set(key, items);
  }
  return items;
}

/** A page of the indicators that match; an empty list when none do (ask says why). */
export async function listIndicators(catalogue: Catalogue, request: IndicatorRequest): Promise<IndicatorList> {
  const items = matching(await catalogue.indicators(catalogueScope(request.scope)), request);
  const description = describeRequest(request);
  const page = pageOf(items, request.page);
  return {
    kind: "list",
    heading: `${page.total} indicator${page.total === 1 ? "" : "s"}${description ? `: ${description}` : ""}`,
    items: page.items,
    page: page.page,
    pageCount: page.pageCount,
    total: page.total,
    query: request.text,
    notice: page.notice,
  };
}
