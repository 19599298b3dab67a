// People, their chat identities and roles: the People port, and what `kpi people` does.
import { z } from "zod";
import { STORED_ROLES, type Identity, type PersonProfile, type StoredRole } from "../core/access.ts";
import type { People } from "../core/ports.ts";
import { recordChanges, type DataChange } from "./data-version.ts";
import type { Db } from "./database.ts";
import { findOrganisation } from "./organisations.ts";

const email = z.string().trim().toLowerCase().email("that is not an email address");
/** Slack user ids start with U or W; a Teams user is known by their Entra object id, a GUID. */
const slackUserId = z.string().trim().regex(/^[UW][A-Z0-9]{1,30}$/, "a Slack user id looks like U0123ABCD");
const teamsUserId = z.string().trim().toLowerCase().uuid("a Teams user is linked by their Entra object id, a GUID");

export class PersonRefusedError extends Error {}

function parsed<T>(schema: z.ZodType<T>, value: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new PersonRefusedError(`${value}: ${result.error.issues[0]!.message}.`);
  return result.data;
}

const profileInclude = { organisation: { select: { name: true } }, _count: { select: { indicators: true, actions: true, objectives: true } } } as const;

type ProfileRow = { name: string; email: string; role: string; slackUserId: string | null; teamsUserId: string | null; teamsChatId: string | null; organisation: { name: string } | null; _count: { indicators: number; actions: number; objectives: number } };

const profile = (p: ProfileRow): PersonProfile => ({
  name: p.name,
  email: p.email,
  role: p.role,
  organisation: p.organisation?.name ?? null,
  slackUserId: p.slackUserId,
  teamsUserId: p.teamsUserId,
  teamsChatId: p.teamsChatId,
  owns: p._count.indicators + p._count.actions + p._count.objectives,
});

const whereIdentity = (identity: Identity) => (identity.slackUserId ? { slackUserId: identity.slackUserId } : identity.teamsUserId ? { teamsUserId: identity.teamsUserId.toLowerCase() } : null);

export function prismaPeople(db: Db): People {
  const byEmail = async (address: string) => {
    const found = await db.person.findUnique({ where: { email: address.trim().toLowerCase() }, include: profileInclude });
    return found ? profile(found) : null;
  };
  return {
    async byIdentity(identity) {
      const where = whereIdentity(identity);
      const found = where ? await db.person.findFirst({ where, include: profileInclude }) : null;
      return found ? profile(found) : null;
    },
    byEmail,
    async linkByEmail(address, identity) {
      const person = await byEmail(address);
      // A person already linked to another identity on that platform keeps it: only an admin relinks (kpi people link).
      if (!person || (identity.slackUserId && person.slackUserId) || (identity.teamsUserId && person.teamsUserId)) return null;
      return await linkIdentity(db, person.email, identity);
    },
    async rememberTeamsChat(teamsUser, chatId) {
      // One statement on the unique Teams user, writing only where it differs; no data version: reminders read people fresh.
      const { count } = await db.person.updateMany({ where: { teamsUserId: teamsUser.toLowerCase(), OR: [{ teamsChatId: null }, { teamsChatId: { not: chatId } }] }, data: { teamsChatId: chatId } });
      return count > 0;
    },
    async setRole(address, role) {
      const row = await db.$transaction(async (tx) => {
        const updated = await tx.person.update({ where: { email: address }, data: { role }, include: profileInclude });
        await recordChanges(tx, await personChanges(tx, updated.id));
        return updated;
      });
      return profile(row);
    },
  };
}

/** Links the person to a Slack user or a Teams user (Entra object id), taking it from whoever had it. */
export async function linkIdentity(db: Db, address: string, identity: Identity): Promise<PersonProfile> {
  const data = {
    ...(identity.slackUserId ? { slackUserId: parsed(slackUserId, identity.slackUserId) } : {}),
    ...(identity.teamsUserId ? { teamsUserId: parsed(teamsUserId, identity.teamsUserId) } : {}),
  };
  if (!Object.keys(data).length) throw new PersonRefusedError("Say which identity to link: --slack U123 or --teams <object id>.");
  const wanted = parsed(email, address);
  const row = await db.$transaction(async (tx) => {
    const person = await tx.person.findUnique({ where: { email: wanted } });
    if (!person) throw new PersonRefusedError(`Nobody has the email ${wanted}: add them first with kpi people add.`);
    // An identity belongs to one person: a relink moves it. A Teams personal chat is the Teams user's, so it goes
    // with it (cleared, and learnt again from their next message), lest reminders reach someone else.
    const chat = (key: string) => (key === "teamsUserId" ? { teamsChatId: null } : {});
    // Whoever has the identity now loses it: their records change too.
    const losing = await tx.person.findMany({ where: { OR: Object.entries(data).map(([key, value]) => ({ [key]: value })), NOT: { id: person.id } }, select: { id: true } });
    for (const [key, value] of Object.entries(data)) await tx.person.updateMany({ where: { [key]: value, NOT: { id: person.id } }, data: { [key]: null, ...chat(key) } });
    const changedTeamsUser = data.teamsUserId !== undefined && data.teamsUserId !== person.teamsUserId;
    const updated = await tx.person.update({ where: { id: person.id }, data: { ...data, ...(changedTeamsUser ? chat("teamsUserId") : {}) }, include: profileInclude });
    await recordChanges(tx, await personChanges(tx, person.id, ...losing.map((p) => p.id)));
    return updated;
  });
  return profile(row);
}

export interface PersonInput {
  email: string;
  name?: string;
  organisation?: string;
  role?: string;
}

/** Adds a person, or changes the name, organisation or role of the one with that email. */
export async function addPerson(db: Db, input: PersonInput): Promise<{ person: PersonProfile; added: boolean }> {
  const address = parsed(email, input.email);
  const role = input.role === undefined ? undefined : (parsed(z.enum(STORED_ROLES, { error: `the roles are ${STORED_ROLES.join(", ")}` }), input.role.trim().toLowerCase()) as StoredRole);
  const name = input.name?.trim();
  if (name === "" || (name && name.length > 200)) throw new PersonRefusedError("A name is 1 to 200 characters.");
  const organisationId = input.organisation === undefined ? undefined : (await findOrganisation(db, input.organisation)).id;
  const existing = await db.person.findUnique({ where: { email: address } });
  if (!existing && !name) throw new PersonRefusedError(`${address} is new: give their name with --name.`);
  const row = await db.$transaction(async (tx) => {
    const saved = existing
      ? await tx.person.update({ where: { id: existing.id }, data: { ...(name ? { name } : {}), ...(role ? { role } : {}), ...(organisationId !== undefined ? { organisationId } : {}) }, include: profileInclude })
      : await tx.person.create({ data: { email: address, name: name!, role: role ?? "viewer", organisationId: organisationId ?? null }, include: profileInclude });
    await recordChanges(tx, await personChanges(tx, saved.id));
    return saved;
  });
  return { person: profile(row), added: !existing };
}

export async function listPeople(db: Db, organisation?: string): Promise<PersonProfile[]> {
  const organisationId = organisation === undefined ? undefined : (await findOrganisation(db, organisation)).id;
  const rows = await db.person.findMany({ where: organisationId === undefined ? {} : { organisationId }, include: profileInclude, orderBy: [{ organisationId: "asc" }, { name: "asc" }] });
  return rows.map(profile);
}

type Tx = Parameters<Extract<Parameters<Db["$transaction"]>[0], (...args: never[]) => unknown>>[0];

/**
 * What a change of people changes in the read model: a person is an owner anywhere (indicators,
 * key actions, objectives), so each organisation whose records name one of them is read again, and
 * no other; the people's own change is logged too (kind "person"), which read models need not read.
 */
async function personChanges(tx: Tx, ...personIds: number[]): Promise<DataChange[]> {
  const named = { some: { personId: { in: personIds } } };
  const indicators = await tx.indicator.findMany({ where: { owners: named }, select: { organisationId: true }, distinct: ["organisationId"] });
  const actions = await tx.action.findMany({ where: { owners: named }, select: { organisationId: true }, distinct: ["organisationId"] });
  const objectives = await tx.objective.findMany({ where: { ownerId: { in: personIds } }, select: { organisationId: true }, distinct: ["organisationId"] });
  const organisations = [...new Set([...indicators, ...actions, ...objectives].map((r) => r.organisationId))].sort((a, b) => a - b);
  return [...personIds.map((id) => ({ kind: "person" as const, organisationId: null, subjectId: id })), ...organisations.map((organisationId) => ({ kind: "organisation" as const, organisationId }))];
}
