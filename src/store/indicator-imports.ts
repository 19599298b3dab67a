// The batch write path for indicator tables: every row of an import upserted by organisation and
// ref in one transaction, a few queries per table rather than one per cell, each indicator that
// changed audited as imported from its file, and the data version bumped. A dry run is the same
// transaction rolled back, so it reports exactly what the import would do.
import type { ImportBatch, ImportCounts, IndicatorImports } from "../core/ports.ts";
import { figureValue, parseFigure, targetFigures } from "../core/figures.ts";
import { parsePolarity } from "../core/polarity.ts";
import { foldKey, searchWords } from "../core/text.ts";
import { join, raw, sqltag as sql } from "@prisma/client/runtime/client";
import { bumpDataVersion } from "./data-version.ts";
import { lockRecord } from "./updates.ts";
import type { Db } from "./database.ts";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Ten thousand rows take several seconds on SQLite: Prisma's default of 5 s would give up. */
const IMPORT_TIMEOUT = { maxWait: 15_000, timeout: 300_000 };

const KEYS_PER_QUERY = 500;

class DryRun extends Error {
  constructor(readonly counts: ImportCounts) {
    super("dry run");
  }
}

const slugOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "organisation";


export function prismaIndicatorImports(db: Db): IndicatorImports {
  return {
    async existingRefs(organisation) {
      const rows = await db.indicator.findMany({ where: { organisation: { name: organisation } }, select: { refKey: true } });
      return new Set(rows.map((r) => r.refKey));
    },
    async importIndicators(batch, options) {
      try {
        return await db.$transaction(async (tx) => {
          const counts = await write(tx, batch);
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

async function write(tx: Tx, batch: ImportBatch): Promise<ImportCounts> {
  const { drafts, by, via, source } = batch;
  const organisation =
    (await tx.organisation.findFirst({ where: { name: batch.organisation } })) ??
    (await tx.organisation.create({ data: { name: batch.organisation, slug: await freeSlug(tx, slugOf(batch.organisation)) } }));

  // Periods and services first: a handful each, whatever the size of the table.
  const periodLabels = new Map(drafts.flatMap((d) => [...d.targets, ...d.results, ...(d.commentary ? [d.commentary] : [])]).map((f) => [f.period.label, f.period]));
  const knownPeriods = await tx.period.findMany({ where: { label: { in: [...periodLabels.keys()] } } });
  const missingPeriods = [...periodLabels.values()].filter((p) => !knownPeriods.some((k) => k.label === p.label));
  if (missingPeriods.length) await tx.period.createMany({ data: missingPeriods.map((p) => ({ label: p.label, kind: p.kind, startDate: p.start, endDate: p.end })) });
  const periodId = new Map((await tx.period.findMany({ where: { label: { in: [...periodLabels.keys()] } } })).map((p) => [p.label, p.id]));
  const serviceId = new Map<string, number>();
  for (const name of new Set(drafts.flatMap((d) => (d.service ? [d.service] : [])))) {
    const row = await tx.service.upsert({ where: { organisationId_name: { organisationId: organisation.id, name } }, create: { organisationId: organisation.id, name }, update: {} });
    serviceId.set(name, row.id);
  }

  // In chunks: SQLite takes a limited number of parameters in one query.
  const keys = drafts.map((d) => foldKey(d.ref));
  const existing = [];
  for (let at = 0; at < keys.length; at += KEYS_PER_QUERY) {
    existing.push(
      ...(await tx.indicator.findMany({
        where: { organisationId: organisation.id, refKey: { in: keys.slice(at, at + KEYS_PER_QUERY) } },
        include: { aliases: true, targets: true, results: true, commentary: { orderBy: { id: "asc" } } },
      })),
    );
  }
  const byKey = new Map(existing.map((i) => [i.refKey, i]));

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
        serviceId: d.service ? serviceId.get(d.service)! : null,
        benchmarkText: d.benchmark,
        searchText: searchTextOf(d.ref, d.title!, [d.refAsPrinted, ...d.codes]),
      })),
    );
    // Read back for their ids, in chunks as above.
    const freshKeys = [...fresh].map((d) => foldKey(d.ref));
    for (let at = 0; at < freshKeys.length; at += KEYS_PER_QUERY) {
      const created = await tx.indicator.findMany({ where: { organisationId: organisation.id, refKey: { in: freshKeys.slice(at, at + KEYS_PER_QUERY) } } });
      for (const row of created) byKey.set(row.refKey, { ...row, aliases: [], targets: [], results: [], commentary: [] });
    }
  }

  const aliases: { indicatorId: number; alias: string; key: string }[] = [];
  const targets: { indicatorId: number; periodId: number; text: string; value: number | null; low: number | null; high: number | null }[] = [];
  const results: { indicatorId: number; periodId: number; text: string; value: number | null; numerator: number | null; denominator: number | null; ragRecorded: string | null; dotShortRecorded: string | null; dotLongRecorded: string | null }[] = [];
  const commentary: { indicatorId: number; periodId: number; text: string }[] = [];
  const audit: { organisationId: number; subjectKind: string; subject: string; action: string; before: string | null; after: string | null; by: string; via: string }[] = [];
  const counts: ImportCounts = { created: [], updated: [], unchanged: 0, blocked: [] };
  const locks = new Map((await tx.periodLock.findMany({ where: { organisationId: organisation.id } })).map((l) => [l.periodLabel, lockRecord(l)]));

  for (const draft of drafts) {
    const row = byKey.get(foldKey(draft.ref))!;
    const isNew = fresh.has(draft);
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
    if (draft.service && serviceId.get(draft.service) !== row.serviceId) {
      fields.serviceId = serviceId.get(draft.service)!;
      if (!isNew) changes.push(`service: ${draft.service}`);
    }

    const aliasKeys = new Set([row.refKey, ...row.aliases.map((a) => a.key)]);
    const newAliases = [draft.refAsPrinted, ...draft.codes].filter((a) => foldKey(a) && !aliasKeys.has(foldKey(a)) && aliasKeys.add(foldKey(a)));
    aliases.push(...newAliases.map((alias) => ({ indicatorId: row.id, alias, key: foldKey(alias) })));
    if (!isNew && (newAliases.length || fields.title)) fields.searchText = searchTextOf(draft.ref, (fields.title as string | undefined) ?? row.title, [...row.aliases.map((a) => a.alias), ...newAliases]);

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
      const data = {
        text: r.text,
        value: figureValue(parseFigure(r.text)),
        numerator: r.numerator ?? was?.numerator ?? null,
        denominator: r.denominator ?? was?.denominator ?? null,
        ragRecorded: r.ragRecorded ?? was?.ragRecorded ?? null,
        dotShortRecorded: r.dotShort ?? was?.dotShortRecorded ?? null,
        dotLongRecorded: r.dotLong ?? was?.dotLongRecorded ?? null,
      };
      if (!was) results.push({ indicatorId: row.id, periodId: pid, ...data });
      else if (was.text !== r.text || was.numerator !== data.numerator || was.denominator !== data.denominator || was.ragRecorded !== data.ragRecorded || was.dotShortRecorded !== data.dotShortRecorded || was.dotLongRecorded !== data.dotLongRecorded) {
        // A figure the import replaces is kept beside the new one, as a report's restatement is.
        await tx.result.update({ where: { id: was.id }, data: { ...data, reportId: null, restatedFrom: was.text !== r.text ? `${was.text} before the import of ${source}` : was.restatedFrom } });
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
    const lockedPeriod = [...touched].find((p) => locks.has(p));
    if (lockedPeriod) counts.blocked.push({ line: draft.line, ref: draft.ref, lock: locks.get(lockedPeriod)! });
    if (isNew) {
      counts.created.push(draft.ref);
      audit.push({ organisationId: organisation.id, subjectKind: "indicator", subject: draft.ref, action: `created by the import of ${source}`, before: null, after: `${draft.targets.length} targets, ${draft.results.length} results`, by, via });
    } else if (changes.length) {
      counts.updated.push({ ref: draft.ref, changes });
      audit.push({ organisationId: organisation.id, subjectKind: "indicator", subject: draft.ref, action: `updated by the import of ${source}`, before: before.join("; ") || null, after: changes.join("; "), by, via });
    } else counts.unchanged++;
  }

  await insertRows(tx, "IndicatorAlias", aliases);
  await insertRows(tx, "Target", targets);
  await insertRows(tx, "Result", results);
  await insertRows(tx, "Commentary", commentary);
  // Each entry's time is the database's own (its column default): the history is read in id order.
  await insertRows(tx, "AuditEntry", audit);
  if (audit.length) await bumpDataVersion(tx);
  return counts;
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

const searchTextOf = (ref: string, title: string, aliases: string[]) => [...new Set(searchWords([ref, title, ...aliases].join(" ")))].join(" ");

async function freeSlug(tx: Tx, wanted: string): Promise<string> {
  const taken = new Set((await tx.organisation.findMany({ where: { slug: { startsWith: wanted } }, select: { slug: true } })).map((o) => o.slug));
  for (let n = 1; ; n++) {
    const slug = n === 1 ? wanted : `${wanted}-${n}`;
    if (!taken.has(slug)) return slug;
  }
}
