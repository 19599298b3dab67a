// Retiring an indicator the organisation no longer reports (replaced, or dropped from the plan): it stays
// findable by its reference with its history, and in its periods' reports, but lists, summaries, digests,
// alerts and cycles leave it out (the catalogue's indicators() does). Officers and admins; audited.
import type { PersonProfile } from "../access.ts";
import { retiredLine } from "../indicator-card.ts";
import type { Catalogue, Retirements } from "../ports.ts";
import { changed, indicatorForOfficer, type Changed } from "./indicator-named.ts";

export interface RetireRequest {
  ref: string;
  /** Why: the card says it beside the date. */
  note?: string;
  /** The organisation's name where the command line gave one. */
  organisation?: string | null;
  via: string;
}

export const MAX_RETIRE_NOTE = 500;

export async function retireIndicator(catalogue: Catalogue, retirements: Retirements, person: PersonProfile | null, request: RetireRequest): Promise<Changed> {
  const named = await indicatorForOfficer(catalogue, request.ref, person, request.organisation ?? null, { notMade: "Not retired", doing: (ref) => `Retiring ${ref}` });
  if ("outcome" in named) return named.outcome;
  const { record } = named;
  if (record.retired) return changed("unchanged", "Already retired", `${record.ref}: ${retiredLine(record.retired)}`);
  const note = request.note?.replace(/\s+/g, " ").trim() ?? "";
  if (!note) return changed("invalid", "Not retired", `Say why ${record.ref} is retired, such as “replaced by AC/S12”: its card will say so.`);
  if (note.length > MAX_RETIRE_NOTE) return changed("invalid", "Not retired", `The reason is at most ${MAX_RETIRE_NOTE} characters.`);
  if (!(await retirements.retire(record, note, person!.email, request.via))) return changed("unchanged", "Already retired", `${record.ref} was retired a moment ago by someone else; nothing changed.`);
  return changed("done", "Indicator retired", `${record.ref} ${record.title} is retired: ${note.replace(/\.$/, "")}.`, `Its card and history stay (/kpi ${record.ref}); lists, summaries, digests, alerts and reporting cycles leave it out. Bring it back with: unretire ${record.ref}.`);
}

export async function unretireIndicator(catalogue: Catalogue, retirements: Retirements, person: PersonProfile | null, request: RetireRequest): Promise<Changed> {
  const named = await indicatorForOfficer(catalogue, request.ref, person, request.organisation ?? null, { notMade: "Not brought back", doing: (ref) => `Bringing back ${ref}` });
  if ("outcome" in named) return named.outcome;
  const { record } = named;
  if (!record.retired || !(await retirements.unretire(record, person!.email, request.via))) return changed("unchanged", "Not retired", `${record.ref} is not retired; nothing changed.`);
  return changed("done", "Indicator brought back", `${record.ref} ${record.title} is current again: lists, summaries, digests, alerts and reporting cycles include it.`);
}
