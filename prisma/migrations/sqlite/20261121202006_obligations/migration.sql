-- CreateTable
CREATE TABLE "Obligation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "caseRef" TEXT NOT NULL,
    "scheme" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "occurrence" TEXT NOT NULL,
    "opensOn" TEXT,
    "dueOn" TEXT NOT NULL,
    "shownFrom" TEXT,
    "counting" TEXT NOT NULL,
    "rules" TEXT NOT NULL,
    "estimatedYears" TEXT NOT NULL,
    "explanation" TEXT NOT NULL,
    CONSTRAINT "Obligation_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PlanningState" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "fingerprint" TEXT NOT NULL,
    "computedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Obligation_dueOn_caseRef_kind_occurrence_idx" ON "Obligation"("dueOn", "caseRef", "kind", "occurrence");

-- CreateIndex
CREATE UNIQUE INDEX "Obligation_caseId_kind_occurrence_key" ON "Obligation"("caseId", "kind", "occurrence");
