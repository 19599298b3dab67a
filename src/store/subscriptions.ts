// Subscriptions, job claims and the ratings the alert check last saw: the jobs' ports on Prisma.
import { z } from "zod";
import { channelKey, parseChannel } from "../core/channels.ts";
import type { RagLevel } from "../core/ratings.ts";
import type { ClaimState, Claims, RatingsSeen, SubscriptionRecord, Subscriptions } from "../core/subscriptions.ts";
import type { Db } from "./database.ts";

const LEVEL = z.enum(["Green", "Green Amber", "Amber", "Red Amber", "Red"]);
const levelsJson = z.string().transform((s, ctx) => {
  const parsed = z.array(LEVEL).safeParse(JSON.parse(s));
  if (!parsed.success) ctx.addIssue({ code: "custom", message: "stored levels are not RAG levels" });
  return parsed.data ?? [];
});
const listedJson = z.record(z.string(), LEVEL);
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

/** How long an instance holds a claim before anyone may take it (or, while sending, count its outcome unknown). */
export const DEFAULT_LEASE_MS = 15 * 60_000;

const CLAIM_STATES = new Set<string>(["claimed", "sending", "failed", "unknown", "posted", "gone", "skipped", "done"]);

export function prismaClaims(db: Db, claimedBy: string, options: { leaseMs?: number } = {}): Claims {
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  // Leases are read on the machines' clocks, not the jobs' (which tests move): they say whether an instance still lives.
  const leaseFrom = (at: Date) => new Date(at.getTime() + leaseMs);
  return {
    async claim(job, slot, key, claimOptions = {}) {
      const at = new Date();
      // One statement on both providers: the unique row is inserted by exactly one caller.
      const inserted = await db.$executeRaw`INSERT INTO "JobClaim" ("job", "slot", "key", "claimedBy", "claimedAt", "state", "leaseUntil", "attempts") VALUES (${job}, ${slot}, ${key}, ${claimedBy}, ${at}, 'claimed', ${leaseFrom(at)}, 1) ON CONFLICT ("job", "slot", "key") DO NOTHING`;
      if (inserted === 1) return { won: true, attempt: 1 };
      // Its holder stopped while its request was out: whether it arrived is not known, so it is not sent again.
      // (Raw statements here: each is one atomic UPDATE on both providers, where SQLite's second connection must not wait on a transaction.)
      const unknown = `unknown: ${claimedBy} found it still being sent by an instance that stopped; not sent again (kpi ... --retry sends it)`;
      await db.$executeRaw`UPDATE "JobClaim" SET "state" = 'unknown', "leaseUntil" = NULL, "outcome" = ${unknown} WHERE "job" = ${job} AND "slot" = ${slot} AND "key" = ${key} AND "state" = 'sending' AND ("leaseUntil" IS NULL OR "leaseUntil" < ${at})`;
      const row = await db.jobClaim.findUnique({ where: { job_slot_key: { job, slot, key } } });
      if (!row) return await this.claim(job, slot, key, claimOptions);
      const takeable =
        (row.state === "claimed" && (!row.leaseUntil || row.leaseUntil < at)) ||
        (row.state === "failed" && row.retryAt !== null && row.retryAt <= (claimOptions.now ?? at)) ||
        (claimOptions.retry === true && (row.state === "failed" || row.state === "unknown"));
      if (takeable) {
        // Taken only if nobody took it meanwhile: the attempt counts as the row's version.
        const taken = await db.$executeRaw`UPDATE "JobClaim" SET "state" = 'claimed', "claimedBy" = ${claimedBy}, "claimedAt" = ${at}, "leaseUntil" = ${leaseFrom(at)}, "retryAt" = NULL, "attempts" = ${row.attempts + 1} WHERE "id" = ${row.id} AND "state" = ${row.state} AND "attempts" = ${row.attempts}`;
        if (taken === 1) return { won: true, attempt: row.attempts + 1 };
        return await this.claim(job, slot, key, claimOptions);
      }
      return { won: false, state: CLAIM_STATES.has(row.state) ? (row.state as ClaimState) : "done", outcome: row.outcome, retryAt: row.retryAt };
    },
    async sending(job, slot, key) {
      const lease = leaseFrom(new Date());
      const marked = await db.$executeRaw`UPDATE "JobClaim" SET "state" = 'sending', "leaseUntil" = ${lease} WHERE "job" = ${job} AND "slot" = ${slot} AND "key" = ${key} AND "state" = 'claimed' AND "claimedBy" = ${claimedBy}`;
      return marked === 1;
    },
    async settle(job, slot, key, outcome, state = "done") {
      await db.jobClaim.update({ where: { job_slot_key: { job, slot, key } }, data: { state, outcome: outcome.slice(0, 500), leaseUntil: null, retryAt: null } });
    },
    async fail(job, slot, key, outcome, retryAt) {
      await db.jobClaim.update({ where: { job_slot_key: { job, slot, key } }, data: { state: "failed", outcome: outcome.slice(0, 500), leaseUntil: null, retryAt } });
    },
    async release(job, slot, key) {
      // Only by its holder, who knows nothing was sent (a settled claim stays).
      await db.jobClaim.deleteMany({ where: { job, slot, key, state: { in: ["claimed", "sending", "failed"] } } });
    },
    async open(job, openOptions = {}) {
      const at = new Date();
      const rows = await db.jobClaim.findMany({
        where: {
          job,
          OR: [
            { state: "failed", retryAt: { lte: openOptions.now ?? at } },
            // Their holder stopped: taken again if nothing was sent, found unknown if it was being sent.
            { state: { in: ["claimed", "sending"] }, leaseUntil: { lt: at } },
            ...(openOptions.retry === true ? [{ state: { in: ["failed", "unknown"] } }] : []),
          ],
        },
        orderBy: { id: "asc" },
        select: { slot: true, key: true },
      });
      return rows;
    },
  };
}

const levels = (rows: { key: string; level: string }[]): Map<string, RagLevel> => new Map(rows.flatMap((r) => (LEVEL.safeParse(r.level).success ? [[r.key, r.level as RagLevel]] : [])));

export function prismaRatingsSeen(db: Db): RatingsSeen {
  return {
    async all() {
      return levels(await db.ratingSeen.findMany());
    },
    async of(keys) {
      // In chunks, as save writes them: a long IN list is one parameter a key.
      const rows = [];
      for (let i = 0; i < keys.length; i += 500) rows.push(...(await db.ratingSeen.findMany({ where: { key: { in: keys.slice(i, i + 500) } } })));
      return levels(rows);
    },
    async save(changes) {
      // In chunks: one transaction for a first check over 10,000 indicators would hold the database too long.
      for (let i = 0; i < changes.length; i += 500) {
        await db.$transaction(changes.slice(i, i + 500).map((c) => db.ratingSeen.upsert({ where: { key: c.key }, create: { key: c.key, level: c.level }, update: { level: c.level, seenAt: new Date() } })));
      }
    },
  };
}
