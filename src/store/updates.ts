// The write side of updates: submissions, reporting cycles and review decisions, each with its audit
// entry and the data version in one transaction, so nothing is half-written and readers see it soon.
import { randomBytes } from "node:crypto";
import type { Cycles, PeriodLockRecord, Reviews, Submitted, Updates } from "../core/ports.ts";
import { blankDraft, type IndicatorDraft } from "../core/import/indicator-table.ts";
import { parsePeriod } from "../core/periods.ts";
import { foldKey } from "../core/text.ts";
import { recordChanges } from "./data-version.ts";
import { retryWhenLocked, type Db } from "./database.ts";
import { writeIndicators } from "./indicator-imports.ts";

/** A PeriodLock row as the core knows it. */
export const lockRecord = (l: { periodLabel: string; lockedBy: string; lockedAt: Date }): PeriodLockRecord => ({ period: l.periodLabel, by: l.lockedBy, at: l.lockedAt });

/** The organisation's lock on exactly this period; null while it may change. */
const lockOn = async (db: Pick<Db, "periodLock">, organisation: string, period: string): Promise<PeriodLockRecord | null> => {
  const lock = await db.periodLock.findFirst({ where: { organisation: { name: organisation }, periodLabel: period } });
  return lock ? lockRecord(lock) : null;
};

export const upsertPeriod = (tx: Tx, period: { label: string; kind: string; start: Date; end: Date }) =>
  tx.period.upsert({ where: { label: period.label }, create: { label: period.label, kind: period.kind, startDate: period.start, endDate: period.end }, update: {} });

/** An organisation's indicator, with its organisation, by the organisation's name and the ref: records name both. */
export async function indicatorOf(tx: Tx, organisation: string, ref: string) {
  const org = await tx.organisation.findFirstOrThrow({ where: { name: organisation } });
  return { ...(await tx.indicator.findUniqueOrThrow({ where: { organisationId_refKey: { organisationId: org.id, refKey: foldKey(ref) } } })), organisation: org };
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === "P2002";

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * How long a write may wait for another writer: on SQLite two processes (the service and the kpi
 * command) take turns at one file, and Prisma's defaults (2 s to start, 5 s to finish) give up too soon.
 */
export const WRITER_WAIT = { maxWait: 15_000, timeout: 30_000 };

/**
 * An accepted submission becomes its period's result and commentary, written by the import's path (so a replaced
 * figure is kept beside it, and units, search text and the data version follow the same rules), with its own audit entry.
 */
async function accept(tx: Tx, submissionId: number, by: string, via: string, note: string | null): Promise<void> {
  const s = await tx.submission.findUniqueOrThrow({ where: { id: submissionId }, include: { indicator: { include: { organisation: true } }, period: true } });
  const before = await tx.result.findUnique({ where: { indicatorId_periodId: { indicatorId: s.indicatorId, periodId: s.periodId } }, select: { text: true } });
  const period = parsePeriod(s.period.label)!;
  const update = `${s.submittedBy}'s update`;
  const draft: IndicatorDraft = {
    ...blankDraft(0, s.indicator.ref),
    results: [{ period, text: s.text, numerator: s.numerator, denominator: s.denominator, ragRecorded: null, dotShort: null, dotLong: null }],
    commentary: { period, text: s.intervention ? `${s.commentary}\n\nIntervention: ${s.intervention}` : s.commentary },
  };
  const counts = await writeIndicators(tx, { organisation: s.indicator.organisation.name, drafts: [draft], by, via, source: update, change: update, audit: false });
  // Review and submit refuse a locked period before this; a lock taken since leaves everything unwritten.
  if (counts.blocked.length) throw new Error(`${period.label} was locked for ${s.indicator.organisation.name} while this update was accepted: nothing was written.`);
  await tx.submission.update({ where: { id: s.id }, data: { status: "accepted", decidedBy: by, decidedAt: new Date(), decisionNote: note } });
  await tx.auditEntry.create({
    data: { organisationId: s.indicator.organisationId, subjectKind: "indicator", subject: s.indicator.ref, action: `result for ${s.period.label} accepted (submitted by ${s.submittedBy})`, before: before?.text ?? null, after: s.text, by, via },
  });
}

/** A form opening is kept this long: a form left open longer is taken as having shown nothing (so it warns rather than replaces). */
const FORM_OPENING_DAYS = 7;

export function prismaUpdates(db: Db): Updates {
  const existing = async (sameAs: string): Promise<Submitted> => {
    const row = await db.submission.findUniqueOrThrow({ where: { sameAs }, select: { id: true, createdAt: true, status: true } });
    return { recorded: false, at: row.createdAt, id: row.id, accepted: row.status === "accepted", superseded: [] };
  };
  return {
    async openCycle(organisation) {
      const cycle = await db.reportingCycle.findFirst({ where: { organisation: { name: organisation }, closedAt: null }, orderBy: { id: "desc" } });
      return cycle ? { period: cycle.periodLabel, due: cycle.due } : null;
    },
    async acceptsWithoutReview(organisation) {
      return (await db.organisation.findFirst({ where: { name: organisation }, select: { autoAccept: true } }))?.autoAccept ?? false;
    },
    locked: (organisation, period) => lockOn(db, organisation, period),
    async latestSubmission(organisation, ref, period) {
      const row = await db.submission.findFirst({
        where: { indicator: { organisation: { name: organisation }, refKey: foldKey(ref) }, period: { label: period } },
        orderBy: { id: "desc" },
      });
      if (!row) return null;
      const person = await db.person.findUnique({ where: { email: row.submittedBy }, select: { name: true } });
      return { id: row.id, text: row.text, by: row.submittedBy, byName: person?.name ?? null, at: row.createdAt, status: row.status, sameAs: row.sameAs };
    },
    openForm: (opening) => retryWhenLocked(async () => {
      const id = randomBytes(18).toString("base64url");
      await db.$transaction(async (tx) => {
        const indicator = await indicatorOf(tx, opening.organisation, opening.ref);
        await tx.formOpening.deleteMany({ where: { openedAt: { lt: new Date(Date.now() - FORM_OPENING_DAYS * 86_400_000) } } });
        await tx.formOpening.create({ data: { id, person: opening.person, indicatorId: indicator.id, periodLabel: opening.period, seen: opening.seen } });
      }, WRITER_WAIT);
      return id;
    }),
    async formOpening(id, person) {
      const row = await db.formOpening.findUnique({ where: { id }, include: { indicator: { select: { ref: true, organisation: { select: { name: true } } } } } });
      if (!row || row.person !== person) return null;
      return { organisation: row.indicator.organisation.name, ref: row.indicator.ref, period: row.periodLabel, seen: row.seen };
    },
    submit: (s) => retryWhenLocked(async () => {
      if (await db.submission.findUnique({ where: { sameAs: s.sameAs }, select: { id: true } })) return await existing(s.sameAs);
      try {
        return await db.$transaction(async (tx) => {
          const indicator = await indicatorOf(tx, s.organisation, s.ref);
          const period = await upsertPeriod(tx, s.period);
          const row = await tx.submission.create({
            data: {
              indicatorId: indicator.id,
              periodId: period.id,
              text: s.text,
              value: s.value,
              numerator: s.numerator,
              denominator: s.denominator,
              commentary: s.commentary,
              intervention: s.intervention,
              submittedBy: s.by,
              via: s.via,
              sameAs: s.sameAs,
            },
          });
          await tx.auditEntry.create({
            data: {
              organisationId: indicator.organisationId,
              subjectKind: "indicator",
              subject: indicator.ref,
              action: `result submitted for ${s.period.label} (provisional)`,
              before: s.before,
              after: [s.text, `commentary: ${s.commentary}`, s.intervention ? `intervention: ${s.intervention}` : null].filter(Boolean).join("; "),
              by: s.by,
              via: s.via,
            },
          });
          // Submitted, the submitter's draft of it has served its purpose.
          await tx.draft.deleteMany({ where: { indicatorId: indicator.id, periodLabel: s.period.label, person: s.by } });
          // The newest submission for a period is the one to decide on: older ones still waiting leave the queue.
          const older = await tx.submission.findMany({ where: { indicatorId: indicator.id, periodId: period.id, status: "submitted", id: { lt: row.id } }, select: { id: true } });
          const superseded = older.map((o) => o.id);
          if (superseded.length) await tx.submission.updateMany({ where: { id: { in: superseded } }, data: { status: "superseded" } });
          // Accepted at once where the use case decided so (the organisation accepts its updates without review).
          const accepted = s.accept;
          if (accepted) await accept(tx, row.id, "automatic (the organisation accepts updates without review)", s.via, null);
          await recordChanges(tx, [{ kind: "indicator", organisationId: indicator.organisationId, subjectId: indicator.id }]);
          return { recorded: true, at: row.createdAt, id: row.id, accepted, superseded };
        }, WRITER_WAIT);
      } catch (error) {
        // The same submission racing in from a retried request: the first one stands.
        if (isUniqueViolation(error)) return await existing(s.sameAs);
        throw error;
      }
    }),
  };
}

export function prismaCycles(db: Db): Cycles {
  const record = (c: { periodLabel: string; due: Date; openedBy: string; openedAt: Date }) => ({ period: c.periodLabel, due: c.due, openedBy: c.openedBy, openedAt: c.openedAt });
  const audit = (tx: Tx, organisationId: number, action: string, by: string, via: string) =>
    tx.auditEntry.create({ data: { organisationId, subjectKind: "organisation", subject: "reporting cycle", action, by, via } });
  return {
    async open(organisation, period, due, by, via) {
      return await db.$transaction(async (tx) => {
        const org = await tx.organisation.findFirstOrThrow({ where: { name: organisation } });
        const open = await tx.reportingCycle.findFirst({ where: { organisationId: org.id, closedAt: null } });
        if (open) return { opened: false, cycle: record(open) };
        await upsertPeriod(tx, period);
        const cycle = await tx.reportingCycle.create({ data: { organisationId: org.id, periodLabel: period.label, due, openedBy: by } });
        await audit(tx, org.id, `reporting cycle ${period.label} opened, due ${due.toISOString().slice(0, 10)}`, by, via);
        return { opened: true, cycle: record(cycle) };
      });
    },
    async current(organisation) {
      const cycle = await db.reportingCycle.findFirst({ where: { organisation: { name: organisation }, closedAt: null }, orderBy: { id: "desc" } });
      return cycle ? record(cycle) : null;
    },
    async close(organisation, by, via) {
      return await db.$transaction(async (tx) => {
        const org = await tx.organisation.findFirstOrThrow({ where: { name: organisation } });
        const open = await tx.reportingCycle.findFirst({ where: { organisationId: org.id, closedAt: null } });
        if (!open) return null;
        await tx.reportingCycle.update({ where: { id: open.id }, data: { closedAt: new Date(), closedBy: by } });
        await audit(tx, org.id, `reporting cycle ${open.periodLabel} closed`, by, via);
        return record(open);
      });
    },
    async submitted(organisation, period) {
      const rows = await db.submission.findMany({ where: { indicator: { organisation: { name: organisation } }, period: { label: period } }, include: { indicator: { select: { ref: true } } }, orderBy: { id: "asc" } });
      return new Map(rows.map((r) => [r.indicator.ref, { status: r.status, by: r.submittedBy, note: r.decisionNote }]));
    },
  };
}

const submissionInclude = { indicator: { select: { ref: true, organisation: { select: { name: true, reviewChannel: true } } } }, period: { select: { label: true } } } as const;
type SubmissionRow = Awaited<ReturnType<Db["submission"]["findFirstOrThrow"]>> & { indicator: { ref: string; organisation: { name: string; reviewChannel: string | null } }; period: { label: string } };

const pendingOf = (r: SubmissionRow) => ({
  id: r.id,
  organisation: r.indicator.organisation.name,
  ref: r.indicator.ref,
  period: r.period.label,
  text: r.text,
  commentary: r.commentary,
  intervention: r.intervention,
  submittedBy: r.submittedBy,
  via: r.via,
  at: r.createdAt,
});

const STATUSES = ["submitted", "accepted", "returned", "superseded"] as const;

export function prismaReviews(db: Db): Reviews {
  return {
    async pending(organisations) {
      const rows = await db.submission.findMany({
        where: { status: "submitted", ...(organisations ? { indicator: { organisation: { name: { in: organisations } } } } : {}) },
        include: submissionInclude,
        orderBy: { id: "asc" },
      });
      // A submission for a published period waits until an admin reopens it.
      const locks = rows.length ? await db.periodLock.findMany({ where: { periodLabel: { in: [...new Set(rows.map((r) => r.period.label))] } }, include: { organisation: { select: { name: true } } } }) : [];
      const lockOf = (organisation: string, period: string) => {
        const lock = locks.find((l) => l.organisation.name === organisation && l.periodLabel === period);
        return lock ? lockRecord(lock) : null;
      };
      return rows.map((r) => ({ ...pendingOf(r), locked: lockOf(r.indicator.organisation.name, r.period.label) }));
    },
    async submission(id) {
      const r = await db.submission.findUnique({ where: { id }, include: submissionInclude });
      if (!r) return null;
      // Superseded by the next one for its indicator and period: it was recorded as that one came.
      const newer = r.status === "superseded" ? await db.submission.findFirst({ where: { indicatorId: r.indicatorId, periodId: r.periodId, id: { gt: r.id } }, orderBy: { id: "asc" }, select: { submittedBy: true, createdAt: true } }) : null;
      return {
        ...pendingOf(r),
        locked: await lockOn(db, r.indicator.organisation.name, r.period.label),
        value: r.value,
        status: STATUSES.find((s) => s === r.status) ?? "submitted",
        reviewChannel: r.indicator.organisation.reviewChannel,
        decision: r.decidedBy && r.decidedAt ? { by: r.decidedBy, at: r.decidedAt, note: r.decisionNote } : null,
        superseded: newer ? { by: newer.submittedBy, at: newer.createdAt } : null,
        posted: r.reviewPostChannel && r.reviewPostId ? { channel: r.reviewPostChannel, message: r.reviewPostId } : null,
      };
    },
    async recordPost(id, channel, message) {
      await retryWhenLocked(() => db.submission.update({ where: { id }, data: { reviewPostChannel: channel, reviewPostId: message } }));
    },
    async unposted(job) {
      const rows = await db.submission.findMany({
        where: { status: "submitted", indicator: { organisation: { reviewChannel: { not: null } } } },
        select: { id: true, indicator: { select: { organisation: { select: { reviewChannel: true } } } } },
        orderBy: { id: "asc" },
      });
      if (!rows.length) return [];
      // Few wait at a time (a quarter's updates at most): the claims are read for them in chunks, SQLite taking 999 parameters a statement.
      const claimed = new Set<string>();
      for (let i = 0; i < rows.length; i += 500) {
        const keys = rows.slice(i, i + 500).map((r) => String(r.id));
        // A claim whose instance stopped before sending (its lease ran out) is the sweep's to take again.
        const held = await db.jobClaim.findMany({ where: { job, key: { in: keys }, NOT: { state: "claimed", leaseUntil: { lt: new Date() } } }, select: { slot: true, key: true } });
        for (const c of held) claimed.add(`${c.slot} ${c.key}`);
      }
      return rows.map((r) => ({ id: r.id, channel: r.indicator.organisation.reviewChannel! })).filter((r) => !claimed.has(`${r.channel} ${r.id}`));
    },
    decide: (id, decision, by, via, note) =>
      retryWhenLocked(() => db.$transaction(async (tx) => {
        // Claimed while still submitted: of two decisions at once, one is made and the other told.
        const { count } = await tx.submission.updateMany({ where: { id, status: "submitted" }, data: { status: decision, decidedBy: by, decidedAt: new Date(), decisionNote: note } });
        if (!count) return false;
        if (decision === "accepted") await accept(tx, id, by, via, note);
        else {
          const s = await tx.submission.update({ where: { id }, data: { status: "returned", decidedBy: by, decidedAt: new Date(), decisionNote: note }, include: { indicator: true, period: true } });
          await tx.auditEntry.create({
            data: { organisationId: s.indicator.organisationId, subjectKind: "indicator", subject: s.indicator.ref, action: `result for ${s.period.label} returned to ${s.submittedBy}`, before: s.text, after: note, by, via },
          });
        }
        const { indicator } = await tx.submission.findUniqueOrThrow({ where: { id }, select: { indicator: { select: { id: true, organisationId: true } } } });
        await recordChanges(tx, [{ kind: "indicator", organisationId: indicator.organisationId, subjectId: indicator.id }]);
        return true;
      })),
  };
}
