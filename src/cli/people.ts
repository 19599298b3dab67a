// kpi people add|link|list: people, their Slack and Teams identities and their roles.
import { PEOPLE_USAGE } from "./usage.ts";
import type { PersonProfile } from "../core/access.ts";
import { rolesOf } from "../core/access.ts";
import type { Db } from "../store/database.ts";
import { addPerson, linkIdentity, listPeople } from "../store/people.ts";

const describe = (p: PersonProfile) =>
  `${p.email.padEnd(34)} ${p.name.padEnd(22)} ${rolesOf(p).join(", ").padEnd(16)} ${(p.organisation ?? "every organisation").padEnd(30)} ${[p.slackUserId && `slack ${p.slackUserId}`, p.teamsUserId && `teams ${p.teamsUserId}`].filter(Boolean).join(", ") || "not linked"}`;

export interface SlackFinder {
  /** The Slack user id with this email, null for none; undefined when Slack is not configured. */
  (email: string): Promise<string | null> | undefined;
}

export async function runPeople(db: Db, args: string[], values: Record<string, unknown>, out: (s: string) => void, findSlackUser: SlackFinder): Promise<number> {
  const [verb, email] = args;
  const str = (key: string) => (typeof values[key] === "string" ? (values[key] as string) : undefined);
  if (verb === "list") {
    const people = await listPeople(db, str("organisation"));
    if (!people.length) out("Nobody yet: kpi people add <email> --name ...");
    for (const p of people) out(describe(p));
    return 0;
  }
  if (verb === "add" && email) {
    const { person, added } = await addPerson(db, { email, name: str("name"), organisation: str("organisation"), role: str("role") });
    out(`${added ? "Added" : "Changed"}: ${describe(person)}`);
    if (person.slackUserId) return 0;
    const lookup = findSlackUser(person.email);
    if (!lookup) return 0;
    try {
      const slackUserId = await lookup;
      if (!slackUserId) out(`Slack: nobody in the workspace has the email ${person.email}; link them later with kpi people link ${person.email} --slack U...`);
      else out(`Slack: found ${slackUserId} by email; linked. ${describe(await linkIdentity(db, person.email, { slackUserId }))}`);
    } catch (error) {
      out(`Slack: could not look ${person.email} up (${error instanceof Error ? error.message : String(error)}); they are matched by email when they first ask, or link them with kpi people link.`);
    }
    return 0;
  }
  if (verb === "link" && email && (str("slack") || str("teams"))) {
    out(`Linked: ${describe(await linkIdentity(db, email, { slackUserId: str("slack"), teamsUserId: str("teams") }))}`);
    return 0;
  }
  out(`Usage:\n${PEOPLE_USAGE}`);
  return 1;
}
