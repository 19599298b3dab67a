-- AlterTable
ALTER TABLE "Organisation" ADD COLUMN     "compare" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "PublishedFigure" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "codeKey" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "areaCode" TEXT,
    "period" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "text" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PublishedFigure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PublishedFigure_codeKey_idx" ON "PublishedFigure"("codeKey");

-- CreateIndex
CREATE UNIQUE INDEX "PublishedFigure_codeKey_area_period_key" ON "PublishedFigure"("codeKey", "area", "period");

