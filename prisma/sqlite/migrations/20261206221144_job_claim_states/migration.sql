-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_JobClaim" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "job" TEXT NOT NULL,
    "slot" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "claimedBy" TEXT,
    "claimedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT,
    "state" TEXT NOT NULL DEFAULT 'done',
    "leaseUntil" DATETIME,
    "retryAt" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 1
);
INSERT INTO "new_JobClaim" ("claimedAt", "claimedBy", "id", "job", "key", "outcome", "slot") SELECT "claimedAt", "claimedBy", "id", "job", "key", "outcome", "slot" FROM "JobClaim";
DROP TABLE "JobClaim";
ALTER TABLE "new_JobClaim" RENAME TO "JobClaim";
CREATE UNIQUE INDEX "JobClaim_job_slot_key_key" ON "JobClaim"("job", "slot", "key");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Claims left unsettled by an instance that stopped: whether they were posted is not known (kpi ... --retry sends them).
UPDATE "JobClaim" SET "state" = 'unknown' WHERE "outcome" IS NULL;
