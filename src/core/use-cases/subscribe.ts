// A channel's subscription, from the chat ("/kpi subscribe MON 09:00 red adults alerts off")
// or the command line: which organisation, levels, service, schedule and alerts, checked
// against the organisation's services; only admins and officers may change it.
import { holds, mayRead, refusal, visibilityFor, type Asker, type PersonProfile } from "../access.ts";
import { channelKey, type Channel } from "../channels.ts";
import type { Catalogue, ServiceRecord } from "../ports.ts";
import type { RagLevel } from "../ratings.ts";
import { DEFAULT_SCHEDULE, describeSchedule, nextSlot, parseSchedule, type WeeklySchedule } from "../schedule.ts";
import { servicesNamed } from "../services.ts";
import { DEFAULT_LEVELS, type SubscriptionRecord, type Subscriptions } from "../subscriptions.ts";
import { searchWords } from "../text.ts";
import { notice, type Notice } from "../views.ts";
import { levelWords } from "./list-indicators.ts";
import { organisationFor } from "./organisation-for.ts";

/** Each level word alone: "red amber" here is red and amber, as officers mean it in a subscription. */
const LEVELS_NAMED = new Map<string, RagLevel[]>([
  ["red", ["Red"]],
  ["amber", ["Red Amber", "Green Amber", "Amber"]],
  ["ambers", ["Red Amber", "Green Amber", "Amber"]],
  ["green", ["Green"]],
]);
const DAY = /\b(mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(day|days|s)?\b/i;
const TIME = /\b(\d{1,2}[:.]\d{2}\s*(am|pm)?|\d{1,2}\s*(am|pm)|noon|midday)\b/i;
const ALERTS = /\balerts?\s+(on|off)\b/i;
const FILLER = new Set(["and", "for", "the", "of", "only", "service", "services", "at", "on", "every", "each", "levels", "level"]);

export interface SubscriptionWish {
  schedule: WeeklySchedule;
  levels: RagLevel[];
  alerts: boolean;
  /** Words left over: an organisation and a service. */
  words: string[];
}

/** Reads "MON 09:00 red amber adults alerts off"; a message where a part cannot be read. */
export function readSubscription(text: string): { ok: true; wish: SubscriptionWish } | { ok: false; message: string } {
  let rest = text.slice(0, 300);
  const alerts = ALERTS.exec(rest);
  rest = rest.replace(ALERTS, " ");
  const day = DAY.exec(rest);
  const time = TIME.exec(rest);
  let schedule = DEFAULT_SCHEDULE;
  if (day || time) {
    const parsed = parseSchedule(`${day?.[0] ?? ""} ${time?.[0] ?? ""}`);
    if (!parsed.ok) return parsed;
    schedule = parsed.schedule;
    rest = rest.replace(DAY, " ").replace(TIME, " ");
  }
  const levels = new Set<RagLevel>();
  const words: string[] = [];
  for (const word of searchWords(rest)) {
    const named = LEVELS_NAMED.get(word);
    if (named) named.forEach((l) => levels.add(l));
    else if (!FILLER.has(word)) words.push(word);
  }
  return { ok: true, wish: { schedule, levels: levels.size ? [...levels] : DEFAULT_LEVELS, alerts: alerts?.[1]?.toLowerCase() !== "off", words } };
}

/** The organisation's service all the words name; null for no words; a message when they name none or several. */
export function serviceNamed(services: ServiceRecord[], organisation: string, words: string[]): { ok: true; service: ServiceRecord | null } | { ok: false; message: string } {
  const ours = services.filter((s) => s.organisation === organisation);
  if (!words.length) return { ok: true, service: null };
  const found = ours.filter((s) => words.every((w) => servicesNamed([s], w).length));
  if (found.length === 1) return { ok: true, service: found[0]! };
  const names = ours.map((s) => s.name).join(", ");
  return { ok: false, message: found.length ? `“${words.join(" ")}” names several services: ${found.map((s) => s.name).join(", ")}.` : `“${words.join(" ")}” is not a service of ${organisation}${names ? `: the services are ${names}` : ""}.` };
}

export function describeSubscription(s: Pick<SubscriptionRecord, "schedule" | "levels" | "service" | "alerts">): string {
  const levels = levelWords(s.levels);
  return `${describeSchedule(s.schedule)} (Europe/London): ${levels}, ${s.service ? s.service.name : "every service"}, alerts ${s.alerts ? "on" : "off"}`;
}

const when = (at: Date) => at.toLocaleString("en-GB", { timeZone: "Europe/London", weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });

export interface ChannelCommand {
  catalogue: Catalogue;
  subscriptions: Subscriptions;
  asker: Asker;
  person: PersonProfile | null;
  channel: Channel;
  now: Date;
}

export async function subscribeChannel(command: ChannelCommand, text: string): Promise<Notice> {
  const read = readSubscription(text);
  if (!read.ok) return notice("Not subscribed", read.message);
  const which = await organisationFor(command.catalogue, command.asker, command.person, read.wish.words, "subscribe {slug} red");
  if (!which.ok) return notice("Not subscribed", which.message);
  const { organisation } = which;
  if (!holds(command.person, "officer", organisation)) return notice("Not subscribed", refusal("Subscribing a channel", "officer", organisation, command.person));
  const service = serviceNamed(await command.catalogue.services(), organisation, which.words);
  if (!service.ok) return notice("Not subscribed", service.message);
  const saved = await command.subscriptions.save({
    channel: command.channel,
    organisation,
    schedule: read.wish.schedule,
    levels: read.wish.levels,
    serviceId: service.service?.id ?? null,
    alerts: read.wish.alerts,
    createdBy: command.person?.email ?? null,
  });
  return notice(
    "Subscribed",
    `This channel gets ${organisation}'s digest ${describeSubscription(saved)}.`,
    `Next digest: ${when(nextSlot(saved.schedule, command.now).at)}. “unsubscribe” stops it; “subscriptions” lists this workspace's.`,
  );
}

export async function unsubscribeChannel(command: ChannelCommand): Promise<Notice> {
  const current = await command.subscriptions.byChannel(command.channel);
  const visibility = visibilityFor(await command.catalogue.workspaceLinks(), command.asker);
  const visible = current && mayRead(visibility, current.organisation);
  if (!current || !visible) return notice("Not subscribed", "This channel has no digest subscription.");
  if (!holds(command.person, "officer", current.organisation)) return notice("Still subscribed", refusal("Unsubscribing a channel", "officer", current.organisation, command.person));
  await command.subscriptions.remove(command.channel);
  return notice("Unsubscribed", `This channel no longer gets ${current.organisation}'s digest or alerts.`);
}

/** The subscriptions of the organisations the workspace sees, with their next run and last result. */
export async function listSubscriptions(catalogue: Catalogue, subscriptions: Subscriptions, asker: Asker | null, now: Date): Promise<Notice> {
  const visibility = asker ? visibilityFor(await catalogue.workspaceLinks(), asker) : { kind: "everything" as const };
  const all = (await subscriptions.list()).filter((s) => mayRead(visibility, s.organisation));
  if (!all.length) return notice("No subscriptions", "No channel gets a digest yet: “subscribe” in a channel (admins and officers) starts one.");
  return notice(
    `${all.length} subscription${all.length === 1 ? "" : "s"}`,
    ...all.map(
      (s) =>
        `${channelKey(s.channel)} · ${s.organisation} · ${describeSubscription(s)} · ${s.pausedReason ? `PAUSED: ${s.pausedReason}` : `next ${when(nextSlot(s.schedule, now).at)}`}${s.lastResult ? ` · last: ${s.lastResult}` : ""}`,
    ),
  );
}
