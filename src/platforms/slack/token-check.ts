// The bot token's check against Slack's Web API (auth.test): once at start, then every minute while it fails.
// No retries of its own, and a failure logged when the state changes, not every minute. It reads the bot's own
// ids, which Bolt uses to ignore the bot's messages.
import type { webApi } from "@slack/bolt";
import type { Logger } from "../../logger.ts";

/** Whether Slack's Web API accepted the bot token at the last check ("checking" until the first answer). */
export type SlackState = "checking" | "ok" | "unreachable";

const TOKEN_RECHECK_MS = 60_000;

export function tokenCheck(checker: webApi.WebClient, log: Logger, onIdentity: (identity: { botId?: string; botUserId?: string }) => void) {
  let state: SlackState = "checking";
  let recheck: NodeJS.Timeout | undefined;
  let stopped = false;
  const check = async (): Promise<void> => {
    try {
      const result = await checker.auth.test();
      onIdentity({ botId: result.bot_id, botUserId: result.user_id });
      if (state === "unreachable") log.info("Slack's Web API accepts the bot token again (auth.test).");
      state = "ok";
    } catch (error) {
      if (state !== "unreachable") {
        log.error(
          { err: error },
          "Slack's Web API did not accept the bot token (auth.test): check SLACK_BOT_TOKEN and that this machine can reach Slack (and SLACK_API_URL, if set). /kpi and its buttons are still answered, as they need only the request; the App Home and the update form need the Web API. Checking again every minute.",
        );
      }
      state = "unreachable";
      if (!stopped) recheck = setTimeout(() => void check(), TOKEN_RECHECK_MS).unref();
    }
  };
  return {
    state: () => state,
    check,
    stop: () => {
      stopped = true;
      clearTimeout(recheck);
    },
  };
}
