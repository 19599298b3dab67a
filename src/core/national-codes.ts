// National measures: the codes that name the same measure in every council's table (ASCOF 1C(2A), NI 192,
// PHOF 2.22iii, BV 8), however each report prints them ("ASCOF 1C/2A", "(ASCOF) 1F)", "ASCOF2 A (2)"). One
// spelling per measure, so that the same measure is found, and compared, across councils.
import { foldKey } from "./text.ts";

/** The national frameworks whose codes councils print beside their own refs. */
const SCHEMES = ["ASCOF", "PHOF", "NHSOF", "NI", "BVPI", "BV", "PAF", "SDQ"] as const;
export type Scheme = (typeof SCHEMES)[number];

export interface NationalCode {
  scheme: Scheme;
  /** As shown: "ASCOF 1C(2A)", "NI 192", "PAF C32". */
  code: string;
  /** What lookups and comparison match on: "ascof1c2a". */
  key: string;
}

// The scheme, then the measure: a number with letters around it ("1C", "C32", "2.22iii"), perhaps spaced
// ("2 A"), then a part in brackets or after a slash ("(2A)", "/2A", " (2)").
const CODE = new RegExp(
  String.raw`(?<![A-Za-z])(${SCHEMES.join("|")})\)?[\s:-]*(?:\(\s*)?([A-Z]?\d+(?:\.\d+)?(?:\s?[A-Z](?![A-Za-z]))?(?:[ivx]+)?)(?![\d.])(?:\s*\/\s*(\d?[A-Z]?\d?)(?![A-Za-z\d])|\s*\(\s*(\d?[A-Z]?\d?)\s*\))?`,
  "gi",
);

const measure = (scheme: string, main: string, part: string | undefined): NationalCode => {
  // BVPI and BV are one framework (Best Value), printed either way.
  const upper = (scheme.toUpperCase() === "BVPI" ? "BV" : scheme.toUpperCase()) as Scheme;
  // Roman numerals of PHOF (2.22iii) keep their case; letters of ASCOF and PAF codes are capitals.
  const body = main.replace(/\s+/g, "").replace(/^([A-Za-z]?\d+(?:\.\d+)?)([a-z])$/, (_m, n: string, l: string) => n + l.toUpperCase());
  const code = `${upper} ${body}${part ? `(${part.toUpperCase()})` : ""}`;
  return { scheme: upper, code, key: foldKey(code) };
};

/** Every national code in a text (a ref as printed, a title, a cell), each once, in order. */
export function nationalCodesIn(text: string): NationalCode[] {
  const found = new Map<string, NationalCode>();
  for (const m of text.matchAll(CODE)) {
    const code = measure(m[1]!, m[2]!, m[3] || m[4] || undefined);
    if (!found.has(code.key)) found.set(code.key, code);
  }
  return [...found.values()];
}

/** The one national code a person typed (`kpi codes set AC/S16 "ASCOF 1C/2A"`), or null where it is not one. */
export function nationalCode(text: string): NationalCode | null {
  const codes = nationalCodesIn(text);
  const only = codes.length === 1 ? codes[0]! : null;
  // The whole text must be the code: "ASCOF 1C and more" is not one.
  return only && foldKey(text) === only.key ? only : null;
}

/** The national codes of an indicator, from the codes printed with its ref and any mapped to it. */
export const nationalCodesOf = (codes: string[]): NationalCode[] => [...new Map(codes.flatMap(nationalCodesIn).map((c) => [c.key, c])).values()];
