// Which organisation a command from the chat is about: the person's own; else the one the words
// name or the only one the workspace sees; otherwise the asker is asked to say which.
import { mayRead, visibilityFor, type Asker, type PersonProfile } from "../access.ts";
import type { Catalogue } from "../ports.ts";
import { organisationsNamed } from "../services.ts";

export type OrganisationChoice = { ok: true; organisation: string; words: string[] } | { ok: false; message: string };

/** `example` is the command as the asker would retype it with an organisation: "subscribe {slug} red". */
export async function organisationFor(catalogue: Catalogue, asker: Asker, person: PersonProfile | null, words: string[], example: string): Promise<OrganisationChoice> {
  const visibility = visibilityFor(await catalogue.workspaceLinks(), asker);
  const organisations = (await catalogue.organisations()).filter((o) => mayRead(visibility, o.name));
  const named = words.flatMap((w) => organisationsNamed(organisations, w));
  const rest = words.filter((w) => !organisationsNamed(organisations, w).length);
  const mine = person?.organisation ? organisations.filter((o) => o.name === person.organisation) : named.length ? named : organisations;
  const chosen = [...new Set(mine.map((o) => o.name))];
  if (chosen.length === 1) return { ok: true, organisation: chosen[0]!, words: rest };
  if (!chosen.length) return { ok: false, message: "This workspace sees no organisation of yours." };
  return { ok: false, message: `Say which organisation: ${organisations.map((o) => o.slug).join(" or ")} (for example “${example.replace("{slug}", organisations[0]!.slug)}”).` };
}
