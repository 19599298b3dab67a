// "due" (also "my updates", "what is due"): the indicators a person owns or is a delegate for, in each
// organisation with an open reporting cycle, with where their update stands and the deadline. Retired
// indicators owe nothing.
import type { PersonProfile } from "../access.ts";
import { deadlineDay } from "../format.ts";
import { groupBy } from "../group-by.ts";
import type { Catalogue, Cycles, Drafts } from "../ports.ts";
import type { DueList, DueState } from "../views.ts";

export const DUE_QUESTION = /^\s*(?:due|my\s+updates|what\s+is\s+due|what'?s\s+due)\s*\??\s*$/i;

/** What needs doing comes first. */
const ORDER: DueState[] = ["returned", "to do", "draft saved", "submitted", "accepted"];

export async function whatIsDue(catalogue: Catalogue, ports: { cycles: Cycles; drafts?: Drafts }, person: PersonProfile | null): Promise<DueList> {
  const list = (message: string | null, items: DueList["items"] = []): DueList => ({ kind: "due", heading: "Your updates due", message, items });
  if (!person) return list("The bot does not know who you are yet, so it cannot tell what you owe: ask your performance team to link you (kpi people link).");
  const owned = (await catalogue.indicators({})).filter((i) => !i.retired && i.owners.some((o) => o.email === person.email));
  if (!owned.length) return list(`${person.name}, you own no indicators and are no indicator's delegate, so no update is due from you.`);

  const byOrganisation = groupBy(owned, (i) => i.organisation);
  const items: DueList["items"] = [];
  for (const [organisation, indicators] of byOrganisation) {
    const cycle = await ports.cycles.current(organisation);
    if (!cycle) continue;
    const submitted = await ports.cycles.submitted(organisation, cycle.period);
    for (const i of indicators) {
      const latest = submitted.get(i.ref);
      const draft = latest?.status !== "submitted" && latest?.status !== "accepted" && ports.drafts ? await ports.drafts.load({ organisation, ref: i.ref, period: cycle.period, person: person.email }) : null;
      const [state, status]: [DueState, string] =
        latest?.status === "accepted" ? ["accepted", "accepted"]
        : latest?.status === "submitted" ? ["submitted", "submitted, awaiting review"]
        : latest?.status === "returned" ? ["returned", `returned: ${latest.note || "no comment given"}${draft ? " (draft saved)" : ""}`]
        : draft ? ["draft saved", "draft saved"]
        : ["to do", "to do"];
      items.push({ ref: i.ref, title: i.title, organisation, period: cycle.period, due: deadlineDay(cycle.due), state, status });
    }
  }
  if (!items.length) return list(`No reporting cycle is open for ${[...byOrganisation.keys()].join(" or ")}, so no update is due from you now.`);
  items.sort((a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state));
  return list(null, items);
}
