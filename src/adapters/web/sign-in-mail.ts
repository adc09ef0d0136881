// The sign-in link by email, sent at once rather than through the outbox: the link is a secret that
// must not be stored in clear, and it is worth nothing after 15 minutes, so a retry hours later helps nobody.
import { randomUUID } from 'node:crypto';
import type { DeliveryChannel } from '../../app/delivery.js';
import type { SignInMailer } from '../../app/console/staff-ports.js';
import { translator } from '../i18n/translator.js';
import { escapeHtml } from './html.js';

export function createSignInMailer(email: DeliveryChannel, zone: string): SignInMailer {
  return {
    async send(to, link, expiresAt) {
      const tr = translator(to.locale);
      const until = new Intl.DateTimeFormat(to.locale, { timeZone: zone, hour: '2-digit', minute: '2-digit', hour12: false }).format(expiresAt);
      const params = { link, until, minutes: 15 };
      const result = await email.send({
        address: to.email,
        key: `sign-in:${randomUUID()}`,
        subject: tr.t('web.mail.subject'),
        text: tr.t('web.mail.text', params),
        html: `<p>${escapeHtml(tr.t('web.mail.intro', params))}</p><p><a href="${escapeHtml(link)}">${escapeHtml(tr.t('web.mail.button'))}</a></p><p>${escapeHtml(tr.t('web.mail.ignore'))}</p>`,
      });
      return result.kind === 'sent';
    },
  };
}
