// `certbell digest preview`: the digest a contact or the staff would get, as the .eml it would be,
// so that an operator can open it in a mail client before anything is sent.
import type { DigestDeps } from '../../app/digest-ports.js';
import { digestPeriod } from '../../app/digest-schedule.js';
import type { DigestSchedule } from '../../app/digest-schedule.js';
import { composeContactDigest, composeStaffDigest, digestKey } from '../../app/send-digests.js';
import type { IsoDate } from '../../domain/calendar/calendar-date.js';
import { buildEml } from '../email/email-delivery.js';
import type { EmailDeliveryOptions } from '../email/email-delivery.js';
import type { Translator } from '../i18n/translator.js';

export type DigestPreview =
  | { readonly kind: 'eml'; readonly eml: Buffer; readonly subject: string; readonly notes: readonly string[] }
  | { readonly kind: 'nothing'; readonly text: string }
  | { readonly kind: 'refused'; readonly text: string };

export interface PreviewOptions {
  readonly who: { readonly contact: string } | 'staff';
  readonly asOf: IsoDate;
  /** The configured schedules name the period, and so the Message-ID, as a real send would. */
  readonly schedule: DigestSchedule | null;
  readonly mail: Pick<EmailDeliveryOptions, 'from' | 'replyTo'>;
}

export async function previewDigest(deps: DigestDeps, options: PreviewOptions, tr: Translator): Promise<DigestPreview> {
  const now = deps.clock.now();
  const period = options.schedule ? digestPeriod(options.schedule, options.asOf) : options.asOf;
  const nothing = (): DigestPreview => ({ kind: 'nothing', text: tr.t('digest.cli.nothing', { asOf: options.asOf }) });
  if (options.who === 'staff') {
    const composed = await composeStaffDigest(deps, options.asOf, period, now);
    if (!composed) return nothing();
    const address = deps.settings.staffEmails[0] ?? 'staff@localhost';
    const eml = await buildEml(options.mail, { ...composed.message, address, key: digestKey({ staffEmail: address }, period) });
    return { kind: 'eml', eml, subject: composed.message.subject, notes: [] };
  }
  const email = options.who.contact;
  const [contact, ...others] = await deps.digests.contactsByEmail(email);
  if (!contact) return { kind: 'refused', text: tr.t('digest.cli.unknownContact', { email }) };
  const notes = [
    ...(others.length ? [tr.t('digest.cli.several', { count: others.length + 1, organization: contact.organization })] : []),
    ...(contact.digestUnsubscribedAt ? [tr.t('digest.cli.unsubscribed', { at: contact.digestUnsubscribedAt.toISOString() })] : []),
    ...(contact.emailRejectedAt ? [tr.t('digest.cli.rejected', { at: contact.emailRejectedAt.toISOString(), reason: contact.emailRejectedReason ?? '' })] : []),
  ];
  const composed = await composeContactDigest(deps, contact, options.asOf, period, now);
  if (!composed) return nothing();
  const eml = await buildEml(options.mail, { ...composed.message, address: contact.email, key: digestKey({ contactId: contact.contactId }, period) });
  return { kind: 'eml', eml, subject: composed.message.subject, notes };
}
