-- AlterTable
ALTER TABLE "Person" ADD COLUMN "teamsChatId" TEXT;

-- AlterTable
ALTER TABLE "Indicator" ADD COLUMN "retiredAt" DATETIME;
ALTER TABLE "Indicator" ADD COLUMN "retiredBy" TEXT;
ALTER TABLE "Indicator" ADD COLUMN "retiredNote" TEXT;

-- CreateTable
CREATE TABLE "Draft" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "indicatorId" INTEGER NOT NULL,
    "periodLabel" TEXT NOT NULL,
    "person" TEXT NOT NULL,
    "fields" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Draft_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PeriodLock" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisationId" INTEGER NOT NULL,
    "periodLabel" TEXT NOT NULL,
    "lockedBy" TEXT NOT NULL,
    "lockedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PeriodLock_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Organisation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ragScheme" TEXT NOT NULL DEFAULT 'four',
    "ragBands" TEXT,
    "reviewChannel" TEXT,
    "autoAccept" BOOLEAN NOT NULL DEFAULT false,
    "remindBefore" TEXT NOT NULL DEFAULT '7,2',
    "remindAfter" TEXT NOT NULL DEFAULT '1,3'
);
INSERT INTO "new_Organisation" ("autoAccept", "id", "name", "ragBands", "ragScheme", "reviewChannel", "slug") SELECT "autoAccept", "id", "name", "ragBands", "ragScheme", "reviewChannel", "slug" FROM "Organisation";
DROP TABLE "Organisation";
ALTER TABLE "new_Organisation" RENAME TO "Organisation";
CREATE UNIQUE INDEX "Organisation_slug_key" ON "Organisation"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Draft_indicatorId_periodLabel_person_key" ON "Draft"("indicatorId", "periodLabel", "person");

-- CreateIndex
CREATE UNIQUE INDEX "PeriodLock_organisationId_periodLabel_key" ON "PeriodLock"("organisationId", "periodLabel");

