// Reads and sets an organisation's RAG policy, and an indicator's override of it.
import { z } from "zod";
import { ragPolicy, type RagPolicy } from "../core/ratings.ts";
import { foldKey } from "../core/text.ts";
import { changeStatements } from "./data-version.ts";
import type { Db } from "./database.ts";
import { findOrganisation, NotFoundError } from "./organisations.ts";

export { NotFoundError };

/** "5%" or "0.05" -> 0.05. */
const band = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?%?$/, "a band is a share of the target such as 5% or 0.05")
  .transform((s) => (s.endsWith("%") ? Number(s.slice(0, -1)) / 100 : Number(s)))
  .refine((n) => n < 10, "a band over 1000% is not a band");

export const ragChangeSchema = z.object({
  scheme: z.enum(["four", "three"]).optional(),
  greenAmber: band.optional(),
  redAmber: band.optional(),
  amber: band.optional(),
  reset: z.boolean().optional(),
});
export type RagChange = z.input<typeof ragChangeSchema>;

/** Applies the change (if any) and returns the policy in force; the organisation by its slug or name. */
export async function setRagPolicy(db: Db, organisation: string, indicatorRef: string | null, input: RagChange, by = "kpi command", via = "command line"): Promise<RagPolicy> {
  const change = ragChangeSchema.parse(input);
  const org = await findOrganisation(db, organisation);
  const indicator = indicatorRef ? await db.indicator.findUnique({ where: { organisationId_refKey: { organisationId: org.id, refKey: foldKey(indicatorRef) } } }) : null;
  if (indicatorRef && !indicator) throw new NotFoundError(`No indicator ${indicatorRef} in ${org.name}`);

  const { reset, ...fields } = change;
  const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  const current = (indicator ? indicator.ragBands : org.ragBands) ?? "{}";
  const merged = reset ? given : { ...JSON.parse(current), ...given };
  const json = Object.keys(merged).length ? JSON.stringify(merged) : null;
  const { scheme, ...bands } = merged as { scheme?: string };
  // Only a change is written (showing the policy writes nothing), with its audit entry and the data version in the same transaction.
  if (reset || Object.keys(given).length) {
    const before = indicator ? indicator.ragBands : JSON.stringify({ scheme: org.ragScheme, ...JSON.parse(org.ragBands ?? "{}") });
    await db.$transaction([
      db.auditEntry.create({
        data: { organisationId: org.id, subjectKind: indicator ? "indicator" : "organisation", subject: indicator ? indicator.ref : "RAG bands", action: reset ? "RAG bands reset" : "RAG bands changed", before, after: json, by, via },
      }),
      indicator
        ? db.indicator.update({ where: { id: indicator.id }, data: { ragBands: json } })
        : db.organisation.update({ where: { id: org.id }, data: { ragScheme: scheme ?? (reset ? "four" : org.ragScheme), ragBands: Object.keys(bands).length ? JSON.stringify(bands) : null } }),
      ...changeStatements(db, [{ kind: "organisation", organisationId: org.id }]),
    ]);
  }
  const after = await db.organisation.findUniqueOrThrow({ where: { id: org.id } });
  return ragPolicy(after.ragScheme, after.ragBands, indicator ? json : null);
}
