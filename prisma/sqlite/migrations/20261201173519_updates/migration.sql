-- CreateTable
CREATE TABLE "ReportingCycle" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisationId" INTEGER NOT NULL,
    "periodLabel" TEXT NOT NULL,
    "due" DATETIME NOT NULL,
    "openedBy" TEXT NOT NULL,
    "openedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedBy" TEXT,
    "closedAt" DATETIME,
    CONSTRAINT "ReportingCycle_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
    "autoAccept" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_Organisation" ("id", "name", "ragBands", "ragScheme", "slug") SELECT "id", "name", "ragBands", "ragScheme", "slug" FROM "Organisation";
DROP TABLE "Organisation";
ALTER TABLE "new_Organisation" RENAME TO "Organisation";
CREATE UNIQUE INDEX "Organisation_slug_key" ON "Organisation"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ReportingCycle_organisationId_closedAt_idx" ON "ReportingCycle"("organisationId", "closedAt");

