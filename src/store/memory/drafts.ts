// Drafts held in memory: a second adapter of the Drafts port, for the core's fast tests and a console without a
// database. It passes the same contract as the Prisma store (tests/contract/drafts.contract.ts): a draft per
// indicator (its reference folded as the store folds it), period and person; none for an indicator it does not know.
import type { DraftKey, DraftRecord, Drafts } from "../../core/ports.ts";
import { foldKey } from "../../core/text.ts";

/** `indicators`: the organisation and reference of each indicator a draft may be kept for. */
export function memoryDrafts(indicators: { organisation: string; ref: string }[], now: () => Date = () => new Date()): Drafts {
  const known = new Set(indicators.map((i) => JSON.stringify([i.organisation, foldKey(i.ref)])));
  const held = new Map<string, DraftRecord>();
  const indicatorOf = (key: DraftKey) => JSON.stringify([key.organisation, foldKey(key.ref)]);
  const keyOf = (key: DraftKey) => JSON.stringify([key.organisation, foldKey(key.ref), key.period, key.person]);
  return {
    async save(key, fields) {
      if (!known.has(indicatorOf(key))) throw new Error(`no indicator ${key.ref} in ${key.organisation} to keep a draft for`);
      const savedAt = now();
      held.set(keyOf(key), { fields: { ...fields }, savedAt });
      return savedAt;
    },
    async load(key) {
      const draft = held.get(keyOf(key));
      return draft ? { fields: { ...draft.fields }, savedAt: draft.savedAt } : null;
    },
    async discard(key) {
      held.delete(keyOf(key));
    },
  };
}
