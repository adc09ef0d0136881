// The page shell every console page shares: language, navigation, who is signed in, sign-out.
import type { Translator } from '../i18n/translator.js';
import { html } from './html.js';
import type { Html } from './html.js';
import { CSRF_FIELD } from './security.js';

export type Section = 'today' | 'cases' | 'calendar' | 'import' | 'none';

export interface Viewer {
  readonly email: string;
  /** The CSRF token the page's forms carry. */
  readonly csrf: string;
}

const SECTIONS: readonly { readonly id: Exclude<Section, 'none'>; readonly path: string }[] = [
  { id: 'today', path: '/' },
  { id: 'cases', path: '/cases' },
  { id: 'calendar', path: '/calendar' },
  { id: 'import', path: '/import' },
];

export function csrfInput(viewer: Viewer): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${viewer.csrf}">`;
}

export function page(tr: Translator, options: { readonly title: string; readonly viewer: Viewer | null; readonly section?: Section; readonly body: Html }): string {
  const viewer = options.viewer;
  const section = options.section ?? 'none';
  const top = viewer
    ? html`<header class="top">
  <a class="brand" href="/">certbell</a>
  <nav aria-label="${tr.t('web.nav.label')}"><ul>${SECTIONS.map(
    (s) => html`<li><a href="${s.path}"${s.id === section ? html` aria-current="page"` : ''}>${tr.t(`web.nav.${s.id}`)}</a></li>`,
  )}</ul></nav>
  <div class="me">
    <span>${viewer.email}</span>
    <form method="post" action="/settings/language">${csrfInput(viewer)}
      <label class="skip" for="lang-switch">${tr.t('web.language.label')}</label>
      <select id="lang-switch" name="locale"><option value="zh-CN"${tr.locale === 'zh-CN' ? html` selected` : ''}>中文</option><option value="en"${tr.locale === 'en' ? html` selected` : ''}>English</option></select>
      <button type="submit" class="secondary">${tr.t('web.language.switch')}</button>
    </form>
    <form method="post" action="/sign-out">${csrfInput(viewer)}<button type="submit" class="secondary">${tr.t('web.signOut')}</button></form>
  </div>
</header>`
    : html`<header class="top"><span class="brand">certbell</span></header>`;
  return html`<!doctype html>
<html lang="${tr.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · certbell</title>
<link rel="stylesheet" href="/assets/console.css">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
</head>
<body>
<a class="skip" href="#main">${tr.t('web.skipToContent')}</a>
${top}
<main id="main">
${options.body}
</main>
</body>
</html>
`.text;
}
