// The applicants' and the staff's email digests, and the public server behind their unsubscribe links.
import { z } from 'zod';
import { digestScheduleSyntax, parseDigestSchedule } from '../app/digest-schedule.js';
import { host, optionalText, port } from './fields.js';

function digestSchedule(fallback: string) {
  return z
    .string()
    .default(fallback)
    .refine((text) => parseDigestSchedule(text) !== undefined, `expected ${digestScheduleSyntax}`)
    .transform((text) => parseDigestSchedule(text) ?? null);
}

export const digestsSchema = z
  .object({
    CERTBELL_DIGEST_AT: digestSchedule('mon 09:00'),
    CERTBELL_STAFF_DIGEST_AT: digestSchedule('workdays 08:30'),
    CERTBELL_DIGEST_HORIZON_DAYS: z.coerce.number().int().min(1).max(366).default(60),
    // One-click unsubscribe (RFC 8058) needs an https:// link; plain http:// only reaches this machine,
    // where tests and a developer's trial run serve the unsubscribe page without TLS.
    CERTBELL_PUBLIC_URL: optionalText.refine(
      (v) => v === undefined || /^(https:\/\/[^\s/?#]+|http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?)(\/[^\s?#]*)?$/.test(v),
      'expected an https:// URL without query: one-click unsubscribe (RFC 8058) requires HTTPS; http:// is accepted only for 127.0.0.1 or localhost',
    ),
    CERTBELL_HTTP_PORT: port.optional(),
    CERTBELL_HTTP_HOST: host('0.0.0.0'),
    CERTBELL_STAFF_REPLY_TO: optionalText,
  })
  .transform((e) => ({
    /** null: off. */
    contactSchedule: e.CERTBELL_DIGEST_AT,
    staffSchedule: e.CERTBELL_STAFF_DIGEST_AT,
    horizonDays: e.CERTBELL_DIGEST_HORIZON_DAYS,
    /** The public base URL unsubscribe links point to, e.g. https://certbell.example.cn */
    publicUrl: e.CERTBELL_PUBLIC_URL ?? null,
    /** Where the unsubscribe page listens (null: no HTTP server). */
    httpPort: e.CERTBELL_HTTP_PORT ?? null,
    httpHost: e.CERTBELL_HTTP_HOST,
    /** Reply-To of applicants' digests: the responsible staff. */
    staffReplyTo: e.CERTBELL_STAFF_REPLY_TO ?? null,
  }));
