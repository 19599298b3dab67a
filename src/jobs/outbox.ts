// The outbox the jobs post through: each channel to its platform's adapter, loaded only when
// a channel of that platform is posted to (Bolt, botbuilder and teams-ai are slow to load).
import type { ChartPictures } from "../charts/pictures.ts";
import type { Outbox } from "../core/channels.ts";
import type { Config } from "../config/config.ts";
import type { Logger } from "../logger.ts";
import { conversationStore } from "../store/conversations.ts";
import type { Db } from "../store/database.ts";

export function platformOutbox(config: Config, db: Db, logger: Logger, pictures?: ChartPictures): Outbox {
  let slack: Promise<Outbox> | null = null;
  let teams: Promise<Outbox> | null = null;
  const slackOutbox = (botToken: string) =>
    (slack ??= import("../platforms/slack/outbox.ts").then(({ createSlackOutbox }) => createSlackOutbox({ botToken, apiUrl: config.SLACK_API_URL, logger: logger.child({ platform: "slack" }), pictures })));
  const teamsOutbox = () =>
    (teams ??= import("../platforms/teams/outbox.ts").then(({ createTeamsOutbox }) =>
      createTeamsOutbox({
        appId: config.MICROSOFT_APP_ID,
        appPassword: config.MICROSOFT_APP_PASSWORD,
        tenantId: config.MICROSOFT_APP_TENANT_ID,
        appType: config.MICROSOFT_APP_TYPE,
        conversations: conversationStore(db, "teams"),
        logger: logger.child({ platform: "teams" }),
        pictures,
      }),
    ));
  return {
    async post(channel, view) {
      if (channel.platform === "slack") {
        if (!config.SLACK_BOT_TOKEN) return { kind: "failed", reason: "Slack is not configured: set SLACK_BOT_TOKEN" };
        return (await slackOutbox(config.SLACK_BOT_TOKEN)).post(channel, view);
      }
      return (await teamsOutbox()).post(channel, view);
    },
    async update(channel, message, view) {
      if (channel.platform === "slack") {
        if (!config.SLACK_BOT_TOKEN) return { kind: "failed", reason: "Slack is not configured: set SLACK_BOT_TOKEN" };
        return (await slackOutbox(config.SLACK_BOT_TOKEN)).update!(channel, message, view);
      }
      return (await teamsOutbox()).update!(channel, message, view);
    },
  };
}
