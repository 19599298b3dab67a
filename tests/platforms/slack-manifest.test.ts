// The Slack app manifest installs as it is: /kpi, interactivity, the Home tab and the Messages tab (tables sent
// to import), on /slack/events, with the fewest scopes.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { ACTIONS } from "../../src/platforms/slack/blocks.ts";

const manifest = JSON.parse(readFileSync(new URL("../../manifests/slack/manifest.json", import.meta.url), "utf8"));

it("declares /kpi, interactivity, the Home tab and a Messages tab people can write in (files shared there are imported), all at /slack/events", () => {
  const [command] = manifest.features.slash_commands;
  expect(command).toMatchObject({ command: "/kpi", should_escape: false });
  expect(command.usage_hint.length).toBeGreaterThan(0);
  expect(command.usage_hint.length).toBeLessThanOrEqual(1000);
  expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  expect(manifest.settings.interactivity.is_enabled).toBe(true);
  expect(manifest.features.app_home).toMatchObject({ messages_tab_enabled: true, messages_tab_read_only_enabled: false });
  expect(manifest.settings.event_subscriptions.bot_events).toEqual(["app_home_opened", "file_shared"]);
  for (const url of [command.url, manifest.settings.interactivity.request_url, manifest.settings.event_subscriptions.request_url]) expect(url).toMatch(/^https:\/\/.+\/slack\/events$/);
  expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
});

it("asks for commands, users:read and users:read.email (who is asking), chat:write (digests and alerts), im:write (reminders, return notes and charts by direct message), files:read (tables sent to import) and files:write (chart pictures uploaded with shared cards and digests): answers go through response_url, the Home through views.publish", () => {
  expect(manifest.oauth_config.scopes.bot).toEqual(["commands", "users:read", "users:read.email", "chat:write", "im:write", "files:read", "files:write"]);
  expect(Object.values(ACTIONS).length).toBeGreaterThan(0);
});
