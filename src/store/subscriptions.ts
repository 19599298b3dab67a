// Subscriptions, job claims and the ratings the alert check last saw: the jobs' ports on Prisma.
import { z } from "zod";
import { channelKey, parseChannel } from "../core/channels.ts";
import type { RagLevel } from "../core/ratings.ts";
import type { Claims, RatingsSeen, SubscriptionRecord, Subscriptions } from "../core/subscriptions.ts";
import type { Db } from "./database.ts";

const LEVEL = z.enum(["Green", "Green Amber", "Amber", "Red Amber", "Red"]);
const levelsJson = z.string().transform((s, ctx) => {
  const parsed = z.array(LEVEL).safeParse(JSON.parse(s));
  if (!parsed.success) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "stored levels are not RAG levels" });
  return parsed.data ?? [];
});
const listedJson = z.record(LEVEL);
const DAY = z.number().int().min(1).max(7);

const include = { organisation: { select: { name: true } }, service: { select: { id: true, name: true } } } as const;
type Row = Awaited<ReturnType<Db["subscription"]["findFirstOrThrow"]>> & { organisation: { name: string }; service: { id: number; name: string } | null };

function toRecord(row: Row): SubscriptionRecord {
  return {
    id: row.id,
    channel: parseChannel(row.channel)!,
    organisation: row.organisation.name,
    schedule: { day: DAY.parse(row.day) as SubscriptionRecord["schedule"]["day"], time: row.time },
    levels: levelsJson.parse(row.levels),
    service: row.service,
    alerts: row.alerts,
    pausedReason: row.pausedReason,
    lastDigest: row.lastDigest ? (listedJson.parse(JSON.parse(row.lastDigest)) as Record<string, RagLevel>) : null,
    lastRunAt: row.lastRunAt,
    lastResult: row.lastResult,
    alertsFrom: row.alertsFrom,
    createdAt: row.createdAt,
  };
}

export function prismaSubscriptions(db: Db): Subscriptions {
  return {
    async list() {
      return (await db.subscription.findMany({ include, orderBy: { id: "asc" } })).map(toRecord);
    },
    async byChannel(channel) {
      const row = await db.subscription.findUnique({ where: { channel: channelKey(channel) }, include });
      return row ? toRecord(row) : null;
    },
    async save(input) {
      const organisation = await db.organisation.findFirstOrThrow({ where: { name: input.organisation } });
      const data = {
        organisationId: organisation.id,
        day: input.schedule.day,
        time: input.schedule.time,
        levels: JSON.stringify(input.levels),
        serviceId: input.serviceId,
        alerts: input.alerts,
        pausedReason: null,
        createdBy: input.createdBy,
      };
      const channel = channelKey(input.channel);
      // A new or changed subscription starts its alerts afresh (the next check sets the baseline).
      const row = await db.subscription.upsert({ where: { channel }, create: { channel, ...data }, update: { ...data, alertsFrom: null }, include });
      return toRecord(row);
    },
    async remove(channel) {
      const { count } = await db.subscription.deleteMany({ where: { channel: channelKey(channel) } });
      return count > 0;
    },
    async recordRun(id, run) {
      await db.subscription.update({
        where: { id },
        data: {
          lastRunAt: run.at,
          lastResult: run.result.slice(0, 500),
          ...(run.listed ? { lastDigest: JSON.stringify(run.listed) } : {}),
          ...(run.pausedReason ? { pausedReason: run.pausedReason.slice(0, 500) } : {}),
        },
      });
    },
    async pause(id, reason) {
      await db.subscription.update({ where: { id }, data: { pausedReason: reason.slice(0, 500), lastResult: `paused: ${reason}`.slice(0, 500) } });
    },
    async startAlerts(ids, at) {
      // In chunks: SQLite takes at most 999 parameters a statement, and a thousand channels may start at once.
      for (let i = 0; i < ids.length; i += 500) await db.subscription.updateMany({ where: { id: { in: ids.slice(i, i + 500) }, alertsFrom: null }, data: { alertsFrom: at } });
    },
  };
}

export function prismaClaims(db: Db, claimedBy: string): Claims {
  return {
    async claim(job, slot, key) {
      // One statement on both providers: the unique row is inserted by exactly one caller.
      const inserted = await db.$executeRaw`INSERT INTO "JobClaim" ("job", "slot", "key", "claimedBy") VALUES (${job}, ${slot}, ${key}, ${claimedBy}) ON CONFLICT ("job", "slot", "key") DO NOTHING`;
      return inserted === 1;
    },
    async settle(job, slot, key, outcome) {
      await db.jobClaim.update({ where: { job_slot_key: { job, slot, key } }, data: { outcome: outcome.slice(0, 500) } });
    },
    async release(job, slot, key) {
      await db.jobClaim.deleteMany({ where: { job, slot, key } });
    },
  };
}

export function prismaRatingsSeen(db: Db): RatingsSeen {
  return {
    async all() {
      const rows = await db.ratingSeen.findMany();
      return new Map(rows.flatMap((r) => (LEVEL.safeParse(r.level).success ? [[r.key, r.level as RagLevel]] : [])));
    },
    async save(changes) {
      // In chunks: one transaction for a first check over 10,000 indicators would hold the database too long.
      for (let i = 0; i < changes.length; i += 500) {
        await db.$transaction(changes.slice(i, i + 500).map((c) => db.ratingSeen.upsert({ where: { key: c.key }, create: { key: c.key, level: c.level }, update: { level: c.level, seenAt: new Date() } })));
      }
    },
  };
}
