-- CreateTable
CREATE TABLE "Submission" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "indicatorId" INTEGER NOT NULL,
    "periodId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "value" REAL NOT NULL,
    "numerator" REAL,
    "denominator" REAL,
    "commentary" TEXT NOT NULL,
    "intervention" TEXT,
    "status" TEXT NOT NULL DEFAULT 'submitted',
    "submittedBy" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "sameAs" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedBy" TEXT,
    "decidedAt" DATETIME,
    "decisionNote" TEXT,
    CONSTRAINT "Submission_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Submission_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "Period" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisationId" INTEGER NOT NULL,
    "subjectKind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT,
    "by" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "Submission_sameAs_key" ON "Submission"("sameAs");

-- CreateIndex
CREATE INDEX "Submission_indicatorId_periodId_idx" ON "Submission"("indicatorId", "periodId");

-- CreateIndex
CREATE INDEX "AuditEntry_organisationId_subjectKind_subject_idx" ON "AuditEntry"("organisationId", "subjectKind", "subject");

