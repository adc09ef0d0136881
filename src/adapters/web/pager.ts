// Previous / page N of M / next, for every paged list; each page is a link that keeps the list's filter.
import type { MessageKey, Translator } from '../i18n/translator.js';
import { html } from './html.js';
import type { Html } from './html.js';

export interface Paged {
  readonly page: number;
  readonly pages: number;
  readonly total: number;
}

/** pageOf: the key of "page N of M (T things)", naming what the list counts. */
export function pager(tr: Translator, paged: Paged, hrefOf: (page: number) => string, pageOf: MessageKey = 'web.cases.pageOf'): Html {
  return html`<nav class="pager" aria-label="${tr.t('web.cases.pages')}">
${paged.page > 1 ? html`<a href="${hrefOf(paged.page - 1)}" rel="prev">${tr.t('web.cases.previous')}</a>` : ''}
<span>${tr.t(pageOf, { page: paged.page, pages: paged.pages, total: paged.total, count: paged.total })}</span>
${paged.page < paged.pages ? html`<a href="${hrefOf(paged.page + 1)}" rel="next">${tr.t('web.cases.next')}</a>` : ''}
</nav>`;
}
