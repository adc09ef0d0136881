// Human-readable and JSON renderings of use-case results for the command line. Pure: text in, text out.
import type { CaseView } from '../../app/show-case.js';
import type { ImportProblem } from '../../app/import-cases.js';
import { daysBetween } from '../../domain/calendar/calendar-date.js';
import type { IsoDate } from '../../domain/calendar/calendar-date.js';
import type { PlannedObligation } from '../../domain/obligations.js';
import type { ReminderStep } from '../../domain/reminders.js';
import { schemeFor } from '../../domain/schemes/registry.js';
import { stageOf } from '../../domain/schemes/scheme.js';
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.js';
import type { Translator } from '../i18n/translator.js';

export function obligationJson(o: PlannedObligation, tr: Translator, next: ReminderStep | null = null) {
  return {
    caseRef: o.caseRef,
    scheme: o.scheme,
    kind: o.kind,
    audience: o.audience,
    opensOn: o.opensOn,
    dueOn: o.dueOn,
    status: o.status,
    rule: o.rules[0] ?? null,
    rules: o.rules,
    counting: o.counting,
    estimate: o.estimatedYears.length > 0,
    explanation: tr.explain(o.explanation),
    nextReminder: next && { step: next.id, sendOn: next.sendOn },
  };
}

function timeLeft(o: PlannedObligation, asOf: IsoDate, calendar: WorkingDayCalendar, tr: Translator): string {
  const days = daysBetween(asOf, o.dueOn);
  if (days < 0) return tr.t('cli.plan.daysOverdue', { count: -days });
  if (o.counting === 'working-days') return tr.t('cli.plan.workingDaysLeft', { count: calendar.workingDaysUntil(asOf, o.dueOn).count });
  return tr.t('cli.plan.daysLeft', { count: days });
}

export function obligationLines(o: PlannedObligation, asOf: IsoDate, calendar: WorkingDayCalendar, tr: Translator, next: ReminderStep | null = null): string[] {
  const head = tr.t('cli.plan.row', {
    dueOn: o.dueOn,
    status: tr.t(`status.${o.status}`),
    caseRef: o.caseRef,
    kind: tr.t(`kind.${o.kind}`),
    audience: tr.t(`audience.${o.audience}`),
    rules: o.rules.join(', '),
  });
  const when = [o.opensOn && o.status === 'upcoming' ? tr.t('cli.plan.opens', { opensOn: o.opensOn }) : null, timeLeft(o, asOf, calendar, tr)]
    .filter(Boolean)
    .join('; ');
  const lines = [`${head}  ${when}`, `    ${tr.explain(o.explanation)}`];
  if (o.estimatedYears.length) lines.push(`    ⚠ ${tr.t('cli.plan.estimate', { years: o.estimatedYears.join(', ') })}`);
  if (next) lines.push(`    ${tr.t('cli.nextReminder', { sendOn: next.sendOn, step: next.id })}`);
  return lines;
}

export function caseJson(view: CaseView, tr: Translator): string {
  const { record } = view;
  return JSON.stringify(
    {
      ref: record.ref,
      scheme: record.scheme,
      organization: record.organization,
      serviceType: record.serviceType,
      level: record.state.level,
      stage: record.state.stage,
      certificate: record.state.certificate,
      contacts: record.contacts.map(({ name, email, locale }) => ({ name, email, locale })),
      history: view.history.map((e) => ({ seq: e.seq, type: e.type, date: e.date, data: e.data ?? {}, recordedBy: e.recordedBy })),
      asOf: view.asOf,
      obligations: view.obligations.map((o) => obligationJson(o, tr)),
    },
    null,
    2,
  );
}

export function caseText(view: CaseView, calendar: WorkingDayCalendar, tr: Translator): string {
  const { record } = view;
  const scheme = schemeFor(record.scheme);
  const stage = stageOf(scheme, record.state.stage);
  const lines = [
    tr.t('cli.case.title', { ref: record.ref }),
    tr.t('cli.case.organization', { name: record.organization.name, province: record.organization.province ?? '—' }),
    tr.t('cli.case.scheme', { scheme: tr.t(`scheme.${record.scheme}`) }),
  ];
  if (record.serviceType) lines.push(tr.t('cli.case.serviceType', { serviceType: tr.t(`serviceType.${record.serviceType}`) }));
  lines.push(tr.t('cli.case.level', { level: record.state.level }), tr.t('cli.case.stage', { stage: tr.t(`stage.${record.scheme}.${stage.id}`) }));
  if (stage.nextActor) {
    lines.push(tr.t('cli.case.next', { next: tr.t(`next.${record.scheme}.${stage.id}`), actor: tr.t(`actor.${stage.nextActor}`) }));
  } else {
    lines.push(tr.t(`next.${record.scheme}.${stage.id}`));
  }
  const cert = record.state.certificate;
  if (cert) lines.push(tr.t('cli.case.certificate', { no: cert.certificateNo, issued: cert.issuedOn, expires: cert.expiresOn }));
  if (record.contacts.length) {
    lines.push(tr.t('cli.case.contacts'), ...record.contacts.map((c) => `  ${c.name} <${c.email}> (${c.locale})`));
  }
  lines.push(tr.t('cli.case.history'));
  if (!view.history.length) lines.push(`  ${tr.t('cli.case.noHistory')}`);
  for (const e of view.history) {
    const extra = e.data ? Object.entries(e.data).map(([k, v]) => `${k}=${String(v)}`).join(' ') : '';
    lines.push(`  ${e.date}  ${tr.t(`event.${e.type}`)}${extra ? `  ${extra}` : ''}  [${e.recordedBy}]`);
  }
  lines.push(tr.t('cli.case.obligations', { asOf: view.asOf }));
  if (!view.obligations.length) lines.push(`  ${tr.t('cli.case.noObligations')}`);
  for (const o of view.obligations) lines.push(...obligationLines(o, view.asOf, calendar, tr).map((l) => `  ${l}`));
  return lines.join('\n');
}

export function problemsText(problems: readonly ImportProblem[], tr: Translator): string {
  const lines = problems.map((p) => {
    const where = [
      p.source.file,
      p.source.line !== undefined ? tr.t('cli.line', { line: p.source.line }) : p.source.path,
      p.ref,
      p.field ? tr.t('cli.field', { field: p.field }) : null,
    ]
      .filter(Boolean)
      .join(', ');
    return `  ${tr.t('cli.problemAt', { where, message: tr.error(p.error) })}`;
  });
  return [tr.t('cli.problems', { count: problems.length }), ...lines].join('\n');
}
