// Plain text from report cells: HTML left over from PDF extraction. Apart from
// text.ts because html-to-text takes a tenth of a second to load and only loading
// reports needs it, not answering questions.
import { convert } from "html-to-text";
import { withSingleBullets } from "./text.ts";

const SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";
/** A numbered footnote mark standing apart from the word before it: "in their area <sup>2</sup>", "<sup>1, 3</sup>". */
const SPACED_NUMBER_MARK = /(?:^|\s+)<sup>\s*\d{1,3}(?:\s*,\s*\d{1,3})*\s*<\/sup>/gi;
/** Digits attached to what they follow: an exponent or a mark written close (m<sup>2</sup>, 10<sup>6</sup>). */
const ATTACHED_DIGITS = /(?<=[\p{L}\p{N})])<sup>\s*(\d{1,3})\s*<\/sup>/gu;

/**
 * Superscripts, as a PDF's text layer or a spreadsheet's HTML gives them. A numbered footnote mark standing
 * apart from the word before it ("in their area <sup>2</sup>") numbers a note the table does not carry and,
 * printed full size, reads as part of the text ("in their area 2"): it is dropped. Digits attached to what
 * they follow stay superscript characters (m², 10⁶), so nothing is misread as a figure; a symbol mark
 * (<sup>*</sup>) stays as written, as annotations do; letters are text (1<sup>st</sup> is 1st). Plain text
 * carries no superscript to tell a mark by: "area 2" there stays as it is.
 */
function withoutFootnoteMarks(html: string): string {
  if (!/<sup/i.test(html)) return html;
  return html.replace(SPACED_NUMBER_MARK, "").replace(ATTACHED_DIGITS, (_, digits: string) => [...digits].map((d) => SUPERSCRIPT_DIGITS[Number(d)]).join(""));
}

/** Plain text from a report cell that may carry <p>, <li>, <b>, &amp; and the like. */
export function cellText(html: string): string {
  if (!/[<&]/.test(html)) return html.replace(/\s+/g, " ").trim();
  const text = convert(withoutFootnoteMarks(html), {
    wordwrap: false,
    selectors: [
      { selector: "p", options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
      { selector: "ul", options: { itemPrefix: "• " } },
      { selector: "a", options: { ignoreHref: true } },
    ],
  });
  return withSingleBullets(
    text
      .split("\n")
      .map((line) => line.replace(/\s+/g, " ").trim())
      .filter(Boolean)
      .join("\n"),
  );
}
