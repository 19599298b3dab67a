// Polarity: which way is better. Reports write it in several ways.
export type Polarity = "bigger" | "smaller" | "goldilocks" | "monitor";

export function parsePolarity(text: string): Polarity | null {
  const t = text.toLowerCase().replace(/\s+/g, " ").trim();
  if (/bigger is better|higher is better|aim to maxim|^(maximi[sz]e|max|high|higher|bigger|up)$/.test(t)) return "bigger";
  if (/smaller is better|lower is better|aim to minim|^(minimi[sz]e|min|low|lower|smaller|down)$/.test(t)) return "smaller";
  if (/goldilocks|within (a )?range/.test(t)) return "goldilocks";
  if (/^monitor|no target|for information/.test(t)) return "monitor";
  return null;
}

export const POLARITY_LABELS: Record<Polarity, string> = {
  bigger: "Bigger is better",
  smaller: "Smaller is better",
  goldilocks: "Within a range",
  monitor: "Monitor only",
};

const CODES: readonly Polarity[] = ["bigger", "smaller", "goldilocks", "monitor"];

/** A stored polarity code; anything else reads as Monitor (not rated) rather than guessed. */
export function asPolarity(code: string): Polarity {
  return (CODES as readonly string[]).includes(code) ? (code as Polarity) : "monitor";
}
