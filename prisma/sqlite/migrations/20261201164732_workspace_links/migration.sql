-- CreateTable
CREATE TABLE "WorkspaceLink" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisationId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WorkspaceLink_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "WorkspaceLink_kind_externalId_idx" ON "WorkspaceLink"("kind", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "WorkspaceLink_organisationId_kind_externalId_key" ON "WorkspaceLink"("organisationId", "kind", "externalId");

