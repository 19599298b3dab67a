// Answers a chat message from someone in a workspace or tenant: the commands (whoami, subscribe,
// cycle, review, role), or a question about the figures, answered from the organisations their
// workspace sees.
import { visibilityFor, type Asker } from "../access.ts";
import type { Channel } from "../channels.ts";
import type { Cycles, Drafts, Reviews } from "../ports.ts";
import type { View } from "../views.ts";
import { ask } from "./ask.ts";
import { identify, type Identifying } from "./identify.ts";
import { notLinked } from "./not-linked.ts";
import type { Subscriptions } from "../subscriptions.ts";
import { closeCycle, cycleStatus, openCycle } from "./cycles.ts";
import { organisationFor } from "./organisation-for.ts";
import { decide, listPending } from "./review.ts";
import { setRole } from "./set-role.ts";
import { listSubscriptions, subscribeChannel, unsubscribeChannel } from "./subscribe.ts";
import { catalogueFor } from "./visible-catalogue.ts";
import { DUE_QUESTION, whatIsDue } from "./what-is-due.ts";
import { whoAmI } from "./who-am-i.ts";

export { catalogueFor };

/** What answering needs: the catalogue, the people, how to learn the asker's email the first time they need to be known. */
export interface Asking extends Identifying {
  today?: Date;
  subscriptions?: Subscriptions;
  cycles?: Cycles;
  reviews?: Reviews;
  drafts?: Drafts;
  /** Which platform the message came through, for the audit trail. */
  via?: "slack" | "teams";
  /** The channel or conversation the message came from, where the platform posts to it. */
  channel?: Channel;
}

const WHOAMI = /^\s*(?:who\s*am\s*i|whoami)\s*\??\s*$/i;
const SUBSCRIBE = /^\s*subscribe\b(.*)$/is;
const UNSUBSCRIBE = /^\s*unsubscribe\s*$/i;
const SUBSCRIPTIONS = /^\s*subscriptions\s*$/i;
const CYCLE = /^\s*cycle\s+(open|status|close)\b\s*(.*)$/is;
/** cycle open "Q3 2016/17" due 2017-01-20 [barnet] */
const CYCLE_OPEN = /^[“"]?(.+?)[”"]?\s+due\s+(\S+)\s*(.*)$/is;
const REVIEW = /^\s*review\s*$/i;
/** accept AC/S8 Q3 2016/17; return AC/S8 Q3 2016/17 please add the numerator */
const DECIDE = /^\s*(accept|return)\s+(\S+)\s+((?:Q[1-4]\s+)?\d{4}\/\d{2}|[A-Za-z]{3,9}\s+\d{4})\s*(.*)$/is;
/** "role jo@council.gov.uk officer"; Slack may send the email as <mailto:jo@council.gov.uk|jo@council.gov.uk>. */
const ROLE = /^\s*role\s+(?:<mailto:([^|>\s]+)(?:\|[^>]*)?>|(\S+@\S+))\s+([a-z]+)\s*$/i;

export async function respond(asking: Asking, asker: Asker, text: string): Promise<View> {
  if (WHOAMI.test(text)) {
    const visibility = visibilityFor(await asking.catalogue.workspaceLinks(), asker);
    return whoAmI(await identify(asking, asker), asker, visibility);
  }
  const subscribing = SUBSCRIBE.exec(text);
  if (subscribing || UNSUBSCRIBE.test(text) || SUBSCRIPTIONS.test(text)) return await channelCommand(asking, asker, text, subscribing?.[1] ?? null);
  if (DUE_QUESTION.test(text)) {
    if (!asking.cycles) return { kind: "notice", heading: "Not here", lines: ["What is due is shown in Slack or Teams (due, or the Slack App Home)."] };
    const visible = await catalogueFor(asking.catalogue, asker);
    return visible ? await whatIsDue(visible, { cycles: asking.cycles, drafts: asking.drafts }, await identify(asking, asker)) : notLinked(asker);
  }
  const cycle = CYCLE.exec(text);
  if (cycle) return await cycleCommand(asking, asker, cycle[1]!.toLowerCase(), cycle[2]!);
  const deciding = DECIDE.exec(text);
  if (REVIEW.test(text) || deciding) {
    if (!asking.reviews) return { kind: "notice", heading: "Not here", lines: ["Reviews are made in Slack or Teams, or with npm run kpi -- review."] };
    const visibility = visibilityFor(await asking.catalogue.workspaceLinks(), asker);
    if (!deciding) return await listPending(asking.reviews, visibility);
    const [, verb, ref, period, note] = deciding as unknown as [string, string, string, string, string];
    return await decide(asking.reviews, await identify(asking, asker), visibility, { ref, period, decision: verb.toLowerCase() === "accept" ? "accepted" : "returned", note: note.trim() || null, via: asking.via ?? "chat" });
  }
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

async function cycleCommand(asking: Asking, asker: Asker, verb: string, rest: string): Promise<View> {
  if (!asking.cycles) return { kind: "notice", heading: "Not here", lines: ["Reporting cycles are managed in Slack or Teams, or with npm run kpi -- cycle."] };
  const person = await identify(asking, asker);
  const opening = verb === "open" ? CYCLE_OPEN.exec(rest.trim()) : null;
  if (verb === "open" && !opening) return { kind: "notice", heading: "Not opened", lines: ["Say the period and the deadline: cycle open \"Q3 2016/17\" due 2017-01-20."] };
  const words = (opening ? opening[3]! : rest).toLowerCase().split(/\s+/).filter(Boolean);
  const which = await organisationFor(asking.catalogue, asker, person, words, `cycle ${verb} {slug}`);
  if (!which.ok) return { kind: "notice", heading: "Which organisation?", lines: [which.message] };
  const command = { catalogue: asking.catalogue, cycles: asking.cycles, person, organisation: which.organisation, via: asking.via ?? "chat" };
  if (opening) return await openCycle(command, opening[1]!, opening[2]!);
  return verb === "status" ? await cycleStatus(command) : await closeCycle(command);
}
