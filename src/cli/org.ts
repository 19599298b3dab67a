// kpi org link|unlink|list: which Slack workspaces, Enterprise Grids and Teams tenants see which organisation.
import { ORG_USAGE } from "./usage.ts";
import { LINK_KINDS, type LinkKind } from "../core/access.ts";
import type { Db } from "../store/database.ts";
import { parseChannel } from "../core/channels.ts";
import { linkWorkspace, listLinks, setReviewOptions, unlinkWorkspace } from "../store/organisations.ts";

export async function runOrg(db: Db, args: string[], values: Record<string, unknown>, out: (s: string) => void): Promise<number> {
  const [verb, organisation] = args;
  if (verb === "list") {
    const links = await listLinks(db);
    if (!links.length) out("No workspace or tenant is linked to an organisation: everyone who can reach the bot sees every organisation. Scoping starts with the first link.");
    for (const l of links) out(`${l.slug.padEnd(12)} ${l.kind.padEnd(16)} ${l.externalId}   ${l.organisation}`);
    return 0;
  }
  if (verb === "set" && organisation) {
    const channel = typeof values["review-channel"] === "string" ? (values["review-channel"] as string) : undefined;
    const auto = typeof values["auto-accept"] === "string" ? (values["auto-accept"] as string).toLowerCase() : undefined;
    if ((channel !== undefined && channel !== "none" && !parseChannel(channel)) || (auto !== undefined && auto !== "on" && auto !== "off") || (channel === undefined && auto === undefined)) {
      out(`Usage:\n${ORG_USAGE}`);
      return 1;
    }
    const set = await setReviewOptions(db, organisation, { reviewChannel: channel === "none" ? null : channel, autoAccept: auto === undefined ? undefined : auto === "on" }, "kpi command");
    out(`${set.organisation}: review channel ${set.reviewChannel ?? "none"}; updates ${set.autoAccept ? "accepted without review" : "reviewed before they count"}.`);
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
