// Text helpers for report cells: HTML left over from PDF extraction, and the
// folding that lets people type references loosely.
import { convert } from "html-to-text";

/** Plain text from a report cell that may carry <p>, <li>, <b>, &amp; and the like. */
export function cellText(html: string): string {
  if (!/[<&]/.test(html)) return html.replace(/\s+/g, " ").trim();
  const text = convert(html, {
    wordwrap: false,
    selectors: [
      { selector: "p", options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
      { selector: "ul", options: { itemPrefix: "• " } },
      { selector: "a", options: { ignoreHref: true } },
    ],
  });
  return text
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").replace(/^• • /, "• ").trim())
    .filter(Boolean)
    .join("\n");
}

/** "AC/S8", "ac s8", "acs8" and "AC-S8" all fold to "acs8". */
export function foldKey(text: string): string {
  return text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** Lower-cased words for search, accents and punctuation dropped. */
export function searchWords(text: string): string[] {
  return text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9%£\s/&-]/g, " ")
    .split(/[\s/&-]+/)
    .filter((w) => w.length > 1);
}
