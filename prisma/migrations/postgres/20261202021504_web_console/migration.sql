-- CreateTable
CREATE TABLE "StaffMember" (
    "email" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL,
    "addedBy" TEXT NOT NULL,

    CONSTRAINT "StaffMember_pkey" PRIMARY KEY ("email")
);

-- CreateTable
CREATE TABLE "SignInToken" (
    "tokenHash" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "SignInToken_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateTable
CREATE TABLE "WebSession" (
    "idHash" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "idleExpiresAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "WebSession_pkey" PRIMARY KEY ("idHash")
);

-- CreateTable
CREATE TABLE "CalendarFeed" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "ownerKind" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "filter" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "CalendarFeed_pkey" PRIMARY KEY ("id")
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
