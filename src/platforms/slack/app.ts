// The Slack adapter: /kpi, its buttons and the App Home, on Bolt. HTTP mode
// mounts on the service's one express app at /slack/events; with an app-level
// token it uses Socket Mode instead (no inbound HTTP, for council firewalls).
import { App, ExpressReceiver, LogLevel, type Logger } from "@slack/bolt";
import type { Express } from "express";
import { z } from "zod";
import type { Catalogue } from "../../core/ports.ts";
import { ask } from "../../core/use-cases/ask.ts";
import { buildHome } from "../../core/use-cases/home.ts";
import type { IndicatorCard, View } from "../../core/views.ts";
import type { Logger as ServiceLogger } from "../../logger.ts";
import { ACTIONS, commentaryBlocks, historyBlocks, homeBlocks, renderSlack, type SlackMessage } from "./blocks.ts";

export interface SlackSettings {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
  /** How long /kpi waits for its answer before acknowledging and answering through response_url. */
  ackBudgetMs?: number;
}

/** Slack allows 3 seconds to acknowledge; answers not ready by then follow through response_url. */
const DEFAULT_ACK_BUDGET_MS = 2_000;
const SORRY_TEXT = "Sorry, that question could not be answered just now. Please try again in a minute.";
const SORRY: SlackMessage = { text: SORRY_TEXT, blocks: [{ type: "section", text: { type: "mrkdwn", text: SORRY_TEXT } }] };

// Button values come back from Slack: check them before use.
const buttonValue = z.string().min(1).max(2000);
const valueOf = (action: object): string | null => {
  const parsed = buttonValue.safeParse("value" in action ? action.value : undefined);
  return parsed.success ? parsed.data : null;
};

/** Bolt's logger on the service's one: warnings and up, never given a token or secret. */
function boltLogger(log: ServiceLogger): Logger {
  let level = LogLevel.WARN;
  const order = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
  const write = (min: LogLevel, fn: (text: string) => void) => (...args: unknown[]) => {
    if (order.indexOf(min) >= order.indexOf(level)) fn(args.map((a) => (a instanceof Error ? a.message : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
  };
  return {
    debug: write(LogLevel.DEBUG, (t) => log.debug(t)),
    info: write(LogLevel.INFO, (t) => log.info(t)),
    warn: write(LogLevel.WARN, (t) => log.warn(t)),
    error: write(LogLevel.ERROR, (t) => log.error(t)),
    setLevel: (l) => (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}

export interface SlackAdapter {
  mode: "http" | "socket";
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createSlackAdapter(settings: SlackSettings, http: Express, catalogue: Catalogue, log: ServiceLogger): SlackAdapter {
  const logger = boltLogger(log);
  const clientOptions = settings.apiUrl ? { slackApiUrl: settings.apiUrl.endsWith("/") ? settings.apiUrl : `${settings.apiUrl}/` } : undefined;
  const socket = Boolean(settings.appToken);
  const app = socket
    ? new App({ token: settings.botToken, appToken: settings.appToken, socketMode: true, logger, clientOptions })
    : new App({
        token: settings.botToken,
        receiver: new ExpressReceiver({ signingSecret: settings.signingSecret!, app: http, endpoints: "/slack/events", logger }),
        logger,
        clientOptions,
      });

  const answer = async (text: string, shareable: boolean, sharedBy?: string): Promise<SlackMessage> => {
    const view = await ask(catalogue, text);
    return renderSlack(view, { shareable, sharedBy }, text);
  };
  const card = async (ref: string): Promise<IndicatorCard | null> => {
    const view: View = await ask(catalogue, ref);
    return view.kind === "indicator" ? view : null;
  };

  app.command("/kpi", async ({ command, ack, respond }) => {
    const pending = answer(command.text ?? "", true).catch(() => SORRY);
    const budget = settings.ackBudgetMs ?? DEFAULT_ACK_BUDGET_MS;
    let timer: NodeJS.Timeout | undefined;
    // A budget of 0 always answers through response_url.
    const quick = budget > 0 ? await Promise.race([pending, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), budget)))]) : null;
    clearTimeout(timer);
    if (quick) {
      await ack({ response_type: "ephemeral", ...quick });
      return;
    }
    await ack({ response_type: "ephemeral", text: "Looking that up…" });
    await respond({ response_type: "ephemeral", replace_original: true, ...(await pending) });
  });

  // Share in channel: post the answer for everyone through response_url, then remove the private copy.
  app.action(ACTIONS.share, async ({ ack, action, body, respond }) => {
    await ack();
    const value = valueOf(action);
    if (!value) return;
    const shared = await answer(value, false, `<@${body.user.id}>`).catch(() => null);
    if (!shared) return void (await respond({ response_type: "ephemeral", replace_original: false, ...SORRY }));
    await respond({ response_type: "in_channel", replace_original: false, ...shared });
    await respond({ delete_original: true });
  });

  app.action(ACTIONS.page, async ({ ack, action, respond }) => {
    await ack();
    const value = valueOf(action);
    if (value) await respond({ response_type: "ephemeral", replace_original: true, ...(await answer(value, true).catch(() => SORRY)) });
  });

  app.action(ACTIONS.open, async ({ ack, action, respond }) => {
    await ack();
    const value = valueOf(action);
    if (value) await respond({ response_type: "ephemeral", replace_original: false, ...(await answer(value, true).catch(() => SORRY)) });
  });

  for (const [actionId, blocksFor] of [
    [ACTIONS.history, historyBlocks],
    [ACTIONS.commentary, commentaryBlocks],
  ] as const) {
    app.action(actionId, async ({ ack, action, respond }) => {
      await ack();
      const value = valueOf(action);
      const found = value ? await card(value).catch(() => null) : null;
      await respond(found ? { response_type: "ephemeral", replace_original: false, text: `${found.ref} ${found.title}`, blocks: blocksFor(found) } : { response_type: "ephemeral", replace_original: false, ...SORRY });
    });
  }

  app.event("app_home_opened", async ({ event, client }) => {
    if (event.tab !== "home") return;
    const home = await buildHome(catalogue, { slackUserId: event.user });
    await client.views.publish({ user_id: event.user, view: { type: "home", blocks: homeBlocks(home) } });
  });

  app.error(async (error) => {
    // Bolt's own errors carry request details, never the token; keep the log to the message.
    logger.error(error.message);
  });

  return {
    mode: socket ? "socket" : "http",
    // HTTP mode needs no start: the service's server already routes /slack/events.
    start: async () => {
      if (socket) await app.start();
    },
    stop: async () => {
      if (socket) await app.stop();
    },
  };
}
