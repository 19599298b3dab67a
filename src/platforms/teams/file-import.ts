// A table attached in someone's personal chat with the bot (the manifest's supportsFiles): Teams puts it
// in their OneDrive and sends a file.download.info attachment with a short-lived, pre-authorised link.
// It is fetched, checked as a dry run, and answered with a card saying what importing it would do, with
// Import and Cancel; Import carries the link and fetches the file again (any instance can take the
// press, nothing waits in memory), and imports it under the rules checked again. A link that has
// expired by then is said to have, plainly. Teams gives files to bots in personal chats only.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Application, TurnState } from "@microsoft/teams-ai";
import { CardFactory, type TurnContext } from "botbuilder";
import { z } from "zod";
import type { Asker, PersonProfile } from "../../core/access.ts";
import type { Catalogue, IndicatorImports } from "../../core/ports.ts";
import { importFile, MAX_CHAT_FILE_BYTES } from "../../core/use-cases/import-file.ts";
import { notice, type View } from "../../core/views.ts";
import { fetchTable } from "../../files/fetch-table.ts";
import { renderCard, VERBS } from "./cards.ts";

export const FILE_DOWNLOAD_INFO = "application/vnd.microsoft.teams.file.download.info";

export interface TeamsFileImports {
  data: { catalogue: Catalogue; imports?: IndicatorImports };
  /** With an app id every activity is authenticated and links must be https; without (the Emulator, tests) this machine's http ones do. */
  authenticated: boolean;
  /** The key Import's link is signed with: the same on every instance (the app password). */
  signingKey: string;
  whoAsks(context: TurnContext): Promise<{ asker: Asker; person: PersonProfile | null }>;
  /** A button this version cannot read. */
  staleButton(context: TurnContext): Promise<void>;
}

const link = z.string().url().max(4000);
/** What Teams attaches for a file (botframework-schema's FileDownloadInfo): its name and where to fetch it. */
const fileAttachment = z.object({ contentType: z.literal(FILE_DOWNLOAD_INFO), name: z.string().min(1).max(500), content: z.object({ downloadUrl: link }).passthrough() }).passthrough();
/** What Import sends back: the card's data, the link signed ("<signature> <link>"). */
const confirmData = z.object({ file: z.string().max(4100), name: z.string().min(1).max(500) });

const GONE = "the link Teams gave for it lasts only a short while, and has expired or been withdrawn. Send the file again to check it and import it.";

export function teamsFileImports(app: Application<TurnState>, deps: TeamsFileImports): { fileSent(context: TurnContext): Promise<boolean> } {
  const { data } = deps;
  const allowedLink = (url: string) => new URL(url).protocol === "https:" || (!deps.authenticated && new URL(url).protocol === "http:");
  // A card's data comes back as the client sends it: the link is signed for its sender and name, so that
  // Import fetches only a link Teams gave the bot, never one written into a crafted press.
  const signature = (context: TurnContext, url: string, name: string) =>
    createHmac("sha256", deps.signingKey).update(`${context.activity.from?.aadObjectId ?? context.activity.from?.id}\n${url}\n${name}`).digest("base64url");
  const signed = (context: TurnContext, url: string, name: string) => `${signature(context, url, name)} ${url}`;
  const verified = (context: TurnContext, handle: string, name: string): string | null => {
    const [given = "", url = ""] = handle.split(" ", 2);
    const expected = Buffer.from(signature(context, url, name));
    return link.safeParse(url).success && given.length === expected.length && timingSafeEqual(Buffer.from(given), expected) ? url : null;
  };
  const personal = (context: TurnContext) => context.activity.conversation?.conversationType === "personal";
  const send = (context: TurnContext, view: View) => context.sendActivity({ attachments: [CardFactory.adaptiveCard(renderCard(view))] });

  /** Checks (a dry run) or imports the file behind the link, as the sender may. */
  const importing = async (context: TurnContext, file: { url: string; name: string }, dryRun: boolean): Promise<View> => {
    if (!data.imports) return notice("Not imported", "This service does not import files.");
    const { asker, person } = await deps.whoAsks(context);
    return importFile(
      { catalogue: data.catalogue, imports: data.imports },
      {
        asker,
        person,
        file: { handle: signed(context, file.url, file.name), name: file.name },
        read: async () => (allowedLink(file.url) ? fetchTable(file.url, file.name, { maxBytes: MAX_CHAT_FILE_BYTES, gone: GONE }) : `${file.name} could not be fetched: Teams gave no secure link to it.`),
        dryRun,
        via: "teams",
      },
    );
  };

  for (const verb of [VERBS.importConfirm, VERBS.importCancel]) {
    app.adaptiveCards.actionSubmit(verb, async (context, _state, sent) => {
      const file = confirmData.safeParse(sent);
      const cancelled = verb === VERBS.importCancel;
      const url = file.success ? verified(context, file.data.file, file.data.name) : null;
      if ((!cancelled && !url) || !personal(context)) return await deps.staleButton(context);
      const view = cancelled ? notice("Not imported", "Cancelled: nothing was written.") : await importing(context, { url: url!, name: file.data!.name }, false);
      // The card pressed gives way to the outcome, so that Import is not pressed twice; where Teams did not say which card it was, the outcome follows it.
      const updated = { type: "message", attachments: [CardFactory.adaptiveCard(renderCard(view))] };
      if (context.activity.replyToId) await context.updateActivity({ ...updated, id: context.activity.replyToId });
      else await context.sendActivity(updated);
    });
  }

  return {
    /** Answers a message carrying a file, and says so; false for any other message. */
    async fileSent(context) {
      const file = (context.activity.attachments ?? []).map((a) => fileAttachment.safeParse(a)).find((a) => a.success)?.data;
      if (!file) return false;
      if (!personal(context)) await context.sendActivity("Tables to import are taken in your personal chat with the bot: send the file there.");
      else await send(context, await importing(context, { url: file.content.downloadUrl, name: file.name }, true));
      return true;
    },
  };
}
