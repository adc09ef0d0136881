// Digests as email: plain text and an HTML alternative that say the same, in the reader's language,
// and for applicants a calendar (.ics) with one all-day event per deadline. The HTML is tables and
// inline styles only, which is what Outlook, Gmail, QQ Mail and Apple Mail all render alike.
import { createHash } from 'node:crypto';
import ical, { ICalAlarmType, ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
import type { Attachment, MessageContent } from '../../app/delivery.js';
import type { ContactDigest, DigestItem, DigestRenderer, RejectedAddressReport, StaffDigest, UndeliveredReminder } from '../../app/digest-ports.js';
import type { PlannedObligation } from '../../domain/obligations.js';
import { pickLocale, translator } from '../i18n/translator.js';
import type { Translator } from '../i18n/translator.js';
import type { UnsubscribeLinks } from './unsubscribe-link.js';
import { escapeHtml as esc } from './escape-html.js';
import { isNotice } from '../../domain/schemes/registry.js';

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
}

/** The calendar reminds at 09:00 local time, a week before the deadline, or the day before when it is closer. */
const ALARM_WEEK_BEFORE_S = 7 * 86_400 - 9 * 3_600;
const ALARM_DAY_BEFORE_S = 86_400 - 9 * 3_600;
const CALENDAR_FILE = 'deadlines.ics';

// Colours and type chosen for contrast (WCAG AA on white) and for Chinese system fonts on every platform.
const FONT = `-apple-system,'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC','Segoe UI',Arial,sans-serif`;
const INK = '#1f2933';
const MUTED = '#52606d';
const RULE = '#d9e2ec';
const ACCENT = '#0b5cad';
const LATE = '#b42318';

export function createDigestRenderer(options: DigestEmailOptions): DigestRenderer {
  return {
    contactDigest(digest, at) {
      const tr = translator(pickLocale(digest.contact.locale));
      const unsubscribeUrl = options.links?.url(digest.contact.contactId) ?? null;
      const rendered = renderContactDigest(tr, digest, { at, zone: options.zone, unsubscribeUrl });
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

/** An applicant's digest: what is due, by when, how many days are left, why, what to do and whom to contact. */
export function renderContactDigest(tr: Translator, digest: ContactDigest, options: { readonly at: Date; readonly zone: string; readonly unsubscribeUrl: string | null }): RenderedDigest {
  const { contact, items } = digest;
  // A notice (an expired certificate) is news, not an overdue deadline.
  const overdue = items.filter((i) => i.daysLeft < 0 && !isNotice(i.obligation)).length;
  const next = items.find((i) => i.daysLeft >= 0) ?? items[0];
  const vars = { organization: contact.organization, count: items.length, overdue, days: digest.horizonDays, asOf: digest.asOf, kind: next ? tr.t(`kind.${next.obligation.kind}`) : '', dueOn: next?.obligation.dueOn ?? '' };
  const subject = tr.t(overdue ? 'digest.subjectOverdue' : 'digest.subject', vars);
  const greeting = contact.name ? tr.t('reminder.greeting', { name: contact.name }) : tr.t('reminder.greetingNoName');
  const intro = tr.t('digest.intro', vars);
  const details = items.map((i) => itemDetails(tr, i, contact.province));

  const text = [
    greeting,
    '',
    intro,
    ...(overdue ? ['', tr.t('digest.overdueNote', vars)] : []),
    '',
    ...items.flatMap((i, n) => [`${status(tr, i)} · ${i.obligation.dueOn} · ${heading(tr, i.obligation)}`, ...details[n]!.map((line) => `  ${line}`), '']),
    tr.t('digest.calendarNote', { file: CALENDAR_FILE }),
    tr.t('digest.replyNote'),
    ...(options.unsubscribeUrl ? ['', tr.t('digest.unsubscribeText', { url: options.unsubscribeUrl }), tr.t('digest.unsubscribeKeeps')] : []),
  ].join('\n');

  const rows = items
    .map((i, n) => {
      const late = i.daysLeft < 0 && !isNotice(i.obligation);
      return `<tr>
<td valign="top" style="padding:12px 8px;border-top:1px solid ${RULE};white-space:nowrap;font-weight:600;color:${late ? LATE : INK}">${esc(i.obligation.dueOn)}</td>
<td valign="top" style="padding:12px 8px;border-top:1px solid ${RULE};white-space:nowrap;color:${late ? LATE : INK}">${late ? `<strong>${esc(status(tr, i))}</strong>` : esc(status(tr, i))}</td>
<td valign="top" style="padding:12px 8px;border-top:1px solid ${RULE}"><strong>${esc(heading(tr, i.obligation))}</strong>${details[n]!.map((line) => `<br><span style="color:${MUTED};font-size:13px;line-height:19px">${esc(line)}</span>`).join('')}</td>
</tr>`;
    })
    .join('\n');
  const table = `<table role="table" id="deadlines" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;font-size:14px;line-height:20px">
<caption style="text-align:left;font-weight:600;padding:0 0 8px 0;color:${INK}">${esc(tr.t('digest.tableCaption', vars))}</caption>
<thead><tr>${[tr.t('digest.column.due'), tr.t('digest.column.left'), tr.t('digest.column.what')].map((h) => `<th scope="col" align="left" style="padding:6px 8px;color:${MUTED};font-size:12px;font-weight:600;text-transform:uppercase">${esc(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
  const body = [
    `<p style="margin:0 0 12px 0">${esc(greeting)}</p>`,
    `<p style="margin:0 0 16px 0">${esc(intro)}</p>`,
    overdue ? `<p style="margin:0 0 16px 0;padding:10px 12px;background:#fef3f2;border-left:4px solid ${LATE};color:${LATE}">${esc(tr.t('digest.overdueNote', vars))}</p>` : '',
    table,
    `<p style="margin:20px 0 0 0;color:${MUTED};font-size:13px">${esc(tr.t('digest.calendarNote', { file: CALENDAR_FILE }))}<br>${esc(tr.t('digest.replyNote'))}</p>`,
  ].join('\n');
  const footer = [
    esc(tr.t('reminder.footer')),
    ...(options.unsubscribeUrl ? [`<a href="${esc(options.unsubscribeUrl)}" style="color:${MUTED}">${esc(tr.t('digest.unsubscribeLink'))}</a> · ${esc(tr.t('digest.unsubscribeKeeps'))}`] : []),
  ].join('<br>');
  return {
    subject,
    text,
    html: page(tr, { subject, title: tr.t('digest.title'), preheader: tr.t('digest.preheader', vars), body, footer }),
    ics: calendar(tr, digest, options),
  };
}

/** Staff: overdue first, then due this week, then the next 30 days, by scheme and kind with counts; then what no channel delivered. */
export function renderStaffDigest(tr: Translator, digest: StaffDigest): MessageContent {
  const count = (id: string) => digest.sections.find((s) => s.id === id)?.count ?? 0;
  const vars = { asOf: digest.asOf, overdue: count('overdue'), week: count('this-week'), next: count('next-30-days'), undelivered: digest.undelivered.length };
  const subject = tr.t('digest.staff.subject', vars);
  const sectionTitle = (id: string) => tr.t(`digest.staff.section.${id}`, { to: id === 'this-week' ? digest.weekEndsOn : digest.windowEndsOn });
  const itemLine = (i: DigestItem) =>
    `${i.obligation.dueOn} · ${status(tr, i)} · ${i.obligation.caseRef} · ${tr.t(`audience.${i.obligation.audience}`)} · ${i.obligation.rules.join(', ')}`;
  const groupTitle = (g: StaffDigest['sections'][number]['groups'][number]) => tr.t('digest.staff.group', { scheme: g.scheme, kind: tr.t(`kind.${g.kind}`), count: g.count });
  const more = (g: StaffDigest['sections'][number]['groups'][number]) => (g.count > g.items.length ? [tr.t('digest.staff.more', { count: g.count - g.items.length })] : []);
  const undeliveredLine = (u: UndeliveredReminder) => tr.t('digest.staff.undeliveredRow', { ...u, kind: tr.t(`kind.${u.kind}`), address: u.address || '—' });

  const text = [
    tr.t('digest.staff.intro', vars),
    ...digest.sections.flatMap((s) => [
      '',
      `${sectionTitle(s.id)}: ${s.count}`,
      ...(s.groups.length ? s.groups.flatMap((g) => [`  ${groupTitle(g)}`, ...g.items.map((i) => `    ${itemLine(i)}`), ...more(g).map((m) => `    ${m}`)]) : [`  ${tr.t('digest.staff.none')}`]),
    ]),
    '',
    `${tr.t('digest.staff.undelivered')}: ${digest.undelivered.length}`,
    ...(digest.undelivered.length ? [...digest.undelivered.map((u) => `  ${undeliveredLine(u)}`), `  ${tr.t('digest.staff.undeliveredHint')}`] : [`  ${tr.t('digest.staff.none')}`]),
  ].join('\n');

  const cell = `padding:6px 8px;border-top:1px solid ${RULE};vertical-align:top`;
  const sectionHtml = digest.sections
    .map((s) => {
      const groups = s.groups.length
        ? s.groups
            .map(
              (g) =>
                `<tr><td colspan="5" style="padding:12px 8px 4px 8px;font-weight:600">${esc(groupTitle(g))}</td></tr>\n` +
                g.items
                  .map(
                    (i) =>
                      `<tr><td style="${cell};white-space:nowrap">${esc(i.obligation.dueOn)}</td><td style="${cell};white-space:nowrap;color:${i.daysLeft < 0 ? LATE : INK}">${esc(status(tr, i))}</td><td style="${cell}">${esc(i.obligation.caseRef)}</td><td style="${cell}">${esc(tr.t(`audience.${i.obligation.audience}`))}</td><td style="${cell}">${esc(i.obligation.rules.join(', '))}</td></tr>`,
                  )
                  .join('\n') +
                more(g).map((m) => `<tr><td colspan="5" style="${cell};color:${MUTED}">${esc(m)}</td></tr>`).join(''),
            )
            .join('\n')
        : `<tr><td colspan="5" style="${cell};color:${MUTED}">${esc(tr.t('digest.staff.none'))}</td></tr>`;
      return `<h2 style="font-size:16px;margin:24px 0 4px 0;color:${s.id === 'overdue' && s.count ? LATE : INK}">${esc(sectionTitle(s.id))} <span style="color:${MUTED};font-weight:400">(${s.count})</span></h2>
<table role="table" class="deadlines" data-section="${s.id}" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;font-size:13px;line-height:18px">
${groups}
</table>`;
    })
    .join('\n');
  const undeliveredHtml = `<h2 style="font-size:16px;margin:24px 0 4px 0">${esc(tr.t('digest.staff.undelivered'))} <span style="color:${MUTED};font-weight:400">(${digest.undelivered.length})</span></h2>
${digest.undelivered.length ? `<ul style="margin:0;padding-left:20px;font-size:13px">${digest.undelivered.map((u) => `<li>${esc(undeliveredLine(u))}</li>`).join('')}</ul><p style="color:${MUTED};font-size:13px">${esc(tr.t('digest.staff.undeliveredHint'))}</p>` : `<p style="color:${MUTED};font-size:13px">${esc(tr.t('digest.staff.none'))}</p>`}`;
  const html = page(tr, { subject, title: tr.t('digest.staff.title'), preheader: subject, body: `<p style="margin:0">${esc(tr.t('digest.staff.intro', vars))}</p>\n${sectionHtml}\n${undeliveredHtml}`, footer: esc(tr.t('digest.staff.footer')) });
  return { subject, text, html };
}

export function renderRejectedAddress(tr: Translator, report: RejectedAddressReport): MessageContent {
  const vars = { ...report, name: report.name || report.address, cases: report.caseRefs.join(', ') || '—' };
  return { subject: tr.t('digest.rejected.subject', vars), text: tr.t('digest.rejected.text', vars) };
}

function heading(tr: Translator, o: PlannedObligation): string {
  return tr.t('digest.itemHeading', { kind: tr.t(`kind.${o.kind}`), caseRef: o.caseRef, rule: o.rules[0] ?? '' });
}

/** "12 days left", "today", or "overdue by 3 days". */
function status(tr: Translator, i: DigestItem): string {
  if (isNotice(i.obligation)) return tr.t('digest.notice');
  if (i.daysLeft < 0) return tr.t('digest.overdueBy', { days: -i.daysLeft });
  if (i.daysLeft === 0) return tr.t('reminder.left.today');
  return i.daysLeft === 1 ? tr.t('reminder.left.one') : tr.t('reminder.left.other', { count: i.daysLeft });
}

/** Why (the rule in plain words), what to do, whom to contact, and anything that qualifies the date. */
function itemDetails(tr: Translator, i: DigestItem, province: string | null): string[] {
  const o = i.obligation;
  return [
    ...(o.status === 'upcoming' && o.opensOn ? [tr.t('digest.opensOn', { opensOn: o.opensOn })] : []),
    ...(o.estimatedYears.length ? [tr.t('digest.estimate', { years: o.estimatedYears.join(', ') })] : []),
    tr.t('reminder.why', { explanation: tr.explain(o.explanation) }),
    tr.t(`reminder.todo.${o.kind}`),
    tr.t(`reminder.contact.${o.scheme}`, { province: province ?? '—' }),
  ];
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
    const o = i.obligation;
    const day = DateTime.fromISO(o.dueOn, { zone: options.zone });
    const summary = heading(tr, o);
    const alarm = i.daysLeft >= 7 ? ALARM_WEEK_BEFORE_S : i.daysLeft >= 1 ? ALARM_DAY_BEFORE_S : null;
    cal.createEvent({
      // The same deadline keeps its UID from one digest to the next, so calendars update it rather than add it again.
      id: `${createHash('sha256').update(`${o.caseRef}|${o.kind}|${o.occurrence}`).digest('hex').slice(0, 32)}@certbell`,
      start: day,
      end: day.plus({ days: 1 }),
      allDay: true,
      timezone: options.zone,
      stamp: options.at,
      summary,
      description: itemDetails(tr, i, digest.contact.province).join('\n'),
      alarms: alarm === null ? [] : [{ type: ICalAlarmType.display, trigger: alarm, description: summary }],
    });
  }
  return cal.toString();
}

/**
 * A TEXT value for a calendar property that ical-generator (pinned) writes as given: NAME and
 * X-WR-CALNAME. A line break from imported data would end the property and start another, which is
 * how a company name could add events of its own to an applicant's calendar (RFC 5545 3.1, 3.3.11);
 * so breaks and other control characters become spaces, and the TEXT escapes are applied.
 */
export function calendarText(value: string): string {
  // eslint-disable-next-line no-control-regex
  const oneLine = value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
  return oneLine.replace(/[\\;,]/g, (c) => `\\${c}`);
}

/** The frame every digest shares: a centred 640-pixel column, a hidden preview line and a footer. */
function page(tr: Translator, parts: { readonly subject: string; readonly title: string; readonly preheader: string; readonly body: string; readonly footer: string }): string {
  return `<!DOCTYPE html>
<html lang="${tr.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${esc(parts.subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f0f4f8">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">${esc(parts.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f0f4f8" style="background:#f0f4f8">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:640px;background:#ffffff;border:1px solid ${RULE};border-radius:6px;font-family:${FONT};color:${INK}">
<tr><td style="padding:16px 24px;background:${ACCENT};border-radius:6px 6px 0 0;color:#ffffff;font-size:18px;font-weight:600">${esc(parts.title)}</td></tr>
<tr><td style="padding:20px 24px;font-size:15px;line-height:22px">
${parts.body}
</td></tr>
<tr><td style="padding:12px 24px 20px 24px;border-top:1px solid ${RULE};color:${MUTED};font-size:12px;line-height:18px">${parts.footer}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}
