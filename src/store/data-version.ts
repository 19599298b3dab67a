// The data version: one number that every write to what the read model holds bumps in
// the writer's own transaction, so that read models (cached-catalogue.ts) can ask with
// one small query whether anything changed, and reload only when it did.
import type { Db } from "./database.ts";

// One statement on both providers: creates the row the first time, adds one after that,
// atomically, so concurrent writers each count.
const BUMP = `INSERT INTO "DataVersion" ("id", "version") VALUES (1, 1) ON CONFLICT ("id") DO UPDATE SET "version" = "DataVersion"."version" + 1`;

/**
 * Marks the data changed. Run it in the writer's transaction, so the change and the bump
 * commit together: `await bumpDataVersion(tx)` in an interactive transaction, or as one of
 * the queries of `db.$transaction([...])`.
 */
export function bumpDataVersion(tx: Pick<Db, "$executeRawUnsafe">): ReturnType<Db["$executeRawUnsafe"]> {
  return tx.$executeRawUnsafe(BUMP);
}

/** The current data version: 0 before the first write. */
export async function readDataVersion(db: Pick<Db, "dataVersion">): Promise<number> {
  return (await db.dataVersion.findUnique({ where: { id: 1 }, select: { version: true } }))?.version ?? 0;
}
