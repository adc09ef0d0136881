// The calendar page's subscriptions: staff make a feed of every deadline or of the calendar's
// current filter (its secret address shown once, then only its hash is kept), make a contact's feed,
// and revoke feeds. Each POST answers with the calendar page again (calendar-routes.ts), saying what was done.
import { feedCaseFilter, feedsOf } from '../../app/console/calendar-feeds.js';
import type { CalendarView } from '../../app/console/show-calendar.js';
import type { CaseFilter } from '../../app/console/console-ports.js';
import type { CalendarFeed, ContactFeed } from '../../app/console/feed-ports.js';
import type { Translator } from '../i18n/translator.js';
import { calendarHref } from './calendar-page.js';
import { stageName } from './cases-page.js';
import type { RouteContext, Staff } from './context.js';
import { html } from './html.js';
import type { Html } from './html.js';
import { csrfInput } from './layout.js';

export type FeedNotice =
  | { readonly kind: 'created'; readonly url: string }
  | { readonly kind: 'contact'; readonly links: readonly { readonly email: string; readonly organization: string; readonly url: string; readonly created: boolean }[] }
  | { readonly kind: 'revoked' }
  | { readonly kind: 'error'; readonly message: string };

export interface FeedList {
  readonly own: readonly CalendarFeed[];
  readonly contacts: readonly ContactFeed[];
}

export function listFeedsOf(ctx: RouteContext, staff: Staff): Promise<FeedList> {
  return feedsOf(ctx.deps.feeds, staff.member.email);
}

/** A filter in words, e.g. "Scheme: 网安联 · Level: Level 2"; "all deadlines" when it narrows nothing. */
export function describeFilter(tr: Translator, filter: CaseFilter): string {
  const parts = [
    filter.text ? `${tr.t('web.cases.search')}: ${filter.text}` : '',
    filter.scheme ? `${tr.t('web.cases.scheme')}: ${tr.t(`web.schemeShort.${filter.scheme}`)}` : '',
    filter.level !== undefined ? `${tr.t('web.cases.level')}: ${tr.t('web.cases.levelN', { level: filter.level })}` : '',
    filter.stage ? `${tr.t('web.cases.stage')}: ${filter.scheme ? stageName(tr, filter.scheme, filter.stage) : filter.stage}` : '',
    filter.province ? `${tr.t('web.cases.province')}: ${filter.province}` : '',
    filter.status ? `${tr.t('web.cases.status')}: ${tr.t(`web.cases.statuses.${filter.status}`)}` : '',
    filter.kind ? `${tr.t('web.calendar.kind')}: ${tr.t(`kind.${filter.kind}`)}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : tr.t('web.feeds.allDeadlines');
}

/** The calendar's query (filter and month) carried by each form, so the answer shows the same calendar. */
function viewInput(view: CalendarView): Html {
  return html`<input type="hidden" name="view" value="${calendarHref(view.filter, view.month).slice('/calendar?'.length)}">`;
}

function noticeOf(tr: Translator, notice: FeedNotice | null): Html {
  if (!notice) return html``;
  if (notice.kind === 'error') return html`<p class="error" role="alert">${notice.message}</p>`;
  if (notice.kind === 'revoked') return html`<p class="notice" role="status">${tr.t('web.feeds.revoked')}</p>`;
  if (notice.kind === 'created') {
    return html`<div class="notice" role="status"><p>${tr.t('web.feeds.created')}</p><p><code class="secret">${notice.url}</code></p><p class="muted">${tr.t('web.feeds.shownOnce')}</p></div>`;
  }
  return html`<div class="notice" role="status"><p>${tr.t('web.feeds.contactCreated')}</p><ul>${notice.links.map(
    (l) => html`<li>${l.email} · ${l.organization}${l.created ? '' : html` <span class="muted">(${tr.t('web.feeds.existing')})</span>`}<br><code class="secret">${l.url}</code></li>`,
  )}</ul><p class="muted">${tr.t('web.feeds.contactNote')}</p></div>`;
}

function revokeButton(staff: Staff, view: CalendarView, feed: CalendarFeed): Html {
  return html`<form method="post" action="/calendar/feeds/${feed.id}/revoke" class="inline">${csrfInput(staff.viewer)}${viewInput(view)}<button type="submit" class="secondary">${staff.tr.t('web.feeds.revoke')}</button></form>`;
}

export function feedsSection(staff: Staff, view: CalendarView, feeds: FeedList, notice: FeedNotice | null): Html {
  const { tr } = staff;
  const narrowed = describeFilter(tr, view.filter);
  return html`<section class="panel" id="feeds" aria-labelledby="feeds-title">
<h2 id="feeds-title">${tr.t('web.feeds.title')}</h2>
${noticeOf(tr, notice)}
<p class="muted">${tr.t('web.feeds.intro')}</p>
<form method="post" action="/calendar/feeds" class="stack">${csrfInput(staff.viewer)}${viewInput(view)}
<label class="choice"><input type="radio" name="scope" value="all" checked> ${tr.t('web.feeds.scopeAll')}</label>
${narrowed === tr.t('web.feeds.allDeadlines') ? '' : html`<label class="choice"><input type="radio" name="scope" value="filter"> ${tr.t('web.feeds.scopeFilter', { filter: narrowed })}</label>`}
<button type="submit">${tr.t('web.feeds.subscribe')}</button>
</form>
<h3>${tr.t('web.feeds.yours')}</h3>
${
  feeds.own.length
    ? html`<ul class="feeds">${feeds.own.map((f) => html`<li><span>${describeFilter(tr, feedCaseFilter(f))}</span> <span class="muted">${tr.t('web.feeds.createdOn', { date: f.createdAt.toISOString().slice(0, 10) })}</span> ${revokeButton(staff, view, f)}</li>`)}</ul>`
    : html`<p class="muted">${tr.t('web.feeds.noneYours')}</p>`
}
<h3>${tr.t('web.feeds.contactTitle')}</h3>
<form method="post" action="/calendar/feeds/contact" class="stack">${csrfInput(staff.viewer)}${viewInput(view)}
<label>${tr.t('web.feeds.contactEmail')}<input type="email" name="email" required maxlength="254" autocomplete="off"></label>
<button type="submit">${tr.t('web.feeds.contactCreate')}</button>
</form>
${
  feeds.contacts.length
    ? html`<ul class="feeds">${feeds.contacts.map((f) => html`<li><span>${f.email} · ${f.organization}</span> <span class="muted">${tr.t('web.feeds.createdOn', { date: f.createdAt.toISOString().slice(0, 10) })}</span> ${revokeButton(staff, view, f)}</li>`)}</ul>`
    : html`<p class="muted">${tr.t('web.feeds.noneContacts')}</p>`
}
</section>`;
}
