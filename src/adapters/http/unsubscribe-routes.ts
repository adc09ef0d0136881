// The digest unsubscribe link. GET shows a confirmation in the contact's language (mail scanners
// follow links, so a GET changes nothing); POST unsubscribes, both from that page and as the RFC 8058
// one-click request a mail client sends. A link whose signature is not ours, or whose contact is
// gone, gets one and the same neutral page, so a guess learns nothing. The confirmation that digests
// have stopped offers to undo it: a POST to the same signed link under /resubscribe.
import type { DigestContact } from '../../app/digest-ports.js';
import { resubscribeToDigests, unsubscribeFromDigests } from '../../app/unsubscribe-digests.js';
import type { UnsubscribeDeps } from '../../app/unsubscribe-digests.js';
import type { UnsubscribeLinks } from '../email/unsubscribe-link.js';
import { locales, pickLocale, translator } from '../i18n/translator.js';
import type { Translator } from '../i18n/translator.js';
import type { HttpResponse, Route } from './http-server.js';
import { escapeHtml as esc } from '../email/escape-html.js';

export function unsubscribeRoutes(deps: UnsubscribeDeps & { readonly links: UnsubscribeLinks }): Route[] {
  const resubscribePath = `${deps.links.path}/resubscribe`;
  const unsubscribeAt = (search: string) => `${deps.links.path}${search}`;
  const resubscribeAt = (search: string) => `${resubscribePath}${search}`;
  return [
    {
      method: 'GET',
      path: deps.links.path,
      async handle(request) {
        const contactId = deps.links.verify(request.url.searchParams);
        const contact = contactId ? await deps.digests.contact(contactId) : null;
        if (!contact) return invalid();
        const tr = translator(pickLocale(contact.locale));
        if (contact.digestUnsubscribedAt) return done(tr, contact, resubscribeAt(request.url.search));
        return page(tr, 200, confirm(tr, contact, unsubscribeAt(request.url.search)));
      },
    },
    {
      method: 'POST',
      path: deps.links.path,
      async handle(request) {
        const contactId = deps.links.verify(request.url.searchParams);
        const contact = contactId ? await unsubscribeFromDigests(deps, contactId) : null;
        return contact ? done(translator(pickLocale(contact.locale)), contact, resubscribeAt(request.url.search)) : invalid();
      },
    },
    {
      method: 'POST',
      path: resubscribePath,
      async handle(request) {
        const contactId = deps.links.verify(request.url.searchParams);
        const contact = contactId ? await resubscribeToDigests(deps, contactId) : null;
        if (!contact) return invalid();
        const tr = translator(pickLocale(contact.locale));
        return page(tr, 200, `<p>${esc(tr.t('digest.unsubscribe.resubscribed', { email: contact.email }))}</p>\n${confirm(tr, contact, unsubscribeAt(request.url.search))}`);
      },
    },
  ];
}

const BUTTON = 'font-size:16px;padding:10px 18px;background:#0b5cad;color:#fff;border:0;border-radius:4px';

/** The question and its button; the form posts back to the very link, which carries the signature. */
function confirm(tr: Translator, contact: DigestContact, action: string): string {
  return `<p>${esc(tr.t('digest.unsubscribe.confirm', { email: contact.email }))}</p>
<p style="color:#52606d">${esc(tr.t('digest.unsubscribe.keeps'))}</p>
<form method="post" action="${esc(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit" style="${BUTTON}">${esc(tr.t('digest.unsubscribe.button'))}</button></form>`;
}

function done(tr: Translator, contact: DigestContact, resubscribe: string): HttpResponse {
  return page(
    tr,
    200,
    `<p>${esc(tr.t('digest.unsubscribe.done', { email: contact.email }))}</p>
<p style="color:#52606d">${esc(tr.t('digest.unsubscribe.keeps'))}</p>
<p>${esc(tr.t('digest.unsubscribe.resubscribeHint'))}</p>
<form method="post" action="${esc(resubscribe)}"><button type="submit" id="resubscribe" style="${BUTTON}">${esc(tr.t('digest.unsubscribe.resubscribeButton'))}</button></form>`,
  );
}

/** In every language, since nothing tells whose link it was meant to be. */
function invalid(): HttpResponse {
  const parts = locales.map((locale) => translator(locale)).map((tr) => `<p lang="${tr.locale}">${esc(tr.t('digest.unsubscribe.invalid'))}</p>`);
  return page(translator('zh-CN'), 404, parts.join('\n'));
}

function page(tr: Translator, status: number, body: string): HttpResponse {
  return {
    status,
    body: `<!DOCTYPE html>
<html lang="${tr.locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${esc(tr.t('digest.unsubscribe.title'))}</title></head>
<body style="margin:0;padding:32px 16px;background:#f0f4f8;font-family:-apple-system,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC','Segoe UI',Arial,sans-serif;color:#1f2933">
<main style="max-width:520px;margin:0 auto;background:#fff;border:1px solid #d9e2ec;border-radius:6px;padding:24px;font-size:16px;line-height:24px">
<h1 style="font-size:20px;margin:0 0 16px 0">${esc(tr.t('digest.unsubscribe.title'))}</h1>
${body}
</main>
</body>
</html>
`,
  };
}
