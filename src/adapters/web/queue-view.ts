// What the two queue pages (escalations, deliveries) share: the query string that keeps a list's
// state and page, the notice an action comes back with, and the refusal or ignored-parameter notes.
import type { Translator } from '../i18n/translator.js';
import type { Done } from './case-page.js';
import { html, queryOf } from './html.js';
import type { Html } from './html.js';

/** What an action adds to the list it answers with. */
export interface QueueExtras {
  readonly notice?: string;
  readonly error?: string;
  readonly status?: number;
}

/** A list's link: its state (when one is chosen), its page (after the first), and the outcome of an action. */
export function queueQueryOf(state: string | null, page: number, done?: string): string {
  return queryOf({ state, page: page > 1 ? page : undefined, done });
}

/** The notice for ?done=…, one of the case page's own (the same actions); anything else is ignored. */
export function queueDone(tr: Translator, done: string | undefined, allowed: readonly Done[]): QueueExtras {
  const known = allowed.find((d) => d === done);
  return known ? { notice: tr.t(`web.case.done.${known}`) } : {};
}

export function queueNotices(tr: Translator, view: { readonly ignored: readonly string[] }, extras: QueueExtras): Html {
  return html`${extras.error ? html`<p class="error" role="alert">${extras.error}</p>` : ''}
${extras.notice ? html`<p class="notice" role="status">${extras.notice}</p>` : ''}
${view.ignored.length ? html`<p class="notice" role="status">${tr.t('web.cases.ignored', { names: view.ignored.join(', ') })}</p>` : ''}`;
}
