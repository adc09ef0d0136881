// GET /calendar: a month of deadlines for the cases matching the list's filters. Each day shows how
// many obligations of each kind fall due, each count a link to the list of exactly those cases.
// Wide screens get a week grid; a phone gets a list of the days that have deadlines.
import type { CalendarDay, CalendarView, Month } from '../../app/console/show-calendar.js';
import type { CaseFilter } from '../../app/console/console-ports.js';
import type { Translator } from '../i18n/translator.js';
import { filterForm, filterQuery, select } from './cases-page.js';
import { html } from './html.js';
import type { Html } from './html.js';
import { KINDS } from './week-chart.js';

/** The calendar's own address for a filter and month: the filter's parameters, then the month. */
export function calendarHref(filter: CaseFilter, month: Month): string {
  const query = filterQuery({ ...filter, page: 1, dueFrom: undefined, dueTo: undefined });
  return `/calendar${query ? `${query}&` : '?'}month=${month}`;
}

function dayCell(tr: Translator, view: CalendarView, day: CalendarDay): Html {
  const classes = ['day', day.inMonth ? '' : 'out', day.dayOff ? 'off' : '', day.madeUpWorkday ? 'workday' : '', day.today ? 'today' : '', day.total ? '' : 'empty'].filter(Boolean).join(' ');
  const note = day.madeUpWorkday ? tr.t('web.calendar.madeUpWorkday') : day.dayOff && day.weekday < 6 ? tr.t('web.calendar.holiday') : '';
  return html`<li class="${classes}"${day.today ? html` aria-current="date"` : ''}>
<span class="date"><time datetime="${day.date}">${Number(day.date.slice(8))}</time> <span class="wdname">${tr.t(`web.calendar.weekdays.${day.weekday}`)} ${day.date}</span>${day.today ? html` <strong class="tag">${tr.t('web.calendar.today')}</strong>` : ''}${note ? html` <span class="tag">${note}</span>` : ''}</span>
${day.counts.length ? html`<ul class="counts">${day.counts.map((c) => html`<li><a href="/cases${filterQuery(view.filter, { dueFrom: day.date, dueTo: day.date, kind: c.kind, page: undefined })}">${tr.t(`kind.${c.kind}`)}: ${c.count}</a></li>`)}</ul>` : ''}
</li>`;
}

export function calendarBody(tr: Translator, view: CalendarView, provinces: readonly string[], ignored: readonly string[]): Html {
  const kindSelect = select(tr, 'kind', tr.t('web.calendar.kind'), view.filter.kind, KINDS.map((k) => [k, tr.t(`kind.${k}`)] as const));
  const extra = html`${kindSelect}<input type="hidden" name="month" value="${view.month}">`;
  const pager = html`<nav class="pager" aria-label="${tr.t('web.calendar.months')}">
<a href="${calendarHref(view.filter, view.previous)}" rel="prev">${tr.t('web.calendar.previous', { month: view.previous })}</a>
<a href="${calendarHref(view.filter, view.asOf.slice(0, 7))}">${tr.t('web.calendar.thisMonth')}</a>
<a href="${calendarHref(view.filter, view.next)}" rel="next">${tr.t('web.calendar.next', { month: view.next })}</a>
</nav>`;
  return html`<h1>${tr.t('web.calendar.title', { month: view.month })}</h1>
${ignored.length ? html`<p class="notice" role="status">${tr.t('web.cases.ignored', { names: ignored.join(', ') })}</p>` : ''}
${filterForm(tr, { ...view.filter, kind: undefined }, provinces, '/calendar', extra)}
${pager}
<p class="muted">${tr.t('web.calendar.total', { count: view.total })} ${tr.t('web.calendar.legend')}</p>
<ol class="month-grid panel" aria-label="${tr.t('web.calendar.title', { month: view.month })}">
${([1, 2, 3, 4, 5, 6, 7] as const).map((d) => html`<li class="wd" aria-hidden="true">${tr.t(`web.calendar.weekdays.${d}`)}</li>`)}
${view.weeks.flat().map((day) => dayCell(tr, view, day))}
</ol>
${view.total ? '' : html`<p class="panel">${tr.t('web.calendar.none')}</p>`}`;
}
