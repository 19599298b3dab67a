// Answers a chat message from someone in a workspace or tenant, from what it asks for (interaction/intent.ts):
// the commands (whoami, subscribe, cycle, review, role, target, lock, reopen, retire), or a question about the
// figures, answered from the organisations their workspace sees.
import { visibilityFor, type Asker } from "../access.ts";
import type { Channel } from "../channels.ts";
import type { Cycles, Drafts, PeriodLocks, Retirements, Reviews, Targets } from "../ports.ts";
import type { View } from "../views.ts";
import { readIntent, type Intent } from "../interaction/intent.ts";
import { ask, tooLong } from "./ask.ts";
import { compare, type Comparing } from "./compare.ts";
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
import { whatIsDue } from "./what-is-due.ts";
import { whoAmI } from "./who-am-i.ts";

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
  /** Which councils share their figures, and the published comparator tables. */
  comparing?: Comparing;
}

/** cycle open "Q3 2016/17" due 2017-01-20 [barnet] */
const CYCLE_OPEN = /^[“"]?(.+?)[”"]?\s+due\s+(\S+)\s*(.*)$/is;

export async function respond(asking: Asking, asker: Asker, text: string): Promise<View> {
  return await dispatch(asking, asker, readIntent(text), text);
}

/** What the intent read from `text` answers. A report or a form, where the platform did not act on it itself (the console), is asked as a question. */
export async function dispatch(asking: Asking, asker: Asker, intent: Intent, text: string): Promise<View> {
  switch (intent.kind) {
    case "too_long":
      return tooLong();
    case "whoami":
      return whoAmI(await identify(asking, asker), asker, visibilityFor(await asking.catalogue.workspaceLinks(), asker));
    case "subscribe":
    case "unsubscribe":
    case "subscriptions":
      return await channelCommand(asking, asker, intent);
    case "due": {
      if (!asking.cycles) return notHere("What is due is shown in Slack or Teams (due, or the Slack App Home).");
      const visible = await catalogueFor(asking.catalogue, asker);
      return visible ? await whatIsDue(visible, { cycles: asking.cycles, drafts: asking.drafts }, await identify(asking, asker)) : notLinked(asker);
    }
    case "cycle":
      return await cycleCommand(asking, asker, intent.verb, intent.rest);
    case "review":
    case "decide": {
      if (!asking.reviews) return notHere("Reviews are made in Slack or Teams, or with npm run kpi -- review.");
      const visibility = visibilityFor(await asking.catalogue.workspaceLinks(), asker);
      if (intent.kind === "review") return await listPending(asking.reviews, visibility);
      return await decide(asking.reviews, await identify(asking, asker), visibility, { ref: intent.ref, period: intent.period, decision: intent.decision, note: intent.note, via: asking.via ?? "chat" });
    }
    case "role":
      return await setRole(asking.people, await identify(asking, asker), intent.email, intent.role);
    case "lock":
      return await lockCommand(asking, asker, intent);
    case "set_target":
    case "retire":
      return await yearEndCommand(asking, asker, intent);
    case "compare": {
      if (!asking.comparing) return notHere("Comparisons are shown in Slack, Teams and npm run kpi -- ask.");
      const visible = await catalogueFor(asking.catalogue, asker);
      return visible ? await compare(visible, asking.catalogue, asking.comparing, intent.subject) : notLinked(asker);
    }
    case "report":
    case "form":
    case "ask": {
      const visible = await catalogueFor(asking.catalogue, asker);
      return visible ? await ask(visible, text, { today: asking.today }) : notLinked(asker);
    }
  }
}

const notHere = (line: string): View => ({ kind: "notice", heading: "Not here", lines: [line] });

async function lockCommand(asking: Asking, asker: Asker, intent: Extract<Intent, { kind: "lock" }>): Promise<View> {
  if (!asking.locks) return notHere("Periods are locked in Slack or Teams, or with npm run kpi -- period lock.");
  const person = await identify(asking, asker);
  const which = await organisationFor(asking.catalogue, asker, person, intent.words, `${intent.verb} "${intent.period}" {slug}`);
  if (!which.ok) return { kind: "notice", heading: "Which organisation?", lines: [which.message] };
  const command = { locks: asking.locks, person, organisation: which.organisation, via: asking.via ?? "chat" };
  return (intent.verb === "lock" ? await lockPeriod(command, intent.period) : await reopenPeriod(command, intent.period)).notice;
}

/** target (with a value), retire, unretire: within what the asker's workspace sees. */
async function yearEndCommand(asking: Asking, asker: Asker, intent: Extract<Intent, { kind: "set_target" | "retire" }>): Promise<View> {
  const visible = await catalogueFor(asking.catalogue, asker);
  if (!visible) return notLinked(asker);
  const via = asking.via ?? "chat";
  if (intent.kind === "set_target") {
    if (!asking.targets) return notHere("Targets are set in Slack or Teams, or with npm run kpi -- target.");
    return (await setTarget(visible, asking.targets, await identify(asking, asker), { ref: intent.ref, period: intent.period, value: intent.value, via })).notice;
  }
  if (!asking.retirements) return notHere("Indicators are retired in Slack or Teams, or with npm run kpi -- retire.");
  const person = await identify(asking, asker);
  const { ref, note } = intent;
  return (intent.verb === "retire" ? await retireIndicator(visible, asking.retirements, person, { ref, note, via }) : await unretireIndicator(visible, asking.retirements, person, { ref, via })).notice;
}

async function channelCommand(asking: Asking, asker: Asker, intent: Extract<Intent, { kind: "subscribe" | "unsubscribe" | "subscriptions" }>): Promise<View> {
  const { subscriptions, channel, catalogue } = asking;
  const now = asking.today ?? new Date();
  if (!subscriptions) return notHere("Digests are set up in a Slack channel or Teams conversation, or with npm run kpi -- subscribe.");
  if (intent.kind === "subscriptions") return await listSubscriptions(catalogue, subscriptions, asker, now);
  if (!channel) return notHere("Type this in the channel or conversation that should get the digest.");
  const command = { catalogue, subscriptions, asker, person: await identify(asking, asker), channel, now };
  return intent.kind === "subscribe" ? await subscribeChannel(command, intent.filter) : await unsubscribeChannel(command);
}

async function cycleCommand(asking: Asking, asker: Asker, verb: string, rest: string): Promise<View> {
  if (!asking.cycles) return notHere("Reporting cycles are managed in Slack or Teams, or with npm run kpi -- cycle.");
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
