// The case page's forms: record an event (only those the case's stage allows, with the details the
// command line's `event record` takes), invite a contact, acknowledge or snooze an escalation, retry
// a failed delivery. Every one posts with the session's CSRF token; the last two are offered by the
// console's lists of escalations and deliveries too.
import type { CasePageView } from '../../app/console/show-case-page.js';
import { snoozeChoices } from '../../app/snooze-escalation.js';
import { textLimits } from '../../app/validate-case.js';
import { localTime } from '../i18n/invite-messages.js';
import type { Translator } from '../i18n/translator.js';
import { html } from './html.js';
import type { Html } from './html.js';
import { csrfInput } from './layout.js';
import type { Viewer } from './layout.js';

/** The event form's fields, named as the command line's options are. */
export const EVENT_FIELDS = ['type', 'date', 'certificateNo', 'expires', 'level', 'scheduledFor', 'correctBy', 'note'] as const;
export type EventFormValues = Partial<Record<(typeof EVENT_FIELDS)[number] | 'outsideWindow', string>>;

export interface Invited {
  readonly link: string;
  readonly name: string;
  readonly expiresAt: Date;
}

const base = (ref: string) => `/cases/${encodeURIComponent(ref)}`;

export function eventForm(tr: Translator, viewer: Viewer, view: CasePageView, values: EventFormValues = {}): Html {
  const { record } = view;
  if (!view.allowedEvents.length) {
    return html`<section class="panel" aria-labelledby="record-event"><h2 id="record-event">${tr.t('web.case.record.title')}</h2><p class="muted">${tr.t('web.case.record.none')}</p></section>`;
  }
  const date = (name: 'scheduledFor' | 'correctBy' | 'expires', label: string) =>
    html`<label>${label}<input type="date" name="${name}" value="${values[name] ?? ''}"></label>`;
  return html`<section class="panel" aria-labelledby="record-event"><h2 id="record-event">${tr.t('web.case.record.title')}</h2>
<form class="stack" method="post" action="${base(record.ref)}/events">${csrfInput(viewer)}
<label>${tr.t('web.case.record.event')}<select name="type" required>${view.allowedEvents.map(
    (type) => html`<option value="${type}"${values.type === type ? html` selected` : ''}>${tr.t(`event.${type}`)}</option>`,
  )}</select></label>
<label>${tr.t('web.case.record.date')}<input type="date" name="date" required value="${values.date ?? view.asOf}" max="${view.asOf}"></label>
<details${Object.keys(values).some((k) => k !== 'type' && k !== 'date' && values[k as keyof EventFormValues]) ? html` open` : ''}><summary>${tr.t('web.case.record.details')}</summary>
<p class="muted">${tr.t('web.case.record.detailsHint')}</p>
<label>${tr.t('web.case.record.certificateNo')}<input name="certificateNo" maxlength="${textLimits.certificateNo}" value="${values.certificateNo ?? ''}"></label>
${date('expires', tr.t('web.case.record.expires'))}
<label>${tr.t('web.case.record.level')}<input name="level" inputmode="numeric" maxlength="2" value="${values.level ?? ''}"></label>
${date('scheduledFor', tr.t('web.case.record.scheduledFor'))}
${date('correctBy', tr.t('web.case.record.correctBy'))}
<label class="check"><input type="checkbox" name="outsideWindow" value="yes"${values.outsideWindow ? html` checked` : ''}> ${tr.t('web.case.record.outsideWindow')}</label>
<label>${tr.t('web.case.record.note')}<textarea name="note" maxlength="${textLimits.note}" rows="2">${values.note ?? ''}</textarea></label>
</details>
<button type="submit">${tr.t('web.case.record.submit')}</button>
</form></section>`;
}

export function inviteButton(tr: Translator, viewer: Viewer, ref: string, email: string): Html {
  return html`<form method="post" action="${base(ref)}/invitations">${csrfInput(viewer)}<input type="hidden" name="email" value="${email}"><button type="submit" class="secondary">${tr.t('web.case.invite.button')}</button></form>`;
}

/** The invitation link, shown once in the answer to the POST: it is stored only as a hash. */
export function invitedNotice(tr: Translator, invited: Invited, zone: string): Html {
  return html`<section class="notice" role="status" aria-labelledby="invited"><h2 id="invited">${tr.t('web.case.invite.done', { name: invited.name, until: localTime(invited.expiresAt, zone) })}</h2>
<p>${tr.t('web.case.invite.once')}</p>
<p><code class="invite-link">${invited.link}</code></p></section>`;
}

/**
 * Where an escalation's or a delivery's form posts: its case page's own route, or a list's route,
 * which is told the case (hidden fields) so that the same case-scoped use case checks it.
 */
export interface FormTarget {
  readonly action: string;
  readonly hidden?: Html;
}

export const caseEscalationTarget = (ref: string, id: string): FormTarget => ({ action: `${base(ref)}/escalations/${encodeURIComponent(id)}` });
export const caseRetryTarget = (ref: string, id: string): FormTarget => ({ action: `${base(ref)}/deliveries/${encodeURIComponent(id)}/retry` });

export function escalationButtons(tr: Translator, viewer: Viewer, target: FormTarget): Html {
  const fields = html`${csrfInput(viewer)}${target.hidden ?? ''}`;
  return html`<div class="actions"><form method="post" action="${target.action}/acknowledge">${fields}<button type="submit">${tr.t('web.case.escalation.acknowledge')}</button></form>
${snoozeChoices.map(
  (days) => html`<form method="post" action="${target.action}/snooze">${fields}<input type="hidden" name="days" value="${days}"><button type="submit" class="secondary">${tr.t('web.case.escalation.snooze', { count: days })}</button></form>`,
)}</div>`;
}

export function retryButton(tr: Translator, viewer: Viewer, target: FormTarget): Html {
  return html`<form method="post" action="${target.action}">${csrfInput(viewer)}${target.hidden ?? ''}<button type="submit" class="secondary">${tr.t('web.case.delivery.retry')}</button></form>`;
}
