// Answers a chat message from someone in a workspace or tenant: whoami and role, or a
// question about the figures, answered from the organisations their workspace sees.
import { visibilityFor, type Asker } from "../access.ts";
import type { Channel } from "../channels.ts";
import type { Catalogue } from "../ports.ts";
import type { View } from "../views.ts";
import { ask } from "./ask.ts";
import { identify, type Identifying } from "./identify.ts";
import { notLinked } from "./not-linked.ts";
import { setRole } from "./set-role.ts";
import { listSubscriptions, subscribeChannel, unsubscribeChannel } from "./subscribe.ts";
import type { Subscriptions } from "../subscriptions.ts";
import { visibleCatalogue } from "./visible-catalogue.ts";
import { whoAmI } from "./who-am-i.ts";

/** What answering needs: the catalogue, the people, how to learn the asker's email the first time they need to be known. */
export interface Asking extends Identifying {
  today?: Date;
  subscriptions?: Subscriptions;
  /** The channel or conversation the message came from, where the platform posts to it. */
  channel?: Channel;
}

const WHOAMI = /^\s*(?:who\s*am\s*i|whoami)\s*\??\s*$/i;
/** "role jo@council.gov.uk officer"; Slack may send the email as <mailto:jo@council.gov.uk|jo@council.gov.uk>. */
const SUBSCRIBE = /^\s*subscribe\b(.*)$/is;
const UNSUBSCRIBE = /^\s*unsubscribe\s*$/i;
const SUBSCRIPTIONS = /^\s*subscriptions\s*$/i;
const ROLE = /^\s*role\s+(?:<mailto:([^|>\s]+)(?:\|[^>]*)?>|(\S+@\S+))\s+([a-z]+)\s*$/i;

/** The catalogue the asker sees, or null when their workspace is linked to no organisation. */
export async function catalogueFor(catalogue: Catalogue, asker: Asker): Promise<Catalogue | null> {
  const visibility = visibilityFor(await catalogue.workspaceLinks(), asker);
  return visibility.kind === "unlinked" ? null : visibleCatalogue(catalogue, visibility);
}

export async function respond(asking: Asking, asker: Asker, text: string): Promise<View> {
  if (WHOAMI.test(text)) {
    const visibility = visibilityFor(await asking.catalogue.workspaceLinks(), asker);
    return whoAmI(await identify(asking, asker), asker, visibility);
  }
  const subscribing = SUBSCRIBE.exec(text);
  if (subscribing || UNSUBSCRIBE.test(text) || SUBSCRIPTIONS.test(text)) return await channelCommand(asking, asker, text, subscribing?.[1] ?? null);
  const role = ROLE.exec(text);
  if (role) return await setRole(asking.people, await identify(asking, asker), (role[1] ?? role[2])!.toLowerCase(), role[3]!.toLowerCase());
  const visible = await catalogueFor(asking.catalogue, asker);
  return visible ? await ask(visible, text, { today: asking.today }) : notLinked(asker);
}

async function channelCommand(asking: Asking, asker: Asker, text: string, subscribing: string | null): Promise<View> {
  const { subscriptions, channel, catalogue } = asking;
  const now = asking.today ?? new Date();
  if (!subscriptions) return { kind: "notice", heading: "Not here", lines: ["Digests are set up in a Slack channel or Teams conversation, or with npm run kpi -- subscribe."] };
  if (SUBSCRIPTIONS.test(text)) return await listSubscriptions(catalogue, subscriptions, asker, now);
  if (!channel) return { kind: "notice", heading: "Not here", lines: ["Type this in the channel or conversation that should get the digest."] };
  const command = { catalogue, subscriptions, asker, person: await identify(asking, asker), channel, now };
  return subscribing !== null ? await subscribeChannel(command, subscribing) : await unsubscribeChannel(command);
}
