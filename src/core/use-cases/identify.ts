// Who the asker is: the person linked to their Slack or Teams identity, or, the first time,
// the person whose email the platform gives for them (then linked, so it is asked once).
import { mayRead, visibilityFor, type Asker, type PersonProfile } from "../access.ts";
import type { Catalogue, People } from "../ports.ts";

/** The email a chat platform has for the asker (Slack users.info, Teams getMember); null where it cannot tell. */
export type EmailOf = () => Promise<string | null>;

export interface Identifying {
  catalogue: Catalogue;
  people: People;
  emailOf?: EmailOf;
}

export async function identify({ catalogue, people, emailOf }: Identifying, asker: Asker): Promise<PersonProfile | null> {
  const { identity } = asker;
  if (!identity.slackUserId && !identity.teamsUserId) return null;
  const known = await people.byIdentity(identity);
  if (known || !emailOf) return known;
  const email = await emailOf();
  const person = email ? await people.byEmail(email) : null;
  // Matched by email only within what the asker's workspace sees: a workspace of one council
  // cannot claim another's people. A person of every organisation (organisation null) is anyone's.
  const visibility = visibilityFor(await catalogue.workspaceLinks(), asker);
  if (!person || (person.organisation !== null && !mayRead(visibility, person.organisation))) return null;
  return await people.linkByEmail(person.email, identity);
}
