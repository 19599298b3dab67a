// What a person can do from an answer (an indicator's card, a key action's, an objective's, a page of a list),
// decided once for every platform: the renderers turn each into their own button (a Slack button, a Teams
// Action.Submit or dialog opener), so the platforms cannot drift apart in what they offer. A numbered
// indicator's actions name its organisation too (askingFor).
import { nationalCodesOf } from "./national-codes.ts";
import { queryForPage } from "./paging.ts";
import { askingFor } from "./query.ts";
import type { ActionCard, IndicatorCard, ObjectiveCard, Paging } from "./views.ts";

/** page: another page of a list, in place of this one; open: a question asked from the answer, answered below it. */
export type CardVerb = "history" | "commentary" | "update" | "target" | "assess" | "page" | "open";

export interface CardAction {
  verb: CardVerb;
  label: string;
  /** What the action is about, as the query language names it: "AC/S8", "12 barnet". */
  subject: string;
}

/** Shown to everyone, as a card is shared as it is; who may not use a form is told why when they press. */
export function indicatorActions(c: Pick<IndicatorCard, "ref" | "organisation" | "commentary" | "codes">): CardAction[] {
  const subject = askingFor(c.ref, c.organisation);
  return [
    { verb: "history", label: "History", subject },
    ...(c.commentary && c.commentary.short !== c.commentary.text ? [{ verb: "commentary" as const, label: "Full commentary", subject }] : []),
    // A national measure can be compared across councils.
    ...(nationalCodesOf(c.codes).length ? [{ verb: "open" as const, label: "Compare", subject: `compare ${subject}` }] : []),
    { verb: "update", label: "Submit update", subject },
    { verb: "target", label: "Set target", subject },
  ];
}

/** A key action with a reference can be updated (the form finds it by it). */
export const actionCardActions = (a: Pick<ActionCard, "ref">): CardAction[] => (a.ref ? [{ verb: "update", label: "Submit update", subject: a.ref }] : []);

/** An objective of the wheel is assessed from its card. */
export const objectiveActions = (o: Pick<ObjectiveCard, "code">): CardAction[] => [{ verb: "assess", label: "Assess", subject: o.code }];

/** The pages before and after, where there are any: the subject is the question for that page. */
export function pageActions(p: Pick<Paging, "page" | "pageCount" | "query">): CardAction[] {
  return [
    ...(p.page > 1 ? [{ verb: "page" as const, label: "Previous", subject: queryForPage(p.query, p.page - 1) }] : []),
    ...(p.page < p.pageCount ? [{ verb: "page" as const, label: "Next", subject: queryForPage(p.query, p.page + 1) }] : []),
  ];
}
