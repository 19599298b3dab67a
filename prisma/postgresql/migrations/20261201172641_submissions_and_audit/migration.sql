-- CreateTable
CREATE TABLE "Submission" (
    "id" SERIAL NOT NULL,
    "indicatorId" INTEGER NOT NULL,
    "periodId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "numerator" DOUBLE PRECISION,
    "denominator" DOUBLE PRECISION,
    "commentary" TEXT NOT NULL,
    "intervention" TEXT,
    "status" TEXT NOT NULL DEFAULT 'submitted',
    "submittedBy" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "sameAs" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,

    CONSTRAINT "Submission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "organisationId" INTEGER NOT NULL,
    "subjectKind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT,
    "by" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Submission_sameAs_key" ON "Submission"("sameAs");

-- CreateIndex
CREATE INDEX "Submission_indicatorId_periodId_idx" ON "Submission"("indicatorId", "periodId");

-- CreateIndex
CREATE INDEX "AuditEntry_organisationId_subjectKind_subject_idx" ON "AuditEntry"("organisationId", "subjectKind", "subject");

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "Period"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

