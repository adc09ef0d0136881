// GET /escalations: every escalation not yet resolved, across the register, open ones first. With
// Slack configured, each open or snoozed one can be acknowledged or snoozed from here: the forms post
// to this list's routes with the case's ref, through the same case-scoped use cases as the case page,
// and come back to the list (its state and page kept) with a notice.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { acknowledgeCaseEscalation, snoozeCaseEscalation } from '../../app/console/case-escalations.js';
import { listEscalations, parseEscalationQuery } from '../../app/console/show-queues.js';
import type { QueueQuery, QueueView } from '../../app/console/show-queues.js';
import { ESCALATION_STATES } from '../../app/console/queue-ports.js';
import type { EscalationState, QueuedEscalation } from '../../app/console/queue-ports.js';
import type { EscalationDeps, EscalationRecord } from '../../app/escalation-ports.js';
import { daysBetween } from '../../domain/calendar/calendar-date.js';
import type { Result } from '../../domain/result.js';
import { localTime } from '../i18n/invite-messages.js';
import type { Translator } from '../i18n/translator.js';
import { cardTable } from './card-table.js';
import { actorOf, statusOf, webErrorText } from './case-actions.js';
import { escalationButtons } from './case-forms.js';
import { escalationState, escalationTitle } from './case-sections.js';
import { formField, staffOnly, staffPage } from './context.js';
import type { RouteContext, Staff } from './context.js';
import { html } from './html.js';
import type { Html } from './html.js';
import { select } from './cases-page.js';
import { queueNotices, queueQueryOf, queueDone } from './queue-view.js';
import type { QueueExtras } from './queue-view.js';
import { pager } from './pager.js';

type Query = QueueQuery<EscalationState | null>;

/** The list's state and page as hidden fields, so that an action comes back to the same page. */
const backFields = (query: Query, ref: string): Html =>
  html`<input type="hidden" name="ref" value="${ref}">${query.state ? html`<input type="hidden" name="state" value="${query.state}">` : ''}${query.page > 1 ? html`<input type="hidden" name="page" value="${query.page}">` : ''}`;

function row(tr: Translator, view: QueueView<QueuedEscalation, EscalationState | null>, staff: Staff, zone: string, actionable: boolean, q: QueuedEscalation) {
  const e = q.escalation;
  const late = q.dueOn ? daysBetween(q.dueOn, view.asOf) : 0;
  const waiting = e.status === 'open' || e.status === 'snoozed';
  return {
    className: 'escalation',
    status: e.status,
    cells: [
      html`<a href="/cases/${encodeURIComponent(e.caseRef)}">${e.caseRef}</a>`,
      e.detail.organization,
      html`${escalationTitle(tr, e)}<br><span class="muted">${tr.t(`kind.${e.detail.obligationKind}`)} · ${e.detail.rules.join(', ')}</span>`,
      q.dueOn ?? '—',
      { value: late > 0 ? tr.t('web.daysLate', { count: late }) : '—', className: late > 0 ? 'overdue' : '' },
      { value: escalationState(tr, e, zone), className: e.status === 'open' ? 'overdue' : '' },
      q.lastPostedAt ? localTime(q.lastPostedAt, zone) : tr.t('web.queues.escalations.notPosted'),
      waiting && actionable ? escalationButtons(tr, staff.viewer, { action: `/escalations/${encodeURIComponent(e.id)}`, hidden: backFields(view, e.caseRef) }) : '',
    ],
  };
}

export function escalationsBody(tr: Translator, view: QueueView<QueuedEscalation, EscalationState | null>, staff: Staff, zone: string, actionable: boolean, extras: QueueExtras): Html {
  const head = [tr.t('web.col.case'), tr.t('web.col.organization'), tr.t('web.col.kind'), tr.t('web.col.due'), tr.t('web.col.late'), tr.t('web.case.col.state'), tr.t('web.queues.escalations.lastPosted'), tr.t('web.case.col.actions')];
  const pages = pager(tr, view, (page) => `/escalations${queueQueryOf(view.state, page)}`, 'web.queues.escalations.pageOf');
  const states = ESCALATION_STATES.map((s) => [s, tr.t(`web.queues.escalations.states.${s}`)] as const);
  return html`<h1>${tr.t('web.queues.escalations.title')}</h1>
${queueNotices(tr, view, extras)}
${actionable ? '' : html`<p class="muted">${tr.t('web.case.escalation.slackOff')}</p>`}
<form class="filters panel" method="get" action="/escalations">${select(tr, 'state', tr.t('web.case.col.state'), view.state ?? undefined, states)}<button type="submit">${tr.t('web.cases.apply')}</button></form>
${pages}
${
  view.rows.length
    ? html`<div class="panel">${cardTable(head, view.rows.map((q) => row(tr, view, staff, zone, actionable, q)), tr.t('web.queues.escalations.title'))}</div>${view.pages > 1 ? pages : ''}`
    : html`<p class="panel ok">${tr.t('web.queues.escalations.none')}</p>`
}`;
}

const DONE = ['acknowledged', 'snoozed'] as const;

export function registerEscalationListRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const send = async (reply: FastifyReply, staff: Staff, query: Query, extras: QueueExtras = {}) => {
    const view = await listEscalations(ctx.deps, query);
    const body = escalationsBody(staff.tr, view, staff, ctx.deps.zone, ctx.deps.escalations !== null, extras);
    return staffPage(reply, staff, { title: staff.tr.t('web.queues.escalations.title'), section: 'today', body, ...(extras.status ? { status: extras.status } : {}) });
  };

  app.get(
    '/escalations',
    staffOnly(ctx, async (request, reply, staff) => {
      const raw = request.query as Record<string, string | undefined>;
      return send(reply, staff, parseEscalationQuery(raw), queueDone(staff.tr, raw.done, DONE));
    }),
  );

  /** Acts on the escalation named in the path, of the case named in the form; back to the list, or the list with the refusal. */
  const act = (name: (typeof DONE)[number], run: (deps: EscalationDeps, request: FastifyRequest, input: { ref: string; id: string; actor: string }) => Promise<Result<EscalationRecord>>) =>
    staffOnly(ctx, async (request, reply, staff) => {
      const query = parseEscalationQuery({ state: formField(request, 'state'), page: formField(request, 'page') });
      const deps = ctx.deps.escalations;
      if (!deps) return send(reply, staff, query, { error: staff.tr.t('web.case.escalation.slackOff'), status: 409 });
      const result = await run(deps, request, { ref: formField(request, 'ref') ?? '', id: (request.params as { id: string }).id, actor: actorOf(staff) });
      if (result.ok) return reply.redirect(`/escalations${queueQueryOf(query.state, query.page, name)}`, 303);
      return send(reply, staff, query, { error: webErrorText(staff.tr, result.error), status: statusOf(result.error) });
    });

  app.post(
    '/escalations/:id/acknowledge',
    act('acknowledged', (deps, _request, input) => acknowledgeCaseEscalation(deps, input)),
  );
  app.post(
    '/escalations/:id/snooze',
    act('snoozed', (deps, request, input) => snoozeCaseEscalation(deps, { ...input, days: Number(formField(request, 'days') ?? '') })),
  );
}
