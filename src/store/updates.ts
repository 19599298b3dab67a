// The write port for updates: a submission, its audit entry and the data version, in one transaction.
import type { Updates } from "../core/use-cases/submit-update.ts";
import { foldKey } from "../core/text.ts";
import { bumpDataVersion } from "./data-version.ts";
import type { Db } from "./database.ts";

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === "P2002";

export function prismaUpdates(db: Db): Updates {
  const existing = async (sameAs: string) => {
    const row = await db.submission.findUniqueOrThrow({ where: { sameAs }, select: { createdAt: true } });
    return { recorded: false, at: row.createdAt };
  };
  return {
    async submit(s) {
      const seen = await db.submission.findUnique({ where: { sameAs: s.sameAs }, select: { createdAt: true } });
      if (seen) return { recorded: false, at: seen.createdAt };
      try {
        return await db.$transaction(async (tx) => {
          const organisation = await tx.organisation.findFirstOrThrow({ where: { name: s.organisation } });
          const indicator = await tx.indicator.findUniqueOrThrow({ where: { organisationId_refKey: { organisationId: organisation.id, refKey: foldKey(s.ref) } } });
          const period = await tx.period.upsert({
            where: { label: s.period.label },
            create: { label: s.period.label, kind: s.period.kind, startDate: s.period.start, endDate: s.period.end },
            update: {},
          });
          const row = await tx.submission.create({
            data: {
              indicatorId: indicator.id,
              periodId: period.id,
              text: s.text,
              value: s.value,
              numerator: s.numerator,
              denominator: s.denominator,
              commentary: s.commentary,
              intervention: s.intervention,
              submittedBy: s.by,
              via: s.via,
              sameAs: s.sameAs,
            },
          });
          await tx.auditEntry.create({
            data: {
              organisationId: organisation.id,
              subjectKind: "indicator",
              subject: indicator.ref,
              action: `result submitted for ${s.period.label} (provisional)`,
              before: s.before,
              after: [s.text, `commentary: ${s.commentary}`, s.intervention ? `intervention: ${s.intervention}` : null].filter(Boolean).join("; "),
              by: s.by,
              via: s.via,
            },
          });
          await bumpDataVersion(tx);
          return { recorded: true, at: row.createdAt };
        });
      } catch (error) {
        // The same submission racing in from a retried request: the first one stands.
        if (isUniqueViolation(error)) return await existing(s.sameAs);
        throw error;
      }
    },
  };
}
