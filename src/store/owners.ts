// Who owns an indicator or a key action, and who may update it for them (a delegate): set by an officer, audited.
import { foldKey } from "../core/text.ts";
import { recordChanges } from "./data-version.ts";
import type { Db } from "./database.ts";
import { findOrganisation, NotFoundError } from "./organisations.ts";

/** Sets the owner (and delegate) of the indicator with this ref, else of the key action. */
export async function setOwners(db: Db, ref: string, change: { owner: string; delegate: string | null; organisation: string | null; by: string }) {
  const organisationId = change.organisation ? (await findOrganisation(db, change.organisation)).id : undefined;
  const where = { refKey: foldKey(ref), ...(organisationId ? { organisationId } : {}) };
  const include = { organisation: true, owners: { include: { person: true } } } as const;
  const indicators = await db.indicator.findMany({ where, include });
  const found = indicators.length ? indicators : await db.action.findMany({ where, include });
  if (found.length !== 1) throw new NotFoundError(found.length ? `${ref} is a reference of several organisations: say which with --organisation.` : `There is no indicator or key action ${ref}.`);
  const subject = found[0]!;
  const kind = indicators.length ? "indicator" : "action";
  const person = async (email: string) => {
    const p = await db.person.findUnique({ where: { email: email.trim().toLowerCase() } });
    if (!p) throw new NotFoundError(`Nobody has the email ${email}: add them first with kpi people add.`);
    return p;
  };
  const owner = await person(change.owner);
  const delegate = change.delegate ? await person(change.delegate) : null;
  const before = subject.owners.map((o) => `${o.person.email} (${o.role})`).join(", ") || null;
  const rows = [{ personId: owner.id, role: "owner" }, ...(delegate && delegate.id !== owner.id ? [{ personId: delegate.id, role: "delegate" }] : [])];
  await db.$transaction(async (tx) => {
    if (kind === "indicator") {
      await tx.indicatorOwner.deleteMany({ where: { indicatorId: subject.id } });
      await tx.indicatorOwner.createMany({ data: rows.map((r) => ({ ...r, indicatorId: subject.id })) });
    } else {
      await tx.actionOwner.deleteMany({ where: { actionId: subject.id } });
      await tx.actionOwner.createMany({ data: rows.map((r) => ({ ...r, actionId: subject.id })) });
    }
    await tx.auditEntry.create({
      data: { organisationId: subject.organisationId, subjectKind: kind, subject: subject.ref!, action: "owners set", before, after: [`${owner.email} (owner)`, delegate ? `${delegate.email} (delegate)` : null].filter(Boolean).join(", "), by: change.by, via: "command line" },
    });
    await recordChanges(tx, [{ kind: kind === "indicator" ? "indicator" : "action", organisationId: subject.organisationId, subjectId: subject.id }]);
  });
  return { ref: subject.ref!, organisation: subject.organisation.name, owner: owner.email, delegate: delegate?.email ?? null };
}
