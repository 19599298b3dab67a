-- CreateTable
CREATE TABLE "Organisation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ragScheme" TEXT NOT NULL DEFAULT 'four',
    "ragBands" TEXT
);

-- CreateTable
CREATE TABLE "Service" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisationId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "Service_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Priority" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisationId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "Priority_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Person" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisationId" INTEGER,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'viewer',
    "slackUserId" TEXT,
    "teamsUserId" TEXT,
    CONSTRAINT "Person_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Indicator" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisationId" INTEGER NOT NULL,
    "ref" TEXT NOT NULL,
    "refKey" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "polarity" TEXT NOT NULL,
    "polarityText" TEXT NOT NULL,
    "unit" TEXT,
    "frequency" TEXT,
    "aggregation" TEXT,
    "type" TEXT,
    "dataSource" TEXT,
    "serviceId" INTEGER,
    "priorityId" INTEGER,
    "benchmarkText" TEXT,
    "ragBands" TEXT,
    "searchText" TEXT NOT NULL,
    CONSTRAINT "Indicator_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Indicator_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Indicator_priorityId_fkey" FOREIGN KEY ("priorityId") REFERENCES "Priority" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IndicatorAlias" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "indicatorId" INTEGER NOT NULL,
    "alias" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    CONSTRAINT "IndicatorAlias_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IndicatorOwner" (
    "indicatorId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'owner',

    PRIMARY KEY ("indicatorId", "personId"),
    CONSTRAINT "IndicatorOwner_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "IndicatorOwner_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Period" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "label" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "startDate" DATETIME NOT NULL,
    "endDate" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Report" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisationId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "periodLabel" TEXT NOT NULL,
    "published" TEXT,
    "source" TEXT NOT NULL,
    CONSTRAINT "Report_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Target" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "indicatorId" INTEGER NOT NULL,
    "periodId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "value" REAL,
    "low" REAL,
    "high" REAL,
    CONSTRAINT "Target_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Target_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "Period" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Result" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "indicatorId" INTEGER NOT NULL,
    "periodId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "value" REAL,
    "numerator" REAL,
    "denominator" REAL,
    "ragRecorded" TEXT,
    "dotShortRecorded" TEXT,
    "dotLongRecorded" TEXT,
    "reportId" INTEGER,
    "restatedFrom" TEXT,
    CONSTRAINT "Result_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Result_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "Period" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Result_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Benchmark" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "indicatorId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "value" REAL,
    "comparator" TEXT,
    "source" TEXT,
    CONSTRAINT "Benchmark_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Commentary" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "indicatorId" INTEGER NOT NULL,
    "periodId" INTEGER,
    "text" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Commentary_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Commentary_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "Period" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Action" (
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
    "ownerId" INTEGER,
    "reportId" INTEGER,
    "position" INTEGER NOT NULL,
    "searchText" TEXT NOT NULL,
    CONSTRAINT "Action_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Action_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Action" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Action_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Action_priorityId_fkey" FOREIGN KEY ("priorityId") REFERENCES "Priority" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Action_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Action_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "_ServiceOwner" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,
    CONSTRAINT "_ServiceOwner_A_fkey" FOREIGN KEY ("A") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_ServiceOwner_B_fkey" FOREIGN KEY ("B") REFERENCES "Service" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_slug_key" ON "Organisation"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Service_organisationId_name_key" ON "Service"("organisationId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Priority_organisationId_name_key" ON "Priority"("organisationId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Person_email_key" ON "Person"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Person_slackUserId_key" ON "Person"("slackUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Person_teamsUserId_key" ON "Person"("teamsUserId");

-- CreateIndex
CREATE INDEX "Indicator_refKey_idx" ON "Indicator"("refKey");

-- CreateIndex
CREATE UNIQUE INDEX "Indicator_organisationId_refKey_key" ON "Indicator"("organisationId", "refKey");

-- CreateIndex
CREATE INDEX "IndicatorAlias_key_idx" ON "IndicatorAlias"("key");

-- CreateIndex
CREATE UNIQUE INDEX "IndicatorAlias_indicatorId_key_key" ON "IndicatorAlias"("indicatorId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "Period_label_key" ON "Period"("label");

-- CreateIndex
CREATE UNIQUE INDEX "Report_organisationId_title_key" ON "Report"("organisationId", "title");

-- CreateIndex
CREATE UNIQUE INDEX "Target_indicatorId_periodId_key" ON "Target"("indicatorId", "periodId");

-- CreateIndex
CREATE UNIQUE INDEX "Result_indicatorId_periodId_key" ON "Result"("indicatorId", "periodId");

-- CreateIndex
CREATE INDEX "Action_organisationId_refKey_idx" ON "Action"("organisationId", "refKey");

-- CreateIndex
CREATE UNIQUE INDEX "_ServiceOwner_AB_unique" ON "_ServiceOwner"("A", "B");

-- CreateIndex
CREATE INDEX "_ServiceOwner_B_index" ON "_ServiceOwner"("B");

