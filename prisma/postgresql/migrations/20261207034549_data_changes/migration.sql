-- CreateTable
CREATE TABLE "DataChange" (
    "id" SERIAL NOT NULL,
    "version" INTEGER NOT NULL,
    "organisationId" INTEGER,
    "kind" TEXT NOT NULL,
    "subjectId" INTEGER,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DataChange_version_idx" ON "DataChange"("version");

