-- CreateTable
CREATE TABLE "CaseSummary" (
    "caseId" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "scheme" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "stage" TEXT NOT NULL,
    "organization" TEXT NOT NULL,
    "province" TEXT,
    "nextDueOn" TEXT NOT NULL,
    "expiresOn" TEXT,
    "searchText" TEXT NOT NULL,

    CONSTRAINT "CaseSummary_pkey" PRIMARY KEY ("caseId")
);

-- CreateIndex
CREATE UNIQUE INDEX "CaseSummary_ref_key" ON "CaseSummary"("ref");

-- CreateIndex
CREATE INDEX "CaseSummary_nextDueOn_ref_idx" ON "CaseSummary"("nextDueOn", "ref");

-- CreateIndex
CREATE INDEX "CaseSummary_organization_ref_idx" ON "CaseSummary"("organization", "ref");

-- CreateIndex
CREATE INDEX "CaseSummary_expiresOn_idx" ON "CaseSummary"("expiresOn");

-- CreateIndex
CREATE INDEX "Obligation_dueOn_shownFrom_kind_scheme_caseId_idx" ON "Obligation"("dueOn", "shownFrom", "kind", "scheme", "caseId");

-- AddForeignKey
ALTER TABLE "CaseSummary" ADD CONSTRAINT "CaseSummary_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Fill the console's case summaries (src/adapters/db/case-summary.ts) for the cases already stored.
INSERT INTO "CaseSummary" ("caseId", ref, scheme, level, stage, organization, province, "nextDueOn", "expiresOn", "searchText")
SELECT x.id, x.ref, x.scheme, x.level, x.stage, g.name, g.province, coalesce(o.next, '9999-12-31'), t.expires,
  lower(x.ref || chr(10) || g.name || chr(10) || coalesce(t.numbers, '') || chr(10) || coalesce(k.emails, ''))
FROM "Case" x
JOIN "Organization" g ON g.id = x."organizationId"
LEFT JOIN (SELECT "caseId", MIN("dueOn") AS next FROM "Obligation"  GROUP BY "caseId") o ON o."caseId" = x.id
LEFT JOIN (SELECT "caseId", MAX("expiresOn") AS expires, string_agg("certificateNo", chr(10)) AS numbers FROM "Certificate"  GROUP BY "caseId") t ON t."caseId" = x.id
LEFT JOIN (SELECT cc."caseId", string_agg(m.email, chr(10)) AS emails FROM "CaseContact" cc JOIN "Contact" m ON m.id = cc."contactId"  GROUP BY cc."caseId") k ON k."caseId" = x.id
;
