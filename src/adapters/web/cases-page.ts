// GET /cases: search, filter, sort and page through the register. The form is a plain GET, so a
// filtered list is a link that can be bookmarked, shared or reached from a number on the Today page.
import type { FastifyInstance } from 'fastify';
import { findCases, parseCaseFilter } from '../../app/console/find-cases.js';
import type { CaseListView } from '../../app/console/find-cases.js';
import type { CaseFilter } from '../../app/console/console-ports.js';
import { compareDates } from '../../domain/calendar/calendar-date.js';
import { allSchemes } from '../../domain/schemes/registry.js';
import type { Translator } from '../i18n/translator.js';
import type { RouteContext } from './context.js';
import { staffOnly, staffPage } from './context.js';
import { html, queryOf } from './html.js';
import type { Html } from './html.js';
import { pager } from './pager.js';

/** The filter as query parameters, for links that keep it (pages, sorting, removing one part). */
export function filterQuery(filter: CaseFilter, change: Partial<Record<keyof CaseFilter, string | number | undefined>> = {}): string {
  const base: Record<string, string | number | undefined> = {
    q: filter.text,
    scheme: filter.scheme,
    level: filter.level,
    stage: filter.stage,
    province: filter.province,
    status: filter.status,
    kind: filter.kind,
    dueFrom: filter.dueFrom,
    dueTo: filter.dueTo,
    sort: filter.sort === 'ref' ? undefined : filter.sort,
    page: filter.page === 1 ? undefined : filter.page,
  };
  const renamed = Object.fromEntries(Object.entries(change).map(([k, v]) => [k === 'text' ? 'q' : k, v]));
  return queryOf({ ...base, ...renamed });
}

/** any: whether the first choice is "any" (no filter); a list with a default state offers only the states. */
export function select(tr: Translator, name: string, label: string, current: string | number | undefined, options: readonly (readonly [string, string])[], any = true): Html {
  return html`<label>${label}<select name="${name}">${any ? html`<option value="">${tr.t('web.cases.any')}</option>` : ''}${options.map(
    ([value, text]) => html`<option value="${value}"${String(current ?? '') === value ? html` selected` : ''}>${text}</option>`,
  )}</select></label>`;
}

export function stageName(tr: Translator, scheme: string, stage: string): string {
  return tr.t(`stage.${scheme}.${stage}`);
}

/** The list's filter form; the calendar shows it too, sending it to itself with its own fields added. */
export function filterForm(tr: Translator, filter: CaseFilter, provinces: readonly string[], action = '/cases', extra: Html = html``): Html {
  const schemes = allSchemes();
  const stages = schemes.filter((s) => !filter.scheme || s.id === filter.scheme).flatMap((s) => s.stages.map((st) => [st.id, `${tr.t(`web.schemeShort.${s.id}`)}: ${stageName(tr, s.id, st.id)}`] as const));
  const uniqueStages = [...new Map(stages.map(([id, text]) => [id, text])).entries()];
  const levels = [...new Set(schemes.flatMap((s) => s.levels))].sort().map((l) => [String(l), tr.t('web.cases.levelN', { level: l })] as const);
  return html`<form class="filters panel" method="get" action="${action}" role="search">
<label class="wide">${tr.t('web.cases.search')}<input type="search" name="q" value="${filter.text ?? ''}" maxlength="100" placeholder="${tr.t('web.cases.searchHint')}"></label>
${select(tr, 'scheme', tr.t('web.cases.scheme'), filter.scheme, schemes.map((s) => [s.id, tr.t(`web.schemeShort.${s.id}`)] as const))}
${select(tr, 'level', tr.t('web.cases.level'), filter.level, levels)}
${select(tr, 'stage', tr.t('web.cases.stage'), filter.stage, uniqueStages)}
${select(tr, 'province', tr.t('web.cases.province'), filter.province, provinces.map((p) => [p, p] as const))}
${select(tr, 'status', tr.t('web.cases.status'), filter.status, (['overdue', 'due-soon', 'expired', 'suspended'] as const).map((s) => [s, tr.t(`web.cases.statuses.${s}`)] as const))}
${select(tr, 'sort', tr.t('web.cases.sort'), filter.sort === 'ref' ? undefined : filter.sort, [['organization', tr.t('web.cases.sorts.organization')], ['due', tr.t('web.cases.sorts.due')]])}
${filter.kind ? html`<input type="hidden" name="kind" value="${filter.kind}">` : ''}
${filter.dueFrom ? html`<input type="hidden" name="dueFrom" value="${filter.dueFrom}">` : ''}
${filter.dueTo ? html`<input type="hidden" name="dueTo" value="${filter.dueTo}">` : ''}
${extra}
<button type="submit">${tr.t('web.cases.apply')}</button>
</form>`;
}

function narrowedBy(tr: Translator, filter: CaseFilter): Html {
  const parts: Html[] = [];
  if (filter.kind) parts.push(html`<li>${tr.t('web.cases.onlyKind', { kind: tr.t(`kind.${filter.kind}`) })} <a href="/cases${filterQuery(filter, { kind: undefined, page: undefined })}">${tr.t('web.cases.remove')}</a></li>`);
  if (filter.dueFrom || filter.dueTo) {
    parts.push(html`<li>${tr.t('web.cases.dueBetween', { from: filter.dueFrom ?? '…', to: filter.dueTo ?? '…' })} <a href="/cases${filterQuery(filter, { dueFrom: undefined, dueTo: undefined, page: undefined })}">${tr.t('web.cases.remove')}</a></li>`);
  }
  return parts.length ? html`<ul class="muted">${parts}</ul>` : html``;
}

export function casesBody(tr: Translator, view: CaseListView, provinces: readonly string[], ignored: readonly string[]): Html {
  const { filter } = view;
  const rows = view.rows.map((c) => {
    const expired = c.expiresOn !== null && compareDates(c.expiresOn, view.asOf) < 0;
    const overdue = c.next !== null && compareDates(c.next.dueOn, view.asOf) < 0;
    return html`<tr>
<td><a href="/cases/${encodeURIComponent(c.ref)}">${c.ref}</a></td>
<td>${c.organization}</td>
<td class="hide-narrow">${c.province ?? '—'}</td>
<td>${tr.t(`web.schemeShort.${c.scheme}`)} · ${tr.t('web.cases.levelN', { level: c.level })}</td>
<td>${stageName(tr, c.scheme, c.stage)}</td>
<td>${c.certificateNo ? html`${c.certificateNo}<br><span class="${expired ? 'overdue' : 'muted'}">${tr.t(expired ? 'web.cases.expiredOn' : 'web.cases.expiresOn', { date: c.expiresOn ?? '' })}</span>` : '—'}</td>
<td>${c.next ? html`<span class="${overdue ? 'overdue' : ''}">${c.next.dueOn}</span> ${tr.t(`kind.${c.next.kind}`)}${overdue ? html` <span class="overdue">(${tr.t('status.overdue')})</span>` : ''}` : '—'}</td>
</tr>`;
  });
  const pages = pager(tr, { page: filter.page, pages: view.pages, total: view.total }, (page) => `/cases${filterQuery(filter, { page })}`);
  return html`<h1>${tr.t('web.cases.title')}</h1>
${ignored.length ? html`<p class="notice" role="status">${tr.t('web.cases.ignored', { names: ignored.join(', ') })}</p>` : ''}
${filterForm(tr, filter, provinces)}
${narrowedBy(tr, filter)}
${pages}
${
  view.rows.length
    ? html`<div class="panel"><table class="rows-as-cards"><caption class="skip">${tr.t('web.cases.title')}</caption><thead><tr><th scope="col">${tr.t('web.col.case')}</th><th scope="col">${tr.t('web.col.organization')}</th><th scope="col" class="hide-narrow">${tr.t('web.cases.province')}</th><th scope="col">${tr.t('web.cases.scheme')}</th><th scope="col">${tr.t('web.cases.stage')}</th><th scope="col">${tr.t('web.cases.certificate')}</th><th scope="col">${tr.t('web.cases.nextDeadline')}</th></tr></thead>
<tbody>${rows}</tbody></table></div>${view.pages > 1 ? pages : ''}`
    : html`<p class="panel">${tr.t('web.cases.none')}</p>`
}`;
}

export function registerCaseListRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    '/cases',
    staffOnly(ctx, async (request, reply, staff) => {
      const { filter, ignored } = parseCaseFilter(request.query as Record<string, string | undefined>);
      const [view, provinces] = await Promise.all([findCases(ctx.deps, filter), ctx.deps.caseQueries.provinces()]);
      return staffPage(reply, staff, { title: staff.tr.t('web.cases.title'), section: 'cases', body: casesBody(staff.tr, view, provinces, ignored) });
    }),
  );
}
