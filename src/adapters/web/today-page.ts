// GET /: the Today page. Counts first, each a link to the list behind it; then the weeks ahead;
// then the overdue obligations, oldest first.
import type { FastifyInstance } from 'fastify';
import { showToday } from '../../app/console/show-today.js';
import type { TodayView } from '../../app/console/show-today.js';
import { daysBetween } from '../../domain/calendar/calendar-date.js';
import type { SchemeId } from '../../domain/case.js';
import { allSchemes } from '../../domain/schemes/registry.js';
import type { Translator } from '../i18n/translator.js';
import type { RouteContext } from './context.js';
import { staffOnly, staffPage } from './context.js';
import { html, queryOf } from './html.js';
import type { Html } from './html.js';
import { KINDS, weekChart } from './week-chart.js';

const SCHEMES: readonly SchemeId[] = allSchemes().map((s) => s.id);

function card(label: string, value: number, href: string | null, overdue = false): Html {
  const style = `n${overdue && value > 0 ? ' overdue' : ''}`;
  return html`<div class="card">${href ? html`<a class="${style}" href="${href}">${value}</a>` : html`<span class="${style}">${value}</span>`}<span class="label">${label}</span></div>`;
}

export function todayBody(tr: Translator, view: TodayView): Html {
  const overdueOf = (kind: string, scheme: SchemeId) => view.overdue.find((o) => o.kind === kind && o.scheme === scheme)?.count ?? 0;
  const kindsOverdue = KINDS.filter((k) => SCHEMES.some((s) => overdueOf(k, s) > 0));
  return html`<h1>${tr.t('web.today.title', { date: view.asOf })}</h1>
<div class="cards">
${card(tr.t('web.today.overdue'), view.overdueTotal, `/cases${queryOf({ status: 'overdue' })}`, true)}
${card(tr.t('web.today.dueThisWeek', { until: view.weekEnds }), view.dueThisWeek, `/cases${queryOf({ dueFrom: view.asOf, dueTo: view.weekEnds })}`)}
${card(tr.t('web.today.dueSoon', { until: view.dueSoonUntil }), view.dueSoon, `/cases${queryOf({ status: 'due-soon' })}`)}
${card(tr.t('web.today.openEscalations'), view.openEscalations, '/escalations')}
${card(tr.t('web.today.failedDeliveries'), view.failedDeliveries, '/deliveries')}
</div>
<section class="panel" aria-labelledby="overdue-kinds">
<h2 id="overdue-kinds">${tr.t('web.today.overdueByKind')}</h2>
${
  kindsOverdue.length
    ? html`<table><thead><tr><th scope="col">${tr.t('web.col.kind')}</th>${SCHEMES.map((s) => html`<th scope="col" class="num">${tr.t(`web.schemeShort.${s}`)}</th>`)}</tr></thead>
<tbody>${kindsOverdue.map(
        (k) =>
          html`<tr><th scope="row">${tr.t(`kind.${k}`)}</th>${SCHEMES.map((s) => {
            const n = overdueOf(k, s);
            return html`<td class="num">${n ? html`<a class="overdue" href="/cases${queryOf({ status: 'overdue', kind: k, scheme: s })}">${n}</a>` : '0'}</td>`;
          })}</tr>`,
      )}</tbody></table>`
    : html`<p class="ok">${tr.t('web.today.nothingOverdue')}</p>`
}
</section>
<h2>${tr.t('web.today.chartTitle')}</h2>
${weekChart(tr, view.weeks, view.asOf)}
<section class="panel" aria-labelledby="oldest">
<h2 id="oldest">${tr.t('web.today.oldestOverdue')}</h2>
${
  view.oldestOverdue.length
    ? html`<table class="rows-as-cards"><thead><tr><th scope="col">${tr.t('web.col.due')}</th><th scope="col">${tr.t('web.col.late')}</th><th scope="col">${tr.t('web.col.case')}</th><th scope="col">${tr.t('web.col.organization')}</th><th scope="col">${tr.t('web.col.kind')}</th><th scope="col">${tr.t('web.col.rule')}</th></tr></thead>
<tbody>${view.oldestOverdue.map(
        (o) =>
          html`<tr><td>${o.dueOn}</td><td class="overdue">${tr.t('web.daysLate', { count: daysBetween(o.dueOn, view.asOf) })}</td><td><a href="/cases/${encodeURIComponent(o.caseRef)}">${o.caseRef}</a></td><td>${o.organization}</td><td>${tr.t(`kind.${o.kind}`)}</td><td>${o.rules[0] ?? ''}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="ok">${tr.t('web.today.nothingOverdue')}</p>`
}
</section>`;
}

export function registerTodayRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    '/',
    staffOnly(ctx, async (_request, reply, staff) => {
      const view = await showToday(ctx.deps);
      return staffPage(reply, staff, { title: staff.tr.t('web.nav.today'), section: 'today', body: todayBody(staff.tr, view) });
    }),
  );
}
