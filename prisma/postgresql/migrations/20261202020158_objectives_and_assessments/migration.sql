-- CreateTable
CREATE TABLE "Objective" (
    "id" SERIAL NOT NULL,
    "organisationId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "codeKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "groupName" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "ownerId" INTEGER,
    "tags" TEXT NOT NULL DEFAULT '[]',

    CONSTRAINT "Objective_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ObjectiveIndicator" (
    "objectiveId" INTEGER NOT NULL,
    "indicatorId" INTEGER NOT NULL,

    CONSTRAINT "ObjectiveIndicator_pkey" PRIMARY KEY ("objectiveId","indicatorId")
);

-- CreateTable
CREATE TABLE "Assessment" (
    "id" SERIAL NOT NULL,
    "objectiveId" INTEGER NOT NULL,
    "periodId" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "direction" TEXT,
    "narrative" TEXT,
    "assessedBy" TEXT NOT NULL,
    "via" TEXT NOT NULL,
    "assessedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Assessment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Objective_organisationId_codeKey_key" ON "Objective"("organisationId", "codeKey");

-- CreateIndex
CREATE UNIQUE INDEX "Assessment_objectiveId_periodId_key" ON "Assessment"("objectiveId", "periodId");

-- AddForeignKey
ALTER TABLE "Objective" ADD CONSTRAINT "Objective_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Objective" ADD CONSTRAINT "Objective_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ObjectiveIndicator" ADD CONSTRAINT "ObjectiveIndicator_objectiveId_fkey" FOREIGN KEY ("objectiveId") REFERENCES "Objective"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ObjectiveIndicator" ADD CONSTRAINT "ObjectiveIndicator_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_objectiveId_fkey" FOREIGN KEY ("objectiveId") REFERENCES "Objective"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "Period"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

