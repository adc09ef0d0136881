// GET /deliveries: the outbox messages in one state, failed for good by default (the Today page's
// count), the latest attempted first. A failed one can be sent again from here: the form posts to
// this list's route with the case's ref, through the case page's own retry use case (only a failed
// message of that case, with its audit entry), and comes back to the list with a notice.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { retryDelivery } from '../../app/console/show-case-page.js';
import { listDeliveries, parseDeliveryQuery } from '../../app/console/show-queues.js';
import type { QueueQuery, QueueView } from '../../app/console/show-queues.js';
import { DELIVERY_STATES } from '../../app/console/queue-ports.js';
import type { DeliveryState } from '../../app/console/queue-ports.js';
import type { OutboxEntry } from '../../app/reminder-ports.js';
import { localTime } from '../i18n/invite-messages.js';
import type { Translator } from '../i18n/translator.js';
import { cardTable } from './card-table.js';
import { actorOf, statusOf, webErrorText } from './case-actions.js';
import { retryButton } from './case-forms.js';
import { select } from './cases-page.js';
import { formField, staffOnly, staffPage } from './context.js';
import type { RouteContext, Staff } from './context.js';
import { html } from './html.js';
import type { Html } from './html.js';
import { pager } from './pager.js';
import { queueDone, queueNotices, queueQueryOf } from './queue-view.js';
import type { QueueExtras } from './queue-view.js';

type View = QueueView<OutboxEntry, DeliveryState>;

/** The list's state and page as hidden fields, so that a retry comes back to the same page. */
const backFields = (query: QueueQuery<DeliveryState>, ref: string): Html =>
  html`<input type="hidden" name="ref" value="${ref}"><input type="hidden" name="state" value="${query.state}">${query.page > 1 ? html`<input type="hidden" name="page" value="${query.page}">` : ''}`;

/** When it happened, in the state's terms: a failed message's last attempt was due then; a pending one is due then. */
function when(tr: Translator, d: OutboxEntry, zone: string): string {
  if (d.status === 'sent' && d.sentAt) return tr.t('web.queues.deliveries.when.sent', { at: localTime(d.sentAt, zone) });
  return tr.t(d.status === 'failed' ? 'web.queues.deliveries.when.failed' : 'web.queues.deliveries.when.pending', { at: localTime(d.notBefore, zone) });
}

export function deliveriesBody(tr: Translator, view: View, staff: Staff, zone: string, extras: QueueExtras): Html {
  const title = tr.t(`web.queues.deliveries.title.${view.state}`);
  const head = [tr.t('web.col.case'), tr.t('web.case.col.channel'), tr.t('web.queues.deliveries.recipient'), tr.t('web.queues.deliveries.purpose'), tr.t('web.case.col.attempts'), tr.t('web.case.col.lastError'), tr.t('web.case.col.at'), tr.t('web.case.col.actions')];
  const rows = view.rows.map((d) => ({
    className: 'delivery',
    status: d.status,
    cells: [
      // A digest covers several cases (or all): it has none of its own.
      d.caseRef ? html`<a href="/cases/${encodeURIComponent(d.caseRef)}">${d.caseRef}</a>` : '—',
      d.channel,
      d.address,
      html`${tr.t(`web.queues.deliveries.purposes.${d.purpose}`)}<br><span class="muted">${d.purpose === 'digest' ? '' : `${tr.t(`kind.${d.kind}`)} · `}${d.step}</span>`,
      { value: d.attempts, className: 'num' },
      { value: d.lastError ?? '—', className: d.status === 'failed' ? 'overdue' : 'muted' },
      when(tr, d, zone),
      // Sent again through its case (the case page's use case); a digest is sent again by the next digest run.
      d.status === 'failed' && d.caseRef ? retryButton(tr, staff.viewer, { action: `/deliveries/${encodeURIComponent(d.id)}/retry`, hidden: backFields(view, d.caseRef) }) : '',
    ],
  }));
  const pages = pager(tr, view, (page) => `/deliveries${queueQueryOf(view.state === 'failed' ? null : view.state, page)}`, 'web.queues.deliveries.pageOf');
  const states = DELIVERY_STATES.map((s) => [s, tr.t(`web.case.delivery.status.${s}`)] as const);
  return html`<h1>${title}</h1>
${queueNotices(tr, view, extras)}
<form class="filters panel" method="get" action="/deliveries">${select(tr, 'state', tr.t('web.case.col.state'), view.state, states, false)}<button type="submit">${tr.t('web.cases.apply')}</button></form>
${pages}
${
  rows.length
    ? html`<div class="panel">${cardTable(head, rows, title)}</div>${view.pages > 1 ? pages : ''}`
    : html`<p class="panel ok">${tr.t('web.queues.deliveries.none')}</p>`
}`;
}

export function registerDeliveryListRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const send = async (reply: FastifyReply, staff: Staff, query: QueueQuery<DeliveryState>, extras: QueueExtras = {}) => {
    const view = await listDeliveries(ctx.deps, query);
    const body = deliveriesBody(staff.tr, view, staff, ctx.deps.zone, extras);
    return staffPage(reply, staff, { title: staff.tr.t(`web.queues.deliveries.title.${view.state}`), section: 'today', body, ...(extras.status ? { status: extras.status } : {}) });
  };

  app.get(
    '/deliveries',
    staffOnly(ctx, async (request, reply, staff) => {
      const raw = request.query as Record<string, string | undefined>;
      return send(reply, staff, parseDeliveryQuery(raw), queueDone(staff.tr, raw.done, ['retried']));
    }),
  );

  app.post(
    '/deliveries/:id/retry',
    staffOnly(ctx, async (request, reply, staff) => {
      const query = parseDeliveryQuery({ state: formField(request, 'state'), page: formField(request, 'page') });
      const { id } = request.params as { id: string };
      const result = await retryDelivery(ctx.deps.casePage, { ref: formField(request, 'ref') ?? '', id, actor: actorOf(staff) });
      if (result.ok) return reply.redirect(`/deliveries${queueQueryOf(query.state === 'failed' ? null : query.state, query.page, 'retried')}`, 303);
      return send(reply, staff, query, { error: webErrorText(staff.tr, result.error), status: statusOf(result.error) });
    }),
  );
}
