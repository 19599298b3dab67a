-- AlterTable
ALTER TABLE "JobClaim" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "leaseUntil" TIMESTAMP(3),
ADD COLUMN     "retryAt" TIMESTAMP(3),
ADD COLUMN     "state" TEXT NOT NULL DEFAULT 'done';


-- Claims left unsettled by an instance that stopped: whether they were posted is not known (kpi ... --retry sends them).
UPDATE "JobClaim" SET "state" = 'unknown' WHERE "outcome" IS NULL;
