-- CreateTable
CREATE TABLE "DataChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "version" INTEGER NOT NULL,
    "organisationId" INTEGER,
    "kind" TEXT NOT NULL,
    "subjectId" INTEGER,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "DataChange_version_idx" ON "DataChange"("version");

