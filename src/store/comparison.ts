// Comparison across councils: which organisations share their figures, the national codes an indicator is
// mapped to, and the published comparator tables (public figures by council) imported beside them.
import type { PublishedDraft } from "../core/import/published-table.ts";
import type { Comparing, PublishedFigureRecord } from "../core/use-cases/compare.ts";
import type { NationalCode } from "../core/national-codes.ts";
import { foldKey } from "../core/text.ts";
import { recordChanges } from "./data-version.ts";
import type { Db } from "./database.ts";
import { searchTextOf } from "./indicator-imports.ts";
import { findOrganisation, NotFoundError } from "./organisations.ts";

export function prismaComparing(db: Db): Comparing {
  return {
    // Read at every comparison, not held: a council that stops sharing is left out at once, on every instance.
    async sharing() {
      return (await db.organisation.findMany({ where: { compare: true }, select: { name: true }, orderBy: { id: "asc" } })).map((o) => o.name);
    },
    async published(codeKeys) {
      if (!codeKeys.length) return [];
      const rows = await db.publishedFigure.findMany({ where: { codeKey: { in: codeKeys } }, orderBy: [{ period: "asc" }, { area: "asc" }] });
      return rows.map((r): PublishedFigureRecord => ({ code: r.code, codeKey: r.codeKey, area: r.area, areaCode: r.areaCode, period: r.period, value: r.value, text: r.text, source: r.source }));
    },
  };
}

/** kpi org set <org> --compare on|off: audited. */
export async function setComparison(db: Db, organisation: string, on: boolean, by: string): Promise<{ organisation: string; compare: boolean }> {
  const org = await findOrganisation(db, organisation);
  const row = await db.$transaction(async (tx) => {
    const updated = await tx.organisation.update({ where: { id: org.id }, data: { compare: on } });
    await recordChanges(tx, [{ kind: "comparison", organisationId: org.id }]);
    await tx.auditEntry.create({ data: { organisationId: org.id, subjectKind: "organisation", subject: "comparison", action: on ? "figures shared for comparison" : "figures no longer shared for comparison", before: String(org.compare), after: String(on), by, via: "command line" } });
    return updated;
  });
  return { organisation: row.name, compare: row.compare };
}

export class CodeRefusedError extends Error {}

/**
 * kpi codes set|remove <ref> "<code>": an indicator's national code, as one of its aliases (so `kpi ASCOF 1C`
 * finds it too), in one transaction with the change that tells every instance. A code already another
 * indicator's in the same council is refused: one council, one indicator per national measure.
 */
export async function mapNationalCode(db: Db, change: { organisation: string; ref: string; code: NationalCode; remove?: boolean; by: string }): Promise<{ organisation: string; ref: string; changed: boolean }> {
  const org = await findOrganisation(db, change.organisation);
  const indicator = await db.indicator.findFirst({ where: { organisationId: org.id, refKey: foldKey(change.ref) }, include: { aliases: true } });
  if (!indicator) throw new NotFoundError(`${org.name} has no indicator ${change.ref}.`);
  const { code } = change;
  const held = indicator.aliases.find((a) => a.key === code.key);
  if (change.remove ? !held : held) return { organisation: org.name, ref: indicator.ref, changed: false };
  if (!change.remove) {
    const other = await db.indicatorAlias.findFirst({ where: { key: code.key, indicator: { organisationId: org.id, id: { not: indicator.id } } }, include: { indicator: { select: { ref: true } } } });
    if (other) throw new CodeRefusedError(`${code.code} is already ${other.indicator.ref}'s in ${org.name}: remove it there first (kpi codes remove ${other.indicator.ref} "${code.code}").`);
  }
  await db.$transaction(async (tx) => {
    if (change.remove) await tx.indicatorAlias.delete({ where: { id: held!.id } });
    else await tx.indicatorAlias.create({ data: { indicatorId: indicator.id, alias: code.code, key: code.key } });
    const aliases = change.remove ? indicator.aliases.filter((a) => a !== held) : [...indicator.aliases, { alias: code.code }];
    await tx.indicator.update({ where: { id: indicator.id }, data: { searchText: searchTextOf(indicator.ref, indicator.title, aliases.map((a) => a.alias)) } });
    await tx.auditEntry.create({ data: { organisationId: org.id, subjectKind: "indicator", subject: indicator.ref, action: change.remove ? "national code removed" : "national code set", before: change.remove ? code.code : null, after: change.remove ? null : code.code, by: change.by, via: "command line" } });
    await recordChanges(tx, [{ kind: "indicator", organisationId: org.id, subjectId: indicator.id }]);
  });
  return { organisation: org.name, ref: indicator.ref, changed: true };
}

/** A comparator table's figures, replacing those of the same measure, council and period. */
export async function importPublishedFigures(db: Db, figures: PublishedDraft[]): Promise<{ added: number; replaced: number }> {
  let added = 0;
  let replaced = 0;
  await db.$transaction(async (tx) => {
    for (const f of figures) {
      const codeKey = foldKey(f.code);
      const where = { codeKey_area_period: { codeKey, area: f.area, period: f.period } };
      const before = await tx.publishedFigure.findUnique({ where, select: { id: true } });
      const data = { code: f.code, codeKey, area: f.area, areaCode: f.areaCode, period: f.period, value: f.value, text: f.text, source: f.source };
      await tx.publishedFigure.upsert({ where, create: data, update: { ...data, importedAt: new Date() } });
      if (before) replaced++;
      else added++;
    }
    await recordChanges(tx, [{ kind: "comparison", organisationId: null }]);
  });
  return { added, replaced };
}
