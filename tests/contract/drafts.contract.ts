// What every adapter of the Drafts port must do, run against each (drafts.test.ts): the Prisma store on SQLite and
// PostgreSQL, and the one in memory. An adapter that passes is a second implementation, not a stub.
import { describe, expect, it } from "vitest";
import type { DraftKey, Drafts } from "../../src/core/ports.ts";

const BARNET = "London Borough of Barnet";
/** AC/S8 and AC/S9 of Barnet are indicators every adapter is made with; AC/S99 is none. */
export const CONTRACT_INDICATORS = [{ organisation: BARNET, ref: "AC/S8" }, { organisation: BARNET, ref: "AC/S9" }];

export function draftsContract(name: string, make: () => Promise<{ drafts: Drafts; close?: () => Promise<void> }>) {
  describe(`the Drafts port: ${name}`, () => {
    const key = (extra: Partial<DraftKey> = {}): DraftKey => ({ organisation: BARNET, ref: "AC/S8", period: "Q3 2016/17", person: "alex.morgan@example.org", ...extra });
    const withDrafts = async (test: (drafts: Drafts) => Promise<void>) => {
      const { drafts, close } = await make();
      try {
        await test(drafts);
      } finally {
        await close?.();
      }
    };

    it("keeps what was typed, returns when it was saved, and gives it back", () =>
      withDrafts(async (drafts) => {
        const before = Date.now();
        const savedAt = await drafts.save(key(), { period: "Q3 2016/17", commentary: "Up." });
        expect(savedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
        expect(await drafts.load(key())).toEqual({ fields: { period: "Q3 2016/17", commentary: "Up." }, savedAt });
      }));

    it("saves over the draft with the same key, whatever case the reference is written in", () =>
      withDrafts(async (drafts) => {
        await drafts.save(key(), { commentary: "First." });
        await drafts.save(key({ ref: "ac/s8" }), { value: "64.1" });
        expect((await drafts.load(key()))?.fields).toEqual({ value: "64.1" });
      }));

    it("keeps one draft per indicator, period and person", () =>
      withDrafts(async (drafts) => {
        await drafts.save(key(), { commentary: "Alex's." });
        expect(await drafts.load(key({ person: "jo@example.org" }))).toBeNull();
        expect(await drafts.load(key({ period: "Q4 2016/17" }))).toBeNull();
        expect(await drafts.load(key({ ref: "AC/S9" }))).toBeNull();
        expect(await drafts.load(key({ organisation: "London Borough of Sutton" }))).toBeNull();
      }));

    it("discards a draft, and discarding none is no error", () =>
      withDrafts(async (drafts) => {
        await drafts.save(key(), { commentary: "Up." });
        await drafts.discard(key());
        expect(await drafts.load(key())).toBeNull();
        await drafts.discard(key());
        await drafts.discard(key({ ref: "AC/S99" }));
      }));

    it("keeps no draft for an indicator there is not", () =>
      withDrafts(async (drafts) => {
        await expect(drafts.save(key({ ref: "AC/S99" }), { commentary: "Up." })).rejects.toThrow("no indicator AC/S99 in London Borough of Barnet");
        expect(await drafts.load(key({ ref: "AC/S99" }))).toBeNull();
      }));
  });
}
