-- CreateTable
CREATE TABLE "PublishedFigure" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "codeKey" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "areaCode" TEXT,
    "period" TEXT NOT NULL,
    "value" REAL NOT NULL,
    "text" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "importedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
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
    "remindAfter" TEXT NOT NULL DEFAULT '1,3',
    "compare" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_Organisation" ("autoAccept", "id", "name", "ragBands", "ragScheme", "remindAfter", "remindBefore", "reviewChannel", "slug") SELECT "autoAccept", "id", "name", "ragBands", "ragScheme", "remindAfter", "remindBefore", "reviewChannel", "slug" FROM "Organisation";
DROP TABLE "Organisation";
ALTER TABLE "new_Organisation" RENAME TO "Organisation";
CREATE UNIQUE INDEX "Organisation_slug_key" ON "Organisation"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "PublishedFigure_codeKey_idx" ON "PublishedFigure"("codeKey");

-- CreateIndex
CREATE UNIQUE INDEX "PublishedFigure_codeKey_area_period_key" ON "PublishedFigure"("codeKey", "area", "period");

