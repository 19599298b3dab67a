-- CreateTable
CREATE TABLE "Subscription" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisationId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "day" INTEGER NOT NULL DEFAULT 1,
    "time" TEXT NOT NULL DEFAULT '09:00',
    "levels" TEXT NOT NULL,
    "serviceId" INTEGER,
    "alerts" BOOLEAN NOT NULL DEFAULT true,
    "pausedReason" TEXT,
    "lastDigest" TEXT,
    "lastRunAt" DATETIME,
    "lastResult" TEXT,
    "alertsFrom" DATETIME,
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Subscription_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Subscription_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JobClaim" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "job" TEXT NOT NULL,
    "slot" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "claimedBy" TEXT,
    "claimedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT
);

-- CreateTable
CREATE TABLE "RatingSeen" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "level" TEXT NOT NULL,
    "seenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "Subscription_channel_key" ON "Subscription"("channel");

-- CreateIndex
CREATE UNIQUE INDEX "JobClaim_job_slot_key_key" ON "JobClaim"("job", "slot", "key");

