// The query language that /kpi (Slack), kpi (Teams) and the console share.
// One parser; it never throws, whatever the string. It knows the language's own
// words; whether another word is a reference, an organisation, a service or a
// title word only the catalogue knows, so the use case (ask) decides that.
//
//   AC/S8, ac s8, ASCOF 1E     a reference or national code, anywhere in the text ("what is AC/S8?")
//   enablement                 words: indicators whose titles have them (filler such as "show me" ignored)
//   red | amber | green | red amber | green amber | :red_circle:     by computed RAG level
//   worsening | improving      by short-term direction of travel
//   adults | service adults    by service; barnet, sutton by organisation
//   summary [service]          counts by RAG level, type and service
//   actions | overdue          key actions, commissioning intentions, measures of success
//   red page 2                 another page of a list
//   12, barnet 12              a numbered indicator, where an organisation numbers them (else title words)
//   help
import type { Direction, RagLevel } from "./ratings.ts";
import { foldKey, wordSpans, type WordSpan } from "./text.ts";

export const MAX_QUERY_LENGTH = 1000;
/** A question is read up to its first 20 words: no real question has more, and junk costs no more than that. */
export const MAX_QUERY_WORDS = 20;
/** References, national codes and refs as printed are short: longer text is no reference. */
const MAX_KEY_LENGTH = 64;
/** A reference typed inside a sentence: at most four words ("MOS 46 & 47", "AC / S 8") in 32 characters, of at most 24 letters and digits. */
const MAX_REF_WORDS = 4;
const MAX_REF_TYPED = 32;
const MAX_REF_KEY = 24;
/** Each candidate may cost the catalogue a look-up: a few, best first, are enough. */
const MAX_REF_CANDIDATES = 6;

/** Text that may be a reference: its folded key, and the text as typed (for "There is no indicator AC/S99"). */
export interface RefCandidate {
  key: string;
  text: string;
  /**
   * Set for a bare number ("12"): a reference only where an organisation numbers its indicators, and then of
   * the organisations these other words of the question name ("barnet 12": ["barnet"]); else the words search titles.
   */
  organisationWords?: string[];
}

export interface Filters {
  levels: RagLevel[];
  direction: Direction | null;
  /** Words after the word service: they must name a service. */
  serviceWords: string[];
  /** Other meaningful words: an organisation, a service or title words; the catalogue tells which. */
  words: string[];
  page: number;
}

interface Common {
  text: string;
  /** What may be a reference, best first; a known one answers with its card whatever else was asked. */
  refs: RefCandidate[];
}

export type Query =
  | { kind: "help"; reason: "asked" | "empty" | "too_long" | "unreadable" | "vague" | "page_only" }
  | (Common & { kind: "indicators" } & Filters)
  | (Common & { kind: "summary"; serviceWords: string[]; words: string[] })
  | (Common & { kind: "actions"; overdue: boolean; serviceWords: string[]; words: string[]; page: number })
  /** "history AC/S8": every change to the indicator, who made it, when and through what. */
  | (Common & { kind: "changes" })
  /** "wheel [period] [group or organisation words] [tag <tag>]": a performance wheel's summary and segment table. */
  | (Common & WheelRequest & { kind: "wheel" });

export interface WheelRequest {
  /** As typed: "Q2 2017/18", "Q2", "2017/18", "Apr - Jul 2017/18"; null: the latest assessed. */
  period: string | null;
  /** Committee tags as typed ("A&H", "P"): one-letter words and & are kept here, unlike elsewhere. */
  tags: string[];
  /** Other words: a group or an organisation. */
  words: string[];
}

// Maps and sets, not objects: a word such as "constructor" must not find Object.prototype.
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
/** Slack sends emoji as codes (and people paste the bot's own marks): each is a level word. */
const EMOJI = /:(red_circle|large_orange_circle|large_yellow_circle|large_green_circle):|\u{1F534}|\u{1F7E0}|\u{1F7E1}|\u{1F7E2}/gu;
const EMOJI_WORDS = new Map([
  ["red_circle", "red"],
  ["large_orange_circle", "amber"],
  ["large_yellow_circle", "amber"],
  ["large_green_circle", "green"],
  ["\u{1F534}", "red"],
  ["\u{1F7E0}", "amber"],
  ["\u{1F7E1}", "amber"],
  ["\u{1F7E2}", "green"],
]);
/** Words that ask for everything: on their own, every indicator. */
const EVERYTHING = new Set(["all", "list", "everything", "indicators", "indicator", "kpis", "kpi", "pis"]);
/** Words that carry no meaning for a search. */
const FILLER = new Set([
  ..."a an and or the of in on at by for to from with about into".split(" "),
  ..."show me us give tell get find see view look up please pls thanks thank hi hello".split(" "),
  ..."what whats which who how is are was were be do does did can could would will you we our my".split(" "),
  ..."there any some that this these those it its their they have has want need rag rated".split(" "),
]);
const PAGE_WORDS = new Set(["next", "previous", "more"]);

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
  const wheel = WHEEL.exec(text);
  if (wheel) return { kind: "wheel", text, refs: [], ...parseWheel(wheel[1]!) };
  // The words are read from the text with emoji as level words; answers quote the text as typed.
  const read = text.includes(":") || text.includes("\uD83D") ? text.replace(EMOJI, (emoji, code?: string) => ` ${EMOJI_WORDS.get(code ?? emoji)} `) : text;

  const levels: RagLevel[] = [];
  let dir: Direction | null = null;
  let summary = false;
  let actions = false;
  let overdue = false;
  let everything = false;
  let changes = false;
  let page = 1;
  let pageAsked = false;
  let serviceMode = false;
  const serviceWords: string[] = [];
  const rest: string[] = [];
  // The same words as searchWords gives, read once, left to right; meaningful[i] when spans[i] is no keyword or filler.
  const spans = wordSpans(read, MAX_QUERY_WORDS);
  const meaningful: boolean[] = new Array<boolean>(spans.length).fill(false);

  for (let i = 0; i < spans.length; i++) {
    const token = spans[i]!.word;
    const pair = i + 1 < spans.length && LEVEL_WORDS.has(token) ? LEVEL_PAIRS.get(`${token} ${spans[i + 1]!.word}`) : undefined;
    if (pair) {
      levels.push(pair);
      i++;
    } else if (LEVEL_WORDS.has(token)) levels.push(...LEVEL_WORDS.get(token)!);
    else if (DIRECTION_WORDS.has(token)) dir = DIRECTION_WORDS.get(token)!;
    else if (token === "summary" || token === "dashboard" || token === "overview") summary = true;
    else if (token === "actions" || token === "action" || token === "intentions" || token === "measures") actions = true;
    else if (token === "overdue" || token === "late") overdue = true;
    else if ((token === "history" || token === "audit" || token === "changes") && i === 0) changes = true;
    else if (token === "page" && /^\d{1,4}$/.test(spans[i + 1]?.word ?? "")) {
      page = Math.max(1, Number(spans[++i]!.word));
      pageAsked = true;
    } else if (token === "page" || PAGE_WORDS.has(token)) pageAsked = true;
    else if (token === "service" || token === "services" || token === "department") serviceMode = true;
    else if (token === "key" && /^actions?$/.test(spans[i + 1]?.word ?? "")) continue;
    else if (EVERYTHING.has(token)) everything = true;
    else if (!FILLER.has(token)) {
      meaningful[i] = true;
      (serviceMode ? serviceWords : rest).push(token);
    }
  }

  const refs = referenceCandidates(read, spans, meaningful);
  // "page 2", "red 12", "summary 3": the number belongs to the other words; "12", "history barnet 12": maybe a reference.
  if (!levels.length && !dir && !summary && !actions && !overdue && !serviceMode && !pageAsked) {
    const numbered = numberedCandidate(read, spans, meaningful);
    if (numbered) refs.push(numbered);
  }
  if (!spans.length && !refs.length) return { kind: "help", reason: "unreadable" };
  const common = { text, refs };
  if (changes) return refs.length ? { kind: "changes", ...common } : { kind: "help", reason: "vague" };
  if (summary) return { kind: "summary", ...common, serviceWords, words: rest };
  if (actions || overdue) return { kind: "actions", ...common, overdue, serviceWords, words: rest, page };
  if (!levels.length && !dir && !serviceMode && !rest.length && !everything && !refs.length) {
    // "page 2" alone: no list to page through (the bot keeps no memory of earlier questions).
    return { kind: "help", reason: pageAsked ? "page_only" : "vague" };
  }
  return { kind: "indicators", ...common, levels: [...new Set(levels)], direction: dir, serviceWords, words: rest, page };
}

function startsWithLetter(s: string): boolean {
  const c = s.charCodeAt(0);
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) return true;
  return false;
}

/** Adds the typed text as a candidate when its key is letters then a digit, and new. */
function addCandidate(found: RefCandidate[], typed: string): void {
  const key = foldKey(typed);
  if (key.length > MAX_REF_KEY || !startsWithLetter(key) || !hasDigit(key)) return;
  for (const c of found) if (c.key === key) return;
  found.push({ key, text: typed.trim() });
}

/**
 * What may be a reference: the whole text, then runs of up to four meaningful words that start
 * with a letter and end with a digit ("AC/S8", "KCA 14", "MOS 46 & 47"), left to right, longer first.
 * Read from the text between the words, so one-letter parts count too ("AC / S 8").
 */
function referenceCandidates(text: string, spans: WordSpan[], meaningful: boolean[]): RefCandidate[] {
  const found: RefCandidate[] = [];
  // The whole text, where every word may be part of it: a ref as printed, "AC/S4 (ASCOF 1E)".
  if (text.length <= MAX_KEY_LENGTH && !meaningful.includes(false)) {
    const key = foldKey(text);
    if (startsWithLetter(key) && hasDigit(key)) found.push({ key, text });
  }
  for (let i = 0; i < spans.length && found.length < MAX_REF_CANDIDATES; i++) {
    if (!meaningful[i] || !startsWithLetter(spans[i]!.word) || spans[i]!.word.length > MAX_REF_KEY) continue;
    // The run ends where the text is longer than a reference could be typed: junk costs no folding.
    let last = i;
    while (last + 1 < spans.length && last + 1 < i + MAX_REF_WORDS && meaningful[last + 1] && spans[last + 1]!.end - spans[i]!.start <= MAX_REF_TYPED) last++;
    for (let j = last; j >= i && found.length < MAX_REF_CANDIDATES; j--) {
      if (hasDigit(spans[j]!.word)) addCandidate(found, text.slice(spans[i]!.start, spans[j]!.end));
    }
  }
  return found;
}

/** Words that say the number is a reference: "no 12", "number 12", "ref 12" (and "indicator 12", read as a keyword). */
const NAMES_A_NUMBER = new Set(["no", "number", "num", "ref", "reference", "pi", "kpi"]);
/** Words that take a number for themselves: "top 10", "Q 2", "quarter 3", "year 2". */
const TAKES_A_NUMBER = /(?:^|[^a-z])(?:top|first|last|bottom|best|worst|q|quarter|week|month|year|page|p)\s*$/i;

/**
 * The one bare number of a question ("12", "what is 12?", "barnet 12"), with the question's other words; null where
 * there is none or more than one, or the number is part of something else: a period (2016/17), a decimal (1.5), "top 10".
 */
function numberedCandidate(text: string, spans: WordSpan[], meaningful: boolean[]): RefCandidate | null {
  const numbers = spans.flatMap((s, i) => (meaningful[i] && /^\d{1,4}$/.test(s.word) ? [i] : []));
  if (numbers.length !== 1) return null;
  const span = spans[numbers[0]!]!;
  const before = text.slice(0, span.start);
  const after = text.slice(span.end);
  if (/[/.-]$/.test(before) || /^(?:[/-]|\.\d)/.test(after) || TAKES_A_NUMBER.test(before)) return null;
  const organisationWords = spans.filter((s, i) => meaningful[i] && s !== span && !NAMES_A_NUMBER.has(s.word)).map((s) => s.word);
  return { key: foldKey(span.word), text: span.word, organisationWords };
}

/**
 * What a button sends to ask for a record again: its reference, and for a bare number the organisation's
 * name too ("12 London Borough of Barnet"), since several councils number their indicators from 1.
 */
export function askingFor(ref: string, organisation: string): string {
  return /^\d{1,4}$/.test(ref.trim()) ? `${ref.trim()} ${organisation}` : ref;
}

const WHEEL = /^(?:performance\s+)?wheel\b(.*)$/is;
/** A period as the wheel takes it: Q2 2017/18, Q2, 2017/18, Apr - Jul 2017/18. */
const WHEEL_PERIOD = /(?:^|\s)((?:Q[1-4](?:\s+\d{4}\/\d{2})?)|\d{4}\/\d{2}|[A-Za-z]{3,9}\s*(?:-|–|to)\s*[A-Za-z]{3,9}(?:\s+\d{4}\/\d{2})?)(?=\s|$)/i;
/** "tag A&H", "tags P, C&F": tags run to the next space that is not after a comma. */
const WHEEL_TAGS = /(?:^|\s)tags?\s+((?:[^\s,]+)(?:\s*,\s*[^\s,]+)*)/i;

/**
 * The wheel's own words, read apart from the rest of the language: its tags are one letter ("P") or carry
 * "&" ("A&H", which Slack sends as "A&amp;H"), both of which the word search drops.
 */
function parseWheel(rest: string): WheelRequest {
  let text = rest.replace(/&amp;/gi, "&").slice(0, MAX_QUERY_LENGTH);
  const tags: string[] = [];
  const tagged = WHEEL_TAGS.exec(text);
  if (tagged) {
    tags.push(...tagged[1]!.split(",").map((t) => t.trim()).filter(Boolean));
    text = text.replace(tagged[0], " ");
  }
  const period = WHEEL_PERIOD.exec(text);
  if (period) text = text.replace(period[1]!, " ");
  const words = wordSpans(text, MAX_QUERY_WORDS).map((w) => w.word).filter((w) => !FILLER.has(w) && w !== "group");
  return { period: period ? period[1]!.replace(/\s+/g, " ").trim() : null, tags, words };
}
