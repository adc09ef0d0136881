// A reminder in the contact's language: what is due, by when, why, what to do and whom to contact.
import type { MessageRenderer, ReminderMessageInput, StaffReportDetail } from '../../app/reminder-ports.js';
import { daysBetween } from '../../domain/calendar/calendar-date.js';
import { isNotice } from '../../domain/schemes/registry.js';
import { pickLocale, translator } from './translator.js';

export function renderReminder(input: ReminderMessageInput): { subject: string; text: string } {
  const tr = translator(pickLocale(input.recipient.locale));
  const o = input.obligation;
  const kind = tr.t(`kind.${o.kind}`);
  const days = daysBetween(input.today, o.dueOn);
  const overdue = days < 0;
  const left = days === 0 ? tr.t('reminder.left.today') : days === 1 ? tr.t('reminder.left.one') : tr.t('reminder.left.other', { count: days });
  const vars = { kind, dueOn: o.dueOn, caseRef: input.caseRef };
  // Something that happened (an expired certificate) is told as news, not as a deadline.
  const notice = isNotice(o);
  const lines = [
    input.recipient.name ? tr.t('reminder.greeting', { name: input.recipient.name }) : tr.t('reminder.greetingNoName'),
    '',
    notice ? tr.t('reminder.notice', vars) : overdue ? tr.t('reminder.overdue', { ...vars, days: -days }) : tr.t('reminder.due', { ...vars, left }),
    tr.t('reminder.why', { explanation: tr.explain(o.explanation) }),
    tr.t(`reminder.todo.${o.kind}`),
    tr.t(`reminder.contact.${o.scheme}`, { province: input.recipient.province ?? '—' }),
    '',
    tr.t('reminder.footer'),
  ];
  return { subject: tr.t(notice ? 'reminder.subjectNotice' : overdue ? 'reminder.subjectOverdue' : 'reminder.subject', vars), text: lines.join('\n') };
}

/** To staff: a reminder that no channel could deliver, or an escalation Slack refused, and what to do about it. */
export function renderStaffReport(detail: StaffReportDetail, locale: string): { subject: string; text: string } {
  const tr = translator(pickLocale(locale));
  const vars = { ...detail, kind: tr.t(`kind.${detail.kind}`) };
  const key = detail.about === 'escalation' ? 'staffReport.escalation' : 'staffReport';
  return { subject: tr.t(`${key}.subject`, vars), text: tr.t(`${key}.text`, vars) };
}

export const reminderRenderer: MessageRenderer = { render: renderReminder, renderStaffReport };
