// Parts every message shares, worded once: the time left before a deadline (in working days where
// the rule counts them), whom to contact (the contact book's one answer), and a short date for a
// subject line. Reminders, digests, Telegram answers and Slack escalations all use these.
import type { ContactBookAnswer } from '../../app/contacts/contact-book.js';
import type { IsoDate } from '../../domain/calendar/calendar-date.js';
import type { TimeLeft } from '../../domain/time-left.js';
import type { Translator } from './translator.js';

/** "3 working days left", "due today", "overdue by 1 day": plural forms from i18next. */
export function leftText(tr: Translator, left: TimeLeft): string {
  if (left.kind === 'overdue') return tr.t('left.overdue', { count: left.days });
  if (left.kind === 'today') return tr.t('left.today');
  return tr.t(left.unit === 'working-days' ? 'left.workingDays' : 'left.days', { count: left.count });
}

/**
 * The body's name, phone and email on one line; the centre's note when the province has no body of
 * its own. To staff (Slack), the same answer said of the applicant, and where a missing phone is added.
 */
export function contactLine(tr: Translator, answer: ContactBookAnswer, reader: 'applicant' | 'staff' = 'applicant'): string {
  const a = answer.association;
  const staff = reader === 'staff';
  if (!a) return tr.t(staff ? 'contact.staff.none' : 'contact.none');
  const details = [a.phone ? tr.t('contact.phone', { phone: a.phone }) : '', a.email ? tr.t('contact.email', { email: a.email }) : ''].join('');
  const line = tr.t(staff ? 'contact.staff.line' : 'contact.line', { name: a.name, details: details || tr.t(staff ? 'contact.staff.noDetails' : 'contact.noDetails') });
  return answer.provinceListed ? line : `${line}${tr.locale === 'en' ? ' ' : ''}${tr.t('contact.notListed', { province: answer.province ?? '—' })}`;
}

/** "19 Nov" or "11月19日": what a phone's inbox shows of a subject's date. */
export function shortDate(tr: Translator, day: IsoDate): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  if (tr.locale !== 'en') return `${m}月${d}日`;
  const month = new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
  return `${d} ${month}`;
}
