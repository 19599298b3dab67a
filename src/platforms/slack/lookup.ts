// Finds a person's Slack user by their email (users.lookupByEmail, scope users:read.email),
// for `kpi people add`: the person is linked before they ever ask.
import { webApi } from "@slack/bolt";

export interface SlackLookupSettings {
  botToken: string;
  apiUrl?: string;
}

/** The Slack user id with this email in the bot's workspace; null when there is none. Other failures throw. */
export async function slackUserIdByEmail(settings: SlackLookupSettings, email: string): Promise<string | null> {
  const client = new webApi.WebClient(settings.botToken, {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl.endsWith("/") ? settings.apiUrl : `${settings.apiUrl}/` } : {}),
    retryConfig: { retries: 1 },
    timeout: 5_000,
    logLevel: webApi.LogLevel.ERROR,
  });
  try {
    return (await client.users.lookupByEmail({ email })).user?.id ?? null;
  } catch (error) {
    if ((error as { data?: { error?: string } }).data?.error === "users_not_found") return null;
    throw error;
  }
}
