// Objectives rated by judgement (a council's performance wheel): the statuses and directions the
// performance team gives them, read as councils and their PDFs write them.

// In the order committee tables print them.
export const OBJECTIVE_STATUSES = ["Green", "Amber", "Red"] as const;
export type ObjectiveStatus = (typeof OBJECTIVE_STATUSES)[number];
export const OBJECTIVE_DIRECTIONS = ["Up", "Stable", "Down"] as const;
export type ObjectiveDirection = (typeof OBJECTIVE_DIRECTIONS)[number];

/**
 * Letters a PDF's text layer gives for R, A and G. Greek: text set in the Symbol font (common for the
 * marks in RAG columns) is extracted by that font's encoding, where the codes of A, G and R are Alpha,
 * Gamma and Rho. Cyrillic: А looks like A; Р and Г are drawn exactly as Greek Ρ and Γ, so an extractor
 * that names glyphs by their shape gives either. Ԍ (Komi Sje) is Unicode's listed confusable of G.
 * Nothing else is mapped: a letter that stands for no status stays a problem to report.
 */
const STATUS_LETTERS = new Map<string, ObjectiveStatus>([
  ["r", "Red"],
  ["a", "Amber"],
  ["g", "Green"],
  ["\u0391", "Amber"], // Greek Α
  ["\u03b1", "Amber"], // Greek α
  ["\u0410", "Amber"], // Cyrillic А
  ["\u0430", "Amber"], // Cyrillic а
  ["\u03a1", "Red"], // Greek Ρ
  ["\u03c1", "Red"], // Greek ρ
  ["\u0420", "Red"], // Cyrillic Р
  ["\u0440", "Red"], // Cyrillic р
  ["\u0393", "Green"], // Greek Γ
  ["\u03b3", "Green"], // Greek γ
  ["\u0413", "Green"], // Cyrillic Г
  ["\u0433", "Green"], // Cyrillic г
  ["\u050c", "Green"], // Cyrillic Ԍ
  ["\u050d", "Green"], // Cyrillic ԍ
]);

/** Greek and Cyrillic letters drawn as Latin ones, for whole words ("Grееn" with Cyrillic е). */
const LOOK_ALIKES = new Map<string, string>(
  Object.entries({
    "\u0391": "a", "\u0392": "b", "\u0395": "e", "\u0397": "h", "\u0399": "i", "\u039a": "k", "\u039c": "m", "\u039d": "n", "\u039f": "o", "\u03a4": "t", "\u03a7": "x", "\u03bf": "o",
    "\u0410": "a", "\u0412": "b", "\u0415": "e", "\u041a": "k", "\u041c": "m", "\u041d": "h", "\u041e": "o", "\u0421": "c", "\u0422": "t", "\u0425": "x",
    "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0441": "c", "\u0443": "y", "\u0445": "x", "\u0456": "i", "\u0501": "d", "\u050c": "g", "\u050d": "g",
  }),
);

const STATUS_WORDS = new Map<string, ObjectiveStatus>([
  ["red", "Red"],
  ["amber", "Amber"],
  ["green", "Green"],
]);

const DIRECTION_WORDS = new Map<string, ObjectiveDirection>([
  ["up", "Up"], ["improving", "Up"], ["improved", "Up"], ["better", "Up"], ["↑", "Up"], ["▲", "Up"], ["⬆", "Up"], ["⇧", "Up"],
  ["stable", "Stable"], ["same", "Stable"], ["unchanged", "Stable"], ["no change", "Stable"], ["static", "Stable"], ["steady", "Stable"], ["→", "Stable"], ["↔", "Stable"], ["►", "Stable"], ["▶", "Stable"], ["⬌", "Stable"], ["=", "Stable"],
  ["down", "Down"], ["deteriorating", "Down"], ["worsening", "Down"], ["worse", "Down"], ["declining", "Down"], ["↓", "Down"], ["▼", "Down"], ["⬇", "Down"], ["⇩", "Down"],
]);

/** A lower-cased text's look-alikes as the Latin letters they are drawn as; a small letter by its capital's entry too. */
const latinOf = (lowered: string) => [...lowered].map((c) => LOOK_ALIKES.get(c) ?? LOOK_ALIKES.get(c.toUpperCase()) ?? c).join("");

/** NFKC first (full-width Ｒ, compatibility forms), then trimmed of spaces, dots and stars that cells carry. */
const folded = (text: string) => text.normalize("NFKC").replace(/[\s.*]+/g, " ").trim();

/** A status as written: R, A, G, Red, Amber, Green, in any case, with a PDF's look-alike letters; null where it is none. */
export function readObjectiveStatus(text: string): ObjectiveStatus | null {
  const cell = folded(text);
  if ([...cell].length === 1) return STATUS_LETTERS.get(cell.toLowerCase()) ?? STATUS_LETTERS.get(cell) ?? null;
  return STATUS_WORDS.get(latinOf(cell.toLowerCase())) ?? null;
}

/** A direction as written: Up, Stable, Down, their synonyms and arrows; null where it is none. */
export function readObjectiveDirection(text: string): ObjectiveDirection | null {
  const cell = folded(text).toLowerCase();
  return DIRECTION_WORDS.get(cell) ?? DIRECTION_WORDS.get(latinOf(cell)) ?? null;
}

/** Why a cell is no status, naming a foreign letter so that whoever reads the report can find it. */
export function notAStatus(text: string): string {
  const foreign = [...text.normalize("NFKC")].find((c) => c.charCodeAt(0) > 127 && /\p{L}/u.test(c));
  const named = foreign ? ` (it holds ${foreign}, U+${foreign.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}, a letter that stands for no status)` : "";
  return `Not a status${named}: write R, A or G, or Red, Amber or Green.`;
}

/** "Up", "Stable" or "Down" as arrows every platform and picture shows alike: arrows, not the triangles that mark ratings on the charts. */
export const DIRECTION_ARROW: Record<ObjectiveDirection, string> = { Up: "↑", Stable: "→", Down: "↓" };
export const DIRECTION_MARK: Record<ObjectiveDirection, string> = { Up: "↑ Up", Stable: "→ Stable", Down: "↓ Down" };

/** Why the narrative is required: a red status, or performance judged to be falling. */
export function narrativeRequired(status: ObjectiveStatus, direction: ObjectiveDirection | null): string | null {
  if (status === "Red") return "A narrative is required for a red segment: say why, and what is being done.";
  if (direction === "Down") return "A narrative is required when the direction is Down: say what is deteriorating.";
  return null;
}

/** Tags as councils write them: "P, A&H; C&F" -> ["P", "A&H", "C&F"]. */
export function readTags(text: string): string[] {
  return [...new Set(text.split(/[,;/|]+|\s{2,}/).map((t) => t.trim().replace(/\s*&\s*/g, "&")).filter(Boolean))];
}

/** A tag as people type it, for matching: case and spaces do not matter ("a & h" is A&H). */
export const tagKey = (tag: string): string => tag.normalize("NFKC").toLowerCase().replace(/\s+/g, "").replace(/&amp;/g, "&");
