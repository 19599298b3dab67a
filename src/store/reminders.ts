// The reminder job's port on Prisma: every organisation's open reporting cycle with its reminder days.
import type { ReminderCycles } from "../core/ports.ts";
import { parseReminderDays } from "../core/use-cases/send-reminders.ts";
import type { Db } from "./database.ts";

export function prismaReminderCycles(db: Db): ReminderCycles {
  return {
    async open() {
      const rows = await db.reportingCycle.findMany({ where: { closedAt: null }, include: { organisation: true }, orderBy: { id: "asc" } });
      // One open cycle per organisation; should there be two, the latest counts (as Updates.openCycle reads it).
      const latest = new Map(rows.map((r) => [r.organisationId, r]));
      return [...latest.values()].map((r) => ({
        organisation: r.organisation.name,
        period: r.periodLabel,
        due: r.due,
        // Written through kpi org set, which checks them; anything else stored there reminds on no extra day.
        remindBefore: parseReminderDays(r.organisation.remindBefore) ?? [],
        remindAfter: parseReminderDays(r.organisation.remindAfter) ?? [],
        reviewChannel: r.organisation.reviewChannel,
      }));
    },
  };
}
