// The rest of the year's writes: targets, period locks and retiring indicators, each in one transaction
// with its audit entry and the data version, retried while another writer holds SQLite's lock.
import type { PeriodLockRecord, PeriodLocks, Retirements, Targets } from "../core/ports.ts";
import { shortDate } from "../core/format.ts";
import { recordChanges } from "./data-version.ts";
import { retryWhenLocked, type Db } from "./database.ts";
import { indicatorOf, lockRecord, upsertPeriod, WRITER_WAIT, type Tx } from "./updates.ts";

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === "P2002";

/**
 * The organisation's lock on the period or on a period inside it: a year's target is what a published
 * quarter without a target of its own was rated against.
 */
async function lockCovering(tx: Tx, organisationId: number, period: { label: string; start: Date; end: Date }): Promise<PeriodLockRecord | null> {
  const locks = await tx.periodLock.findMany({ where: { organisationId }, orderBy: { id: "asc" } });
  if (!locks.length) return null;
  const periods = await tx.period.findMany({ where: { label: { in: locks.map((l) => l.periodLabel) } } });
  const inside = (label: string) => periods.some((p) => p.label === label && p.startDate >= period.start && p.endDate <= period.end);
  const lock = locks.find((l) => l.periodLabel === period.label || inside(l.periodLabel));
  return lock ? lockRecord(lock) : null;
}

export function prismaTargets(db: Db): Targets {
  return {
    set: (t) =>
      retryWhenLocked(() =>
        db.$transaction(async (tx) => {
          const indicator = await indicatorOf(tx, t.organisation, t.ref);
          // Checked in the writing transaction: a lock made a moment ago holds.
          const lock = await lockCovering(tx, indicator.organisationId, t.period);
          if (lock) return { outcome: "locked" as const, lock };
          const period = await upsertPeriod(tx, t.period);
          const before = await tx.target.findUnique({ where: { indicatorId_periodId: { indicatorId: indicator.id, periodId: period.id } } });
          if (before?.text === t.text) return { outcome: "unchanged" as const, before: before.text };
          const data = { text: t.text, value: t.value, low: t.low, high: t.high };
          await tx.target.upsert({ where: { indicatorId_periodId: { indicatorId: indicator.id, periodId: period.id } }, create: { indicatorId: indicator.id, periodId: period.id, ...data }, update: data });
          await tx.auditEntry.create({
            data: { organisationId: indicator.organisationId, subjectKind: "indicator", subject: indicator.ref, action: `target for ${t.period.label} set`, before: before?.text ?? null, after: t.text, by: t.by, via: t.via },
          });
          await recordChanges(tx, [{ kind: "indicator", organisationId: indicator.organisationId, subjectId: indicator.id }]);
          return { outcome: "set" as const, before: before?.text ?? null };
        }, WRITER_WAIT),
      ),
  };
}

export function prismaPeriodLocks(db: Db): PeriodLocks {
  const audit = (tx: Tx, organisationId: number, period: string, action: string, before: string | null, after: string | null, by: string, via: string) =>
    tx.auditEntry.create({ data: { organisationId, subjectKind: "period", subject: period, action, before, after, by, via } });
  const existing = async (organisation: string, period: string) => {
    const lock = await db.periodLock.findFirstOrThrow({ where: { organisation: { name: organisation }, periodLabel: period } });
    return { locked: false, lock: lockRecord(lock) };
  };
  return {
    lock: (organisation, period, by, via) =>
      retryWhenLocked(async () => {
        try {
          return await db.$transaction(async (tx) => {
            const org = await tx.organisation.findFirstOrThrow({ where: { name: organisation } });
            const held = await tx.periodLock.findUnique({ where: { organisationId_periodLabel: { organisationId: org.id, periodLabel: period.label } } });
            if (held) return { locked: false, lock: lockRecord(held) };
            await upsertPeriod(tx, period);
            const lock = await tx.periodLock.create({ data: { organisationId: org.id, periodLabel: period.label, lockedBy: by } });
            await audit(tx, org.id, period.label, `${period.label} locked (published)`, null, `locked by ${by}`, by, via);
            await recordChanges(tx, [{ kind: "organisation", organisationId: org.id }]);
            return { locked: true, lock: lockRecord(lock) };
          }, WRITER_WAIT);
        } catch (error) {
          // Two officers locking at once: the first lock stands.
          if (isUniqueViolation(error)) return await existing(organisation, period.label);
          throw error;
        }
      }),
    reopen: (organisation, period, by, via) =>
      retryWhenLocked(() =>
        db.$transaction(async (tx) => {
          const org = await tx.organisation.findFirstOrThrow({ where: { name: organisation } });
          const held = await tx.periodLock.findUnique({ where: { organisationId_periodLabel: { organisationId: org.id, periodLabel: period } } });
          if (!held) return null;
          await tx.periodLock.delete({ where: { id: held.id } });
          await audit(tx, org.id, period, `${period} reopened`, `locked by ${held.lockedBy} on ${shortDate(held.lockedAt)}`, null, by, via);
          await recordChanges(tx, [{ kind: "organisation", organisationId: org.id }]);
          return lockRecord(held);
        }, WRITER_WAIT),
      ),
  };
}

export function prismaRetirements(db: Db): Retirements {
  return {
    retire: ({ organisation, ref }, note, by, via) =>
      retryWhenLocked(() =>
        db.$transaction(async (tx) => {
          const indicator = await indicatorOf(tx, organisation, ref);
          // Claimed while still current: of two at once, one retires it.
          const { count } = await tx.indicator.updateMany({ where: { id: indicator.id, retiredAt: null }, data: { retiredAt: new Date(), retiredBy: by, retiredNote: note } });
          if (!count) return false;
          await tx.auditEntry.create({ data: { organisationId: indicator.organisationId, subjectKind: "indicator", subject: indicator.ref, action: "retired", before: null, after: note, by, via } });
          await recordChanges(tx, [{ kind: "indicator", organisationId: indicator.organisationId, subjectId: indicator.id }]);
          return true;
        }, WRITER_WAIT),
      ),
    unretire: ({ organisation, ref }, by, via) =>
      retryWhenLocked(() =>
        db.$transaction(async (tx) => {
          const indicator = await indicatorOf(tx, organisation, ref);
          if (!indicator.retiredAt) return false;
          const { count } = await tx.indicator.updateMany({ where: { id: indicator.id, retiredAt: { not: null } }, data: { retiredAt: null, retiredBy: null, retiredNote: null } });
          if (!count) return false;
          const was = `retired ${shortDate(indicator.retiredAt)} by ${indicator.retiredBy ?? "someone"}${indicator.retiredNote ? `: ${indicator.retiredNote}` : ""}`;
          await tx.auditEntry.create({ data: { organisationId: indicator.organisationId, subjectKind: "indicator", subject: indicator.ref, action: "brought back from retirement", before: was, after: null, by, via } });
          await recordChanges(tx, [{ kind: "indicator", organisationId: indicator.organisationId, subjectId: indicator.id }]);
          return true;
        }, WRITER_WAIT),
      ),
  };
}
