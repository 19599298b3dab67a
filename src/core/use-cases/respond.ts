// Answers a chat message from someone in a workspace or tenant: the commands (whoami, subscribe,
// cycle, review, role, target, lock, reopen, retire), or a question about the figures, answered from
// the organisations their workspace sees.
import { visibilityFor, type Asker } from "../access.ts";
import type { Channel } from "../channels.ts";
import type { Cycles, Drafts, PeriodLocks, Retirements, Reviews, Targets } from "../ports.ts";
import type { View } from "../views.ts";
import { MAX_QUERY_LENGTH } from "../query.ts";
import { ask, tooLong } from "./ask.ts";
import { identify, type Identifying } from "./identify.ts";
import { notLinked } from "./not-linked.ts";
import type { Subscriptions } from "../subscriptions.ts";
import { closeCycle, cycleStatus, openCycle } from "./cycles.ts";
import { organisationFor } from "./organisation-for.ts";
import { lockPeriod, reopenPeriod } from "./lock-period.ts";
import { retireIndicator, unretireIndicator } from "./retire.ts";
import { decide, listPending } from "./review.ts";
import { setTarget } from "./set-target.ts";
import { setRole } from "./set-role.ts";
import { listSubscriptions, subscribeChannel, unsubscribeChannel } from "./subscribe.ts";
import { catalogueFor } from "./visible-catalogue.ts";
import { DUE_QUESTION, whatIsDue } from "./what-is-due.ts";
import { WHOAMI_QUESTION, whoAmI } from "./who-am-i.ts";

export { catalogueFor };

/** What answering needs: the catalogue, the people, how to learn the asker's email the first time they need to be known. */
export interface Asking extends Identifying {
  today?: Date;
  subscriptions?: Subscriptions;
  cycles?: Cycles;
  reviews?: Reviews;
  targets?: Targets;
  locks?: PeriodLocks;
  retirements?: Retirements;
  drafts?: Drafts;
  /** Which platform the message came through, for the audit trail. */
  via?: "slack" | "teams";
  /** The channel or conversation the message came from, where the platform posts to it. */
  channel?: Channel;
}

const SUBSCRIBE = /^\s*subscribe\b(.*)$/is;
const UNSUBSCRIBE = /^\s*unsubscribe\s*$/i;
const SUBSCRIPTIONS = /^\s*subscriptions\s*$/i;
const CYCLE = /^\s*cycle\s+(open|status|close)\b\s*(.*)$/is;
/** cycle open "Q3 2016/17" due 2017-01-20 [barnet] */
const CYCLE_OPEN = /^[“"]?(.+?)[”"]?\s+due\s+(\S+)\s*(.*)$/is;
const REVIEW = /^\s*review\s*$/i;
/** accept AC/S8 Q3 2016/17; return AC/S8 Q3 2016/17 please add the numerator */
const DECIDE = /^\s*(accept|return)\s+(\S+)\s+((?:Q[1-4]\s+)?\d{4}\/\d{2}|[A-Za-z]{3,9}\s+\d{4})\s*(.*)$/is;
/** A period as the commands take it: Q2 2016/17, 2017/18, Nov 2016, Spring 2016. */
const PERIOD = String.raw`(?:Q[1-4]\s+)?\d{4}\/\d{2}|[A-Za-z]{3,9}\s+\d{4}`;
/** target AC/S8 2017/18 65% */
const TARGET = new RegExp(String.raw`^\s*target\s+(\S+)\s+[“"]?(${PERIOD})[”"]?\s+(.+)$`, "is");
/** lock Q2 2016/17 [barnet]; reopen "Q2 2016/17" */
const LOCK = new RegExp(String.raw`^\s*(lock|reopen)\s+[“"]?(${PERIOD})[”"]?\s*(.*)$`, "is");
/** retire AC/S8 replaced by AC/S12; unretire AC/S8 */
const RETIRE = /^\s*(retire|unretire)\s+(\S+)\s*(.*)$/is;
/** "role jo@council.gov.uk officer"; Slack may send the email as <mailto:jo@council.gov.uk|jo@council.gov.uk>. */
const ROLE = /^\s*role\s+(?:<mailto:([^|>\s]+)(?:\|[^>]*)?>|(\S+@\S+))\s+([a-z]+)\s*$/i;

export async function respond(asking: Asking, asker: Asker, text: string): Promise<View> {
  // Every command is read within the questions' limit: a long subscribe or report is refused, not cut.
  if (text.length > MAX_QUERY_LENGTH) return tooLong();
  if (WHOAMI_QUESTION.test(text)) {
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
  const yearEnd = await yearEndCommand(asking, asker, text);
  if (yearEnd) return yearEnd;
  const visible = await catalogueFor(asking.catalogue, asker);
  return visible ? await ask(visible, text, { today: asking.today }) : notLinked(asker);
}

/** target, lock, reopen, retire, unretire; null for anything else. */
async function yearEndCommand(asking: Asking, asker: Asker, text: string): Promise<View | null> {
  const [targeting, locking, retiring] = [TARGET.exec(text), LOCK.exec(text), RETIRE.exec(text)];
  if (!targeting && !locking && !retiring) return null;
  const { targets, locks, retirements } = asking;
  const via = asking.via ?? "chat";
  if (locking) {
    if (!locks) return { kind: "notice", heading: "Not here", lines: ["Periods are locked in Slack or Teams, or with npm run kpi -- period lock."] };
    const person = await identify(asking, asker);
    const verb = locking[1]!.toLowerCase();
    const which = await organisationFor(asking.catalogue, asker, person, locking[3]!.toLowerCase().split(/\s+/).filter(Boolean), `${verb} "${locking[2]}" {slug}`);
    if (!which.ok) return { kind: "notice", heading: "Which organisation?", lines: [which.message] };
    const command = { locks, person, organisation: which.organisation, via };
    return (verb === "lock" ? await lockPeriod(command, locking[2]!) : await reopenPeriod(command, locking[2]!)).notice;
  }
  const visible = await catalogueFor(asking.catalogue, asker);
  if (!visible) return notLinked(asker);
  if (targeting) {
    if (!targets) return { kind: "notice", heading: "Not here", lines: ["Targets are set in Slack or Teams, or with npm run kpi -- target."] };
    return (await setTarget(visible, targets, await identify(asking, asker), { ref: targeting[1]!, period: targeting[2]!, value: targeting[3]!, via })).notice;
  }
  if (!retirements) return { kind: "notice", heading: "Not here", lines: ["Indicators are retired in Slack or Teams, or with npm run kpi -- retire."] };
  const [, verb, ref, note] = retiring as unknown as [string, string, string, string];
  const person = await identify(asking, asker);
  return (verb.toLowerCase() === "retire" ? await retireIndicator(visible, retirements, person, { ref, note, via }) : await unretireIndicator(visible, retirements, person, { ref, via })).notice;
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
