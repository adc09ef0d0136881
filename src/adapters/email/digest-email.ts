// Digests as email: plain text and an HTML alternative that say the same, in the reader's language,
// and for applicants a calendar (.ics) with one all-day event per deadline. The HTML is tables and
// inline styles only, which is what Outlook, Gmail, QQ Mail and Apple Mail all render alike.
import ical, { ICalCalendarMethod } from 'ical-generator';
import { addDeadlineEvent, calendarText } from '../calendar/deadline-events.js';
import type { Attachment, MessageContent } from '../../app/delivery.js';
import { contactBook } from '../../app/contacts/contact-book.js';
import type { ContactDigest, DigestItem, DigestRenderer, RejectedAddressReport } from '../../app/digest-ports.js';
import type { PlannedObligation } from '../../domain/obligations.js';
import { pickLocale, translator } from '../i18n/translator.js';
import type { Translator } from '../i18n/translator.js';
import { contactLine, shortDate } from '../i18n/message-parts.js';
import type { UnsubscribeLinks } from './unsubscribe-link.js';
import { escapeHtml as esc } from './escape-html.js';
import { BODY, INK, itemBlock, itemStatus, LATE, line, MUTED, page } from './digest-page.js';
import { renderStaffDigest } from './staff-digest-email.js';
import { isNotice } from '../../domain/schemes/registry.js';

export { renderStaffDigest, calendarText };

export interface RenderedDigest {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The calendar, for applicants' digests. */
  readonly ics?: string;
}

export interface DigestEmailOptions {
  /** The zone whose calendar days the deadlines are (Asia/Shanghai). */
  readonly zone: string;
  /** Without it, digests carry no unsubscribe link (previews on a machine without the secret). */
  readonly links: UnsubscribeLinks | null;
  /** Where applicants' replies go: the responsible staff. */
  readonly replyTo: string | null;
  /** A contact's calendar feed address; null when contact feeds are off. */
  readonly feedUrls?: ((contactId: string, feedId: string) => string) | null;
}

/** The calendar reminds at 09:00 local time, a week before the deadline, or the day before when it is closer. */
const ALARM_WEEK_BEFORE_S = 7 * 86_400 - 9 * 3_600;
const ALARM_DAY_BEFORE_S = 86_400 - 9 * 3_600;
const CALENDAR_FILE = 'deadlines.ics';

export function createDigestRenderer(options: DigestEmailOptions): DigestRenderer {
  return {
    contactDigest(digest, at) {
      const tr = translator(pickLocale(digest.contact.locale));
      const unsubscribeUrl = options.links?.url(digest.contact.contactId) ?? null;
      const feedId = digest.contact.feedId;
      const feedUrl = feedId && options.feedUrls ? options.feedUrls(digest.contact.contactId, feedId) : null;
      const rendered = renderContactDigest(tr, digest, { at, zone: options.zone, unsubscribeUrl, feedUrl });
      const attachments: Attachment[] = rendered.ics ? [{ filename: CALENDAR_FILE, contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: rendered.ics }] : [];
      return {
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        attachments,
        // RFC 2369 and RFC 8058: mail clients show an "unsubscribe" button that POSTs to the link.
        ...(unsubscribeUrl ? { headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } } : {}),
        ...(options.replyTo ? { replyTo: options.replyTo } : {}),
      };
    },
    staffDigest(digest, locale) {
      return renderStaffDigest(translator(pickLocale(locale)), digest);
    },
    rejectedAddress(report, locale) {
      return renderRejectedAddress(translator(pickLocale(locale)), report);
    },
  };
}

/** An applicant's digest: what is due, by when, how long is left, what to do, why and whom to contact. */
export function renderContactDigest(tr: Translator, digest: ContactDigest, options: { readonly at: Date; readonly zone: string; readonly unsubscribeUrl: string | null; readonly feedUrl?: string | null }): RenderedDigest {
  const { contact, items } = digest;
  // A notice (an expired certificate) is news, not an overdue deadline.
  const overdue = items.filter((i) => i.daysLeft < 0 && !isNotice(i.obligation)).length;
  const nearest = items.find((i) => i.daysLeft >= 0) ?? items[0];
  const period = tr.t('unit.days', { count: digest.horizonDays });
  const vars = { organization: contact.organization, count: items.length, period, asOf: digest.asOf, kind: nearest ? tr.t(`kind.${nearest.obligation.kind}`) : '', dueOn: nearest?.obligation.dueOn ?? '' };
  const subject = subjectOf(tr, digest);
  const greeting = contact.name ? tr.t('reminder.greeting', { name: contact.name }) : tr.t('reminder.greetingNoName');
  const intro = tr.t('digest.intro', vars);
  const overdueNote = tr.t('digest.overdueNote', { count: overdue });
  const details = items.map((i) => itemDetails(tr, i, contact.province));

  const text = [
    greeting,
    '',
    intro,
    ...(overdue ? ['', overdueNote] : []),
    '',
    ...items.flatMap((i, n) => [`${itemStatus(tr, i)} · ${i.obligation.dueOn} · ${heading(tr, i.obligation)}`, ...details[n]!.map((d) => `  ${d.text}`), '']),
    tr.t('digest.calendarNote', { file: CALENDAR_FILE }),
    ...(options.feedUrl ? [tr.t('digest.feedText', { url: options.feedUrl })] : []),
    tr.t('digest.replyNote'),
    ...(options.unsubscribeUrl ? ['', tr.t('digest.unsubscribeText', { url: options.unsubscribeUrl }), tr.t('digest.unsubscribeKeeps')] : []),
  ].join('\n');

  // One column at every width: the date and time left, then what to do, why and whom to contact, stacked.
  const blocks = items.map((i, n) => {
    const late = i.daysLeft < 0 && !isNotice(i.obligation);
    return itemBlock(
      [
        line('when', `${i.obligation.dueOn} · ${itemStatus(tr, i)}`, `font-weight:700;color:${late ? LATE : INK}`),
        line('heading', heading(tr, i.obligation), `font-weight:700;font-size:17px;color:${INK}`),
        ...details[n]!.map((d) => line(d.part, d.text, d.part === 'todo' ? `font-weight:600;color:${INK}` : d.part === 'contact' ? `color:${INK}` : `color:${MUTED}`)),
      ],
      late,
    );
  });
  const body = [
    line('greeting', greeting, `color:${INK}`),
    line('intro', intro, `color:${INK}`),
    overdue ? `<p data-part="overdue" style="margin:8px 0 12px 0;${BODY};padding:10px 12px;background:#fef3f2;border-left:4px solid ${LATE};color:${LATE};font-weight:600">${esc(overdueNote)}</p>` : '',
    `<h2 style="font-size:18px;line-height:26px;margin:16px 0 4px 0;color:${INK}">${esc(tr.t('digest.tableCaption', vars))}</h2>`,
    `<div id="deadlines" role="list">\n${blocks.join('\n')}\n</div>`,
    `<p style="margin:20px 0 0 0;color:${MUTED};${BODY}">${esc(tr.t('digest.calendarNote', { file: CALENDAR_FILE }))}<br>${options.feedUrl ? `<a data-part="feed" href="${esc(options.feedUrl)}" style="color:${INK}">${esc(tr.t('digest.feedLink'))}</a><br>` : ''}${esc(tr.t('digest.replyNote'))}</p>`,
  ].join('\n');
  const footer = [
    esc(tr.t('reminder.footer')),
    ...(options.unsubscribeUrl ? [`<a href="${esc(options.unsubscribeUrl)}" style="color:${INK}">${esc(tr.t('digest.unsubscribeLink'))}</a> · ${esc(tr.t('digest.unsubscribeKeeps'))}`] : []),
  ].join('<br>');
  return {
    subject,
    text,
    html: page(tr, { subject, title: tr.t('digest.title'), preheader: tr.t('digest.preheader', vars), body, footer }),
    ics: calendar(tr, digest, options),
  };
}

/**
 * What a phone's inbox shows first: the most urgent action and its date ("年检 12月20日截止 · …",
 * "Overdue: pledge, due 19 Nov · …"), then the organisation and how many more deadlines there are.
 */
function subjectOf(tr: Translator, digest: ContactDigest): string {
  const first = digest.items[0];
  const others = digest.items.length - 1;
  const rest = others > 0 ? tr.t('digest.subjectMore', { organization: digest.contact.organization, count: others }) : digest.contact.organization;
  if (!first) return rest;
  const vars = { kind: tr.t(`kind.${first.obligation.kind}`), date: shortDate(tr, first.obligation.dueOn), rest };
  if (isNotice(first.obligation)) return tr.t('digest.subjectNotice', vars);
  return tr.t(first.daysLeft < 0 ? 'digest.subjectOverdue' : first.daysLeft === 0 ? 'digest.subjectToday' : 'digest.subject', vars);
}

export function renderRejectedAddress(tr: Translator, report: RejectedAddressReport): MessageContent {
  const vars = { ...report, name: report.name || report.address, cases: report.caseRefs.join(', ') || '—' };
  return { subject: tr.t('digest.rejected.subject', vars), text: tr.t('digest.rejected.text', vars) };
}

function heading(tr: Translator, o: PlannedObligation): string {
  return tr.t('digest.itemHeading', { kind: tr.t(`kind.${o.kind}`), caseRef: o.caseRef, rule: o.rules[0] ?? '' });
}

/** What to do, why (the rule in plain words), whom to contact (the contact book), and anything that qualifies the date. */
function itemDetails(tr: Translator, i: DigestItem, province: string | null): { part: string; text: string }[] {
  const o = i.obligation;
  return [
    tr.t(`reminder.todo.${o.kind}`),
    ...(o.status === 'upcoming' && o.opensOn ? [tr.t('digest.opensOn', { opensOn: o.opensOn })] : []),
    ...(o.estimatedYears.length ? [tr.t('digest.estimate', { years: o.estimatedYears.join(', ') })] : []),
  ]
    .map((text, n) => ({ part: n === 0 ? 'todo' : 'note', text }))
    .concat([
      { part: 'why', text: tr.t('reminder.why', { explanation: tr.explain(o.explanation) }) },
      { part: 'contact', text: contactLine(tr, contactBook().answer(o.scheme, province)) },
    ]);
}

/** One all-day event per deadline on its day in the rules' zone, each with a reminder before it. */
function calendar(tr: Translator, digest: ContactDigest, options: { readonly at: Date; readonly zone: string }): string {
  const cal = ical({
    name: calendarText(tr.t('digest.calendarName', { organization: digest.contact.organization })),
    prodId: { company: 'certbell', product: 'digest', language: tr.locale === 'en' ? 'EN' : 'ZH' },
    method: ICalCalendarMethod.PUBLISH,
    timezone: options.zone,
  });
  for (const i of digest.items) {
    addDeadlineEvent(cal, {
      obligation: i.obligation,
      zone: options.zone,
      stamp: options.at,
      summary: heading(tr, i.obligation),
      description: itemDetails(tr, i, digest.contact.province).map((d) => d.text).join('\n'),
      alarmBeforeS: i.daysLeft >= 7 ? ALARM_WEEK_BEFORE_S : i.daysLeft >= 1 ? ALARM_DAY_BEFORE_S : null,
    });
  }
  return cal.toString();
}
