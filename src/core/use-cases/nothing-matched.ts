// When nothing matches: why, and what to ask instead. Every empty answer carries a reason
// and suggestions: the nearest titles, questions with one filter fewer, or the services there are.
import { distance } from "fastest-levenshtein";
import type { ActionRecord, Catalogue, IndicatorRecord } from "../ports.ts";
import { parseQuery } from "../query.ts";
import { catalogueScope, EVERYWHERE, inScope, organisationsNamed, scopeText, servicesNamed, type WordsRead } from "../services.ts";
import { compareRefs, searchWords, wordsNeeded } from "../text.ts";
import type { NotFound, Suggestion, View } from "../views.ts";
import { describeActions, listActions, matchingActions, type ActionRequest } from "./list-actions.ts";
import { describeRequest, levelWords, matching, titleMatches, type IndicatorRequest } from "./list-indicators.ts";

const NEAREST_TITLES = 3;
const SCOPES_SHOWN = 12;

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;
/** “a”, “b” and “c” (or “a” or “b”). */
const quoted = (words: string[], conjunction = "and") => {
  const each = words.map((w) => `“${w}”`);
  return each.length > 1 ? `${each.slice(0, -1).join(", ")} ${conjunction} ${each.at(-1)}` : each[0]!;
};

function notFound(query: string, message: string, suggestionsHeading: string, suggestions: Suggestion[]): NotFound {
  return { kind: "not_found", query, message, suggestionsHeading, suggestions };
}

/** Whether the parser reads a word as itself, not as a keyword or filler ("services" is a keyword). */
function readAsWord(word: string): boolean {
  const query = parseQuery(word);
  return query.kind === "indicators" && query.words.length === 1 && query.words[0] === word;
}

/** The services there are (and organisations without any), each with what it holds. */
async function theServices(catalogue: Catalogue, query: string, message: string): Promise<NotFound> {
  const [organisations, services, indicators, actions] = await Promise.all([catalogue.organisations(), catalogue.services(), catalogue.indicators({}), catalogue.actions({})]);
  const holds = (i: number, a: number) => [i ? plural(i, "indicator") : "no indicators", a ? plural(a, "action") : null].filter(Boolean).join(", ");
  const onlyThis = <T>(found: T[], one: T) => found.length === 1 && found[0] === one;
  const items: Suggestion[] = services.map((s) => {
    // The shortest question for the service: one word of its name that names it and nothing else.
    const nameWords = searchWords(s.name);
    const word = nameWords.find((w) => readAsWord(w) && onlyThis(servicesNamed(services, w), s) && !organisationsNamed(organisations, w).length);
    return {
      query: word ?? `service ${nameWords.join(" ")}`,
      what: `${s.name} (${s.organisation}): ${holds(indicators.filter((i) => i.serviceId === s.id).length, actions.filter((a) => a.service === s.name && a.organisation === s.organisation).length)}`,
    };
  });
  for (const o of organisations.filter((o) => !services.some((s) => s.organisation === o.name))) {
    items.push({
      query: o.slug,
      what: `${o.name} (no services): ${holds(indicators.filter((i) => i.organisation === o.name).length, actions.filter((a) => a.organisation === o.name).length)}`,
    });
  }
  const heading = items.length > SCOPES_SHOWN ? `The first ${SCOPES_SHOWN} of ${items.length} services:` : "The services there are:";
  return notFound(query, message, heading, items.slice(0, SCOPES_SHOWN));
}

/** Words after "service" that name no service (of the organisations named: "sutton adults"). */
export async function noSuchService(catalogue: Catalogue, query: string, read: WordsRead): Promise<NotFound> {
  const of = read.scope.organisations.length ? ` of ${read.scope.organisations.map((o) => o.name).join(", ")}` : "";
  return await theServices(catalogue, query, `No service${of} matches “${read.unknownServiceWords.join(" ")}”.`);
}

/** "key commissioning activities and measures of success": the kinds of actions, as people say them. */
const KIND_NAMES = new Map([
  ["key_action", "key actions"],
  ["commissioning_intention", "commissioning intentions"],
  ["key_commissioning_activity", "key commissioning activities"],
  ["measure_of_success", "measures of success"],
]);
function kindsText(actions: ActionRecord[]): string {
  const kinds = [...new Set(actions.map((a) => KIND_NAMES.get(a.kind) ?? "actions"))];
  return kinds.length > 1 ? `${kinds.slice(0, -1).join(", ")} and ${kinds.at(-1)}` : kinds[0]!;
}

/** The question for a request, as the parser reads it back. */
function indicatorQuestion(r: Omit<IndicatorRequest, "text" | "page">): string {
  // Title words before the scope: after "service", every word would name a service.
  return [levelWords(r.levels), r.direction?.toLowerCase(), ...r.titleWords, r.scopeQuery].filter(Boolean).join(" ") || "all indicators";
}

/** Why no indicator matched: the scope has none, no title has the words, or the filters together leave none. */
export async function whyNoIndicators(catalogue: Catalogue, request: IndicatorRequest, today: Date): Promise<View> {
  const where = scopeText(request.scope);
  const records = (await catalogue.indicators(catalogueScope(request.scope))).filter((r) => inScope(request.scope, r));
  if (!records.length) {
    return where ? await scopeWithoutIndicators(catalogue, request, where, today) : await theServices(catalogue, request.text, "There are no indicators yet.");
  }
  if (request.titleWords.length && !titleMatches(records, EVERYWHERE, request.titleWords).length) return await noTitleHas(catalogue, request, where);
  const suggestions = await withOneFilterFewer(catalogue, request);
  return notFound(request.text, `No indicators: ${describeRequest(request)}.`, "Ask instead:", suggestions);
}

/** Sutton reports actions, not indicators: list them (or, with other filters, say so and offer them). */
async function scopeWithoutIndicators(catalogue: Catalogue, request: IndicatorRequest, where: string, today: Date): Promise<View> {
  const actionRequest: ActionRequest = { text: request.text, overdue: false, scope: request.scope, scopeQuery: request.scopeQuery, titleWords: [], page: request.page };
  const actions = await matchingActions(catalogue, actionRequest, today);
  if (!actions.length) return await theServices(catalogue, request.text, `${where} has no indicators or actions.`);
  const reason = `${where} has no indicators; it reports ${kindsText(actions)}.`;
  if (!request.levels.length && !request.direction && !request.titleWords.length) return await listActions(catalogue, actionRequest, today, reason);
  const suggestions = [{ query: request.scopeQuery, what: `its ${plural(actions.length, "action")}` }, ...(await withOneFilterFewer(catalogue, request))];
  return notFound(request.text, reason, "Ask instead:", suggestions);
}

/** No title has enough of the words: the nearest titles or, for words no title has, the services there are. */
async function noTitleHas(catalogue: Catalogue, request: IndicatorRequest, where: string | null): Promise<NotFound> {
  const words = request.titleWords;
  const all = await catalogue.indicators({});
  const inNone = words.filter((w) => !all.some((r) => r.searchText.includes(w)));
  const nearest = nearestTitles(all, words);
  if (inNone.length === words.length && !nearest.length) {
    const message = words.length === 1 ? `“${words[0]}” names no organisation, service or indicator title.` : `No organisation, service or indicator title has ${quoted(words, "or")}.`;
    return await theServices(catalogue, request.text, message);
  }
  const needed = words.length === 1 ? `the word “${words[0]}”` : words.length === 2 ? `both ${quoted(words)}` : `at least ${wordsNeeded(words.length)} of the words ${quoted(words)}`;
  const none = inNone.length ? ` (${quoted(inNone)} ${inNone.length === 1 ? "is" : "are"} in none)` : "";
  const message = `No indicator title${where ? ` in ${where}` : ""} has ${needed}${none}.`;
  if (!nearest.length) return await theServices(catalogue, request.text, message);
  return notFound(request.text, message, "Nearest titles:", nearest.map((r) => ({ query: r.ref, what: r.title })));
}

/** Typos forgiven, by word length: none up to four letters, one up to seven, two beyond. */
const typos = (word: string) => (word.length >= 8 ? 2 : word.length >= 5 ? 1 : 0);

/** How close a title word is to a user's word: the word itself, its start ("carers"), inside it ("telecare"), a typo away, or not. */
function closeness(word: string, titleWord: string): number {
  if (titleWord === word) return 1;
  if (titleWord.startsWith(word)) return 0.9;
  if (titleWord.includes(word)) return 0.6;
  return distance(word, titleWord) <= typos(word) ? 0.5 : 0;
}

/** The titles closest to the words, word by word; none when no title is close to any. */
function nearestTitles(records: IndicatorRecord[], words: string[]): IndicatorRecord[] {
  // Each title word is compared with each of the user's words once, however many titles have it.
  const seen = words.map(() => new Map<string, number>());
  const close = (i: number, titleWord: string) => {
    let c = seen[i]!.get(titleWord);
    if (c === undefined) {
      c = closeness(words[i]!, titleWord);
      seen[i]!.set(titleWord, c);
    }
    return c;
  };
  const scored = records.map((record) => {
    const titleWords = record.searchText.split(" ");
    return { record, score: words.reduce((sum, _, i) => sum + Math.max(0, ...titleWords.map((t) => close(i, t))), 0) };
  });
  const ranked = scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score || compareRefs(a.record.ref, b.record.ref));
  const nearest: IndicatorRecord[] = [];
  for (const { record } of ranked) if (nearest.length < NEAREST_TITLES && !nearest.some((r) => r.ref === record.ref)) nearest.push(record);
  return nearest;
}

/** The same question without one of its filters, where that finds something. */
async function withOneFilterFewer(catalogue: Catalogue, request: IndicatorRequest): Promise<Suggestion[]> {
  const fewer: IndicatorRequest[] = [];
  if (request.levels.length) fewer.push({ ...request, levels: [] });
  if (request.direction) fewer.push({ ...request, direction: null });
  if (request.scopeQuery) fewer.push({ ...request, scope: EVERYWHERE, scopeQuery: "" });
  if (request.titleWords.length) fewer.push({ ...request, titleWords: [] });
  const suggestions: Suggestion[] = [];
  for (const r of fewer) {
    const n = matching(await catalogue.indicators(catalogueScope(r.scope)), r).length;
    if (n) suggestions.push({ query: indicatorQuestion(r), what: `${plural(n, "indicator")}${describeRequest(r) ? `: ${describeRequest(r)}` : ""}` });
  }
  return suggestions.length ? suggestions : [{ query: "summary", what: "counts by RAG level, direction of travel, type and service" }];
}

/** Why no action matched: the same question with one filter fewer, or the services there are. */
export async function whyNoActions(catalogue: Catalogue, request: ActionRequest, today: Date): Promise<NotFound> {
  const message = `No ${describeActions(request, 0).replace(" · ", ": ")}.`;
  const fewer: ActionRequest[] = [];
  if (request.overdue) fewer.push({ ...request, overdue: false });
  if (request.scopeQuery) fewer.push({ ...request, scope: EVERYWHERE, scopeQuery: "" });
  if (request.titleWords.length) fewer.push({ ...request, titleWords: [] });
  const suggestions: Suggestion[] = [];
  for (const r of fewer) {
    const n = (await matchingActions(catalogue, r, today)).length;
    if (n) suggestions.push({ query: [r.overdue ? "overdue" : "actions", ...r.titleWords, r.scopeQuery].filter(Boolean).join(" "), what: `${n} ${describeActions(r, n)}` });
  }
  return suggestions.length ? notFound(request.text, message, "Ask instead:", suggestions) : await theServices(catalogue, request.text, message);
}

/** Why there is no summary: words that name no organisation or service, or a scope without indicators. */
export async function whyNoSummary(catalogue: Catalogue, query: string, read: WordsRead): Promise<NotFound> {
  if (read.titleWords.length) return await theServices(catalogue, query, `No organisation or service matches “${read.titleWords.join(" ")}”.`);
  const where = scopeText(read.scope) ?? "The catalogue";
  const actions = (await catalogue.actions(catalogueScope(read.scope))).filter((a) => inScope(read.scope, a));
  if (!actions.length || !read.scopeQuery) return await theServices(catalogue, query, `${where} has no indicators to summarise.`);
  return notFound(query, `${where} has no indicators to summarise; it reports ${kindsText(actions)}.`, "Ask instead:", [
    { query: read.scopeQuery, what: `its ${plural(actions.length, "action")}` },
    { query: "summary", what: "the summary of every organisation" },
  ]);
}
