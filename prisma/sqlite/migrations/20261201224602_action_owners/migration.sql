-- CreateTable
CREATE TABLE "ActionOwner" (
    "actionId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'owner',

    PRIMARY KEY ("actionId", "personId"),
    CONSTRAINT "ActionOwner_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "Action" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ActionOwner_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Each action's owner becomes its ActionOwner row, before the column goes.
INSERT INTO "ActionOwner" ("actionId", "personId", "role") SELECT "id", "ownerId", 'owner' FROM "Action" WHERE "ownerId" IS NOT NULL;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Action" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisationId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "ref" TEXT,
    "refKey" TEXT,
    "parentId" INTEGER,
    "title" TEXT NOT NULL,
    "rag" TEXT,
    "status" TEXT,
    "dueText" TEXT,
    "dueDate" DATETIME,
    "note" TEXT,
    "noteDateText" TEXT,
    "noteDate" DATETIME,
    "serviceId" INTEGER,
    "priorityId" INTEGER,
    "reportId" INTEGER,
    "position" INTEGER NOT NULL,
    "searchText" TEXT NOT NULL,
    CONSTRAINT "Action_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Action_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Action" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Action_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Action_priorityId_fkey" FOREIGN KEY ("priorityId") REFERENCES "Priority" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Action_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Action" ("dueDate", "dueText", "id", "kind", "note", "noteDate", "noteDateText", "organisationId", "parentId", "position", "priorityId", "rag", "ref", "refKey", "reportId", "searchText", "serviceId", "status", "title") SELECT "dueDate", "dueText", "id", "kind", "note", "noteDate", "noteDateText", "organisationId", "parentId", "position", "priorityId", "rag", "ref", "refKey", "reportId", "searchText", "serviceId", "status", "title" FROM "Action";
DROP TABLE "Action";
ALTER TABLE "new_Action" RENAME TO "Action";
CREATE INDEX "Action_organisationId_refKey_idx" ON "Action"("organisationId", "refKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

