// Finds an indicator or action by a reference or national code anywhere in the question.
import { distance } from "fastest-levenshtein";
import { buildIndicatorCard } from "../indicator-card.ts";
import type { ActionRecord, Catalogue, IndicatorRecord } from "../ports.ts";
import type { RefCandidate } from "../query.ts";
import { organisationsNamed } from "../services.ts";
import { compareRefs, foldKey } from "../text.ts";
import type { ActionCard, NotFound, View } from "../views.ts";
import { listItem } from "./list-indicators.ts";
import { objectiveCard, objectivesByKey } from "./objective-card.ts";

const SUGGESTIONS = 3;

/**
 * The card of the first candidate that is a known reference, alias or national code; for one that
 * is nearly a reference (its letters are a known reference's: "AC/S99"), the nearest ones.
 * Null when no candidate is either ("page 2", "Q2", "top 10"): the question is read as words.
 */
export async function findByReference(catalogue: Catalogue, refs: RefCandidate[]): Promise<View | null> {
  for (const ref of refs) {
    const found = ref.organisationWords ? await numbered(catalogue, ref) : await named(catalogue, ref);
    if (found) return found;
  }
  // A number that is no indicator's is read as words ("12" in titles), never "did you mean".
  const lettered = refs.filter((r) => !r.organisationWords);
  return lettered.length ? await nearlyAReference(catalogue, lettered) : null;
}

/**
 * The indicators a candidate names. A bare number names indicators numbered so, of the organisations the
 * question's other words all name ("barnet 12"); none where another word names no such organisation ("top 12").
 */
export async function indicatorsNamed(catalogue: Catalogue, ref: RefCandidate): Promise<IndicatorRecord[]> {
  const indicators = await catalogue.indicatorsByKey(ref.key);
  const words = ref.organisationWords;
  if (!words?.length || !indicators.length) return indicators;
  const organisations = await catalogue.organisations();
  return indicators.filter((i) => words.every((w) => organisationsNamed(organisations, w).some((o) => o.name === i.organisation)));
}

/** One indicator's card; for a reference that several organisations use, the list to choose from. */
function cardOrChoice(indicators: IndicatorRecord[], ref: RefCandidate): View {
  if (indicators.length === 1) return buildIndicatorCard(indicators[0]!);
  // Rows of one reference differ by their organisation: each says whose it is.
  const items = indicators.map((i) => ({ ...listItem(buildIndicatorCard(i)), title: `${i.organisation}: ${i.title}` }));
  return { kind: "list", heading: `${indicators.length} indicators have the reference ${ref.text}`, items, page: 1, pageCount: 1, total: indicators.length, query: ref.text, notice: null };
}

async function numbered(catalogue: Catalogue, ref: RefCandidate): Promise<View | null> {
  const indicators = await indicatorsNamed(catalogue, ref);
  return indicators.length ? cardOrChoice(indicators, ref) : null;
}

async function named(catalogue: Catalogue, ref: RefCandidate): Promise<View | null> {
  const indicators = await catalogue.indicatorsByKey(ref.key);
  if (indicators.length) return cardOrChoice(indicators, ref);
  const actions = await catalogue.actionsByKey(ref.key);
  if (actions.length) return actionCard(actions[0]!);
  // An objective of a performance wheel ("P3"): codes are short, so indicators and actions come first.
  const [objective] = await objectivesByKey(catalogue, ref.key);
  return objective ? await objectiveCard(catalogue, objective) : null;
}

/** The letters a reference starts with: "acs" of acs99, "kca" of kca14. */
const letters = (key: string) => /^[a-z]*/.exec(key)![0];

async function nearlyAReference(catalogue: Catalogue, refs: RefCandidate[]): Promise<NotFound | null> {
  const nearTo = async (known: { ref: string; key: string; title: string }[]) => {
    const prefixes = new Set(known.map((k) => letters(k.key)));
    const near = refs.find((r) => prefixes.has(letters(r.key)));
    return near ? { near, known } : null;
  };
  // Indicators first: the read model holds them; actions are read only when no indicator's letters fit.
  const indicatorRefs = await catalogue.allRefs();
  const found =
    (await nearTo(indicatorRefs)) ??
    (await nearTo([...indicatorRefs, ...(await catalogue.actions({})).filter((a) => a.ref !== null).map((a) => ({ ref: a.ref!, key: foldKey(a.ref!), title: a.title }))]));
  if (!found) return null;
  const { near, known } = found;
  // The nearest by edit distance; ties in reference order, so every catalogue suggests the same.
  const ranked = known.map((k) => ({ ...k, d: distance(near.key, k.key) })).sort((a, b) => a.d - b.d || compareRefs(a.ref, b.ref) || a.title.localeCompare(b.title));
  // One suggestion per reference, though two organisations use it.
  const suggestions: typeof ranked = [];
  for (const k of ranked) if (suggestions.length < SUGGESTIONS && !suggestions.some((s) => s.ref === k.ref)) suggestions.push(k);
  return {
    kind: "not_found",
    query: near.text,
    message: `There is no indicator or action ${near.text}.`,
    suggestionsHeading: "Did you mean:",
    suggestions: suggestions.map((s) => ({ query: s.ref, what: s.title })),
  };
}

function actionCard(a: ActionRecord): ActionCard {
  return {
    kind: "action",
    actionKind: a.kind,
    ref: a.ref,
    title: a.title,
    organisation: a.organisation,
    rag: a.rag,
    status: a.status,
    due: a.dueText,
    note: a.note,
    noteDate: a.noteDateText,
    service: a.service,
    priority: a.priority,
    parent: a.parent,
    children: a.children.map((c) => ({ ref: c.ref, title: c.title, status: c.status, rag: c.rag, due: c.dueText })),
    owner: a.owners.map((o) => o.name).join(", ") || null,
  };
}
