// The many-councils database of `npm run bench -- scale`: councils × indicators × quarters, written with
// plain SQL (INSERT … SELECT over generate_series) on PostgreSQL, because 720,000 rows through Prisma one
// batch at a time take minutes. Each council has its own refs ("C12/PI7"), four services, a target and a
// result for every quarter, and one Slack workspace linked to it (T12), as `kpi link` would link it.
import pg from "pg";
import { figureValue, parseFigure } from "../src/core/figures.ts";
import { quarter, type Period } from "../src/core/periods.ts";
import { foldKey } from "../src/core/text.ts";
import { bumpDataVersion } from "../src/store/data-version.ts";
import type { Db } from "../src/store/database.ts";
import { searchTextOf } from "../src/store/indicator-imports.ts";

export interface ScaleSize {
  councils: number;
  /** Per council. */
  indicators: number;
  quarters: number;
}

/** The n-th council (from 1): its slug, name, workspace and the ref of its i-th indicator (from 1). */
export const council = (n: number) => ({ slug: `scale-${n}`, name: `Scale Council ${n}`, team: `T${n}` });
export const refOf = (n: number, i: number) => `C${n}/PI${i}`;

/** The quarters written, oldest first: the last is the quarter the storm's updates are for. */
export function quartersOf(size: ScaleSize): Period[] {
  return Array.from({ length: size.quarters }, (_, i) => quarter(((i % 4) + 1) as 1 | 2 | 3 | 4, 2018 + Math.floor(i / 4)));
}

/** Writes the councils into a migrated, empty database; the data version bumped once at the end, so instances read it whole. */
export async function generateScale(url: string, db: Db, size: ScaleSize): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const sql = (text: string, values: unknown[] = []) => client.query(text, values);
    await sql("BEGIN");
    await sql(`INSERT INTO "Organisation" ("slug", "name") SELECT 'scale-' || n, 'Scale Council ' || n FROM generate_series(1, $1) n ORDER BY n`, [size.councils]);
    await sql(`INSERT INTO "Service" ("organisationId", "name") SELECT o."id", 'Service ' || s FROM "Organisation" o, generate_series(1, 4) s`);
    for (const p of quartersOf(size)) {
      await sql(`INSERT INTO "Period" ("label", "kind", "startDate", "endDate") VALUES ($1, $2, $3, $4) ON CONFLICT ("label") DO NOTHING`, [p.label, p.kind, p.start, p.end]);
    }
    // The council's number is its slug's; refKey and searchText as the importer makes them (checked below).
    await sql(
      `INSERT INTO "Indicator" ("organisationId", "ref", "refKey", "title", "polarity", "polarityText", "type", "serviceId", "searchText")
       SELECT o."id", 'C' || c.n || '/PI' || i, 'c' || c.n || 'pi' || i, 'Scale measure ' || i,
              CASE WHEN i % 3 = 0 THEN 'smaller' ELSE 'bigger' END, CASE WHEN i % 3 = 0 THEN 'Smaller is Better' ELSE 'Bigger is Better' END,
              CASE WHEN i % 2 = 0 THEN 'CPI' ELSE 'SPI' END,
              (SELECT s."id" FROM "Service" s WHERE s."organisationId" = o."id" ORDER BY s."id" OFFSET i % 4 LIMIT 1),
              'c' || c.n || ' pi' || i || ' scale measure ' || i
       FROM "Organisation" o CROSS JOIN LATERAL (SELECT substring(o."slug" FROM 7)::int AS n) c CROSS JOIN generate_series(1, $1) i
       ORDER BY o."id", i`,
      [size.indicators],
    );
    // A target per indicator (from its id, so every quarter's is the same) and a result around it, one decimal as reports print them.
    await sql(`CREATE TEMP TABLE base AS SELECT "id", 20 + ("id" * 37 % 600) / 10.0 AS target FROM "Indicator"`);
    await sql(
      `INSERT INTO "Target" ("indicatorId", "periodId", "text", "value")
       SELECT b."id", p."id", to_char(b.target, 'FM990.0') || '%', round(b.target, 1) FROM base b CROSS JOIN "Period" p`,
    );
    await sql(
      `INSERT INTO "Result" ("indicatorId", "periodId", "text", "value")
       SELECT r."id", r.period, to_char(r.v, 'FM990.0') || '%', r.v
       FROM (SELECT b."id", p."id" AS period, round((b.target * (0.85 + random() * 0.3))::numeric, 1) AS v FROM base b CROSS JOIN "Period" p) r`,
    );
    await sql(`INSERT INTO "WorkspaceLink" ("organisationId", "kind", "externalId") SELECT o."id", 'slack-team', 'T' || substring(o."slug" FROM 7) FROM "Organisation" o`);
    await sql("COMMIT");
    await sql("ANALYZE");
    // The SQL's keys and figures are the store's: a ref the importer would fold otherwise would not be found by /kpi.
    const sample = await sql(
      `SELECT i."ref", i."refKey", i."title", i."searchText", r."text", r."value" FROM "Indicator" i JOIN "Result" r ON r."indicatorId" = i."id" ORDER BY random() LIMIT 1000`,
    );
    for (const row of sample.rows as { ref: string; refKey: string; title: string; searchText: string; text: string; value: number }[]) {
      const expected = { refKey: foldKey(row.ref), searchText: searchTextOf(row.ref, row.title, []), value: figureValue(parseFigure(row.text)) };
      if (expected.refKey !== row.refKey || expected.searchText !== row.searchText || expected.value !== row.value) {
        throw new Error(`generated ${row.ref} is not as the store writes it: ${JSON.stringify({ row, expected })}`);
      }
    }
  } finally {
    await client.end();
  }
  await bumpDataVersion(db);
}
