// The data version and the change log. Every write to what the read model holds bumps
// the version in the writer's own transaction and records beside it what it changed
// (DataChange: organisation, kind, row id), so that read models (cached-catalogue.ts)
// ask with one small query whether anything changed, and read again only what did.
import type { Db } from "./database.ts";

// One statement on both providers: creates the row the first time, adds one after that,
// atomically, so concurrent writers each count. On PostgreSQL the row stays locked until
// the writer commits, so versions are taken, and committed, one writer after another:
// a reader that sees version v sees every change logged under v and below.
const BUMP = `INSERT INTO "DataVersion" ("id", "version") VALUES (1, 1) ON CONFLICT ("id") DO UPDATE SET "version" = "DataVersion"."version" + 1`;

/**
 * What a write changed: an indicator's or an action's row (subjectId), an organisation's
 * objectives, or anything else of an organisation's (services, links, policy, imports, the
 * people its records name), which read models read again in full; organisationId null for
 * every organisation. "person" (subjectId the person's row) says only who changed: read
 * models hold people only inside organisations' records, logged as those organisations' changes.
 * "comparison" (who shares, the published tables) is read fresh at every comparison and held by no
 * read model: logged so that what was built from the data before (a report file) is built again.
 */
export type ChangeKind = "indicator" | "action" | "objective" | "organisation" | "person" | "comparison";
export interface DataChange {
  kind: ChangeKind;
  organisationId: number | null;
  subjectId?: number | null;
}

/** How many versions' changes are kept: an instance further behind than this reads everything again. */
export const KEPT_VERSIONS = 10_000;
/** The log is pruned when the version reaches a multiple of this: rarely, and by whichever writer gets there. */
const PRUNE_EVERY = 100;

type Tx = Pick<Db, "$executeRaw" | "$executeRawUnsafe" | "$queryRawUnsafe">;

const logged = (tx: Pick<Db, "$executeRaw">, change: DataChange) =>
  // Cast: PostgreSQL cannot tell the type of a parameter in a select list.
  tx.$executeRaw`INSERT INTO "DataChange" ("version", "organisationId", "kind", "subjectId")
    SELECT "version", CAST(${change.organisationId} AS INTEGER), CAST(${change.kind} AS TEXT), CAST(${change.subjectId ?? null} AS INTEGER) FROM "DataVersion" WHERE "id" = 1`;

/**
 * Marks the data changed and says what changed, in the writer's interactive transaction,
 * so that the change, the bump and its description commit together.
 */
export async function recordChanges(tx: Tx, changes: DataChange[]): Promise<void> {
  const [{ version }] = await tx.$queryRawUnsafe<[{ version: number | bigint }]>(`${BUMP} RETURNING "version"`);
  for (const change of changes.length ? changes : [{ kind: "organisation" as const, organisationId: null }]) await logged(tx, change);
  if (Number(version) % PRUNE_EVERY === 0) await tx.$executeRaw`DELETE FROM "DataChange" WHERE "version" <= ${Number(version) - KEPT_VERSIONS}`;
}

/** The same as statements of a batch transaction: `db.$transaction([write, ...changeStatements(db, [...])])`. */
export function changeStatements(db: Tx, changes: DataChange[]) {
  return [db.$executeRawUnsafe(BUMP), ...changes.map((change) => logged(db, change))];
}

/**
 * Marks the data changed without saying what: read models read everything again. For
 * writers outside the service (a generated database); the service's writers use recordChanges.
 */
export function bumpDataVersion(tx: Pick<Db, "$executeRawUnsafe">): ReturnType<Db["$executeRawUnsafe"]> {
  return tx.$executeRawUnsafe(BUMP);
}

/** The current data version: 0 before the first write. */
export async function readDataVersion(db: Pick<Db, "dataVersion">): Promise<number> {
  return (await db.dataVersion.findUnique({ where: { id: 1 }, select: { version: true } }))?.version ?? 0;
}

export interface LoggedChange extends DataChange {
  version: number;
}

/** The changes after a version up to the current one; `changes` is null where the log cannot tell them all. */
export interface ChangesSince {
  version: number;
  changes: LoggedChange[] | null;
}

/** More versions behind than this and the read model reads everything again rather than one change at a time. */
const MOST_VERSIONS_APPLIED = 1_000;

/**
 * What changed after `after`: the current version and every change logged after `after` up to it,
 * or null changes where some version between has none (pruned, or bumped by a writer that did not
 * say what), or the instance is too far behind, or the version went back (another database).
 */
export async function readChangesSince(db: Pick<Db, "dataVersion" | "dataChange">, after: number): Promise<ChangesSince> {
  const version = await readDataVersion(db);
  if (version === after) return { version, changes: [] };
  if (version < after || version - after > MOST_VERSIONS_APPLIED) return { version, changes: null };
  return { version, changes: await readChangesBetween(db, after, version) };
}

/**
 * The changes logged after `after` up to `upTo`, or null where some version between has none (pruned,
 * or bumped by a writer that did not say what): for a job that looks back further than the read
 * model's catch-up goes (the alert check, every 15 minutes), as far as the log keeps.
 */
export async function readChangesBetween(db: Pick<Db, "dataChange">, after: number, upTo: number): Promise<LoggedChange[] | null> {
  if (upTo <= after) return upTo === after ? [] : null;
  if (upTo - after > KEPT_VERSIONS) return null;
  const rows = await db.dataChange.findMany({
    where: { version: { gt: after, lte: upTo } },
    select: { version: true, organisationId: true, kind: true, subjectId: true },
    orderBy: { id: "asc" },
  });
  const described = new Set(rows.map((r) => r.version));
  if (described.size !== upTo - after) return null;
  return rows.map((r) => ({ ...r, kind: r.kind as ChangeKind }));
}
