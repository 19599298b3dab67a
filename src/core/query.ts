// The query language that /kpi (Slack), kpi (Teams) and the console share.
// One parser; it never throws, whatever the string.
//
//   AC/S8, ac s8, ASCOF 1E     a reference or national code
//   enablement                 words: indicators whose title has them
//   red | amber | green | red amber | green amber     by computed RAG level
//   worsening | improving      by short-term direction of travel
//   adults | service adults    by service
//   summary [service]          counts by RAG level, type and service
//   actions | overdue          key actions, commissioning intentions, measures of success
//   page 2                     the next page of a list
//   help
import type { Direction, RagLevel } from "./ratings.ts";
import { foldKey, searchWords } from "./text.ts";

export const MAX_QUERY_LENGTH = 1000;
/** A question is read up to its first 20 words: no real question has more, and junk costs no more than that. */
export const MAX_QUERY_WORDS = 20;
/** References, national codes and refs as printed are short: longer text is no reference. */
const MAX_KEY_LENGTH = 64;

export interface Filters {
  levels: RagLevel[];
  direction: Direction | null;
  /** Words naming a service ("adults"), after the word service or on their own. */
  serviceWords: string[];
  /** Other words: a service name or title words; the catalogue tells which. */
  words: string[];
  page: number;
}

export type Query =
  | { kind: "help"; reason: "asked" | "empty" | "too_long" | "unreadable" }
  /** A reference or national code, or plain words; the catalogue decides which it is. */
  | { kind: "lookup"; text: string; key: string; words: string[]; looksLikeRef: boolean }
  | ({ kind: "indicators"; text: string } & Filters)
  | { kind: "summary"; text: string; serviceWords: string[] }
  | { kind: "actions"; text: string; overdue: boolean; serviceWords: string[]; words: string[]; page: number };

// Maps, not objects: a word such as "constructor" must not find Object.prototype.
const LEVEL_PAIRS = new Map<string, RagLevel>([
  ["red amber", "Red Amber"],
  ["amber red", "Red Amber"],
  ["green amber", "Green Amber"],
  ["amber green", "Green Amber"],
]);
const LEVEL_WORDS = new Map<string, RagLevel[]>([
  ["red", ["Red"]],
  ["green", ["Green"]],
  // Amber means every amber level, whichever scheme an organisation uses.
  ["amber", ["Green Amber", "Red Amber", "Amber"]],
]);
const DIRECTION_WORDS = new Map<string, Direction>([
  ["worsening", "Worsening"],
  ["worse", "Worsening"],
  ["worsened", "Worsening"],
  ["declining", "Worsening"],
  ["improving", "Improving"],
  ["improved", "Improving"],
  ["better", "Improving"],
]);
const NOISE = new Set(["and", "the", "of", "in", "for", "show", "me", "list", "all", "indicators", "indicator", "kpis", "kpi", "rag", "rated", "are", "is", "which", "what"]);

// "AC/S99", "CG 01", "KCA 14", "MOS 46 & 47", "ASCOF 1E": letters, then a number.
const REF_LIKE = /^[a-z]{1,6}[\s/-]?[a-z]{0,2}[\s/-]?\d{1,3}[a-z]?(?:\s*&\s*\d{1,3})?$/i;

export function parseQuery(raw: string): Query {
  if (raw.length > MAX_QUERY_LENGTH) return { kind: "help", reason: "too_long" };
  // Slash commands typed in the console arrive with the command itself: drop it.
  const text = raw
    // eslint-disable-next-line no-control-regex -- control characters are what this line removes
    .replace(/[\u0000-\u001f\u007f]/g, " ")
    .trim()
    .replace(/^\/?kpi\b\s*/i, "")
    .trim();
  if (!text) return { kind: "help", reason: "empty" };
  if (/^(help|\?|usage|how)$/i.test(text)) return { kind: "help", reason: "asked" };
  if (text.length <= 24 && REF_LIKE.test(text)) return { kind: "lookup", text, key: foldKey(text), words: searchWords(text), looksLikeRef: true };

  const levels: RagLevel[] = [];
  let dir: Direction | null = null;
  let summary = false;
  let actions = false;
  let overdue = false;
  let page = 1;
  let serviceMode = false;
  const serviceWords: string[] = [];
  const rest: string[] = [];
  // The same words as searchWords gives, read once, left to right.
  const tokens = searchWords(text, MAX_QUERY_WORDS);
  const key = text.length <= MAX_KEY_LENGTH ? foldKey(text) : "";
  if (!tokens.length && !key) return { kind: "help", reason: "unreadable" };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const pair = i + 1 < tokens.length && LEVEL_WORDS.has(token) ? LEVEL_PAIRS.get(`${token} ${tokens[i + 1]}`) : undefined;
    if (pair) {
      levels.push(pair);
      i++;
    } else if (LEVEL_WORDS.has(token)) levels.push(...LEVEL_WORDS.get(token)!);
    else if (DIRECTION_WORDS.has(token)) dir = DIRECTION_WORDS.get(token)!;
    else if (token === "summary" || token === "dashboard" || token === "overview") summary = true;
    else if (token === "actions" || token === "action" || token === "intentions" || token === "measures") actions = true;
    else if (token === "overdue" || token === "late") overdue = true;
    else if (token === "page" && /^\d{1,4}$/.test(tokens[i + 1] ?? "")) page = Math.max(1, Number(tokens[++i]));
    else if (token === "service" || token === "services" || token === "department") serviceMode = true;
    else if (token === "key" && /^actions?$/.test(tokens[i + 1] ?? "")) continue;
    else if (!NOISE.has(token)) (serviceMode ? serviceWords : rest).push(token);
  }

  if (summary) return { kind: "summary", text, serviceWords: [...serviceWords, ...rest] };
  if (actions || overdue) return { kind: "actions", text, overdue, serviceWords, words: rest, page };
  if (levels.length || dir || serviceMode || page > 1) {
    return { kind: "indicators", text, levels: [...new Set(levels)], direction: dir, serviceWords, words: rest, page };
  }
  return { kind: "lookup", text, key, words: tokens, looksLikeRef: false };
}
