-- CreateTable
CREATE TABLE "ContactChat" (
    "chatId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "boundAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ContactChat_pkey" PRIMARY KEY ("chatId")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL,
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
    "notBefore" TIMESTAMP(3) NOT NULL,
    "claimedBy" TEXT,
    "claimedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SchedulerRun" (
    "job" TEXT NOT NULL,
    "tick" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "SchedulerRun_pkey" PRIMARY KEY ("job","tick")
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
