-- CreateTable
CREATE TABLE "StaffMember" (
    "email" TEXT NOT NULL PRIMARY KEY,
    "locale" TEXT NOT NULL,
    "addedAt" DATETIME NOT NULL,
    "addedBy" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "SignInToken" (
    "tokenHash" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME
);

-- CreateTable
CREATE TABLE "WebSession" (
    "idHash" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "idleExpiresAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "endedAt" DATETIME
);

-- CreateTable
CREATE TABLE "CalendarFeed" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "ownerKind" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "filter" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,
    "revokedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "SignInToken_email_createdAt_idx" ON "SignInToken"("email", "createdAt");

-- CreateIndex
CREATE INDEX "WebSession_email_idx" ON "WebSession"("email");

-- CreateIndex
CREATE UNIQUE INDEX "CalendarFeed_tokenHash_key" ON "CalendarFeed"("tokenHash");

-- CreateIndex
CREATE INDEX "CalendarFeed_ownerKind_owner_idx" ON "CalendarFeed"("ownerKind", "owner");

-- CreateIndex
CREATE INDEX "Certificate_certificateNo_idx" ON "Certificate"("certificateNo");

-- CreateIndex
CREATE INDEX "Organization_province_idx" ON "Organization"("province");
