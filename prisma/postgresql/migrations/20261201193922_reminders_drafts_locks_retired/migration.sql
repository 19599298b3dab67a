-- AlterTable
ALTER TABLE "Organisation" ADD COLUMN     "remindAfter" TEXT NOT NULL DEFAULT '1,3',
ADD COLUMN     "remindBefore" TEXT NOT NULL DEFAULT '7,2';

-- AlterTable
ALTER TABLE "Person" ADD COLUMN     "teamsChatId" TEXT;

-- AlterTable
ALTER TABLE "Indicator" ADD COLUMN     "retiredAt" TIMESTAMP(3),
ADD COLUMN     "retiredBy" TEXT,
ADD COLUMN     "retiredNote" TEXT;

-- CreateTable
CREATE TABLE "Draft" (
    "id" SERIAL NOT NULL,
    "indicatorId" INTEGER NOT NULL,
    "periodLabel" TEXT NOT NULL,
    "person" TEXT NOT NULL,
    "fields" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Draft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PeriodLock" (
    "id" SERIAL NOT NULL,
    "organisationId" INTEGER NOT NULL,
    "periodLabel" TEXT NOT NULL,
    "lockedBy" TEXT NOT NULL,
    "lockedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PeriodLock_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Draft_indicatorId_periodLabel_person_key" ON "Draft"("indicatorId", "periodLabel", "person");

-- CreateIndex
CREATE UNIQUE INDEX "PeriodLock_organisationId_periodLabel_key" ON "PeriodLock"("organisationId", "periodLabel");

-- AddForeignKey
ALTER TABLE "Draft" ADD CONSTRAINT "Draft_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PeriodLock" ADD CONSTRAINT "PeriodLock_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

