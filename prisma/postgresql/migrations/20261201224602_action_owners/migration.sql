-- CreateTable
CREATE TABLE "ActionOwner" (
    "actionId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'owner',

    CONSTRAINT "ActionOwner_pkey" PRIMARY KEY ("actionId","personId")
);

-- AddForeignKey
ALTER TABLE "ActionOwner" ADD CONSTRAINT "ActionOwner_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "Action"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionOwner" ADD CONSTRAINT "ActionOwner_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Each action's owner becomes its ActionOwner row, before the column goes.
INSERT INTO "ActionOwner" ("actionId", "personId", "role") SELECT "id", "ownerId", 'owner' FROM "Action" WHERE "ownerId" IS NOT NULL;

-- DropForeignKey
ALTER TABLE "Action" DROP CONSTRAINT "Action_ownerId_fkey";

-- AlterTable
ALTER TABLE "Action" DROP COLUMN "ownerId";
