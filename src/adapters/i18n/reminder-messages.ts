// A reminder in the contact's language: what is due, by when, why, what to do and whom to contact.
import type { MessageRenderer, ReminderMessageInput, StaffReportDetail } from '../../app/reminder-ports.js';
import { contactBook } from '../../app/contacts/contact-book.js';
import { timeLeftOf } from '../../domain/time-left.js';
import { contactLine, leftText } from './message-parts.js';
import { isNotice } from '../../domain/schemes/registry.js';
import { pickLocale, translator } from './translator.js';

export function renderReminder(input: ReminderMessageInput): { subject: string; text: string } {
  const tr = translator(pickLocale(input.recipient.locale));
  const o = input.obligation;
  const kind = tr.t(`kind.${o.kind}`);
  const timeLeft = input.left ?? timeLeftOf(o, input.today, null);
  const overdue = timeLeft.kind === 'overdue';
  const left = leftText(tr, timeLeft);
  const contact = input.contact ?? contactBook().answer(o.scheme, input.recipient.province);
  const vars = { kind, dueOn: o.dueOn, caseRef: input.caseRef };
  // Something that happened (an expired certificate) is told as news, not as a deadline.
  const notice = isNotice(o);
  const lines = [
    input.recipient.name ? tr.t('reminder.greeting', { name: input.recipient.name }) : tr.t('reminder.greetingNoName'),
    '',
    notice ? tr.t('reminder.notice', vars) : overdue ? tr.t('reminder.overdue', { ...vars, left }) : tr.t('reminder.due', { ...vars, left }),
    tr.t('reminder.why', { explanation: tr.explain(o.explanation) }),
    tr.t(`reminder.todo.${o.kind}`),
    contactLine(tr, contact),
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
