// A table sent to the bot in its direct messages (the file_shared event): fetched from Slack with the
// bot token, checked as a dry run, and answered in the conversation with what importing it would do
// and Import and Cancel. Import fetches the file again by its id (files.info), so that any instance
// can take the press and nothing waits in memory, and imports it under the rules checked again.
import type { App, Context, webApi } from "@slack/bolt";
import { z } from "zod";
import type { Asker, PersonProfile } from "../../core/access.ts";
import type { Catalogue, IndicatorImports } from "../../core/ports.ts";
import { importFile, MAX_CHAT_FILE_BYTES } from "../../core/use-cases/import-file.ts";
import { notice, type View } from "../../core/views.ts";
import { fetchTable } from "../../files/fetch-table.ts";
import type { Logger } from "../../logger.ts";
import { ACTIONS, renderSlack, type SlackMessage } from "./blocks.ts";

export interface SlackFileImports {
  data: { catalogue: Catalogue; imports?: IndicatorImports };
  botToken: string;
  /** SLACK_API_URL, where set: a stand-in for Slack whose file links may be given the token too. */
  apiUrl?: string;
  /** Who sent or pressed: the workspace as the request says, and the person the user id is. */
  whoAsks(context: Context, user: string): Promise<{ asker: Asker; person: PersonProfile | null }>;
  logFailure(error: unknown, context: Context, body: object): void;
  log: Logger;
  /** What someone is told when answering failed. */
  sorry: SlackMessage;
}

/** What Import carries: the file's id (to fetch it again) and name (to name it if it is gone). */
const confirmValue = z.object({ file: z.string().regex(/^F[A-Z0-9]{2,30}$/), name: z.string().min(1).max(500) });

const said = (view: View) => renderSlack(view, { shareable: false }, "");

function readConfirm(action: object): z.infer<typeof confirmValue> | null {
  try {
    const parsed = confirmValue.safeParse(JSON.parse("value" in action && typeof action.value === "string" ? action.value : ""));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The bot token goes only to Slack (slack.com or a host under it, over https) or to the stand-in
 * SLACK_API_URL names, whatever link files.info gave: never to evilslack.com or slack.com.evil.org.
 */
export function mayHaveBotToken(link: string, apiUrl?: string): boolean {
  const url = URL.canParse(link) ? new URL(link) : null;
  if (!url) return false;
  const slack = url.protocol === "https:" && (url.hostname === "slack.com" || url.hostname.endsWith(".slack.com"));
  return slack || (!!apiUrl && url.origin === new URL(apiUrl).origin);
}

export function slackFileImports(app: App, deps: SlackFileImports): void {
  const { data } = deps;

  /** Checks (a dry run) or imports the file Slack holds under this id, as the user may. */
  const importing = async (client: webApi.WebClient, context: Context, user: string, file: { id: string; name?: string }, dryRun: boolean): Promise<View> => {
    if (!data.imports) return notice("Not imported", "This service does not import files.");
    const { asker, person } = await deps.whoAsks(context, user);
    let info;
    try {
      info = (await client.files.info({ file: file.id })).file;
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (code === "file_not_found" || code === "file_deleted") return notice("Not imported", `${file.name ?? "The file"} is no longer in Slack: send it again.`);
      throw error;
    }
    const name = info?.name ?? file.name ?? file.id;
    // A button's value is the client's to send: a file id in it is imported only by the person who shared that file,
    // and a file Slack names no sender for is imported by nobody.
    if (!info?.user) return notice("Not imported", `${name}: Slack did not say who sent it, and only the person who sent a table may import it. Send it again.`);
    if (info.user !== user) return notice("Not imported", `${name} was sent by someone else: only the person who sent a table may import it.`);
    const link = info?.url_private_download;
    return importFile(
      { catalogue: data.catalogue, imports: data.imports },
      {
        asker,
        person,
        file: { handle: file.id, name, size: info?.size ?? null },
        read: async () => {
          if (!link || !mayHaveBotToken(link, deps.apiUrl)) {
            deps.log.warn({ file: file.id }, "Slack: files.info gave no download link on Slack's own hosts; the file is not fetched");
            return `${name} could not be fetched from Slack.`;
          }
          return fetchTable(link, name, { headers: { authorization: `Bearer ${deps.botToken}` }, maxBytes: MAX_CHAT_FILE_BYTES, gone: "Slack no longer gives it to the bot. Send it again.", refuseRedirects: "Slack" });
        },
        dryRun,
        via: "slack",
      },
    );
  };

  // A file in one of the bot's direct messages (their ids start with D): a table to check.
  app.event("file_shared", async ({ event, context, client, body }) => {
    if (!event.channel_id.startsWith("D") || !event.user_id || event.user_id === context.botUserId) return;
    const say = (message: SlackMessage) => client.chat.postMessage({ channel: event.channel_id, ...message });
    let reply: SlackMessage;
    try {
      reply = said(await importing(client, context, event.user_id, { id: event.file_id }, true));
    } catch (error) {
      deps.logFailure(error, context, body);
      reply = deps.sorry;
    }
    await say(reply);
  });

  app.action(ACTIONS.importConfirm, async ({ ack, action, body, respond, context, client }) => {
    await ack();
    const file = readConfirm(action);
    if (!file || !body.user?.id) return void (await respond({ replace_original: false, ...said(notice("Out of date", "That button is out of date: send the file again.")) }));
    // The buttons give way at once, so that nobody presses Import twice while a big table is written.
    await respond({ replace_original: true, ...said(notice(`Importing ${file.name}…`, "Checking it again and writing it: this can take a minute for a big table.")) });
    let reply: SlackMessage;
    try {
      reply = said(await importing(client, context, body.user.id, { id: file.file, name: file.name }, false));
    } catch (error) {
      deps.logFailure(error, context, body);
      reply = said(notice("Not imported", `Sorry, ${file.name} could not be imported just now: nothing was written. Please send it again in a minute.`));
    }
    await respond({ replace_original: true, ...reply });
  });

  app.action(ACTIONS.importCancel, async ({ ack, respond }) => {
    await ack();
    await respond({ replace_original: true, ...said(notice("Not imported", "Cancelled: nothing was written.")) });
  });
}
