// The staff digest: overdue first, then due this week, then the next 30 days, by scheme and kind with
// counts; then what no channel delivered. Each deadline says its time left as its rule counts it
// (working days for CN-6 and CN-7), and the HTML stacks it in one column, as the applicants' digest.
import type { MessageContent } from '../../app/delivery.js';
import type { DigestItem, StaffDigest, UndeliveredReminder } from '../../app/digest-ports.js';
import type { Translator } from '../i18n/translator.js';
import { escapeHtml as esc } from './escape-html.js';
import { heading2, INK, itemBlock, itemStatus, LATE, line, MUTED, page } from './digest-page.js';

type Group = StaffDigest['sections'][number]['groups'][number];

export function renderStaffDigest(tr: Translator, digest: StaffDigest): MessageContent {
  const count = (id: string) => digest.sections.find((s) => s.id === id)?.count ?? 0;
  const vars = { asOf: digest.asOf, overdue: count('overdue'), week: count('this-week'), next: count('next-30-days'), undelivered: digest.undelivered.length };
  const subject = tr.t('digest.staff.subject', vars);
  const sectionTitle = (id: StaffDigest['sections'][number]['id']) => tr.t(`digest.staff.section.${id}`, { to: id === 'this-week' ? digest.weekEndsOn : digest.windowEndsOn });
  const when = (i: DigestItem) => `${i.obligation.dueOn} · ${itemStatus(tr, i)}`;
  const what = (i: DigestItem) => `${i.obligation.caseRef} · ${tr.t(`audience.${i.obligation.audience}`)} · ${i.obligation.rules.join(', ')}`;
  const groupTitle = (g: Group) => tr.t('digest.staff.group', { scheme: g.scheme, kind: tr.t(`kind.${g.kind}`), count: g.count });
  const more = (g: Group) => (g.count > g.items.length ? [tr.t('digest.staff.more', { count: g.count - g.items.length })] : []);
  const undeliveredLine = (u: UndeliveredReminder) => tr.t('digest.staff.undeliveredRow', { ...u, kind: tr.t(`kind.${u.kind}`), address: u.address || '—' });

  const text = [
    tr.t('digest.staff.intro', vars),
    ...digest.sections.flatMap((s) => [
      '',
      `${sectionTitle(s.id)}: ${s.count}`,
      ...(s.groups.length ? s.groups.flatMap((g) => [`  ${groupTitle(g)}`, ...g.items.map((i) => `    ${when(i)} · ${what(i)}`), ...more(g).map((m) => `    ${m}`)]) : [`  ${tr.t('digest.staff.none')}`]),
    ]),
    '',
    `${tr.t('digest.staff.undelivered')}: ${digest.undelivered.length}`,
    ...(digest.undelivered.length ? [...digest.undelivered.map((u) => `  ${undeliveredLine(u)}`), `  ${tr.t('digest.staff.undeliveredHint')}`] : [`  ${tr.t('digest.staff.none')}`]),
  ].join('\n');

  const sectionHtml = digest.sections
    .map((s) => {
      const groups = s.groups.length
        ? s.groups
            .map((g) =>
              [
                `<h3 style="font-size:16px;line-height:24px;margin:16px 0 4px 0;color:${INK}">${esc(groupTitle(g))}</h3>`,
                ...g.items.map((i) => {
                  const late = i.daysLeft < 0;
                  return itemBlock([line('when', when(i), `font-weight:600;color:${late ? LATE : INK}`), line('what', what(i), `color:${INK}`)], late);
                }),
                ...more(g).map((m) => line('note', m, `color:${MUTED}`)),
              ].join('\n'),
            )
            .join('\n')
        : line('note', tr.t('digest.staff.none'), `color:${MUTED}`);
      return `${heading2(sectionTitle(s.id), s.count, s.id === 'overdue' && s.count > 0)}
<div class="deadlines" role="list" data-section="${s.id}">
${groups}
</div>`;
    })
    .join('\n');
  const undeliveredHtml = `${heading2(tr.t('digest.staff.undelivered'), digest.undelivered.length, false)}
${digest.undelivered.length ? `${digest.undelivered.map((u) => itemBlock([line('what', undeliveredLine(u), `color:${INK}`)], false)).join('\n')}\n${line('note', tr.t('digest.staff.undeliveredHint'), `color:${MUTED}`)}` : line('note', tr.t('digest.staff.none'), `color:${MUTED}`)}`;
  const html = page(tr, {
    subject,
    title: tr.t('digest.staff.title'),
    preheader: subject,
    body: `${line('intro', tr.t('digest.staff.intro', vars), `color:${INK}`)}\n${sectionHtml}\n${undeliveredHtml}`,
    footer: esc(tr.t('digest.staff.footer')),
  });
  return { subject, text, html };
}
