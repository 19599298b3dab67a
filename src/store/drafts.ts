// Half-filled update forms, one per indicator, period and person. A draft changes no figure, so it is
// neither audited nor counted in the data version; a submission removes its submitter's draft (updates.ts).
import type { DraftKey, Drafts } from "../core/ports.ts";
import { foldKey } from "../core/text.ts";
import { retryWhenLocked, type Db } from "./database.ts";

export function prismaDrafts(db: Db): Drafts {
  const indicatorId = async (key: DraftKey) =>
    (await db.indicator.findFirst({ where: { organisation: { name: key.organisation }, refKey: foldKey(key.ref) }, select: { id: true } }))?.id ?? null;
  const where = (id: number, key: DraftKey) => ({ indicatorId_periodLabel_person: { indicatorId: id, periodLabel: key.period, person: key.person } });
  return {
    save: (key, fields) =>
      retryWhenLocked(async () => {
        const id = await indicatorId(key);
        if (id === null) throw new Error(`no indicator ${key.ref} in ${key.organisation} to keep a draft for`);
        const json = JSON.stringify(fields);
        const row = await db.draft.upsert({ where: where(id, key), create: { indicatorId: id, periodLabel: key.period, person: key.person, fields: json }, update: { fields: json } });
        return row.updatedAt;
      }),
    async load(key) {
      const id = await indicatorId(key);
      const row = id === null ? null : await db.draft.findUnique({ where: where(id, key) });
      if (!row) return null;
      const parsed: unknown = JSON.parse(row.fields);
      // Only strings: the form's fields as typed.
      const fields = Object.fromEntries(Object.entries(parsed && typeof parsed === "object" ? parsed : {}).filter((e): e is [string, string] => typeof e[1] === "string"));
      return { fields, savedAt: row.updatedAt };
    },
    async discard(key) {
      const id = await indicatorId(key);
      if (id !== null) await retryWhenLocked(() => db.draft.deleteMany({ where: { indicatorId: id, periodLabel: key.period, person: key.person } }));
    },
  };
}
