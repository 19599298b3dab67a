// Text helpers: the folding that lets people type references loosely, and the words
// searches match. (Report cells' leftover HTML is cell-text.ts's.)

/** Lower-case letters, digits and dashes, at most `max` long: an organisation's slug, a file's name. */
/** Cuts text to a length, on a word where it can, marking the cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

export function slug(text: string, fallback: string, max = 60): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, max).replace(/^-+|-+$/g, "") || fallback;
}

/** "AC/S8", "ac s8", "acs8" and "AC-S8" all fold to "acs8". */
export function foldKey(text: string): string {
  let key = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Beyond ASCII, lower-casing can make a letter a-z (the Kelvin sign is a k): fold it the long way.
    if (c > 127) return text.toLowerCase().replace(/[^a-z0-9]+/g, "");
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) key += text[i];
    else if (c >= 65 && c <= 90) key += String.fromCharCode(c + 32);
  }
  return key;
}

/**
 * Every key a reference is found by: its folded whole, and for a combined one such as
 * "MOS 46 & 47" (one record the report prints for two measures) each of its parts.
 */
export function referenceKeys(ref: string): string[] {
  const whole = foldKey(ref);
  const combined = /^(.*?)(\d+[a-z]?)((?:\s*&\s*\d+[a-z]?)+)$/i.exec(ref.trim());
  if (!combined) return [whole];
  const stem = combined[1]!;
  const numbers = [combined[2]!, ...combined[3]!.split("&").map((n) => n.trim()).filter(Boolean)];
  return [whole, ...numbers.map((n) => foldKey(`${stem}${n}`))];
}

/** A word of a text and where it is: text.slice(start, end) is the word as typed. */
export interface WordSpan {
  word: string;
  start: number;
  end: number;
}

/**
 * Lower-cased words for search: runs of letters a-z, digits, % and £; one-letter
 * words dropped (single digits kept: "page 2"). Reads left to right and stops after `limit` words.
 */
export function wordSpans(text: string, limit = Number.POSITIVE_INFINITY): WordSpan[] {
  const spans: WordSpan[] = [];
  let start = -1;
  for (let i = 0; i <= text.length && spans.length < limit; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    const inWord = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 37 || c === 163;
    if (inWord) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start > 1 || (text.charCodeAt(start) >= 48 && text.charCodeAt(start) <= 57)) spans.push({ word: text.slice(start, i).toLowerCase(), start, end: i });
      start = -1;
    }
  }
  return spans;
}

/** The words of wordSpans, without where they are: what searchText is made of. */
export function searchWords(text: string, limit = Number.POSITIVE_INFINITY): string[] {
  return wordSpans(text, limit).map((s) => s.word);
}

// One collator for every sort (localeCompare with options builds a new one per call), made on first use:
// loading the collation rules is felt in every start otherwise.
let refCollator: Intl.Collator | undefined;

/** Orders references as people read them: AC/S4 before AC/S16. */
export function compareRefs(a: string, b: string): number {
  return (refCollator ??= new Intl.Collator("en", { numeric: true })).compare(a, b);
}

/** How many of n meaningful words a title needs to match: all of one or two, at least half of more. */
export function wordsNeeded(n: number): number {
  return n <= 2 ? n : Math.ceil(n / 2);
}

/** How many of the words the text has (a word matches inside a longer one: "adult" in "adults"). */
export function wordsIn(text: string, words: string[]): number {
  let matched = 0;
  for (const w of words) if (text.includes(w)) matched++;
  return matched;
}

/**
 * A list item that carried its own dash or bullet inside the source's list ("<li>-The 'Met Trace'"): one
 * bullet, not two ("• The 'Met Trace'"). A minus before a figure ("• -5% on last year") stays.
 */
const DOUBLED_BULLET = /^•\s+(?:[-–—•▪◦‣·*](?![\d.,])\s*)+/;

/** Each line of commentary with one bullet at most. */
export function withSingleBullets(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(DOUBLED_BULLET, "• "))
    .join("\n");
}
