// /kpi over HTTP, answered in the service's own express route rather than through Bolt: a slash command
// is one form-encoded request whose answer is the response's body, and Bolt's way there (its receiver's
// router, its middleware chain, every listener's matchers) cost as much as the answer itself (issue 29's
// profile). Buttons, forms and events still go to Bolt; so do commands in Socket Mode, through the same
// handler. Runs after verifySlackRequests, so the body is Slack's.
import type { RequestHandler } from "express";
import type { Context } from "@slack/bolt";

/** A reply as Slack takes it in an acknowledgement or through response_url. */
export type CommandReply = object;

/** What a /kpi handler needs, the same whether Bolt or this route received the command. */
export interface SlashCommand {
  text: string;
  triggerId: string;
  /** The ids Slack signed, as Bolt puts them in its context: workspace, Enterprise Grid, user and channel. */
  context: Context;
  /** The command's fields, for the log. */
  body: Record<string, string>;
  /** Answers the request itself; once. */
  ack: (reply?: CommandReply) => Promise<void>;
  /** Answers later, through the command's response_url. */
  respond: (reply: CommandReply) => Promise<unknown>;
}

const RESPONSE_URL_TIMEOUT_MS = 10_000;

/** Posts a later answer to a command's response_url, as Bolt's respond does; throws when Slack does not take it. */
async function postToResponseUrl(url: string, reply: CommandReply): Promise<void> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(reply), signal: AbortSignal.timeout(RESPONSE_URL_TIMEOUT_MS) });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`response_url answered HTTP ${res.status}`);
}

/**
 * Express handler for /slack/events: takes a verified `command` request for `name` and passes everything else
 * (buttons, forms, events, Slack's ssl_check) on to Bolt. `failed` is told of a handler that threw.
 */
export function slashCommandRoute(name: string, handle: (command: SlashCommand) => Promise<void>, failed: (error: unknown, command: SlashCommand) => void): RequestHandler {
  return (req, res, next) => {
    if (!req.is("application/x-www-form-urlencoded")) return next();
    const fields = Object.fromEntries(new URLSearchParams((req.body as Buffer).toString("utf8")));
    if (fields.command !== name || fields.ssl_check) return next();
    const context: Context = { isEnterpriseInstall: fields.is_enterprise_install === "true", teamId: fields.team_id, enterpriseId: fields.enterprise_id, userId: fields.user_id, conversationId: fields.channel_id, requestId: req.id };
    let acked = false;
    const command: SlashCommand = {
      text: fields.text ?? "",
      triggerId: fields.trigger_id ?? "",
      context,
      body: fields,
      ack: async (reply) => {
        if (acked) return;
        acked = true;
        // Written in one piece with its length: express's res.json would add an ETag and write headers and body apart.
        const body = reply ? JSON.stringify(reply) : "";
        res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) }).end(body);
      },
      respond: async (reply) => {
        if (!fields.response_url) throw new Error("the command came without a response_url");
        await postToResponseUrl(fields.response_url, reply);
      },
    };
    handle(command).catch((error: unknown) => {
      failed(error, command);
      // Slack shows its own "failed" line for a command that was not acknowledged.
      if (!acked) res.status(500).end();
    });
  };
}
