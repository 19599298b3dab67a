// The Prisma catalogue reads every indicator (the read model's load) in pages of flat
// queries, and single indicators through Prisma's nested reads: both give the same records.
import { describe, expect, it } from "vitest";
import { prismaCatalogue } from "../../src/store/catalogue.ts";
import { demoDatabase, providers } from "../helpers/databases.ts";

describe.each(providers)("catalogue on %s", (provider) => {
  const database = demoDatabase(provider);

  it("reads every indicator, page by page, as each is read alone", async () => {
    const catalogue = prismaCatalogue(database().db);
    const every = await catalogue.indicators({});
    expect(every).toHaveLength(45);
    // Pages of 7 over 45 indicators: full pages, a last short one, and figures on both sides of each boundary.
    expect(await prismaCatalogue(database().db, { pageSize: 7 }).indicators({})).toEqual(every);
    for (const record of every) expect(await catalogue.indicatorsByKey(record.lookupKeys[0]!), record.ref).toEqual([record]);
    // Owners, aliases, benchmarks, commentary and recorded directions are all there.
    const acs4 = every.find((r) => r.ref === "AC/S4")!;
    expect(acs4.codes).toEqual(["ASCOF 1E"]);
    expect(acs4.owners.length).toBeGreaterThan(0);
    expect(every.filter((r) => r.commentary.length).length).toBeGreaterThan(10);
    expect(every.filter((r) => r.benchmarks.length).length).toBeGreaterThan(5);
  });

  it("reads the indicators of some services as the same records", async () => {
    const catalogue = prismaCatalogue(database().db);
    const every = await catalogue.indicators({});
    const [first, second] = await catalogue.services();
    const some = await catalogue.indicators({ serviceIds: [first!.id, second!.id] });
    expect(some.length).toBeGreaterThan(0);
    expect(some).toEqual(every.filter((r) => r.serviceId === first!.id || r.serviceId === second!.id));
  });
});
