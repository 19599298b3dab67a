// kpi org link|unlink|list: which Slack workspaces, Enterprise Grids and Teams tenants see which organisation.
import { ORG_USAGE } from "./usage.ts";
import { LINK_KINDS, type LinkKind } from "../core/access.ts";
import type { Db } from "../store/database.ts";
import { parseChannel } from "../core/channels.ts";
import { parseReminderDays } from "../core/use-cases/send-reminders.ts";
import { setComparison } from "../store/comparison.ts";
import { linkWorkspace, listLinks, listOrganisationSettings, setReminderDays, setReviewOptions, unlinkWorkspace } from "../store/organisations.ts";

/** A stored "7,2" as said: "7,2 days"; "none" as "no days". */
const days = (stored: string) => (stored === "none" ? "no days" : `${stored} days`);

export async function runOrg(db: Db, args: string[], values: Record<string, unknown>, out: (s: string) => void): Promise<number> {
  const [verb, organisation] = args;
  if (verb === "list") {
    const links = await listLinks(db);
    if (!links.length) out("No workspace or tenant is linked to an organisation: everyone who can reach the bot sees every organisation. Scoping starts with the first link.");
    for (const l of links) out(`${l.slug.padEnd(12)} ${l.kind.padEnd(16)} ${l.externalId}   ${l.organisation}`);
    out("");
    for (const o of await listOrganisationSettings(db)) {
      out(`${o.slug.padEnd(12)} review channel ${o.reviewChannel ?? "none"}; ${o.autoAccept ? "accepted without review" : "reviewed"}; reminders ${days(o.remindBefore)} before a cycle's deadline, on the day, and ${days(o.remindAfter)} after; ${o.compare ? "shares its figures for comparison" : "does not share its figures"}`);
    }
    return 0;
  }
  if (verb === "set" && organisation) {
    const channel = typeof values["review-channel"] === "string" ? (values["review-channel"] as string) : undefined;
    const auto = typeof values["auto-accept"] === "string" ? (values["auto-accept"] as string).toLowerCase() : undefined;
    const before = typeof values["remind-before"] === "string" ? (values["remind-before"] as string) : undefined;
    const after = typeof values["remind-after"] === "string" ? (values["remind-after"] as string) : undefined;
    const compare = typeof values.compare === "string" ? (values.compare as string).toLowerCase() : undefined;
    if ((channel !== undefined && channel !== "none" && !parseChannel(channel)) || [auto, compare].some((v) => v !== undefined && v !== "on" && v !== "off") || [channel, auto, before, after, compare].every((v) => v === undefined)) {
      out(`Usage:\n${ORG_USAGE}`);
      return 1;
    }
    // Checked before anything is written, so a bad value changes nothing.
    for (const [flag, text] of [["--remind-before", before], ["--remind-after", after]] as const) {
      if (text !== undefined && !parseReminderDays(text)) {
        out(`${flag}: “${text}” is not whole days from 0 to 60 separated by commas (such as 7,2), or none. Nothing was changed.`);
        return 1;
      }
    }
    if (channel !== undefined || auto !== undefined) {
      const set = await setReviewOptions(db, organisation, { reviewChannel: channel === "none" ? null : channel, autoAccept: auto === undefined ? undefined : auto === "on" }, "kpi command");
      out(`${set.organisation}: review channel ${set.reviewChannel ?? "none"}; updates ${set.autoAccept ? "accepted without review" : "reviewed before they count"}.`);
    }
    if (before !== undefined || after !== undefined) {
      const set = await setReminderDays(db, organisation, { before, after }, "kpi command");
      out(`${set.organisation}: owners are reminded ${days(set.remindBefore)} before a cycle's deadline, on the day, and ${days(set.remindAfter)} after.`);
    }
    if (compare !== undefined) {
      const set = await setComparison(db, organisation, compare === "on", "kpi command");
      out(set.compare ? `${set.organisation} shares its figures for comparison, and sees those of the other councils that share theirs.` : `${set.organisation} does not share its figures for comparison, and sees no other council's.`);
    }
    return 0;
  }
  const given = LINK_KINDS.flatMap((kind) => (typeof values[kind] === "string" ? [{ kind, id: values[kind] as string }] : []));
  if ((verb !== "link" && verb !== "unlink") || !organisation || !given.length) {
    out(`Usage:\n${ORG_USAGE}`);
    return 1;
  }
  const before = (await listLinks(db)).length;
  for (const { kind, id } of given as { kind: LinkKind; id: string }[]) {
    if (verb === "link") {
      const { organisation: name, added } = await linkWorkspace(db, organisation, kind, id);
      out(added ? `Linked ${kind} ${id} to ${name}.` : `${kind} ${id} was already linked to ${name}.`);
      if (added && before === 0) out("Scoping is now on: each workspace and tenant sees only the organisations linked to it; unlinked ones get a notice and no figures.");
    } else {
      const { organisation: name, removed } = await unlinkWorkspace(db, organisation, kind, id);
      out(removed ? `Unlinked ${kind} ${id} from ${name}.` : `${kind} ${id} was not linked to ${name}.`);
    }
  }
  if (verb === "unlink" && before > 0 && (await listLinks(db)).length === 0) out("No links are left: everyone who can reach the bot sees every organisation again.");
  return 0;
}
