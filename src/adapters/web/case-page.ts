// GET /cases/:ref: one case as staff work on it. What it is (header, certificate, contacts), a
// picture of its time line, its obligations with the rules' explanations, then what certbell did
// about it (deliveries, escalations) and who changed it (the audit log). The forms for what staff do
// on it post to the routes in case-actions.ts, which answer with this same page.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { showCasePage } from '../../app/console/show-case-page.js';
import type { CasePageView } from '../../app/console/show-case-page.js';
import { daysBetween } from '../../domain/calendar/calendar-date.js';
import { schemeFor } from '../../domain/schemes/registry.js';
import { stageOf } from '../../domain/schemes/scheme.js';
import type { Translator } from '../i18n/translator.js';
import { stageName } from './cases-page.js';
import { cardTable } from './card-table.js';
import { caseTimeline } from './case-timeline.js';
import { eventForm, inviteButton, invitedNotice } from './case-forms.js';
import type { EventFormValues, Invited } from './case-forms.js';
import { auditSection, deliveriesSection, escalationsSection, historySection } from './case-sections.js';
import type { RouteContext, Staff } from './context.js';
import { refusePage, staffOnly, staffPage } from './context.js';
import { html } from './html.js';
import type { Html } from './html.js';

/** What an action adds to the page it answers with. */
export interface CasePageExtras {
  readonly notice?: string;
  readonly error?: string;
  readonly status?: number;
  readonly invited?: Invited;
  /** What was typed into the event form, shown again after a refusal. */
  readonly eventForm?: EventFormValues;
}

/** The outcomes an action redirects with (?done=…), each a translated notice; anything else is ignored. */
export const DONE = ['event', 'retried', 'acknowledged', 'snoozed'] as const;
export type Done = (typeof DONE)[number];

export function casePath(ref: string, done?: Done): string {
  return `/cases/${encodeURIComponent(ref)}${done ? `?done=${done}` : ''}`;
}

function header(tr: Translator, view: CasePageView): Html {
  const { record } = view;
  const stage = stageOf(schemeFor(record.scheme), record.state.stage);
  const next = stage.nextActor
    ? tr.t('web.case.next', { next: tr.t(`next.${record.scheme}.${stage.id}`), actor: tr.t(`actor.${stage.nextActor}`) })
    : tr.t(`next.${record.scheme}.${stage.id}`);
  const cert = record.state.certificate;
  const expired = cert !== null && daysBetween(view.asOf, cert.expiresOn) < 0;
  return html`<h1>${tr.t('web.case.title', { ref: record.ref })}</h1>
<div class="two">
<section class="panel" aria-labelledby="case-facts"><h2 id="case-facts">${record.organization.name}</h2>
<dl class="facts">
<dt>${tr.t('web.cases.province')}</dt><dd>${record.organization.province ?? '—'}</dd>
<dt>${tr.t('web.cases.scheme')}</dt><dd>${tr.t(`scheme.${record.scheme}`)}</dd>
${record.serviceType ? html`<dt>${tr.t('web.case.serviceType')}</dt><dd>${tr.t(`serviceType.${record.serviceType}`)}</dd>` : ''}
<dt>${tr.t('web.cases.level')}</dt><dd>${tr.t('web.cases.levelN', { level: record.state.level })}</dd>
<dt>${tr.t('web.cases.stage')}</dt><dd>${stageName(tr, record.scheme, stage.id)}</dd>
<dt>${tr.t('web.case.nextStep')}</dt><dd>${next}</dd>
</dl></section>
<section class="panel" aria-labelledby="case-certificate"><h2 id="case-certificate">${tr.t('web.cases.certificate')}</h2>
${
  cert
    ? html`<dl class="facts"><dt>${tr.t('web.case.certificateNo')}</dt><dd>${cert.certificateNo}</dd><dt>${tr.t('web.case.issued')}</dt><dd>${cert.issuedOn}</dd>
<dt>${tr.t('web.case.expires')}</dt><dd class="${expired ? 'overdue' : ''}">${cert.expiresOn}${expired ? html` (${tr.t('web.case.expired')})` : ''}</dd></dl>`
    : html`<p class="muted">${tr.t('web.case.noCertificate')}</p>`
}</section>
</div>`;
}

function contactsSection(tr: Translator, view: CasePageView, staff: Staff): Html {
  const { record } = view;
  const rows = view.contactsReach.map((c) => ({
    className: 'contact',
    cells: [
      c.name,
      c.email,
      record.contacts.find((k) => k.email === c.email)?.locale ?? '—',
      { value: tr.t(`web.case.reach.chat.${c.chat}`), className: c.chat === 'blocked' ? 'overdue' : '' },
      tr.t(c.digestsUnsubscribed ? 'web.case.yes' : 'web.case.no'),
      c.emailState === 'refused' ? { value: tr.t('web.case.refused', { reason: c.refusedReason ?? '—' }), className: 'overdue' } : tr.t('web.case.no'),
      inviteButton(tr, staff.viewer, record.ref, c.email),
    ],
  }));
  const head = [
    tr.t('web.case.col.name'),
    tr.t('web.case.col.email'),
    tr.t('web.case.col.locale'),
    tr.t('web.case.col.telegram'),
    tr.t('web.case.col.unsubscribed'),
    tr.t('web.case.col.refused'),
    tr.t('web.case.col.actions'),
  ];
  return html`<section class="panel" aria-labelledby="case-contacts"><h2 id="case-contacts">${tr.t('web.case.contacts')}</h2>
${
  rows.length
    ? cardTable(head, rows)
    : html`<p class="muted">${tr.t('web.case.noContacts')}</p>`
}</section>`;
}

function obligationsSection(tr: Translator, view: CasePageView): Html {
  const rows = view.planned.map(({ obligation: o, nextReminder }) => {
    const late = daysBetween(o.dueOn, view.asOf);
    return {
      className: o.status === 'overdue' ? 'is-overdue' : '',
      cells: [
        html`${tr.t(`kind.${o.kind}`)}<br><span class="muted">${o.rules.join(', ')} · ${tr.t(`audience.${o.audience}`)}</span>`,
        o.opensOn ?? o.shownFrom ?? '—',
        o.dueOn,
        { value: html`${tr.t(`status.${o.status}`)}${late > 0 ? html` (${tr.t('web.daysLate', { count: late })})` : ''}`, className: o.status === 'overdue' ? 'overdue' : '' },
        html`${tr.explain(o.explanation)}${o.estimatedYears.length ? html`<br><span class="soon">${tr.t('web.case.estimate', { years: o.estimatedYears.join(', ') })}</span>` : ''}`,
        nextReminder ? tr.t('web.case.reminderOn', { sendOn: nextReminder.sendOn, step: nextReminder.id }) : '—',
      ],
    };
  });
  const head = [tr.t('web.col.kind'), tr.t('web.case.col.opens'), tr.t('web.col.due'), tr.t('web.cases.status'), tr.t('web.case.col.explanation'), tr.t('web.case.col.nextReminder')];
  return html`<section class="panel" aria-labelledby="case-obligations"><h2 id="case-obligations">${tr.t('web.case.obligations', { asOf: view.asOf })}</h2>
${
  rows.length
    ? cardTable(head, rows)
    : html`<p class="ok">${tr.t('web.case.noObligations')}</p>`
}</section>`;
}

export function casePageBody(tr: Translator, view: CasePageView, staff: Staff, extras: CasePageExtras, zone: string, escalationsOn: boolean): Html {
  const timeline = caseTimeline(tr, {
    ref: view.record.ref,
    organization: view.record.organization.name,
    asOf: view.asOf,
    events: view.history.map((e) => ({ date: e.date, type: e.type })),
    obligations: view.obligations.map((o) => ({ kind: o.kind, from: o.opensOn ?? o.shownFrom ?? null, dueOn: o.dueOn, overdue: o.status === 'overdue' })),
  });
  return html`${extras.error ? html`<p class="error" role="alert">${extras.error}</p>` : ''}
${extras.notice ? html`<p class="notice" role="status">${extras.notice}</p>` : ''}
${extras.invited ? invitedNotice(tr, extras.invited, zone) : ''}
${header(tr, view)}
${contactsSection(tr, view, staff)}
<h2>${tr.t('web.case.timelineHeading')}</h2>
${timeline}
${obligationsSection(tr, view)}
${eventForm(tr, staff.viewer, view, extras.eventForm)}
${historySection(tr, view)}
${escalationsSection(tr, view, staff.viewer, zone, escalationsOn)}
${deliveriesSection(tr, view, staff.viewer, zone)}
${auditSection(tr, view, zone)}`;
}

/** Reads the case and answers with its page (or the 404 page); actions answer with it too. */
export async function sendCasePage(ctx: RouteContext, reply: FastifyReply, staff: Staff, ref: string, extras: CasePageExtras = {}): Promise<FastifyReply> {
  const shown = await showCasePage(ctx.deps.casePage, ref);
  if (!shown.ok) return refusePage(reply, staff.tr, 404, staff.tr.t('web.case.notFound', { ref }), staff.viewer);
  const body = casePageBody(staff.tr, shown.value, staff, extras, ctx.deps.zone, ctx.deps.escalations !== null);
  return staffPage(reply, staff, { title: staff.tr.t('web.case.title', { ref: shown.value.record.ref }), section: 'cases', body, ...(extras.status ? { status: extras.status } : {}) });
}

export function registerCasePageRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    '/cases/:ref',
    staffOnly(ctx, async (request, reply, staff) => {
      const { ref } = request.params as { ref: string };
      const done = (request.query as Record<string, string | undefined>).done;
      const known = DONE.find((d) => d === done);
      const notice = known ? staff.tr.t(`web.case.done.${known}`) : undefined;
      return sendCasePage(ctx, reply, staff, ref, notice ? { notice } : {});
    }),
  );
}
