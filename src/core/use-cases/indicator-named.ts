// What the year's changes (targets, retiring) share: the indicator a command names, of the organisation
// given or the asker's own where two councils use the reference; and an outcome that the chat shows
// and the command line turns into its exit code.
import { holds, refusal, type PersonProfile } from "../access.ts";
import type { Catalogue, IndicatorRecord } from "../ports.ts";
import { foldKey } from "../text.ts";
import { notice, type Notice } from "../views.ts";

/** done or unchanged: nothing was wrong; invalid: the request could not be read; refused: not allowed, or not now. */
export interface Changed {
  status: "done" | "unchanged" | "invalid" | "refused";
  notice: Notice;
}

export const changed = (status: Changed["status"], heading: string, ...lines: string[]): Changed => ({ status, notice: notice(heading, ...lines) });

export async function indicatorNamed(catalogue: Catalogue, ref: string, person: PersonProfile | null, organisation: string | null): Promise<{ record: IndicatorRecord } | { problem: string }> {
  const found = await catalogue.indicatorsByKey(foldKey(ref));
  // The organisation named (a form's, the command line's) and nothing else; else, of several, the person's own where it is one of them.
  const own = found.length > 1 && person?.organisation ? found.filter((r) => r.organisation === person.organisation) : [];
  const ours = organisation ? found.filter((r) => r.organisation === organisation) : own.length ? own : found;
  if (ours.length === 1) return { record: ours[0]! };
  if (!ours.length) return { problem: `There is no indicator ${ref}${organisation ? ` in ${organisation}` : ""}.` };
  return { problem: `${ref} is a reference of ${ours.map((r) => r.organisation).join(" and of ")}: say which organisation.` };
}

/**
 * The indicator named, where the person is an officer or admin of its organisation (who may make the year's
 * changes); otherwise the outcome that says why not, headed as the change that was not made ("Not retired").
 */
export async function indicatorForOfficer(catalogue: Catalogue, ref: string, person: PersonProfile | null, organisation: string | null, change: { notMade: string; doing: (ref: string) => string }): Promise<{ record: IndicatorRecord } | { outcome: Changed }> {
  const named = await indicatorNamed(catalogue, ref, person, organisation);
  if ("problem" in named) return { outcome: changed("invalid", change.notMade, named.problem) };
  const { record } = named;
  if (!holds(person, "officer", record.organisation)) return { outcome: changed("refused", "Not allowed", refusal(change.doing(record.ref), "officer", record.organisation, person)) };
  return { record };
}
