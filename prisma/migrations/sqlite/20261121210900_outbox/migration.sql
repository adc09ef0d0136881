-- CreateTable
CREATE TABLE "ContactChat" (
    "chatId" TEXT NOT NULL PRIMARY KEY,
    "contactId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "boundAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "reminder" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "detail" TEXT,
    "caseRef" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "occurrence" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "notBefore" DATETIME NOT NULL,
    "claimedBy" TEXT,
    "claimedUntil" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL,
    "sentAt" DATETIME
);

-- CreateTable
CREATE TABLE "SchedulerRun" (
    "job" TEXT NOT NULL,
    "tick" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,

    PRIMARY KEY ("job", "tick")
);

-- CreateIndex
CREATE INDEX "ContactChat_contactId_idx" ON "ContactChat"("contactId");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_key_key" ON "OutboxMessage"("key");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_reminder_key" ON "OutboxMessage"("reminder");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_notBefore_idx" ON "OutboxMessage"("status", "notBefore");

-- CreateIndex
CREATE INDEX "OutboxMessage_caseRef_idx" ON "OutboxMessage"("caseRef");
