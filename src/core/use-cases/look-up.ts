// Finds an indicator or action by reference or national code, and indicators by words in their titles.
import { distance } from "fastest-levenshtein";
import { compareRefs } from "../text.ts";
import { buildIndicatorCard } from "../indicator-card.ts";
import type { ActionRecord, Catalogue } from "../ports.ts";
import type { ActionCard, View } from "../views.ts";
import { listItem } from "./list-indicators.ts";

const LIST_LIMIT = 10;

/** The indicator or action a reference names; for an unknown reference, the nearest ones. Null when the text is no reference. */
export async function findByReference(catalogue: Catalogue, query: { text: string; key: string; looksLikeRef: boolean }): Promise<View | null> {
  if (query.key) {
    const indicators = await catalogue.indicatorsByKey(query.key);
    if (indicators.length === 1) return buildIndicatorCard(indicators[0]!);
    if (indicators.length > 1) {
      return { kind: "list", heading: `${indicators.length} indicators have the reference ${query.text}`, items: indicators.map((i) => listItem(buildIndicatorCard(i))), page: 1, pageCount: 1, total: indicators.length, query: query.text };
    }
    const actions = await catalogue.actionsByKey(query.key);
    if (actions.length >= 1) return actionCard(actions[0]!);
  }
  return query.looksLikeRef ? await notFound(catalogue, query.text, query.key) : null;
}

/** Indicators whose titles have the words, best first; null when none do. */
export async function searchTitles(catalogue: Catalogue, query: { text: string; words: string[] }): Promise<View | null> {
  const found = query.words.length ? await catalogue.searchIndicators(query.words, LIST_LIMIT) : [];
  if (found.length === 0) return null;
  const items = found.map(({ record }) => listItem(buildIndicatorCard(record)));
  return { kind: "list", heading: `Indicators matching “${query.text}”`, items, page: 1, pageCount: 1, total: items.length, query: query.text };
}

const SUGGESTIONS = 3;

async function notFound(catalogue: Catalogue, text: string, key: string): Promise<View> {
  // The nearest references by edit distance; ties in reference order, so every catalogue suggests the same.
  const suggestions = (await catalogue.allRefs())
    .map((r) => ({ ref: r.ref, title: r.title, d: distance(key, r.key) }))
    .sort((a, b) => a.d - b.d || compareRefs(a.ref, b.ref))
    .slice(0, SUGGESTIONS)
    .map(({ ref, title }) => ({ ref, title }));
  return { kind: "not_found", query: text, message: `There is no indicator or action ${text}.`, suggestions };
}

function actionCard(a: ActionRecord): ActionCard {
  return {
    kind: "action",
    actionKind: a.kind,
    ref: a.ref,
    title: a.title,
    organisation: a.organisation,
    rag: a.rag,
    status: a.status,
    due: a.dueText,
    note: a.note,
    noteDate: a.noteDateText,
    service: a.service,
    priority: a.priority,
    parent: a.parent,
    children: a.children.map((c) => ({ ref: c.ref, title: c.title, status: c.status, rag: c.rag, due: c.dueText })),
    owner: a.owner?.name ?? null,
  };
}
