// The review card's Accept and Return in Teams (Action.Submit with the submission's id; a Return
// carries the comment typed on the card). Decided: the card is updated in place to show the outcome.
// Refused (not an officer, their own submission, another council's, no comment): a reply says why, and
// the card stays as it was; decided or superseded already, the card also shows what became of it.
// The rules are the core's (review.ts).
import type { Application, TurnState } from "@microsoft/teams-ai";
import { CardFactory, type TurnContext } from "botbuilder";
import { z } from "zod";
import type { PersonProfile, Visibility } from "../../core/access.ts";
import type { Catalogue, People, Reviews } from "../../core/ports.ts";
import { decideById } from "../../core/use-cases/review.ts";
import { renderCard, REVIEW_COMMENT, VERBS } from "./cards.ts";
import { noticeText } from "./dialogs.ts";

export interface ReviewSubmits {
  data: { catalogue: Catalogue; people: People; reviews?: Reviews };
  /** Who pressed, and which organisations their tenant sees. */
  whoAsks(context: TurnContext): Promise<{ person: PersonProfile | null; visibility: Visibility }>;
  /** A button this version cannot read. */
  staleButton(context: TurnContext): Promise<void>;
}

// What a card sends back is checked before use: Teams sends the typed comment beside the button's data.
const pressed = z.object({ id: z.coerce.number().int().positive(), [REVIEW_COMMENT]: z.string().max(5000).optional() });


export function reviewSubmits(app: Application<TurnState>, deps: ReviewSubmits): void {
  const { data } = deps;
  for (const [verb, decision] of [
    [VERBS.reviewAccept, "accepted"],
    [VERBS.reviewReturn, "returned"],
  ] as const) {
    app.adaptiveCards.actionSubmit(verb, async (context, _state, sent) => {
      const button = pressed.safeParse(sent);
      if (!button.success || !data.reviews) return await deps.staleButton(context);
      const { person, visibility } = await deps.whoAsks(context);
      const note = decision === "returned" ? (button.data[REVIEW_COMMENT] ?? "").trim() || null : null;
      const outcome = await decideById({ ...data, reviews: data.reviews }, person, visibility, { id: button.data.id, decision, note, via: "teams" });
      if (!outcome.ok) {
        await context.sendActivity(noticeText(outcome.notice));
        // Decided or superseded elsewhere: the card pressed gives way to what became of it, without its buttons.
        if (outcome.current && context.activity.replyToId) await context.updateActivity({ type: "message", attachments: [CardFactory.adaptiveCard(renderCard(outcome.current))], id: context.activity.replyToId });
        return;
      }
      const updated = { type: "message", attachments: [CardFactory.adaptiveCard(renderCard(outcome.view))] };
      // The card pressed gives way to the outcome; where Teams did not say which card it was, the outcome follows it.
      if (context.activity.replyToId) await context.updateActivity({ ...updated, id: context.activity.replyToId });
      else await context.sendActivity(updated);
    });
  }
}
