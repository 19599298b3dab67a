// "history AC/S8": every recorded change to an indicator, or to a key action ("history CG01"), newest first.
import type { Catalogue } from "../ports.ts";
import { askingFor, type RefCandidate } from "../query.ts";
import type { ChangeHistory, NotFound } from "../views.ts";
import { indicatorsNamed } from "./look-up.ts";
import { objectivesByKey } from "./objective-card.ts";

export async function changesOf(catalogue: Catalogue, refs: RefCandidate[]): Promise<ChangeHistory | NotFound> {
  for (const ref of refs) {
    const records = await indicatorsNamed(catalogue, ref);
    // A number several organisations use: which one's ("history 12 London Borough of Barnet").
    if (records.length > 1 && ref.organisationWords) {
      const suggestions = records.map((r) => ({ query: `history ${askingFor(r.ref, r.organisation)}`, what: `${r.organisation}: ${r.title}` }));
      return { kind: "not_found", query: ref.text, message: `${records.length} organisations number an indicator ${ref.text}: say which.`, suggestionsHeading: "Ask for one of:", suggestions };
    }
    const [record] = records;
    if (record) {
      const entries = await catalogue.changes({ organisation: record.organisation, ref: record.ref });
      return { kind: "changes", ref: record.ref, title: record.title, organisation: record.organisation, entries };
    }
    if (ref.organisationWords) continue;
    const action = (await catalogue.actionsByKey(ref.key)).find((a) => a.ref !== null);
    if (action) {
      const entries = await catalogue.changes({ organisation: action.organisation, ref: action.ref!, kind: "action" });
      return { kind: "changes", ref: action.ref!, title: action.title, organisation: action.organisation, entries };
    }
    const [objective] = await objectivesByKey(catalogue, ref.key);
    if (objective) {
      const entries = await catalogue.changes({ organisation: objective.organisation, ref: objective.code, kind: "objective" });
      return { kind: "changes", ref: objective.code, title: objective.title, organisation: objective.organisation, entries };
    }
  }
  const typed = refs[0]?.text ?? "";
  return { kind: "not_found", query: typed, message: `There is no indicator, key action or objective ${typed}.`, suggestionsHeading: "Try:", suggestions: [{ query: "help", what: "examples of what to ask" }] };
}
