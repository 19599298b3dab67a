// The Teams adapter: a teams-ai v1 Application on botbuilder's CloudAdapter at
// POST /api/messages. Every Teams import stays in this folder, so a later move to
// teams-ai's successor touches nothing else.
import { Application, TeamsAdapter, type TurnState } from "@microsoft/teams-ai";
import { CardFactory, MemoryStorage, TurnContext, type Activity, type MessagingExtensionResult } from "botbuilder";
import express, { type IRouter, type NextFunction, type Request, type Response } from "express";
import { z } from "zod";
import type { Catalogue } from "../../core/ports.ts";
import { ask } from "../../core/use-cases/ask.ts";
import type { View } from "../../core/views.ts";
import type { Logger } from "../../logger.ts";
import { historyCard, renderCard, VERBS } from "./cards.ts";

export interface TeamsSettings {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  appType: "MultiTenant" | "SingleTenant" | "UserAssignedMSI";
}

/** Where conversation references are kept, so later features can post proactively. */
export interface ConversationStore {
  remember(conversationId: string, reference: Partial<Activity> | object): Promise<void>;
}

const SORRY = "Sorry, that question could not be answered just now. Please try again in a minute.";
const submitData = z.object({ verb: z.string(), ref: z.string().min(1).max(2000).optional(), query: z.string().max(2000).optional() });
const searchText = z.string().max(1000);

/** Without an app id there is no authentication: only this machine may post (the Bot Framework Emulator, tests). */
export function isLoopback(address: string | undefined): boolean {
  return !!address && (address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127."));
}

export function mountTeams(settings: TeamsSettings, http: IRouter, catalogue: Catalogue, conversations: ConversationStore, log: Logger): { authenticated: boolean } {
  const authenticated = Boolean(settings.appId);
  const adapter = new TeamsAdapter(
    authenticated
      ? { MicrosoftAppId: settings.appId, MicrosoftAppPassword: settings.appPassword, MicrosoftAppTenantId: settings.tenantId, MicrosoftAppType: settings.appType }
      : {},
  );
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error, activity: context.activity.type }, "answering a Teams activity failed");
    await context.sendActivity(SORRY).catch(() => undefined);
  };
  const app = new Application<TurnState>({ adapter, botAppId: settings.appId ?? "", storage: new MemoryStorage(), removeRecipientMention: true, startTypingTimer: false });

  const answer = async (text: string): Promise<View> => ask(catalogue, text);
  const reply = async (context: TurnContext, view: View) => {
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(renderCard(view))] });
  };
  const remember = async (context: TurnContext) => {
    const reference = TurnContext.getConversationReference(context.activity);
    if (reference.conversation?.id) await conversations.remember(reference.conversation.id, reference).catch(() => undefined);
  };

  app.conversationUpdate("membersAdded", async (context) => {
    await remember(context);
  });

  // Card buttons first: teams-ai runs the first route that matches, and a button press is a message too.
  app.adaptiveCards.actionSubmit(VERBS.history, async (context, _state, data) => {
    const parsed = submitData.safeParse(data);
    const view = parsed.success && parsed.data.ref ? await answer(parsed.data.ref) : null;
    if (view?.kind === "indicator") await context.sendActivity({ attachments: [CardFactory.adaptiveCard(historyCard(view))] });
    else await context.sendActivity(SORRY);
  });
  for (const verb of [VERBS.page, VERBS.open]) {
    app.adaptiveCards.actionSubmit(verb, async (context, _state, data) => {
      const parsed = submitData.safeParse(data);
      if (parsed.success && parsed.data.query) await reply(context, await answer(parsed.data.query));
      else await context.sendActivity(SORRY);
    });
  }

  app.activity("message", async (context) => {
    await remember(context);
    // A button press with an unknown verb: nothing to answer.
    if (context.activity.value) return;
    const text = (context.activity.text ?? "").replace(/^\s*kpi\b\s*/i, "");
    await reply(context, await answer(text));
  });

  // The "Find indicator" search: typing shows matching indicators; choosing one inserts its card.
  app.messageExtensions.query("findIndicator", async (_context, _state, query) => {
    const text = searchText.safeParse(query.parameters?.query ?? "");
    const view = text.success && text.data.trim() ? await answer(text.data) : null;
    const items = view?.kind === "indicator" ? [{ ref: view.ref, title: view.title }] : view?.kind === "list" ? view.items : [];
    const attachments = items.map((i) => {
      const preview = CardFactory.thumbnailCard(i.ref, i.title);
      // Choosing a result sends its ref back to selectItem.
      preview.content.tap = { type: "invoke", value: { ref: i.ref } };
      return { ...preview, preview };
    });
    return { type: "result", attachmentLayout: "list", attachments } as MessagingExtensionResult;
  });
  app.messageExtensions.selectItem(async (_context, _state, item: { ref?: unknown }) => {
    const ref = z.string().min(1).max(200).safeParse(item?.ref);
    const view = ref.success ? await answer(ref.data) : null;
    const attachments = view ? [{ ...CardFactory.adaptiveCard(renderCard(view)), preview: CardFactory.thumbnailCard(ref.success ? ref.data : "") }] : [];
    return { type: "result", attachmentLayout: "list", attachments } as MessagingExtensionResult;
  });

  const onlyLoopback = (req: Request, res: Response, next: NextFunction) => {
    if (authenticated || isLoopback(req.socket.remoteAddress)) return next();
    res.status(401).json({ error: "Without MICROSOFT_APP_ID this bot takes messages from this machine only." });
  };
  http.post("/api/messages", onlyLoopback, express.json({ limit: "1mb" }), async (req, res) => {
    // A request that could not be authenticated is refused as unauthorized, whatever stopped the check
    // (a bad token, or Microsoft's signing keys out of reach): botbuilder answers 500 for the latter.
    let reachedBot = false;
    const status = res.status.bind(res);
    res.status = (code: number) => status(code === 500 && authenticated && !reachedBot ? 401 : code);
    await adapter.process(req, res, async (context) => {
      reachedBot = true;
      await app.run(context);
    });
  });
  return { authenticated };
}
