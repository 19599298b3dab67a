// Who is asking, which organisations' figures they see, and what they may change.
// Pure rules: the records come through ports.ts, the asker from the platform's request.

/** What a workspace link names: a Slack workspace (team_id), an Enterprise Grid (enterprise_id) or a Microsoft 365 tenant. */
export const LINK_KINDS = ["slack-team", "slack-enterprise", "teams-tenant"] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export interface WorkspaceLinkRecord {
  /** The organisation's name, as records carry it. */
  organisation: string;
  kind: LinkKind;
  externalId: string;
}

/** A Slack user id or a Teams user's Entra object id: how a person is known in a chat. */
export interface Identity {
  slackUserId?: string;
  teamsUserId?: string;
}

/** Who sent a request: where from (as the platform vouches for it) and who. */
export interface Asker {
  /** The workspace, grid or tenant ids the request carried. */
  workspace: { kind: LinkKind; id: string }[];
  identity: Identity;
}

/** What an asker sees: every organisation (no link exists yet), some, or none (their workspace is linked to none). */
export type Visibility = { kind: "everything" } | { kind: "organisations"; names: string[] } | { kind: "unlinked" };

export const EVERYTHING: Visibility = { kind: "everything" };

export function visibilityFor(links: WorkspaceLinkRecord[], asker: Asker): Visibility {
  // A new install or the demo: scoping starts with the first link.
  if (!links.length) return EVERYTHING;
  const names = links.filter((l) => asker.workspace.some((w) => w.kind === l.kind && w.id === l.externalId)).map((l) => l.organisation);
  return names.length ? { kind: "organisations", names: [...new Set(names)] } : { kind: "unlinked" };
}

export function mayRead(visibility: Visibility, organisation: string): boolean {
  return visibility.kind === "everything" || (visibility.kind === "organisations" && visibility.names.includes(organisation));
}

// Roles, per organisation. A stored role is admin, officer or viewer (anything else reads as a
// viewer); owning an indicator or action, or being its delegate, makes anyone an owner.
export const STORED_ROLES = ["admin", "officer", "viewer"] as const;
export type StoredRole = (typeof STORED_ROLES)[number];
export type Role = StoredRole | "owner";

export interface PersonProfile {
  name: string;
  email: string;
  /** As stored: admin, officer or viewer. */
  role: string;
  /** The organisation's name; null for a person of every organisation (a shared performance team). */
  organisation: string | null;
  slackUserId: string | null;
  teamsUserId: string | null;
  /** Their personal chat with the bot in Teams, where it has one: for direct messages. */
  teamsChatId?: string | null;
  /** How many indicators and actions they own or are a delegate for. */
  owns: number;
}

export function rolesOf(person: PersonProfile): Role[] {
  const roles: Role[] = (STORED_ROLES as readonly string[]).includes(person.role) ? [person.role as StoredRole] : ["viewer"];
  return person.owns > 0 ? [...roles.filter((r) => r !== "viewer"), "owner"] : roles;
}

/** Which roles satisfy a need: an admin may do what an officer may, and anyone may read. */
const SATISFIES: Record<StoredRole, Role[]> = {
  admin: ["admin"],
  officer: ["admin", "officer"],
  viewer: ["admin", "officer", "owner", "viewer"],
};

/** Whether the person holds the role (or one above it) in the organisation (its name; null: in every organisation). */
export function holds(person: PersonProfile | null, need: StoredRole, organisation: string | null): boolean {
  if (!person || (person.organisation !== null && person.organisation !== organisation)) return false;
  return rolesOf(person).some((r) => SATISFIES[need].includes(r));
}

/** "Changing roles needs the admin role in London Borough of Barnet; you are a viewer there." */
export function refusal(doing: string, need: StoredRole, organisation: string | null, person: PersonProfile | null): string {
  const needs = `${doing} needs the ${need} role in ${organisation ?? "every organisation"}`;
  if (!person) return `${needs}, and the bot does not know who you are yet: ask your performance team to link you (kpi people link).`;
  if (person.organisation !== null && person.organisation !== organisation) return `${needs}; you belong to ${person.organisation}.`;
  return `${needs}; you are ${rolesText(rolesOf(person))} there.`;
}

/** "an admin", "a viewer and owner". */
export function rolesText(roles: Role[]): string {
  return `${roles[0] === "viewer" ? "a" : "an"} ${roles.join(" and ")}`;
}
