// --as <email>: the person a command acts as, who must be one the bot knows.
import type { PersonProfile } from "../core/access.ts";
import type { Db } from "../store/database.ts";
import { prismaPeople } from "../store/people.ts";

/** The person with that email; null, having said so on err, where nobody has it (the command then exits 3). */
export async function knownPerson(db: Db, email: string, doing: string, err: (s: string) => void): Promise<PersonProfile | null> {
  const person = await prismaPeople(db).byEmail(email);
  if (!person) err(`Nobody has the email ${email}: only people the bot knows may ${doing} (kpi people add).`);
  return person;
}
