-- CreateTable
CREATE TABLE "Subscription" (
    "id" SERIAL NOT NULL,
    "organisationId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "day" INTEGER NOT NULL DEFAULT 1,
    "time" TEXT NOT NULL DEFAULT '09:00',
    "levels" TEXT NOT NULL,
    "serviceId" INTEGER,
    "alerts" BOOLEAN NOT NULL DEFAULT true,
    "pausedReason" TEXT,
    "lastDigest" TEXT,
    "lastRunAt" TIMESTAMP(3),
    "lastResult" TEXT,
    "alertsFrom" TIMESTAMP(3),
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Subscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobClaim" (
    "id" SERIAL NOT NULL,
    "job" TEXT NOT NULL,
    "slot" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "claimedBy" TEXT,
    "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT,

    CONSTRAINT "JobClaim_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RatingSeen" (
    "key" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RatingSeen_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Subscription_channel_key" ON "Subscription"("channel");

-- CreateIndex
CREATE UNIQUE INDEX "JobClaim_job_slot_key_key" ON "JobClaim"("job", "slot", "key");

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE SET NULL ON UPDATE CASCADE;

