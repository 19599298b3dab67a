// Reading what a user typed after /kpi. Never throws, whatever the string.
import { foldKey, searchWords } from "./text.ts";

export const MAX_QUERY_LENGTH = 1000;

export type Query =
  | { kind: "help"; reason: "asked" | "empty" | "too_long" }
  /** A reference or national code, or words; the catalogue decides which it is. */
  | { kind: "lookup"; text: string; key: string; words: string[]; looksLikeRef: boolean };

export function parseQuery(raw: string): Query {
  if (raw.length > MAX_QUERY_LENGTH) return { kind: "help", reason: "too_long" };
  // Slash commands arrive with the command itself when typed in the console: drop it.
  const text = raw.replace(/[\u0000-\u001f\u007f]/g, " ").trim().replace(/^\/?kpi\b\s*/i, "").trim();
  if (!text) return { kind: "help", reason: "empty" };
  if (/^(help|\?|usage)$/i.test(text)) return { kind: "help", reason: "asked" };
  const key = foldKey(text);
  return {
    kind: "lookup",
    text,
    key,
    words: searchWords(text),
    // "AC/S99", "CG 01", "KCA 14", "ASCOF 1E": letters then a number, at most three parts
    looksLikeRef: /^[a-z]{1,6}[\s/-]*[a-z]{0,2}[\s/-]*\d{1,3}[a-z]?$/i.test(text.replace(/\s*\(.*\)$/, "")),
  };
}
