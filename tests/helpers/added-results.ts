// A result added to the demo database for one test, as a later report's import would add it, and taken
// away again so that the other tests in the file see the demo data as it is.
import { figureValue, parseFigure } from "../../src/core/figures.ts";
import { parsePeriod } from "../../src/core/periods.ts";
import type { Db } from "../../src/store/database.ts";

/** Adds the indicator's result for the period (a period the demo data may not have yet); returns what removes it. */
export async function addResult(db: Db, ref: string, label: string, text: string): Promise<() => Promise<void>> {
  const period = parsePeriod(label)!;
  const indicator = await db.indicator.findFirstOrThrow({ where: { ref } });
  const row = await db.period.upsert({
    where: { label: period.label },
    create: { label: period.label, kind: period.kind, startDate: period.start, endDate: period.end },
    update: {},
  });
  const result = await db.result.create({ data: { indicatorId: indicator.id, periodId: row.id, text, value: figureValue(parseFigure(text)) } });
  return async () => {
    await db.result.delete({ where: { id: result.id } });
  };
}
