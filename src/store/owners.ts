// Who owns an indicator, and who may update it for them (a delegate): set by an officer, audited.
import { foldKey } from "../core/text.ts";
import { bumpDataVersion } from "./data-version.ts";
import type { Db } from "./database.ts";
import { findOrganisation, NotFoundError } from "./organisations.ts";

export async function setOwners(db: Db, ref: string, change: { owner: string; delegate: string | null; organisation: string | null; by: string }) {
  const organisationId = change.organisation ? (await findOrganisation(db, change.organisation)).id : undefined;
  const found = await db.indicator.findMany({ where: { refKey: foldKey(ref), ...(organisationId ? { organisationId } : {}) }, include: { organisation: true, owners: { include: { person: true } } } });
  if (found.length !== 1) throw new NotFoundError(found.length ? `${ref} is an indicator of several organisations: say which with --organisation.` : `There is no indicator ${ref}.`);
  const indicator = found[0]!;
  const person = async (email: string) => {
    const p = await db.person.findUnique({ where: { email: email.trim().toLowerCase() } });
    if (!p) throw new NotFoundError(`Nobody has the email ${email}: add them first with kpi people add.`);
    return p;
  };
  const owner = await person(change.owner);
  const delegate = change.delegate ? await person(change.delegate) : null;
  const before = indicator.owners.map((o) => `${o.person.email} (${o.role})`).join(", ") || null;
  await db.$transaction(async (tx) => {
    await tx.indicatorOwner.deleteMany({ where: { indicatorId: indicator.id } });
    await tx.indicatorOwner.create({ data: { indicatorId: indicator.id, personId: owner.id, role: "owner" } });
    if (delegate && delegate.id !== owner.id) await tx.indicatorOwner.create({ data: { indicatorId: indicator.id, personId: delegate.id, role: "delegate" } });
    await tx.auditEntry.create({
      data: { organisationId: indicator.organisationId, subjectKind: "indicator", subject: indicator.ref, action: "owners set", before, after: [`${owner.email} (owner)`, delegate ? `${delegate.email} (delegate)` : null].filter(Boolean).join(", "), by: change.by, via: "command line" },
    });
    await bumpDataVersion(tx);
  });
  return { ref: indicator.ref, organisation: indicator.organisation.name, owner: owner.email, delegate: delegate?.email ?? null };
}
