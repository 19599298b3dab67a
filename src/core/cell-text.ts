// Plain text from report cells: HTML left over from PDF extraction. Apart from
// text.ts because html-to-text takes a tenth of a second to load and only loading
// reports needs it, not answering questions.
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
