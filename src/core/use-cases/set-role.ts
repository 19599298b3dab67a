// /kpi role <email> <admin|officer|viewer>: an admin of the person's organisation changes their role.
import { holds, refusal, rolesOf, rolesText, STORED_ROLES, type PersonProfile, type StoredRole } from "../access.ts";
import type { People } from "../ports.ts";
import { notice, type Notice } from "../views.ts";

export async function setRole(people: People, asker: PersonProfile | null, email: string, role: string): Promise<Notice> {
  if (!(STORED_ROLES as readonly string[]).includes(role)) return notice("No such role", `The roles are ${STORED_ROLES.join(", ")} (owners are whoever owns an indicator or action).`);
  const found = await people.byEmail(email);
  // Another council's people are not shown, not even whether they exist.
  const person = found && asker && (asker.organisation === null || asker.organisation === found.organisation) ? found : null;
  const organisation = person ? person.organisation : (asker?.organisation ?? null);
  if (!holds(asker, "admin", organisation)) return notice("Not allowed", refusal("Changing a role", "admin", organisation, asker));
  if (!person) return notice("No such person", `Nobody in ${organisation ?? "any organisation"} has the email ${email}. Add them with: kpi people add ${email} --name "..." --organisation ... --role ${role}`);
  const changed = await people.setRole(person.email, role as StoredRole);
  return notice("Role changed", `${changed.name} is now ${rolesText(rolesOf(changed))} of ${changed.organisation ?? "every organisation"}.`);
}
