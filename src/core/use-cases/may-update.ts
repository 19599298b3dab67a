// Who may submit a result for an indicator, and for which period: owners and delegates within the open
// reporting cycle's period, officers and admins any time. submitUpdate asks it first; the forms ask it
// before they open, so that who may not submit is told why instead of getting a form.
import { holds, refusal, type PersonProfile } from "../access.ts";
import type { Catalogue, IndicatorRecord, Updates } from "../ports.ts";
import { indicatorNamed } from "./indicator-named.ts";

export type MayUpdate =
  | {
      ok: true;
      record: IndicatorRecord;
      /** An officer or admin of its organisation: any period, with or without a cycle. */
      officer: boolean;
      /** The open reporting cycle's period and deadline (the one owners submit for); null when none is open. */
      cycle: { period: string; due: Date } | null;
    }
  | { ok: false; field: "ref" | "person"; reason: string };

/**
 * `organisation`: the one a form was opened for (its state carries it), whose indicator alone it acts on; an organisation
 * the catalogue (what the asker sees) does not have finds nothing. Without one, a ref several organisations use is the
 * person's own organisation's, else they are asked to say which.
 */
export async function mayUpdate(catalogue: Catalogue, updates: Pick<Updates, "openCycle">, person: PersonProfile | null, ref: string, organisation: string | null = null): Promise<MayUpdate> {
  const named = await indicatorNamed(catalogue, ref, person, organisation);
  if ("problem" in named) return { ok: false, field: "ref", reason: named.problem };
  const { record } = named;

  const owns = person !== null && record.owners.some((o) => o.email === person.email);
  const officer = holds(person, "officer", record.organisation);
  if (!officer) {
    if (!person) return { ok: false, field: "person", reason: refusal(`Submitting a result for ${record.ref}`, "officer", record.organisation, null) };
    if (!owns) {
      const elsewhere = person.organisation === record.organisation || person.organisation === null ? "you are neither" : `you belong to ${person.organisation}`;
      return { ok: false, field: "person", reason: `Submitting a result for ${record.ref} needs you to own it or be its delegate, or the officer role in ${record.organisation}; ${elsewhere}.` };
    }
  }
  const cycle = await updates.openCycle(record.organisation);
  if (!officer && !cycle) return { ok: false, field: "person", reason: `No reporting cycle is open for ${record.organisation}, so only its officers and admins may submit a result now (a late or corrected figure).` };
  return { ok: true, record, officer, cycle };
}

/** Why the person may not submit for this period (an owner, outside the open cycle's); null when they may. */
export function outsidePeriod(allowed: Extract<MayUpdate, { ok: true }>, period: string): string | null {
  if (allowed.officer || allowed.cycle?.period === period) return null;
  return `The open reporting cycle is for ${allowed.cycle?.period}: owners submit for that period; a late or corrected figure for ${period} goes through the performance team.`;
}
