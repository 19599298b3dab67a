// Objectives rated by judgement (performance wheels) on Prisma: read for the catalogue, assessed one at a
// time, or imported as a wheel's table. Each write is one transaction with its audit entries and the data
// version, so nothing is half-written and every read model sees it within seconds.
import { OBJECTIVE_DIRECTIONS, OBJECTIVE_STATUSES, type ObjectiveDirection, type ObjectiveStatus } from "../core/objectives.ts";
import type { AssessmentRecord, Assessments, ObjectiveDraft, ObjectiveImportCounts, ObjectiveImports, ObjectiveRecord } from "../core/ports.ts";
import { comparePeriods } from "../core/periods.ts";
import { compareRefs, foldKey } from "../core/text.ts";
import { recordChanges } from "./data-version.ts";
import { retryWhenLocked, type Db } from "./database.ts";
import { organisationNamed } from "./indicator-imports.ts";
import { lockRecord, upsertPeriod, WRITER_WAIT, type Tx } from "./updates.ts";

const asStatus = (s: string): ObjectiveStatus => (OBJECTIVE_STATUSES as readonly string[]).includes(s) ? (s as ObjectiveStatus) : "Amber";
const asDirection = (d: string | null): ObjectiveDirection | null => ((OBJECTIVE_DIRECTIONS as readonly string[]).includes(d ?? "") ? (d as ObjectiveDirection) : null);

const parseTags = (json: string): string[] => {
  try {
    const tags: unknown = JSON.parse(json);
    return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : [];
  } catch {
    return [];
  }
};

/** "Red, Down: narrative" — an assessment as the audit trail keeps it. */
export const assessmentText = (a: { status: string; direction: string | null; narrative: string | null }): string =>
  `${a.status}${a.direction ? `, ${a.direction}` : ""}${a.narrative ? `: ${a.narrative}` : ""}`;

/** Every objective, in wheel order, with its assessments oldest first: a few dozen rows per council. */
export async function readObjectives(db: Db, organisationId?: number): Promise<ObjectiveRecord[]> {
  const rows = await db.objective.findMany({
    ...(organisationId === undefined ? {} : { where: { organisationId } }),
    include: {
      organisation: { select: { name: true } },
      owner: true,
      indicators: { select: { indicator: { select: { ref: true } } } },
      assessments: { include: { period: true } },
    },
    orderBy: [{ organisationId: "asc" }, { position: "asc" }, { id: "asc" }],
  });
  return rows.map((o) => ({
    organisation: o.organisation.name,
    code: o.code,
    key: o.codeKey,
    title: o.title,
    group: o.groupName,
    position: o.position,
    tags: parseTags(o.tags),
    owner: o.owner ? { name: o.owner.name, email: o.owner.email, role: o.owner.role, slackUserId: o.owner.slackUserId, teamsUserId: o.owner.teamsUserId, teamsChatId: o.owner.teamsChatId } : null,
    // In reference order: the link table keeps none, and each provider returns its own.
    indicators: o.indicators.map((i) => i.indicator.ref).sort(compareRefs),
    assessments: o.assessments
      .map((a): AssessmentRecord => ({ period: { label: a.period.label, start: a.period.startDate, end: a.period.endDate }, status: asStatus(a.status), direction: asDirection(a.direction), narrative: a.narrative, by: a.assessedBy, at: a.assessedAt }))
      .sort((a, b) => comparePeriods(a.period, b.period)),
  }));
}

async function objectiveOf(tx: Tx, organisation: string, code: string) {
  const org = await tx.organisation.findFirstOrThrow({ where: { name: organisation } });
  return await tx.objective.findUniqueOrThrow({ where: { organisationId_codeKey: { organisationId: org.id, codeKey: foldKey(code) } } });
}

export function prismaAssessments(db: Db): Assessments {
  return {
    async locked(organisation, period) {
      const lock = await db.periodLock.findFirst({ where: { organisation: { name: organisation }, periodLabel: period } });
      return lock ? lockRecord(lock) : null;
    },
    async openCycle(organisation) {
      const cycle = await db.reportingCycle.findFirst({ where: { organisation: { name: organisation }, closedAt: null }, orderBy: { id: "desc" } });
      return cycle ? { period: cycle.periodLabel, due: cycle.due } : null;
    },
    assess: (a) =>
      retryWhenLocked(() =>
        db.$transaction(async (tx) => {
          const objective = await objectiveOf(tx, a.organisation, a.code);
          const period = await upsertPeriod(tx, a.period);
          const before = await tx.assessment.findUnique({ where: { objectiveId_periodId: { objectiveId: objective.id, periodId: period.id } } });
          const beforeText = before ? assessmentText(before) : null;
          if (before && before.status === a.status && before.direction === a.direction && before.narrative === a.narrative) return { recorded: false, at: before.assessedAt, before: beforeText };
          const data = { status: a.status, direction: a.direction, narrative: a.narrative, assessedBy: a.by, via: a.via, assessedAt: new Date() };
          const row = await tx.assessment.upsert({ where: { objectiveId_periodId: { objectiveId: objective.id, periodId: period.id } }, create: { objectiveId: objective.id, periodId: period.id, ...data }, update: data });
          await tx.auditEntry.create({
            data: { organisationId: objective.organisationId, subjectKind: "objective", subject: objective.code, action: `assessed for ${a.period.label}`, before: beforeText, after: assessmentText(a), by: a.by, via: a.via },
          });
          await recordChanges(tx, [{ kind: "objective", organisationId: objective.organisationId, subjectId: objective.id }]);
          return { recorded: true, at: row.assessedAt, before: beforeText };
        }, WRITER_WAIT),
      ),
  };
}

class DryRun extends Error {
  readonly counts: ObjectiveImportCounts;

  constructor(counts: ObjectiveImportCounts) {
    super("dry run");
    this.counts = counts;
  }
}

export function prismaObjectiveImports(db: Db): ObjectiveImports {
  return {
    async importObjectives(batch, options) {
      try {
        return await retryWhenLocked(() =>
          db.$transaction(async (tx) => {
            const counts = await writeObjectives(tx, batch.organisation, batch.drafts, batch.by, batch.via, batch.source);
            if (options.dryRun || counts.problems.length) throw new DryRun(counts);
            return counts;
          }, { maxWait: 15_000, timeout: 60_000 }),
        );
      } catch (error) {
        if (error instanceof DryRun) return error.counts;
        throw error;
      }
    },
  };
}

async function writeObjectives(tx: Tx, organisationName: string, drafts: ObjectiveDraft[], by: string, via: string, source: string): Promise<ObjectiveImportCounts> {
  const counts: ObjectiveImportCounts = { created: [], updated: [], unchanged: 0, problems: [] };
  const organisation = await organisationNamed(tx, organisationName);
  const existing = new Map((await tx.objective.findMany({ where: { organisationId: organisation.id }, include: { assessments: { include: { period: true } }, indicators: true } })).map((o) => [o.codeKey, o]));
  // What rows name must be there already: owners (people) and informing indicators (of this organisation).
  const emails = [...new Set(drafts.flatMap((d) => (d.owner ? [d.owner.toLowerCase()] : [])))];
  const people = new Map((await tx.person.findMany({ where: { email: { in: emails } }, select: { id: true, email: true } })).map((p) => [p.email, p.id]));
  const refs = [...new Set(drafts.flatMap((d) => (d.indicators ?? []).map(foldKey)))];
  const indicators = new Map((await tx.indicator.findMany({ where: { organisationId: organisation.id, refKey: { in: refs } }, select: { id: true, refKey: true } })).map((i) => [i.refKey, i.id]));
  for (const d of drafts) {
    if (d.owner && !people.has(d.owner.toLowerCase())) counts.problems.push({ line: d.line, value: d.owner, problem: `Nobody has the email ${d.owner}: add them first (kpi people add).` });
    for (const ref of d.indicators ?? []) if (!indicators.has(foldKey(ref))) counts.problems.push({ line: d.line, value: ref, problem: `${organisationName} has no indicator ${ref}.` });
  }
  // A published (locked) period's statuses do not change.
  const locks = new Set((await tx.periodLock.findMany({ where: { organisationId: organisation.id }, select: { periodLabel: true } })).map((l) => l.periodLabel));
  for (const d of drafts) {
    const had = existing.get(foldKey(d.code));
    for (const a of d.assessments) {
      const before = had?.assessments.find((x) => x.period.label === a.period.label);
      const same = before && before.status === a.status && before.direction === a.direction && before.narrative === a.narrative;
      if (!same && locks.has(a.period.label)) counts.problems.push({ line: d.line, value: d.code, problem: `${a.period.label} is locked (published) for ${organisationName}: its statuses do not change until an admin reopens it.` });
    }
  }
  if (counts.problems.length) return counts;

  let nextPosition = Math.max(0, ...[...existing.values()].map((o) => o.position)) + 1;
  const audit = (subject: string, action: string, before: string | null, after: string | null) =>
    tx.auditEntry.create({ data: { organisationId: organisation.id, subjectKind: "objective", subject, action, before, after, by, via } });
  for (const d of drafts) {
    const key = foldKey(d.code);
    const found = existing.get(key);
    const changes: string[] = [];
    const fields = {
      title: d.title ?? found?.title ?? d.code,
      groupName: d.group,
      tags: d.tags ? JSON.stringify(d.tags) : found?.tags ?? "[]",
      ownerId: d.owner ? people.get(d.owner.toLowerCase())! : found?.ownerId ?? null,
    };
    let objectiveId: number;
    if (!found) {
      objectiveId = (await tx.objective.create({ data: { organisationId: organisation.id, code: d.code, codeKey: key, position: nextPosition++, ...fields } })).id;
      await audit(d.code, `created by the import of ${source}`, null, `${fields.title} (${fields.groupName})`);
    } else {
      objectiveId = found.id;
      if (found.title !== fields.title) changes.push(`title “${fields.title}”`);
      if (found.groupName !== fields.groupName) changes.push(`group ${fields.groupName}`);
      if (found.tags !== fields.tags) changes.push(`tags ${parseTags(fields.tags).join(", ") || "none"}`);
      if (found.ownerId !== fields.ownerId) changes.push(`owner ${d.owner}`);
      if (changes.length) {
        await tx.objective.update({ where: { id: found.id }, data: fields });
        await audit(d.code, `${changes.join("; ")} by the import of ${source}`, `${found.title} (${found.groupName})`, `${fields.title} (${fields.groupName})`);
      }
    }
    if (d.indicators) {
      const wanted = d.indicators.map((r) => indicators.get(foldKey(r))!);
      const had = new Set(found?.indicators.map((i) => i.indicatorId) ?? []);
      if (wanted.length !== had.size || wanted.some((id) => !had.has(id))) {
        await tx.objectiveIndicator.deleteMany({ where: { objectiveId } });
        for (const indicatorId of new Set(wanted)) await tx.objectiveIndicator.create({ data: { objectiveId, indicatorId } });
        if (found) changes.push(`informed by ${d.indicators.join(", ") || "no indicator"}`);
      }
    }
    for (const a of d.assessments) {
      const before = found?.assessments.find((x) => x.period.label === a.period.label);
      if (before && before.status === a.status && before.direction === a.direction && before.narrative === a.narrative) continue;
      const period = await upsertPeriod(tx, a.period);
      const data = { status: a.status, direction: a.direction, narrative: a.narrative, assessedBy: by, via, assessedAt: new Date() };
      await tx.assessment.upsert({ where: { objectiveId_periodId: { objectiveId, periodId: period.id } }, create: { objectiveId, periodId: period.id, ...data }, update: data });
      await audit(d.code, `assessed for ${a.period.label} by the import of ${source}`, before ? assessmentText(before) : null, assessmentText(a));
      if (found) changes.push(`${a.period.label} ${before ? `${before.status} → ` : ""}${a.status}`);
    }
    if (!found) counts.created.push(d.code);
    else if (changes.length) counts.updated.push({ code: d.code, changes });
    else counts.unchanged++;
  }
  await recordChanges(tx, [{ kind: "objective", organisationId: organisation.id }]);
  return counts;
}
