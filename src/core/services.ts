// Which services a user's words name: "adults" names Adults & Communities.
import type { ServiceRecord } from "./ports.ts";
import { searchWords } from "./text.ts";

/** The services whose names contain every word (a word matches the start of a name's word); empty when none do. */
export function servicesNamed(services: ServiceRecord[], words: string[]): ServiceRecord[] {
  if (!words.length) return [];
  return services.filter((s) => {
    const nameWords = searchWords(s.name);
    return words.every((w) => nameWords.some((n) => n.startsWith(w)));
  });
}
