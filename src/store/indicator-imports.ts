// The batch write path for indicator tables and reports: every row upserted by organisation and
// ref in one transaction, a few queries per table rather than one per cell, each indicator that
// changed audited as imported from its file, and the data version bumped. A dry run is the same
// transaction rolled back, so it reports exactly what the import would do. The kpi import and the
// demo loader both write through it, and so does an accepted update, so figures, restatements,
// search text, units, owners and actions follow one set of rules.
import type { ActionDraft, ImportBatch, ImportCounts, IndicatorImports } from "../core/ports.ts";
import { commonUnit, figureValue, parseFigure, targetFigures } from "../core/figures.ts";
import { parseReportDate } from "../core/periods.ts";
import { parsePolarity } from "../core/polarity.ts";
import { nationalCode, nationalCodesIn } from "../core/national-codes.ts";
import { foldKey, searchWords, slug as toSlug } from "../core/text.ts";
import { join, raw, sqltag as sql } from "@prisma/client/runtime/client";
import { recordChanges, type DataChange } from "./data-version.ts";
import { lockRecord, type Tx } from "./updates.ts";
import type { Db } from "./database.ts";

/** Ten thousand rows take several seconds on SQLite: Prisma's default of 5 s would give up. */
const IMPORT_TIMEOUT = { maxWait: 15_000, timeout: 300_000 };

const KEYS_PER_QUERY = 500;

class DryRun extends Error {
  readonly counts: ImportCounts;

  constructor(counts: ImportCounts) {
    super("dry run");
    this.counts = counts;
  }
}



export function prismaIndicatorImports(db: Db): IndicatorImports {
  return {
    async existingRefs(organisation) {
      const rows = await db.indicator.findMany({ where: { organisation: { name: organisation } }, select: { refKey: true } });
      return new Set(rows.map((r) => r.refKey));
    },
    async importIndicators(batch, options) {
      try {
        return await db.$transaction(async (tx) => {
          const counts = await writeIndicators(tx, batch);
          if (options.dryRun || counts.blocked.length) throw new DryRun(counts);
          return counts;
        }, IMPORT_TIMEOUT);
      } catch (error) {
        if (error instanceof DryRun) return error.counts;
        throw error;
      }
    },
  };
}

/** The organisation of that name; created, with the slug given or one made from the name, where there is none. */
export async function organisationNamed(tx: Tx, name: string, slug?: string) {
  return (await tx.organisation.findFirst({ where: { name } })) ?? (await tx.organisation.create({ data: { name, slug: await freeSlug(tx, slug ?? toSlug(name, "organisation")) } }));
}

/** Barnet's refs say the kind of indicator: AC/C1 corporate, AC/S1 service. */
const indicatorType = (ref: string) => (/^[A-Z]+\/C\d/i.test(ref) ? "CPI" : /^[A-Z]+\/S\d/i.test(ref) ? "SPI" : null);

/** Writes the batch in the caller's transaction (the import's own, or the demo loader's one for all its reports). */
/** Rows in chunks: SQLite takes a limited number of parameters in one query. */
async function inChunks<V, T>(values: V[], read: (chunk: V[]) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (let at = 0; at < values.length; at += KEYS_PER_QUERY) rows.push(...(await read(values.slice(at, at + KEYS_PER_QUERY))));
  return rows;
}

/** Rows by the indicator they belong to. */
function byIndicator<T extends { indicatorId: number }>(rows: T[]): (id: number) => T[] {
  const grouped = new Map<number, T[]>();
  for (const row of rows) grouped.set(row.indicatorId, [...(grouped.get(row.indicatorId) ?? []), row]);
  return (id) => grouped.get(id) ?? [];
}

/**
 * The organisation's indicators with these keys, with all an import compares, one table at a time. Not one
 * findMany with its relations included: Prisma sends the relations' queries at once, and in a transaction
 * they all go down its one connection, which pg queues with a DeprecationWarning on every import.
 */
async function indicatorsAsTheyStand(tx: Tx, organisationId: number, keys: string[]) {
  const indicators = await inChunks(keys, (refKeys) => tx.indicator.findMany({ where: { organisationId, refKey: { in: refKeys } } }));
  const ids = indicators.map((i) => i.id);
  const aliases = byIndicator(await inChunks(ids, (indicatorIds) => tx.indicatorAlias.findMany({ where: { indicatorId: { in: indicatorIds } } })));
  const owners = byIndicator(await inChunks(ids, (indicatorIds) => tx.indicatorOwner.findMany({ where: { indicatorId: { in: indicatorIds } } })));
  const targets = byIndicator(await inChunks(ids, (indicatorIds) => tx.target.findMany({ where: { indicatorId: { in: indicatorIds } } })));
  const results = byIndicator(await inChunks(ids, (indicatorIds) => tx.result.findMany({ where: { indicatorId: { in: indicatorIds } }, include: { report: { select: { title: true } } } })));
  const commentary = byIndicator(await inChunks(ids, (indicatorIds) => tx.commentary.findMany({ where: { indicatorId: { in: indicatorIds } }, orderBy: { id: "asc" } })));
  return indicators.map((i) => ({ ...i, aliases: aliases(i.id), owners: owners(i.id), targets: targets(i.id), results: results(i.id), commentary: commentary(i.id) }));
}

/** Most indicators an import tells read models one by one: more, and they read the organisation again. */
const MOST_INDICATORS_LOGGED = 50;

/**
 * What an import changed, for read models: the indicators it wrote to where that is all (an accepted
 * update, a few corrections), else the organisation (new indicators, services, a report and its actions).
 */
function importChanges(organisationId: number, batch: ImportBatch, created: number, written: Set<number>): DataChange[] {
  const onlyIndicators = !created && !batch.report && !batch.drafts.some((d) => d.service) && written.size > 0 && written.size <= MOST_INDICATORS_LOGGED;
  if (!onlyIndicators) return [{ kind: "organisation", organisationId }];
  return [...written].map((subjectId) => ({ kind: "indicator", organisationId, subjectId }));
}

export async function writeIndicators(tx: Tx, batch: ImportBatch): Promise<ImportCounts> {
  const { drafts, by, via, source } = batch;
  const change = batch.change ?? `the import of ${source}`;
  const organisation = await organisationNamed(tx, batch.organisation, batch.slug);
  const reportKey = batch.report ? { organisationId_title: { organisationId: organisation.id, title: batch.report.title } } : null;
  const loadedReport = reportKey ? await tx.report.findUnique({ where: reportKey }) : null;
  const report =
    loadedReport ??
    (batch.report ? await tx.report.create({ data: { organisationId: organisation.id, title: batch.report.title, periodLabel: batch.report.period, published: batch.report.published, source } }) : null);
  const actions = batch.report && !loadedReport ? batch.report.actions : [];

  // Periods, services and people first: a handful each, whatever the size of the table.
  const periodLabels = new Map(drafts.flatMap((d) => [...d.targets, ...d.results, ...(d.commentary ? [d.commentary] : [])]).map((f) => [f.period.label, f.period]));
  const knownPeriods = await tx.period.findMany({ where: { label: { in: [...periodLabels.keys()] } } });
  const missingPeriods = [...periodLabels.values()].filter((p) => !knownPeriods.some((k) => k.label === p.label));
  if (missingPeriods.length) await tx.period.createMany({ data: missingPeriods.map((p) => ({ label: p.label, kind: p.kind, startDate: p.start, endDate: p.end })) });
  const periodId = new Map((await tx.period.findMany({ where: { label: { in: [...periodLabels.keys()] } } })).map((p) => [p.label, p.id]));
  const serviceId = new Map<string, number>();
  for (const name of new Set([...drafts, ...actions].flatMap((d) => (d.service ? [d.service] : [])))) {
    const row = await tx.service.upsert({ where: { organisationId_name: { organisationId: organisation.id, name } }, create: { organisationId: organisation.id, name }, update: {} });
    serviceId.set(name, row.id);
  }
  const emails = [...new Set([...drafts.flatMap((d) => d.owners ?? []), ...actions.flatMap((a) => (a.owner ? [a.owner] : []))])];
  const personId = new Map((await tx.person.findMany({ where: { email: { in: emails } }, select: { id: true, email: true } })).map((p) => [p.email, p.id]));
  const unknown = emails.find((e) => !personId.has(e));
  if (unknown) throw new Error(`Nobody has the email ${unknown}: owners must be recorded before what they own.`);

  const existing = await indicatorsAsTheyStand(tx, organisation.id, drafts.map((d) => foldKey(d.ref)));
  const byKey = new Map(existing.map((i) => [i.refKey, i]));

  // The themes the batch files something under: an indicator keeps the one it was first filed under.
  const priorityId = new Map<string, number>();
  const filed = [...drafts.filter((d) => (byKey.get(foldKey(d.ref))?.priorityId ?? null) === null), ...actions];
  for (const name of new Set(filed.flatMap((d) => (d.theme ? [d.theme] : [])))) {
    const row = await tx.priority.upsert({ where: { organisationId_name: { organisationId: organisation.id, name } }, create: { organisationId: organisation.id, name }, update: {} });
    priorityId.set(name, row.id);
  }

  // New indicators, all at once.
  const fresh = new Set(drafts.filter((d) => !byKey.has(foldKey(d.ref))));
  if (fresh.size) {
    await insertRows(
      tx,
      "Indicator",
      [...fresh].map((d) => ({
        organisationId: organisation.id,
        ref: d.ref,
        refKey: foldKey(d.ref),
        title: d.title!,
        polarity: parsePolarity(d.polarityText!)!,
        polarityText: d.polarityText!,
        frequency: d.frequency,
        aggregation: d.aggregation,
        type: indicatorType(d.ref),
        dataSource: d.dataSource ?? null,
        unit: unitOf(d),
        serviceId: d.service ? serviceId.get(d.service)! : null,
        priorityId: d.theme ? priorityId.get(d.theme)! : null,
        benchmarkText: d.benchmark,
        searchText: searchTextOf(d.ref, d.title!, [d.refAsPrinted, ...d.codes]),
      })),
    );
    // Read back for their ids, in chunks as above.
    const freshKeys = [...fresh].map((d) => foldKey(d.ref));
    for (let at = 0; at < freshKeys.length; at += KEYS_PER_QUERY) {
      const created = await tx.indicator.findMany({ where: { organisationId: organisation.id, refKey: { in: freshKeys.slice(at, at + KEYS_PER_QUERY) } } });
      for (const row of created) byKey.set(row.refKey, { ...row, aliases: [], owners: [], targets: [], results: [], commentary: [] });
    }
  }

  const aliases: { indicatorId: number; alias: string; key: string }[] = [];
  const targets: { indicatorId: number; periodId: number; text: string; value: number | null; low: number | null; high: number | null }[] = [];
  const results: { indicatorId: number; periodId: number; text: string; value: number | null; numerator: number | null; denominator: number | null; ragRecorded: string | null; dotShortRecorded: string | null; dotLongRecorded: string | null; reportId: number | null }[] = [];
  const commentary: { indicatorId: number; periodId: number; text: string }[] = [];
  const owners: { indicatorId: number; personId: number }[] = [];
  const benchmarks: { indicatorId: number; position: number; text: string; value: number | null; comparator: string | null; source: string | null }[] = [];
  /** Indicators whose comparators the batch replaces. */
  const benchmarked: number[] = [];
  /** Derived fields (a unit, owners, comparators) written without being a change to report: the read models must still reload. */
  let quietWrites = 0;
  const audit: { organisationId: number; subjectKind: string; subject: string; action: string; before: string | null; after: string | null; by: string; via: string }[] = [];
  const counts: ImportCounts = { created: [], updated: [], unchanged: 0, blocked: [] };
  const locks = new Map((await tx.periodLock.findMany({ where: { organisationId: organisation.id } })).map((l) => [l.periodLabel, lockRecord(l)]));

  /** The existing indicators this batch writes to: told to read models one by one when they are all it changes. */
  const written = new Set<number>();
  for (const draft of drafts) {
    const row = byKey.get(foldKey(draft.ref))!;
    const isNew = fresh.has(draft);
    const quietBefore = quietWrites;
    const changes: string[] = [];
    const before: string[] = [];
    /** The periods whose figures this row changes. */
    const touched = new Set<string>();

    const fields: Record<string, unknown> = {};
    const set = (name: string, label: string, now: string | null | undefined, was: string | null) => {
      if (now === null || now === undefined || now === was) return;
      fields[name] = now;
      if (!isNew) {
        changes.push(`${label}: ${now}`);
        before.push(`${label}: ${was ?? "none"}`);
      }
    };
    set("title", "title", draft.title, row.title);
    if (draft.polarityText && draft.polarityText !== row.polarityText) {
      fields.polarity = parsePolarity(draft.polarityText)!;
      set("polarityText", "polarity", draft.polarityText, row.polarityText);
    }
    set("frequency", "frequency", draft.frequency, row.frequency);
    set("aggregation", "kind of figure", draft.aggregation, row.aggregation);
    set("benchmarkText", "benchmark", draft.benchmark, row.benchmarkText);
    set("dataSource", "data source", draft.dataSource, row.dataSource);
    if (draft.theme && row.priorityId === null) {
      fields.priorityId = priorityId.get(draft.theme)!;
      if (!isNew) changes.push(`theme: ${draft.theme}`);
    }
    const unit = row.unit ?? unitOf(draft);
    if (!isNew && unit !== row.unit) {
      fields.unit = unit;
      quietWrites++;
    }
    if (draft.service && serviceId.get(draft.service) !== row.serviceId) {
      fields.serviceId = serviceId.get(draft.service)!;
      if (!isNew) changes.push(`service: ${draft.service}`);
    }

    const aliasKeys = new Set([row.refKey, ...row.aliases.map((a) => a.key)]);
    // National codes as one spelling ("ASCOF 1C/2A" as ASCOF 1C(2A)), those in the title too: the same measure across councils.
    const codes = [...draft.codes.map((c) => nationalCode(c)?.code ?? c), ...nationalCodesIn(draft.title ?? row.title).map((c) => c.code)];
    const newAliases = [draft.refAsPrinted, ...codes].filter((a) => foldKey(a) && !aliasKeys.has(foldKey(a)) && aliasKeys.add(foldKey(a)));
    aliases.push(...newAliases.map((alias) => ({ indicatorId: row.id, alias, key: foldKey(alias) })));
    if (!isNew && (newAliases.length || fields.title)) fields.searchText = searchTextOf(draft.ref, (fields.title as string | undefined) ?? row.title, [...row.aliases.map((a) => a.alias), ...newAliases]);

    for (const email of draft.owners ?? []) {
      const id = personId.get(email)!;
      if (row.owners.some((o) => o.personId === id) || owners.some((o) => o.indicatorId === row.id && o.personId === id)) continue;
      owners.push({ indicatorId: row.id, personId: id });
      quietWrites++;
    }
    if (draft.benchmarks) {
      benchmarked.push(row.id);
      benchmarks.push(...draft.benchmarks.map((b, position) => ({ indicatorId: row.id, position, text: b.text, value: figureValue(parseFigure(b.text)), comparator: b.comparator, source: b.source })));
      quietWrites++;
    }

    for (const t of draft.targets) {
      const pid = periodId.get(t.period.label)!;
      const was = row.targets.find((x) => x.periodId === pid);
      if (!was) targets.push({ indicatorId: row.id, periodId: pid, ...targetFigures(t.text) });
      else if (was.text !== t.text) await tx.target.update({ where: { id: was.id }, data: targetFigures(t.text) });
      else continue;
      touched.add(t.period.label);
      if (!isNew) {
        changes.push(`${t.period.label} target: ${t.text}`);
        before.push(`${t.period.label} target: ${was?.text ?? "none"}`);
      }
    }

    for (const r of draft.results) {
      const pid = periodId.get(r.period.label)!;
      const was = row.results.find((x) => x.periodId === pid);
      // What was recorded with a figure (its fraction, rating, directions) goes with it when another replaces it.
      const kept = was?.text === r.text ? was : null;
      const data = {
        text: r.text,
        value: figureValue(parseFigure(r.text)),
        numerator: r.numerator ?? kept?.numerator ?? null,
        denominator: r.denominator ?? kept?.denominator ?? null,
        ragRecorded: r.ragRecorded ?? kept?.ragRecorded ?? null,
        dotShortRecorded: r.dotShort ?? kept?.dotShortRecorded ?? null,
        dotLongRecorded: r.dotLong ?? kept?.dotLongRecorded ?? null,
      };
      if (!was) results.push({ indicatorId: row.id, periodId: pid, ...data, reportId: report?.id ?? null });
      else if (was.text !== r.text || was.numerator !== data.numerator || was.denominator !== data.denominator || was.ragRecorded !== data.ragRecorded || was.dotShortRecorded !== data.dotShortRecorded || was.dotLongRecorded !== data.dotLongRecorded) {
        // A figure replaced (a later report's restatement, an import) is kept beside the new one; the result
        // cites the report its figure came from.
        const restated = was.text !== r.text;
        const restatedFrom = report ? `${was.text} in “${was.report?.title ?? "an earlier report"}”` : `${was.text} before ${change}`;
        await tx.result.update({ where: { id: was.id }, data: { ...data, reportId: restated ? report?.id ?? null : was.reportId, restatedFrom: restated ? restatedFrom : was.restatedFrom } });
      } else continue;
      touched.add(r.period.label);
      if (!isNew) {
        changes.push(`${r.period.label} result: ${r.text}`);
        before.push(`${r.period.label} result: ${was?.text ?? "none"}`);
      }
    }

    if (draft.commentary) {
      const pid = periodId.get(draft.commentary.period.label)!;
      const latest = row.commentary.filter((c) => c.periodId === pid).at(-1);
      if (latest?.text !== draft.commentary.text) {
        commentary.push({ indicatorId: row.id, periodId: pid, text: draft.commentary.text });
        touched.add(draft.commentary.period.label);
        if (!isNew) changes.push(`${draft.commentary.period.label} commentary`);
      }
    }

    // A new indicator was created with its fields; an existing one is updated only where something changed.
    if (!isNew && Object.keys(fields).length) await tx.indicator.update({ where: { id: row.id }, data: fields });
    if (Object.keys(fields).length || touched.size || quietWrites > quietBefore || newAliases.length) written.add(row.id);
    const lockedPeriod = [...touched].find((p) => locks.has(p));
    if (lockedPeriod) counts.blocked.push({ line: draft.line, ref: draft.ref, lock: locks.get(lockedPeriod)! });
    if (isNew) {
      counts.created.push(draft.ref);
      audit.push({ organisationId: organisation.id, subjectKind: "indicator", subject: draft.ref, action: `created by ${change}`, before: null, after: `${draft.targets.length} targets, ${draft.results.length} results`, by, via });
    } else if (changes.length) {
      counts.updated.push({ ref: draft.ref, changes });
      audit.push({ organisationId: organisation.id, subjectKind: "indicator", subject: draft.ref, action: `updated by ${change}`, before: before.join("; ") || null, after: changes.join("; "), by, via });
    } else counts.unchanged++;
  }

  await insertRows(tx, "IndicatorAlias", aliases);
  await insertRows(tx, "IndicatorOwner", owners);
  await insertRows(tx, "Target", targets);
  await insertRows(tx, "Result", results);
  await insertRows(tx, "Commentary", commentary);
  if (benchmarked.length) await tx.benchmark.deleteMany({ where: { indicatorId: { in: benchmarked } } });
  await insertRows(tx, "Benchmark", benchmarks);
  await writeActions(tx, actions, { organisationId: organisation.id, reportId: report?.id ?? null, serviceId, priorityId, personId });
  // Each entry's time is the database's own (its column default): the history is read in id order.
  if (!batch.report && batch.audit !== false) await insertRows(tx, "AuditEntry", audit);
  if (counts.created.length || counts.updated.length || quietWrites || actions.length || (report && !loadedReport)) await recordChanges(tx, importChanges(organisation.id, batch, fresh.size, written));
  return counts;
}

const unitOf = (draft: ImportBatch["drafts"][number]) => commonUnit([...draft.targets, ...draft.results].map((f) => f.text));

/**
 * A report's actions, in its order. Each level (intentions, then what sits under them) is written in one
 * statement, so that a child's parent already has its id; the report's order is kept in their positions.
 */
async function writeActions(tx: Tx, actions: ActionDraft[], ids: { organisationId: number; reportId: number | null; serviceId: Map<string, number>; priorityId: Map<string, number>; personId: Map<string, number> }) {
  // The position of the action each sits under: the last with its parent's ref listed before it (-1: none).
  const lastWithRef = new Map<string, number>();
  const parentAt = actions.map((a, position) => {
    const parent = a.parentRef ? lastWithRef.get(a.parentRef) ?? -1 : -1;
    if (a.ref) lastWithRef.set(a.ref, position);
    return parent;
  });
  const actionId = new Map<number, number>();
  let level = actions.map((_, position) => position).filter((position) => parentAt[position] === -1);
  while (level.length) {
    const written = await tx.action.createManyAndReturn({
      select: { id: true, position: true },
      data: level.map((position) => {
        const a = actions[position]!;
        return {
          organisationId: ids.organisationId,
          kind: a.kind,
          ref: a.ref,
          refKey: a.ref ? foldKey(a.ref) : null,
          parentId: parentAt[position]! >= 0 ? actionId.get(parentAt[position]!)! : null,
          title: a.title,
          rag: a.rag,
          status: a.status,
          dueText: a.due,
          dueDate: a.due ? parseReportDate(a.due) : null,
          note: a.note,
          noteDateText: a.noteDate,
          noteDate: a.noteDate ? parseReportDate(a.noteDate) : null,
          serviceId: a.service ? ids.serviceId.get(a.service)! : null,
          priorityId: a.theme ? ids.priorityId.get(a.theme)! : null,
          reportId: ids.reportId,
          position,
          searchText: searchWords(`${a.ref ?? ""} ${a.title}`).join(" "),
        };
      }),
    });
    for (const row of written) actionId.set(row.position, row.id);
    await insertRows(tx, "ActionOwner", written.flatMap((row) => (actions[row.position]!.owner ? [{ actionId: row.id, personId: ids.personId.get(actions[row.position]!.owner!)! }] : [])));
    level = actions.map((_, position) => position).filter((position) => !actionId.has(position) && actionId.has(parentAt[position]!));
  }
}

/** Rows per INSERT: SQLite and PostgreSQL take a few thousand parameters in one statement with room to spare. */
const ROWS_PER_INSERT = 300;

/**
 * Plain rows (numbers, text, nulls: no dates, which each provider stores its own way; a row's time is the
 * column's default) inserted many to a
 * statement. Prisma's createMany through a driver adapter costs about a millisecond a row here; this, a few
 * milliseconds a statement.
 */
async function insertRows(tx: Tx, table: string, rows: Record<string, string | number | null>[]): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]!);
  const head = raw(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `);
  for (let at = 0; at < rows.length; at += ROWS_PER_INSERT) {
    const values = rows.slice(at, at + ROWS_PER_INSERT).map((row) => sql`(${join(columns.map((c) => row[c] ?? null))})`);
    await tx.$executeRaw(sql`${head}${join(values)}`);
  }
}

export const searchTextOf = (ref: string, title: string, aliases: string[]) => [...new Set(searchWords([ref, title, ...aliases].join(" ")))].join(" ");

async function freeSlug(tx: Tx, wanted: string): Promise<string> {
  const taken = new Set((await tx.organisation.findMany({ where: { slug: { startsWith: wanted } }, select: { slug: true } })).map((o) => o.slug));
  for (let n = 1; ; n++) {
    const slug = n === 1 ? wanted : `${wanted}-${n}`;
    if (!taken.has(slug)) return slug;
  }
}
