// Answers what a user typed after /kpi (Slack), kpi (Teams) or in the console.
import { closest } from "fastest-levenshtein";
import { buildIndicatorCard } from "../indicator-card.ts";
import type { ActionRecord, Catalogue, IndicatorHeadline } from "../ports.ts";
import { MAX_QUERY_LENGTH, parseQuery } from "../query.ts";
import type { ActionCard, Help, IndicatorList, View } from "../views.ts";

const LIST_LIMIT = 10;

export const EXAMPLES: Help["examples"] = [
  { query: "AC/S8", what: "one indicator's card: latest result, target, trend, benchmark, commentary" },
  { query: "ASCOF 1E", what: "find an indicator by its national code" },
  { query: "enablement", what: "indicators whose title mentions a word" },
  { query: "CG01", what: "a key action, commissioning activity or measure of success" },
  { query: "help", what: "this message" },
];

export function help(message: string | null): Help {
  return { kind: "help", message, examples: EXAMPLES };
}

export async function ask(catalogue: Catalogue, text: string): Promise<View> {
  const query = parseQuery(text);
  if (query.kind === "help") {
    if (query.reason === "too_long")
      return help(`That question is longer than ${MAX_QUERY_LENGTH} characters. Try a reference such as AC/S8, or a few words.`);
    return help(null);
  }

  if (query.key) {
    const indicators = await catalogue.indicatorsByKey(query.key);
    if (indicators.length === 1) return buildIndicatorCard(indicators[0]!);
    if (indicators.length > 1) {
      return {
        kind: "list",
        heading: `${indicators.length} indicators have the reference ${query.text}`,
        items: indicators.map((i) => {
          const latest = buildIndicatorCard(i).latest;
          return listItem({ ...i, latest: latest ? { period: latest.period, text: latest.display } : null });
        }),
      };
    }
    const actions = await catalogue.actionsByKey(query.key);
    if (actions.length >= 1) return actionCard(actions[0]!);
  }

  if (query.looksLikeRef) return notFound(catalogue, query.text, query.key);

  const found = query.words.length ? await catalogue.searchIndicators(query.words, LIST_LIMIT) : [];
  if (found.length === 0) {
    return { kind: "not_found", query: query.text, message: `No indicator matches “${query.text}”.`, suggestions: [] };
  }
  return {
    kind: "list",
    heading: `Indicators matching “${query.text}”`,
    items: found.map(({ headline }) => listItem(headline)),
  };
}

function listItem(h: IndicatorHeadline): IndicatorList["items"][number] {
  return { ref: h.ref, title: h.title, organisation: h.organisation, service: h.service, latest: h.latest?.text ?? null, period: h.latest?.period ?? null };
}

async function notFound(catalogue: Catalogue, text: string, key: string): Promise<View> {
  const refs = await catalogue.allRefs();
  const suggestions: { ref: string; title: string }[] = [];
  const pool = [...refs];
  for (let i = 0; i < 3 && pool.length; i++) {
    const nearest = closest(key, pool.map((r) => r.key));
    const index = pool.findIndex((r) => r.key === nearest);
    const [hit] = pool.splice(index, 1);
    if (hit) suggestions.push({ ref: hit.ref, title: hit.title });
  }
  return { kind: "not_found", query: text, message: `There is no indicator ${text}.`, suggestions };
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
