// The case page's record of what happened: its events (the picture's points in text), its
// escalations with their state, its deliveries and its audit log, newest first.
import type { CasePageView } from '../../app/console/show-case-page.js';
import type { EscalationRecord } from '../../app/escalation-ports.js';
import { localTime } from '../i18n/invite-messages.js';
import type { Translator } from '../i18n/translator.js';
import { cardTable } from './card-table.js';
import { caseEscalationTarget, caseRetryTarget, escalationButtons, retryButton } from './case-forms.js';
import { html } from './html.js';
import type { Html } from './html.js';
import type { Viewer } from './layout.js';

/** Details as `key=value` pairs; a long value is cut, never the markup (it is escaped as text). */
function detailsText(details: object | undefined): string {
  if (!details) return '';
  return Object.entries(details)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`.slice(0, 200))
    .join(' ');
}

export function historySection(tr: Translator, view: CasePageView): Html {
  const rows = [...view.history].reverse().map((e) => ({ cells: [e.date, tr.t(`event.${e.type}`), { value: detailsText(e.data), className: 'muted' }, e.recordedBy] }));
  return html`<section class="panel" aria-labelledby="case-history"><h2 id="case-history">${tr.t('web.case.history')}</h2>
${rows.length ? cardTable([tr.t('web.case.col.date'), tr.t('web.case.col.event'), tr.t('web.case.col.details'), tr.t('web.case.col.by')], rows) : html`<p class="muted">${tr.t('web.case.noHistory')}</p>`}</section>`;
}

export function escalationState(tr: Translator, e: EscalationRecord, zone: string): string {
  if (e.status === 'resolved') return tr.t('web.case.escalation.resolved', { at: e.resolvedAt ? localTime(e.resolvedAt, zone) : '—' });
  if (e.status === 'acknowledged') return tr.t('web.case.escalation.acknowledged', { by: e.acknowledgedBy ?? '—', at: e.acknowledgedAt ? localTime(e.acknowledgedAt, zone) : '—' });
  if (e.status === 'snoozed') return tr.t('web.case.escalation.snoozed', { until: e.snoozedUntil ? localTime(e.snoozedUntil, zone) : '—' });
  return tr.t('web.case.escalation.open');
}

/** The title its Slack message has, so that staff know it for the same one on both. */
export function escalationTitle(tr: Translator, e: EscalationRecord): string {
  return tr.t(`slack.title.${e.kind}.${e.stage}`, { ...e.detail.facts, caseRef: e.caseRef, kind: tr.t(`kind.${e.detail.obligationKind}`) });
}

export function escalationsSection(tr: Translator, view: CasePageView, viewer: Viewer, zone: string, actionable: boolean): Html {
  const rows = view.escalations.map((e) => {
    const open = e.status === 'open' || e.status === 'snoozed';
    return {
      className: 'escalation',
      status: e.status,
      cells: [
        localTime(e.raisedAt, zone),
        html`${escalationTitle(tr, e)}<br><span class="muted">${tr.t(`kind.${e.detail.obligationKind}`)} · ${e.detail.rules.join(', ')}</span>`,
        { value: escalationState(tr, e, zone), className: e.status === 'open' ? 'overdue' : '' },
        open && actionable ? escalationButtons(tr, viewer, caseEscalationTarget(view.record.ref, e.id)) : '',
      ],
    };
  });
  return html`<section class="panel" aria-labelledby="case-escalations"><h2 id="case-escalations">${tr.t('web.case.escalations')}</h2>
${actionable ? '' : html`<p class="muted">${tr.t('web.case.escalation.slackOff')}</p>`}
${rows.length ? cardTable([tr.t('web.case.col.raised'), tr.t('web.col.kind'), tr.t('web.case.col.state'), tr.t('web.case.col.actions')], rows) : html`<p class="muted">${tr.t('web.case.noEscalations')}</p>`}</section>`;
}

export function deliveriesSection(tr: Translator, view: CasePageView, viewer: Viewer, zone: string): Html {
  const rows = view.deliveries.map((d) => ({
    className: 'delivery',
    status: d.status,
    cells: [
      localTime(d.createdAt, zone),
      html`${d.channel}<br><span class="muted">${d.purpose} · ${d.step}</span>`,
      { value: html`${tr.t(`web.case.delivery.status.${d.status}`)}${d.sentAt ? html`<br><span class="muted">${localTime(d.sentAt, zone)}</span>` : ''}`, className: d.status === 'failed' ? 'overdue' : '' },
      { value: d.attempts, className: 'num' },
      { value: d.lastError ?? '—', className: 'muted' },
      d.status === 'failed' ? retryButton(tr, viewer, caseRetryTarget(view.record.ref, d.id)) : '',
    ],
  }));
  return html`<section class="panel" aria-labelledby="case-deliveries"><h2 id="case-deliveries">${tr.t('web.case.deliveries')}</h2>
${
  rows.length
    ? cardTable([tr.t('web.case.col.created'), tr.t('web.case.col.channel'), tr.t('web.case.col.state'), tr.t('web.case.col.attempts'), tr.t('web.case.col.lastError'), tr.t('web.case.col.actions')], rows)
    : html`<p class="muted">${tr.t('web.case.noDeliveries')}</p>`
}</section>`;
}

export function auditSection(tr: Translator, view: CasePageView, zone: string): Html {
  const rows = view.audit.map((a) => ({ className: 'audit', cells: [localTime(a.at, zone), { value: a.actor, className: 'actor' }, a.action, { value: detailsText(a.details), className: 'muted' }] }));
  return html`<section class="panel" aria-labelledby="case-audit"><h2 id="case-audit">${tr.t('web.case.audit', { count: view.audit.length })}</h2>
${rows.length ? cardTable([tr.t('web.case.col.at'), tr.t('web.case.col.by'), tr.t('web.case.col.action'), tr.t('web.case.col.details')], rows) : html`<p class="muted">${tr.t('web.case.noAudit')}</p>`}</section>`;
}
