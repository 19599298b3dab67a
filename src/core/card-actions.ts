// What a person can do from an indicator's card, decided once for every platform: the renderers turn each
// into their own button (a Slack button, a Teams Action.Submit or dialog opener), so the platforms cannot
// drift apart in what they offer. A numbered indicator's actions name its organisation too (askingFor).
import { askingFor } from "./query.ts";
import type { IndicatorCard } from "./views.ts";

export type CardVerb = "history" | "commentary" | "update" | "target";

export interface CardAction {
  verb: CardVerb;
  label: string;
  /** What the action is about, as the query language names it: "AC/S8", "12 barnet". */
  subject: string;
}

/** Shown to everyone, as a card is shared as it is; who may not use a form is told why when they press. */
export function indicatorActions(c: Pick<IndicatorCard, "ref" | "organisation" | "commentary">): CardAction[] {
  const subject = askingFor(c.ref, c.organisation);
  return [
    { verb: "history", label: "History", subject },
    ...(c.commentary && c.commentary.short !== c.commentary.text ? [{ verb: "commentary" as const, label: "Full commentary", subject }] : []),
    { verb: "update", label: "Submit update", subject },
    { verb: "target", label: "Set target", subject },
  ];
}
