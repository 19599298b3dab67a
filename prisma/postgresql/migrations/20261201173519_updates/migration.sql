-- AlterTable
ALTER TABLE "Organisation" ADD COLUMN     "autoAccept" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "reviewChannel" TEXT;

-- CreateTable
CREATE TABLE "ReportingCycle" (
    "id" SERIAL NOT NULL,
    "organisationId" INTEGER NOT NULL,
    "periodLabel" TEXT NOT NULL,
    "due" TIMESTAMP(3) NOT NULL,
    "openedBy" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedBy" TEXT,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "ReportingCycle_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReportingCycle_organisationId_closedAt_idx" ON "ReportingCycle"("organisationId", "closedAt");

-- AddForeignKey
ALTER TABLE "ReportingCycle" ADD CONSTRAINT "ReportingCycle_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

