// Organisations found by name or slug, and the workspaces and tenants linked to them.
import { z } from "zod";
import { LINK_KINDS, type LinkKind, type WorkspaceLinkRecord } from "../core/access.ts";
import { organisationCalled } from "../core/services.ts";
import { describeReminderDays, parseReminderDays } from "../core/use-cases/send-reminders.ts";
import { recordChanges } from "./data-version.ts";
import type { Db } from "./database.ts";

export class NotFoundError extends Error {}

/** An organisation by its slug ("barnet") or its name ("London Borough of Barnet"), in any case. */
export async function findOrganisation(db: Db, nameOrSlug: string) {
  const all = await db.organisation.findMany({ orderBy: { id: "asc" } });
  const found = organisationCalled(all, nameOrSlug);
  if (!found) throw new NotFoundError(`No organisation “${nameOrSlug}”. The organisations are: ${all.map((o) => `${o.slug} (${o.name})`).join(", ") || "none yet"}.`);
  return found;
}

/** Slack ids are upper-case letters and digits (T0BARNET, E0GRID); a tenant id is a GUID. */
const ID_SHAPES: Record<LinkKind, z.ZodString> = {
  "slack-team": z.string().regex(/^T[A-Z0-9]{1,30}$/, "a Slack workspace id looks like T0123ABCD"),
  "slack-enterprise": z.string().regex(/^E[A-Z0-9]{1,30}$/, "an Enterprise Grid id looks like E0123ABCD"),
  "teams-tenant": z.string().uuid("a Microsoft 365 tenant id is a GUID"),
};

export class LinkRefusedError extends Error {}

function checked(kind: LinkKind, id: string): string {
  const parsed = ID_SHAPES[kind].safeParse(kind === "teams-tenant" ? id.trim().toLowerCase() : id.trim());
  if (!parsed.success) throw new LinkRefusedError(`${id}: ${parsed.error.issues[0]!.message}.`);
  return parsed.data;
}

export async function linkWorkspace(db: Db, organisation: string, kind: LinkKind, id: string): Promise<{ organisation: string; added: boolean }> {
  const externalId = checked(kind, id);
  const org = await findOrganisation(db, organisation);
  const added = await db.$transaction(async (tx) => {
    const existing = await tx.workspaceLink.findUnique({ where: { organisationId_kind_externalId: { organisationId: org.id, kind, externalId } } });
    if (existing) return false;
    await tx.workspaceLink.create({ data: { organisationId: org.id, kind, externalId } });
    await recordChanges(tx, [{ kind: "organisation", organisationId: org.id }]);
    return true;
  });
  return { organisation: org.name, added };
}

export async function unlinkWorkspace(db: Db, organisation: string, kind: LinkKind, id: string): Promise<{ organisation: string; removed: boolean }> {
  const externalId = checked(kind, id);
  const org = await findOrganisation(db, organisation);
  const removed = await db.$transaction(async (tx) => {
    const { count } = await tx.workspaceLink.deleteMany({ where: { organisationId: org.id, kind, externalId } });
    if (count) await recordChanges(tx, [{ kind: "organisation", organisationId: org.id }]);
    return count > 0;
  });
  return { organisation: org.name, removed };
}

export async function listLinks(db: Db): Promise<(WorkspaceLinkRecord & { slug: string })[]> {
  const rows = await db.workspaceLink.findMany({ include: { organisation: true }, orderBy: [{ organisationId: "asc" }, { kind: "asc" }, { externalId: "asc" }] });
  return rows.map((r) => ({ organisation: r.organisation.name, slug: r.organisation.slug, kind: z.enum(LINK_KINDS).parse(r.kind), externalId: r.externalId }));
}

/** Where submissions go for review, and whether they are accepted without it; audited. */
export async function setReviewOptions(db: Db, organisation: string, options: { reviewChannel?: string | null; autoAccept?: boolean }, by: string): Promise<{ organisation: string; reviewChannel: string | null; autoAccept: boolean }> {
  const org = await findOrganisation(db, organisation);
  const updated = await db.$transaction(async (tx) => {
    const row = await tx.organisation.update({ where: { id: org.id }, data: { ...(options.reviewChannel !== undefined ? { reviewChannel: options.reviewChannel } : {}), ...(options.autoAccept !== undefined ? { autoAccept: options.autoAccept } : {}) } });
    await tx.auditEntry.create({
      data: { organisationId: org.id, subjectKind: "organisation", subject: "review", action: "review settings changed", before: JSON.stringify({ reviewChannel: org.reviewChannel, autoAccept: org.autoAccept }), after: JSON.stringify({ reviewChannel: row.reviewChannel, autoAccept: row.autoAccept }), by, via: "command line" },
    });
    return row;
  });
  return { organisation: updated.name, reviewChannel: updated.reviewChannel, autoAccept: updated.autoAccept };
}

export class SettingRefusedError extends Error {}

/** Which days around a cycle's deadline owners are reminded on ("7,2" before, "1,3" after, or "none"); checked, audited. */
export async function setReminderDays(db: Db, organisation: string, days: { before?: string; after?: string }, by: string): Promise<{ organisation: string; remindBefore: string; remindAfter: string }> {
  const read = (flag: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const parsed = parseReminderDays(text);
    if (!parsed) throw new SettingRefusedError(`${flag}: “${text}” is not whole days from 0 to 60 separated by commas (such as 7,2), or none.`);
    return describeReminderDays(parsed);
  };
  const remindBefore = read("--remind-before", days.before);
  const remindAfter = read("--remind-after", days.after);
  const org = await findOrganisation(db, organisation);
  const updated = await db.$transaction(async (tx) => {
    const row = await tx.organisation.update({ where: { id: org.id }, data: { ...(remindBefore !== undefined ? { remindBefore } : {}), ...(remindAfter !== undefined ? { remindAfter } : {}) } });
    await tx.auditEntry.create({
      data: { organisationId: org.id, subjectKind: "organisation", subject: "reminders", action: "reminder days changed", before: JSON.stringify({ remindBefore: org.remindBefore, remindAfter: org.remindAfter }), after: JSON.stringify({ remindBefore: row.remindBefore, remindAfter: row.remindAfter }), by, via: "command line" },
    });
    return row;
  });
  return { organisation: updated.name, remindBefore: updated.remindBefore, remindAfter: updated.remindAfter };
}

/** Every organisation's review and reminder settings, for kpi org list. */
export async function listOrganisationSettings(db: Db) {
  return await db.organisation.findMany({ select: { slug: true, name: true, reviewChannel: true, autoAccept: true, remindBefore: true, remindAfter: true, compare: true }, orderBy: { id: "asc" } });
}
