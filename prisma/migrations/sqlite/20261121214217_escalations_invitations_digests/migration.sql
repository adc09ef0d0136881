/*
  Warnings:

  - The primary key for the `ContactChat` table will be changed. If it partially fails, the table could be left without primary key constraint.

*/
-- AlterTable
ALTER TABLE "Contact" ADD COLUMN "digestUnsubscribedAt" DATETIME;
ALTER TABLE "Contact" ADD COLUMN "emailRejectedAt" DATETIME;
ALTER TABLE "Contact" ADD COLUMN "emailRejectedReason" TEXT;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "providerRef" TEXT;

-- CreateTable
CREATE TABLE "ChatSetting" (
    "chatId" TEXT NOT NULL PRIMARY KEY,
    "locale" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "caseRef" TEXT NOT NULL,
    "issuedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "usedByChat" TEXT,
    "revokedAt" DATETIME,
    "revokedBy" TEXT
);

-- CreateTable
CREATE TABLE "InboundReceipt" (
    "source" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,

    PRIMARY KEY ("source", "externalId")
);

-- CreateTable
CREATE TABLE "Escalation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "caseRef" TEXT NOT NULL,
    "occurrence" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "raisedAt" DATETIME NOT NULL,
    "channelId" TEXT,
    "messageTs" TEXT,
    "acknowledgedBy" TEXT,
    "acknowledgedAt" DATETIME,
    "snoozedUntil" DATETIME,
    "reescalatedAt" DATETIME,
    "resolvedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ContactChat" (
    "chatId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "boundAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("chatId", "contactId")
);
INSERT INTO "new_ContactChat" ("boundAt", "chatId", "contactId", "status", "updatedAt") SELECT "boundAt", "chatId", "contactId", "status", "updatedAt" FROM "ContactChat";
DROP TABLE "ContactChat";
ALTER TABLE "new_ContactChat" RENAME TO "ContactChat";
CREATE INDEX "ContactChat_contactId_idx" ON "ContactChat"("contactId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");

-- CreateIndex
CREATE INDEX "Invitation_contactId_idx" ON "Invitation"("contactId");

-- CreateIndex
CREATE INDEX "InboundReceipt_receivedAt_idx" ON "InboundReceipt"("receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Escalation_key_key" ON "Escalation"("key");

-- CreateIndex
CREATE INDEX "Escalation_status_idx" ON "Escalation"("status");

-- CreateIndex
CREATE INDEX "Escalation_caseRef_idx" ON "Escalation"("caseRef");
