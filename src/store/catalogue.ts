// The core's Catalogue port on Prisma.
import type { ActionRecord, Catalogue, IndicatorRecord, ObjectiveRecord, PeriodRef, PersonRecord, ResultRecord, TargetRecord } from "../core/ports.ts";
import { asPolarity } from "../core/polarity.ts";
import { asAggregation } from "../core/aggregation.ts";
import { ragPolicy } from "../core/ratings.ts";
import { listLinks } from "./organisations.ts";
import { readObjectives } from "./objectives.ts";
import type { Db } from "./database.ts";
import { readChangesBetween, readChangesSince, type ChangesSince, type LoggedChange } from "./data-version.ts";
import { compareRefs, referenceKeys } from "../core/text.ts";
import type { Prisma } from "../generated/sqlite/client.ts";
import { join, raw, sqltag as sql, type Sql } from "@prisma/client/runtime/client";

// What an indicator record is made of, and no more: the read model holds 10,000 of them.
// Figures name their period by id; the periods are read once (readPeriods) and shared.
const indicatorSelect = {
  id: true,
  ref: true,
  refKey: true,
  title: true,
  searchText: true,
  serviceId: true,
  polarity: true,
  polarityText: true,
  aggregation: true,
  retiredAt: true,
  retiredBy: true,
  retiredNote: true,
  type: true,
  frequency: true,
  ragBands: true,
  benchmarkText: true,
  organisation: { select: { name: true, ragScheme: true, ragBands: true } },
  service: { select: { name: true } },
  priority: { select: { name: true } },
  // In the same order as readEveryIndicator reads them.
  aliases: { select: { alias: true, key: true }, orderBy: { id: "asc" } },
  owners: { select: { person: true }, orderBy: { personId: "asc" } },
  targets: { select: { periodId: true, text: true, value: true, low: true, high: true }, orderBy: { id: "asc" } },
  results: { select: { periodId: true, text: true, value: true, numerator: true, denominator: true, ragRecorded: true, dotShortRecorded: true, dotLongRecorded: true, restatedFrom: true }, orderBy: { id: "asc" } },
  benchmarks: { select: { text: true, value: true, comparator: true, source: true }, orderBy: { position: "asc" } },
  commentary: { select: { periodId: true, text: true }, orderBy: { id: "asc" } },
  // The latest submission awaiting review.
  submissions: { where: { status: "submitted" }, select: { periodId: true, text: true, value: true, commentary: true, submittedBy: true, createdAt: true }, orderBy: { id: "desc" }, take: 1 },
} satisfies Prisma.IndicatorSelect;

type SubmissionFields = { periodId: number; text: string; value: number; commentary: string; submittedBy: string; createdAt: Date };

// The record's fields as stored: periods by id (shared between indicators), benchmarks without their position.
type TargetFields = Omit<TargetRecord, "period"> & { periodId: number };
type ResultFields = Omit<ResultRecord, "period"> & { periodId: number };
type BenchmarkFields = IndicatorRecord["benchmarks"][number];
type IndicatorFields = {
  id: number;
  ref: string;
  refKey: string;
  title: string;
  searchText: string;
  serviceId: number | null;
  polarity: string;
  polarityText: string;
  type: string | null;
  frequency: string | null;
  ragBands: string | null;
  benchmarkText: string | null;
  aggregation: string | null;
  retiredAt: Date | string | null;
  retiredBy: string | null;
  retiredNote: string | null;
};

/** What an indicator record is built from: a row of indicatorSelect, or the same assembled by readEveryIndicator. */
type IndicatorParts = IndicatorFields & {
  organisation: { name: string; ragScheme: string; ragBands: string | null };
  service: { name: string } | null;
  priority: { name: string } | null;
  submissions: SubmissionFields[];
  aliases: { alias: string; key: string }[];
  owners: { person: PersonRecord }[];
  targets: TargetFields[];
  results: ResultFields[];
  benchmarks: BenchmarkFields[];
  commentary: { periodId: number | null; text: string }[];
};

const person = (p: PersonRecord): PersonRecord => ({
  name: p.name,
  email: p.email,
  role: p.role,
  slackUserId: p.slackUserId,
  teamsUserId: p.teamsUserId,
  teamsChatId: p.teamsChatId ?? null,
});

type Periods = Map<number, PeriodRef>;

/** Every period (a few dozen), one PeriodRef each, shared by every figure of it: 10,000 indicators have 240,000 figures. */
async function readPeriods(db: Db): Promise<Periods> {
  const rows = await db.period.findMany();
  return new Map(rows.map((p) => [p.id, { label: p.label, start: p.startDate, end: p.endDate }]));
}

/**
 * The periods, read again where a figure names one not read yet: a writer (an update for a new
 * quarter) may add a period between reading the periods and reading the figures. Periods are never removed.
 */
async function covering(db: Db, periods: Periods, rows: { periodId: number | null }[][]): Promise<Periods> {
  const missing = rows.some((list) => list.some((f) => f.periodId !== null && !periods.has(f.periodId)));
  if (!missing) return periods;
  for (const [id, period] of await readPeriods(db)) periods.set(id, period);
  return periods;
}

/** Indicators read at a time when reading every one: their rows are garbage before the next page's are read. */
const INDICATOR_PAGE = 200;

type ActionRow = Prisma.ActionGetPayload<{ include: typeof actionInclude }>;

const actionInclude = {
  organisation: true,
  service: true,
  priority: true,
  owners: { select: { person: true, role: true }, orderBy: { personId: "asc" as const } },
  parent: true,
  children: { orderBy: { position: "asc" as const } },
  report: { select: { periodLabel: true } },
};

/** Indicators still reported: lists, searches and suggestions leave retired ones out; a lookup by reference finds them. */
const CURRENT = { retiredAt: null } satisfies Prisma.IndicatorWhereInput;

/** Report order: as each report lists them. */
const actionOrder = [{ organisationId: "asc" as const }, { reportId: "asc" as const }, { position: "asc" as const }];

/**
 * One string per distinct value and one RAG policy per distinct set of bands, while reading many records:
 * the driver makes a new string for every cell, and 10,000 indicators repeat their polarity, type and
 * each target's text over 12 periods. Records are never changed in place, so sharing is safe.
 */
interface Sharing {
  text<T extends string | null>(value: T): T;
  policy(scheme: string, organisationBands: string | null, indicatorBands: string | null): IndicatorRecord["ragPolicy"];
}

function sharing(): Sharing {
  const texts = new Map<string, string>();
  const policies = new Map<string, IndicatorRecord["ragPolicy"]>();
  return {
    text<T extends string | null>(value: T): T {
      if (value === null) return value;
      const known = texts.get(value);
      if (known !== undefined) return known as T;
      texts.set(value, value);
      return value;
    },
    policy(scheme, organisationBands, indicatorBands) {
      const key = JSON.stringify([scheme, organisationBands, indicatorBands]);
      let policy = policies.get(key);
      if (!policy) policies.set(key, (policy = ragPolicy(scheme, organisationBands, indicatorBands)));
      return policy;
    },
  };
}

/**
 * The row id of each record read here, beside it rather than in it (records are what the core sees):
 * what the read model finds a changed indicator or action by (the change log names rows by id).
 */
const rowIds = new WeakMap<IndicatorRecord | ActionRecord, number>();

/** The row id of an indicator or action read by this store; undefined for a record from elsewhere. */
export const rowIdOf = (record: IndicatorRecord | ActionRecord): number | undefined => rowIds.get(record);

function withRowId<T extends IndicatorRecord | ActionRecord>(id: number, record: T): T {
  rowIds.set(record, id);
  return record;
}

function toIndicatorRecord(row: IndicatorParts, periods: Periods, shared: Sharing = sharing()): IndicatorRecord {
  const period = (id: number) => periods.get(id)!;
  const text = shared.text;
  return withRowId(row.id, {
    ref: row.ref,
    lookupKeys: [row.refKey, ...row.aliases.map((a) => a.key)],
    searchText: row.searchText,
    serviceId: row.serviceId,
    title: row.title,
    organisation: row.organisation.name,
    polarity: asPolarity(text(row.polarity)),
    polarityText: text(row.polarityText),
    service: row.service?.name ?? null,
    priority: row.priority?.name ?? null,
    type: text(row.type),
    frequency: text(row.frequency),
    aggregation: asAggregation(row.aggregation),
    ragPolicy: shared.policy(row.organisation.ragScheme, row.organisation.ragBands, row.ragBands),
    codes: row.aliases.filter((a) => a.alias !== row.ref && !a.alias.startsWith(`${row.ref} `)).map((a) => a.alias),
    benchmarkText: row.benchmarkText,
    benchmarks: row.benchmarks.map((b) => ({ text: b.text, value: b.value, comparator: b.comparator, source: b.source })),
    targets: row.targets.map((t) => ({ period: period(t.periodId), text: text(t.text), value: t.value, low: t.low, high: t.high })),
    results: row.results.map((r) => ({
      period: period(r.periodId),
      text: text(r.text),
      value: r.value,
      numerator: r.numerator,
      denominator: r.denominator,
      ragRecorded: text(r.ragRecorded),
      dotShortRecorded: text(r.dotShortRecorded),
      dotLongRecorded: text(r.dotLongRecorded),
      restatedFrom: r.restatedFrom,
    })),
    commentary: row.commentary.map((c) => ({ period: c.periodId === null ? null : period(c.periodId).label, text: c.text })),
    owners: row.owners.map((o) => person(o.person)),
    retired: row.retiredAt === null ? null : { at: new Date(row.retiredAt), by: row.retiredBy ?? "", note: row.retiredNote },
    provisional: row.submissions[0]
      ? { period: period(row.submissions[0].periodId), text: row.submissions[0].text, value: row.submissions[0].value, commentary: row.submissions[0].commentary, submittedBy: row.submissions[0].submittedBy, at: new Date(row.submissions[0].createdAt) }
      : null,
  });
}

function toActionRecord(a: ActionRow): ActionRecord {
  return withRowId(a.id, {
    kind: a.kind,
    ref: a.ref,
    lookupKeys: a.ref ? referenceKeys(a.ref) : [],
    serviceId: a.serviceId,
    title: a.title,
    organisation: a.organisation.name,
    rag: a.rag,
    status: a.status,
    dueText: a.dueText,
    dueDate: a.dueDate,
    note: a.note,
    noteDateText: a.noteDateText,
    service: a.service?.name ?? null,
    priority: a.priority?.name ?? null,
    parent: a.parent ? { ref: a.parent.ref, title: a.parent.title } : null,
    children: a.children.map((c) => ({ ref: c.ref, title: c.title, status: c.status, rag: c.rag, dueText: c.dueText })),
    // The owner before any delegate.
    owners: [...a.owners].sort((x, y) => Number(x.role !== "owner") - Number(y.role !== "owner")).map((o) => person(o.person)),
    reportPeriod: a.report?.periodLabel ?? null,
  });
}

/** Rows grouped by their indicator, in the order read. */
function byIndicator<T extends { indicatorId: number }>(rows: T[]): Map<number, T[]> {
  const grouped = new Map<number, T[]>();
  for (const row of rows) {
    const found = grouped.get(row.indicatorId);
    if (found) found.push(row);
    else grouped.set(row.indicatorId, [row]);
  }
  return grouped;
}

type Named = { id: number; name: string };
type OrganisationFields = Named & { ragScheme: string; ragBands: string | null };

/** What a page of indicator rows is completed with: organisations, services and priorities by id, and the periods. */
interface Lookups {
  periods: Periods;
  organisationById: Map<number, OrganisationFields>;
  serviceById: Map<number, Named>;
  priorityById: Map<number, Named>;
}

/**
 * Indicators as records, table by table in flat queries rather than Prisma's nested reads, which take
 * twice the time and make far more garbage: the rows `rows` selects from "Indicator", and their aliases,
 * owners, figures and the rest where `children(column)` holds of the column naming their indicator.
 */
async function readIndicatorPage(db: Db, lookups: Lookups, shared: Sharing, rows: (IndicatorFields & { organisationId: number; priorityId: number | null })[], children: (column: Sql) => Sql): Promise<IndicatorRecord[]> {
  const on = children(raw(`"indicatorId"`));
  const [aliases, owners, targets, results, benchmarks, commentary, submissions] = await Promise.all([
    db.$queryRaw<{ indicatorId: number; alias: string; key: string }[]>`
      SELECT "indicatorId", "alias", "key" FROM "IndicatorAlias" WHERE ${on} ORDER BY "id"`.then(byIndicator),
    db.$queryRaw<(PersonRecord & { indicatorId: number })[]>`
      SELECT o."indicatorId", p."name", p."email", p."role", p."slackUserId", p."teamsUserId", p."teamsChatId" FROM "IndicatorOwner" o JOIN "Person" p ON p."id" = o."personId"
      WHERE ${children(raw(`o."indicatorId"`))} ORDER BY o."indicatorId", o."personId"`.then(byIndicator),
    db.$queryRaw<(TargetFields & { indicatorId: number })[]>`
      SELECT "indicatorId", "periodId", "text", "value", "low", "high" FROM "Target" WHERE ${on} ORDER BY "id"`.then(byIndicator),
    db.$queryRaw<(ResultFields & { indicatorId: number })[]>`
      SELECT "indicatorId", "periodId", "text", "value", "numerator", "denominator", "ragRecorded", "dotShortRecorded", "dotLongRecorded", "restatedFrom"
      FROM "Result" WHERE ${on} ORDER BY "id"`.then(byIndicator),
    db.$queryRaw<(BenchmarkFields & { indicatorId: number })[]>`
      SELECT "indicatorId", "text", "value", "comparator", "source" FROM "Benchmark" WHERE ${on} ORDER BY "indicatorId", "position"`.then(byIndicator),
    db.$queryRaw<{ indicatorId: number; periodId: number | null; text: string }[]>`
      SELECT "indicatorId", "periodId", "text" FROM "Commentary" WHERE ${on} ORDER BY "id"`.then(byIndicator),
    db.$queryRaw<(SubmissionFields & { indicatorId: number })[]>`
      SELECT "indicatorId", "periodId", "text", "value", "commentary", "submittedBy", "createdAt" FROM "Submission"
      WHERE "status" = 'submitted' AND ${on} ORDER BY "id" DESC`.then(byIndicator),
  ]);
  const periods = await covering(db, lookups.periods, [...targets.values(), ...results.values(), ...commentary.values(), ...submissions.values()]);
  return rows.map((row) =>
    toIndicatorRecord(
      {
        ...row,
        organisation: lookups.organisationById.get(row.organisationId)!,
        service: row.serviceId === null ? null : lookups.serviceById.get(row.serviceId)!,
        priority: row.priorityId === null ? null : lookups.priorityById.get(row.priorityId)!,
        aliases: aliases.get(row.id) ?? [],
        owners: (owners.get(row.id) ?? []).map((p) => ({ person: p })),
        targets: targets.get(row.id) ?? [],
        results: results.get(row.id) ?? [],
        benchmarks: benchmarks.get(row.id) ?? [],
        commentary: commentary.get(row.id) ?? [],
        submissions: submissions.get(row.id) ?? [],
      },
      periods,
      shared,
    ),
  );
}

const INDICATOR_COLUMNS = raw(`"id", "organisationId", "serviceId", "priorityId", "ref", "refKey", "title", "searchText", "polarity", "polarityText", "type", "frequency", "ragBands", "benchmarkText", "aggregation", "retiredAt", "retiredBy", "retiredNote"`);
type IndicatorRow = IndicatorFields & { organisationId: number; priorityId: number | null };

/**
 * Every indicator (what the read model loads): page by page. Only one page's rows are in memory at a
 * time, and requests are answered between pages.
 */
async function readEveryIndicator(db: Db, pageSize: number, organisationId?: number): Promise<IndicatorRecord[]> {
  const [periods, organisations, services, priorities] = await Promise.all([
    readPeriods(db),
    db.organisation.findMany({ select: { id: true, name: true, ragScheme: true, ragBands: true } }),
    db.service.findMany({ select: { id: true, name: true } }),
    db.priority.findMany({ select: { id: true, name: true } }),
  ]);
  const lookups: Lookups = { periods, organisationById: byId(organisations), serviceById: byId(services), priorityById: byId(priorities) };
  const records: IndicatorRecord[] = [];
  const shared = sharing();
  for (let after = 0; ; ) {
    const ofOrganisation = organisationId === undefined ? sql`` : sql`AND "organisationId" = ${organisationId}`;
    const rows = await db.$queryRaw<IndicatorRow[]>`SELECT ${INDICATOR_COLUMNS} FROM "Indicator" WHERE "id" > ${after} ${ofOrganisation} ORDER BY "id" LIMIT ${pageSize}`;
    if (!rows.length) return records;
    const last = rows.at(-1)!.id;
    const from = after;
    // One organisation's: the ids between are other organisations' too, so the page's own are named.
    const page =
      organisationId === undefined
        ? (column: Sql) => sql`${column} > ${from} AND ${column} <= ${last}`
        : (column: Sql) => sql`${column} IN (SELECT "id" FROM "Indicator" WHERE "organisationId" = ${organisationId} AND "id" > ${from} AND "id" <= ${last})`;
    records.push(...(await readIndicatorPage(db, lookups, shared, rows, page)));
    if (rows.length < pageSize) return records;
    after = last;
    // SQLite's driver is synchronous: without this, requests would wait for the last page.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The indicators with these ids (a few: what the change log names), in id order, read as the read model loads them. */
async function readIndicatorsById(db: Db, ids: number[]): Promise<IndicatorRecord[]> {
  if (!ids.length) return [];
  const wanted = join(ids);
  const rows = await db.$queryRaw<IndicatorRow[]>`SELECT ${INDICATOR_COLUMNS} FROM "Indicator" WHERE "id" IN (${wanted}) ORDER BY "id"`;
  if (!rows.length) return [];
  const ofRows = (values: (number | null)[]) => join([...new Set(values.filter((v): v is number => v !== null)), -1]);
  const [periods, organisations, services, priorities] = await Promise.all([
    readPeriods(db),
    db.$queryRaw<OrganisationFields[]>`SELECT "id", "name", "ragScheme", "ragBands" FROM "Organisation" WHERE "id" IN (${ofRows(rows.map((r) => r.organisationId))})`,
    db.$queryRaw<Named[]>`SELECT "id", "name" FROM "Service" WHERE "id" IN (${ofRows(rows.map((r) => r.serviceId))})`,
    db.$queryRaw<Named[]>`SELECT "id", "name" FROM "Priority" WHERE "id" IN (${ofRows(rows.map((r) => r.priorityId))})`,
  ]);
  const lookups: Lookups = { periods, organisationById: byId(organisations), serviceById: byId(services), priorityById: byId(priorities) };
  return await readIndicatorPage(db, lookups, sharing(), rows, (column) => sql`${column} IN (${wanted})`);
}

const byId = <T extends { id: number }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));

/** Indicators as records, read with Prisma's nested reads: for a few at a time. */
async function readIndicatorRecords(db: Db, args: Omit<Prisma.IndicatorFindManyArgs, "select" | "include">): Promise<IndicatorRecord[]> {
  const [rows, read] = await Promise.all([db.indicator.findMany({ ...args, select: indicatorSelect }), readPeriods(db)]);
  const known = await covering(db, read, rows.flatMap((row) => [row.targets, row.results, row.commentary, row.submissions]));
  const shared = sharing();
  return rows.map((row) => toIndicatorRecord(row, known, shared));
}

/** What a read model needs to apply the change log: the changes, and the changed rows read again. */
export interface ChangeSource {
  /** The changes after a version (readChangesSince). */
  since(version: number): Promise<ChangesSince>;
  /** The changes after a version up to another, as far back as the log keeps (readChangesBetween); null where it cannot tell. */
  between(after: number, upTo: number): Promise<LoggedChange[] | null>;
  /** The indicators with these row ids that still exist (rowIdOf tells each one's id). */
  indicatorsById(ids: number[]): Promise<IndicatorRecord[]>;
  /** The actions with these row ids that still exist, and their parents (which list their children's states). */
  actionsWithParents(ids: number[]): Promise<ActionRecord[]>;
  /** Every organisation's row id and name, in id order: how the read model finds the part a change names. */
  organisationIds(): Promise<{ id: number; name: string }[]>;
  /** One organisation's objectives (a change of objectives reads only these again). */
  objectivesOf(organisationId: number): Promise<ObjectiveRecord[]>;
  /**
   * Everything the read model holds of one organisation, read as a full load reads it: its indicators
   * (retired ones too) in reference order, its actions in report order, its objectives; null where it is gone.
   */
  organisationPart(organisationId: number): Promise<OrganisationPart | null>;
}

export interface OrganisationPart {
  name: string;
  indicators: IndicatorRecord[];
  actions: ActionRecord[];
  objectives: ObjectiveRecord[];
}

export function prismaChangeSource(db: Db): ChangeSource {
  return {
    since: (version) => readChangesSince(db, version),
    between: (after, upTo) => readChangesBetween(db, after, upTo),
    indicatorsById: (ids) => readIndicatorsById(db, ids),
    async actionsWithParents(ids) {
      const rows = await db.action.findMany({ where: { OR: [{ id: { in: ids } }, { children: { some: { id: { in: ids } } } }] }, include: actionInclude, orderBy: actionOrder });
      return rows.map(toActionRecord);
    },
    organisationIds: () => db.organisation.findMany({ select: { id: true, name: true }, orderBy: { id: "asc" } }),
    objectivesOf: (organisationId) => readObjectives(db, organisationId),
    async organisationPart(organisationId) {
      const organisation = await db.organisation.findUnique({ where: { id: organisationId }, select: { name: true } });
      if (!organisation) return null;
      const [indicators, actions, objectives] = await Promise.all([
        readEveryIndicator(db, INDICATOR_PAGE, organisationId),
        db.action.findMany({ where: { organisationId }, include: actionInclude, orderBy: actionOrder }),
        readObjectives(db, organisationId),
      ]);
      // Reference order, equal references in row order (read in id order, and the sort is stable): as a full load orders them.
      return { name: organisation.name, indicators: indicators.sort((a, b) => compareRefs(a.ref, b.ref)), actions: actions.map(toActionRecord), objectives };
    },
  };
}

export function prismaCatalogue(db: Db, options: { pageSize?: number } = {}): Catalogue {
  const readIndicators = (args: Omit<Prisma.IndicatorFindManyArgs, "select" | "include">) => readIndicatorRecords(db, args);

  return {
    async indicatorsByKey(key) {
      return await readIndicators({ where: { OR: [{ refKey: key }, { aliases: { some: { key } } }] }, orderBy: { id: "asc" } });
    },

    async indicators({ serviceIds, includeRetired = false }) {
      if (serviceIds) return await readIndicators({ where: { serviceId: { in: serviceIds }, ...(includeRetired ? {} : CURRENT) }, orderBy: { id: "asc" } });
      const every = await readEveryIndicator(db, options.pageSize ?? INDICATOR_PAGE);
      return includeRetired ? every : every.filter((r) => !r.retired);
    },

    async indicatorsOwnedBy({ slackUserId, teamsUserId }) {
      if (!slackUserId && !teamsUserId) return { person: null, indicators: [] };
      const found = await db.person.findFirst({ where: slackUserId ? { slackUserId } : { teamsUserId } });
      if (!found) return { person: null, indicators: [] };
      return { person: person(found), indicators: await readIndicators({ where: { owners: { some: { personId: found.id } }, ...CURRENT }, orderBy: { id: "asc" } }) };
    },

    async actionsByKey(key) {
      // A combined ref ("MOS 46 & 47") is stored folded whole ("mos4647"): look among the combined ones with the same letters.
      const letters = /^[a-z]*/.exec(key)![0];
      const rows = await db.action.findMany({
        where: { OR: [{ refKey: key }, ...(letters ? [{ refKey: { startsWith: letters }, ref: { contains: "&" } }] : [])] },
        include: actionInclude,
        orderBy: actionOrder,
      });
      return rows.map(toActionRecord).filter((a) => a.lookupKeys.includes(key));
    },

    async actions({ serviceIds }) {
      const rows = await db.action.findMany({
        where: serviceIds ? { serviceId: { in: serviceIds } } : {},
        include: actionInclude,
        orderBy: actionOrder,
      });
      return rows.map(toActionRecord);
    },

    async services() {
      const rows = await db.service.findMany({ include: { organisation: true }, orderBy: { id: "asc" } });
      return rows.map((r) => ({ id: r.id, name: r.name, organisation: r.organisation.name }));
    },

    async organisations() {
      return await db.organisation.findMany({ select: { slug: true, name: true }, orderBy: { id: "asc" } });
    },

    async workspaceLinks() {
      return await listLinks(db);
    },

    objectives: () => readObjectives(db),

    async searchIndicators(words, limit) {
      const records = await readIndicators({ where: { OR: words.map((w) => ({ searchText: { contains: w } })), ...CURRENT }, take: 500 });
      return records
        .map((record) => ({ record, matched: words.filter((w) => record.searchText.includes(w)).length }))
        .sort((a, b) => b.matched - a.matched || compareRefs(a.record.ref, b.record.ref))
        .slice(0, limit);
    },

    async changes({ organisation, ref, kind = "indicator" }) {
      const org = await db.organisation.findFirst({ where: { name: organisation }, select: { id: true } });
      const rows = org ? await db.auditEntry.findMany({ where: { organisationId: org.id, subjectKind: kind, subject: ref }, orderBy: { id: "desc" } }) : [];
      return rows.map((r) => ({ at: r.at, by: r.by, via: r.via, action: r.action, before: r.before, after: r.after }));
    },

    async allRefs() {
      const rows = await db.indicator.findMany({ where: CURRENT, select: { ref: true, refKey: true, title: true } });
      return rows.map((r) => ({ ref: r.ref, key: r.refKey, title: r.title }));
    },
  };
}
