// The "Find indicator" search (a message extension): typing shows matching indicators; choosing one inserts its card.
import type { Application, TurnState } from "@microsoft/teams-ai";
import { CardFactory, type MessagingExtensionResult, type TurnContext } from "botbuilder";
import { z } from "zod";
import { askingFor } from "../../core/query.ts";
import type { View } from "../../core/views.ts";
import { renderCard } from "./cards.ts";

const searchText = z.string().max(1000);

export function findIndicator(app: Application<TurnState>, answer: (context: TurnContext, text: string) => Promise<View>): void {
  app.messageExtensions.query("findIndicator", async (context, _state, query) => {
    const text = searchText.safeParse(query.parameters?.query ?? "");
    const view = text.success && text.data.trim() ? await answer(context, text.data) : null;
    const items = view?.kind === "indicator" ? [view] : view?.kind === "list" ? view.items : [];
    const attachments = items.map((i) => {
      const preview = CardFactory.thumbnailCard(i.ref, i.title);
      // Choosing a result sends its ref back to selectItem (a numbered one with its organisation's name).
      preview.content.tap = { type: "invoke", value: { ref: askingFor(i.ref, i.organisation) } };
      return { ...preview, preview };
    });
    return { type: "result", attachmentLayout: "list", attachments } as MessagingExtensionResult;
  });
  app.messageExtensions.selectItem(async (context, _state, item: { ref?: unknown }) => {
    const ref = z.string().min(1).max(200).safeParse(item?.ref);
    const view = ref.success ? await answer(context, ref.data) : null;
    const attachments = view ? [{ ...CardFactory.adaptiveCard(renderCard(view)), preview: CardFactory.thumbnailCard(ref.success ? ref.data : "") }] : [];
    return { type: "result", attachmentLayout: "list", attachments } as MessagingExtensionResult;
  });
}
