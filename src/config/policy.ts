// [policy] numbers the schemes leave to the certification body.
import { z } from 'zod';
import { defaultPolicy } from '../domain/policy.js';
import type { Policy } from '../domain/policy.js';
import { flag } from './fields.js';

/** Also read by the Slack area: the pledge is escalated, by default, the day after it fell due. */
export const pledgeDueDays = z.coerce.number().int().min(1).max(365).default(defaultPolicy.pledgeDueDays);

export const policySchema = z
  .object({
    CERTBELL_CERT_VALIDITY_YEARS: z.coerce.number().int().min(1).max(10).default(defaultPolicy.certificateValidity.years),
    CERTBELL_CERT_VALIDITY_MINUS_DAYS: z.coerce.number().int().min(0).max(1).default(defaultPolicy.certificateValidity.minusDays),
    CERTBELL_PLEDGE_DUE_DAYS: pledgeDueDays,
    CERTBELL_REVIEW_RESTARTS_ON_SUPPLEMENT: flag(defaultPolicy.materialReviewRestartsOnSupplement),
  })
  .transform(
    (e): Policy => ({
      certificateValidity: { years: e.CERTBELL_CERT_VALIDITY_YEARS, minusDays: e.CERTBELL_CERT_VALIDITY_MINUS_DAYS },
      pledgeDueDays: e.CERTBELL_PLEDGE_DUE_DAYS,
      materialReviewRestartsOnSupplement: e.CERTBELL_REVIEW_RESTARTS_ON_SUPPLEMENT,
    }),
  );
