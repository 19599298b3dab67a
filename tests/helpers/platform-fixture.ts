// One set-up for the Slack and Teams tests: a fresh database of the provider with the demo data,
// organisations linked to a Slack workspace or Teams tenant, people with their roles and identities,
// a local stand-in for Slack's Web API or the Bot Connector, and the service started on them.
import { loadConfig } from "../../src/config/config.ts";
import { startService, type Service, type ServiceOptions } from "../../src/service.ts";
import type { Db } from "../../src/store/database.ts";
import { prepareDatabase } from "../../src/store/open.ts";
import { linkWorkspace } from "../../src/store/organisations.ts";
import { addPerson, linkIdentity } from "../../src/store/people.ts";
import { freshDatabase, type TestDatabase } from "./databases.ts";
import { slackSignature, startFakeSlack, type FakeSlack, type FakeUser } from "./fake-slack.ts";
import type { AdaptiveCard } from "../../src/platforms/teams/cards.ts";
import { memoryLog } from "./log.ts";

export const SLACK_SECRET = "test-signing-secret-0123456789";
export const SLACK_TOKEN = "xoxb-test-bot-token-0123456789";

/** Someone to set up: added when a name is given (else a person of the demo data), then linked to the ids given. */
export interface FixturePerson {
  email: string;
  name?: string;
  organisation?: string;
  role?: string;
  slackUserId?: string;
  teamsUserId?: string;
}

export interface PlatformDescription {
  provider: "sqlite" | "postgresql";
  platform: "slack" | "teams";
  /** Organisation (slug or name) to the Slack team id or Teams tenant id it is linked to; one organisation per entry. */
  workspaces?: Record<string, string>;
  people?: FixturePerson[];
  /** Who the fake Slack knows (users.info, users.lookupByEmail). */
  slackUsers?: FakeUser[];
  /** Anything else to set up before the service starts (review channels, cycles), in the database or with kpi commands run with env. */
  prepare?: (db: Db, env: Record<string, string>) => Promise<void>;
  /** More configuration, over the defaults (the database, a local port, Slack's settings for Slack, TEAMS_LOCAL=true for Teams). */
  env?: Record<string, string>;
  /** The service's options; a logger into memory unless given. */
  service?: Partial<ServiceOptions>;
}

/** Who a Teams activity is from: a user (Entra object id) of a tenant, in their personal chat with the bot unless another conversation is given ("19:…" is a channel unless its type is given). */
export interface TeamsSender {
  user: string;
  tenant: string;
  conversation?: string;
  conversationType?: string;
}

export interface PlatformFixture {
  service: Service;
  target: TestDatabase;
  /** The fake Slack Web API, or for Teams the stand-in Bot Connector (the serviceUrl of activities). */
  fake: FakeSlack;
  /** The configuration the service runs with: also what kpi commands need to act as it does. */
  env: Record<string, string>;
  /** A request to the service's platform endpoint: signed to /slack/events (form-encoded unless said), or JSON to /api/messages. */
  post(body: string | object, contentType?: string): Promise<Response>;
  /** Teams: a message activity as Teams sends it to the bot, with its id; `extra` adds or overrides (text, value, an invoke's type and name). */
  activity(from: TeamsSender, extra?: Record<string, unknown>): { id: string; body: Record<string, unknown> };
  /** Stops the service and the fake, and drops the database. */
  stop(): Promise<void>;
}

export async function startPlatform(description: PlatformDescription): Promise<PlatformFixture> {
  const { provider, platform } = description;
  const target = await freshDatabase(provider);
  const fake = await startFakeSlack({ users: description.slackUsers });
  let service: Service | undefined;
  const stop = async () => {
    await service?.stop();
    await fake.close();
    await target.drop();
  };
  try {
    // Teams without a bot registration, as the Emulator talks to it: local testing must be asked for (TEAMS_LOCAL).
    const platformEnv: Record<string, string> = platform === "slack" ? { SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_BOT_TOKEN: SLACK_TOKEN, SLACK_API_URL: fake.apiUrl } : { TEAMS_LOCAL: "true" };
    const env: Record<string, string> = { DATABASE_URL: target.url, PORT: "0", HOST: "127.0.0.1", ...platformEnv, ...description.env };
    // With the store's functions the kpi commands call, in this process (a command per step is slow under load).
    const { database } = await prepareDatabase({ DATABASE_URL: target.url, loadDemoData: true });
    try {
      const db = database.db;
      for (const [organisation, id] of Object.entries(description.workspaces ?? {})) await linkWorkspace(db, organisation, platform === "slack" ? "slack-team" : "teams-tenant", id);
      for (const { email, name, organisation, role, slackUserId, teamsUserId } of description.people ?? []) {
        if (name) await addPerson(db, { email, name, organisation, role });
        if (slackUserId || teamsUserId) await linkIdentity(db, email, { slackUserId, teamsUserId });
      }
      await description.prepare?.(db, env);
    } finally {
      await database.close();
    }
    service = await startService(loadConfig(env), { logger: memoryLog().logger, ...description.service });
    const started = service;
    const post = (body: string | object, contentType = "application/x-www-form-urlencoded") =>
      platform === "slack"
        ? fetch(`http://127.0.0.1:${started.port}/slack/events`, { method: "POST", headers: { "content-type": contentType, ...slackSignature(SLACK_SECRET, String(body)) }, body: String(body) })
        : fetch(`http://127.0.0.1:${started.port}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    let sequence = 0;
    const activity = ({ user, tenant, conversation = `a:conversation-${user}`, conversationType }: TeamsSender, extra: Record<string, unknown> = {}) => {
      const id = `activity${++sequence}`;
      const type = conversationType ?? (conversation.startsWith("19:") ? "channel" : "personal");
      return {
        id,
        body: {
          type: "message",
          id,
          channelId: "msteams",
          serviceUrl: `${fake.url}/`,
          from: { id: `29:${user}`, name: "Someone", aadObjectId: user },
          recipient: { id: "28:bot", name: "KPI" },
          conversation: { id: conversation, conversationType: type, tenantId: tenant },
          channelData: { tenant: { id: tenant } },
          locale: "en-GB",
          ...extra,
        },
      };
    };
    return { service, target, fake, env, post, activity, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Teams: the card answering `text` from `from`, and the whole reply activity (as the Bot Connector receives it). */
export async function teamsCardAnswer(fixture: PlatformFixture, from: TeamsSender, text: string): Promise<{ reply: { body: Record<string, unknown> }; card: AdaptiveCard }> {
  const { id, body } = fixture.activity(from, { text });
  const status = (await fixture.post(body)).status;
  if (status >= 300) throw new Error(`/api/messages answered ${status}`);
  const reply = await fixture.fake.waitFor((c) => c.path.endsWith(`/activities/${id}`) && c.body.type === "message");
  return { reply, card: (reply.body.attachments as { content: AdaptiveCard }[])[0]!.content };
}
