-- AlterTable
ALTER TABLE "Submission" ADD COLUMN "reviewPostChannel" TEXT;
ALTER TABLE "Submission" ADD COLUMN "reviewPostId" TEXT;

-- CreateTable
CREATE TABLE "FormOpening" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "person" TEXT NOT NULL,
    "indicatorId" INTEGER NOT NULL,
    "periodLabel" TEXT NOT NULL,
    "seen" INTEGER NOT NULL,
    "openedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FormOpening_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "FormOpening_openedAt_idx" ON "FormOpening"("openedAt");


-- Submissions still awaiting review with a newer one for the same indicator and period: superseded.
UPDATE "Submission" SET "status" = 'superseded'
WHERE "status" = 'submitted'
  AND EXISTS (SELECT 1 FROM "Submission" AS "newer" WHERE "newer"."indicatorId" = "Submission"."indicatorId" AND "newer"."periodId" = "Submission"."periodId" AND "newer"."id" > "Submission"."id");
