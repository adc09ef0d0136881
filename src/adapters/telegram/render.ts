// The assistant's answers as text, in the chat's language. Pure: a view and a translator in, text out.
// Kinds, stages, next steps, actors and explanations use the same locale keys as reminders and the
// command line, so that every channel words a case the same way.
import type { ApplicantCase, ChatView } from '../../app/answer-applicant.js';
import { contactBook } from '../../app/contacts/contact-book.js';
import type { ContactBookAnswer } from '../../app/contacts/contact-book.js';
import type { Association } from '../../domain/schemes/contacts.js';
import { timeLeftOf } from '../../domain/time-left.js';
import type { IsoDate } from '../../domain/calendar/calendar-date.js';
import type { PlannedObligation } from '../../domain/obligations.js';
import { topicKinds } from '../../domain/question-intent.js';
import type { TopicIntent } from '../../domain/question-intent.js';
import { allSchemes, isNotice, schemeFor } from '../../domain/schemes/registry.js';
import { stageOf } from '../../domain/schemes/scheme.js';
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.js';
import { contactLine, leftText } from '../i18n/message-parts.js';
import type { Translator } from '../i18n/translator.js';

/** How many deadlines /status lists per case; /deadlines lists them all. */
const NEAREST = 3;

/** The count the rule itself uses: CN-6 and CN-7 run in PRC working days. */
export function timeLeft(o: Pick<PlannedObligation, 'dueOn' | 'counting'>, asOf: IsoDate, calendar: WorkingDayCalendar, tr: Translator): string {
  return leftText(tr, timeLeftOf(o, asOf, calendar));
}

/** Whom the case's applicant contacts: the contact book's one answer. */
function answerFor(c: ApplicantCase): ContactBookAnswer {
  return contactBook().answer(c.record.scheme, c.record.organization.province);
}

function caseHeading(c: ApplicantCase, tr: Translator): string {
  const { record } = c;
  return tr.t('telegram.case.heading', { ref: record.ref, scheme: tr.t(`scheme.${record.scheme}`), level: record.state.level });
}

function stageLines(c: ApplicantCase, tr: Translator): string[] {
  const { record } = c;
  const stage = stageOf(schemeFor(record.scheme), record.state.stage);
  const lines = [tr.t('telegram.case.stage', { stage: tr.t(`stage.${record.scheme}.${stage.id}`) })];
  const next = tr.t(`next.${record.scheme}.${stage.id}`);
  lines.push(stage.nextActor ? tr.t('telegram.case.next', { next, actor: tr.t(`actor.${stage.nextActor}`) }) : next);
  return lines;
}

function deadlineLine(o: PlannedObligation, asOf: IsoDate, calendar: WorkingDayCalendar, tr: Translator): string {
  // A notice (an expired certificate) is something that happened, not a deadline.
  if (isNotice(o)) return tr.t('telegram.deadline.notice', { kind: tr.t(`kind.${o.kind}`), dueOn: o.dueOn });
  return tr.t('telegram.deadline.line', {
    kind: tr.t(`kind.${o.kind}`),
    dueOn: o.dueOn,
    left: timeLeft(o, asOf, calendar, tr),
    actor: tr.t(`actor.${o.audience}`),
  });
}

function estimateNote(o: PlannedObligation, tr: Translator): string[] {
  return o.estimatedYears.length ? [tr.t('telegram.deadline.estimate', { years: o.estimatedYears.join(', ') })] : [];
}

/** /status: each case's scheme, level, stage, next step and who acts, and its nearest deadlines. */
export function statusText(view: ChatView, calendar: WorkingDayCalendar, tr: Translator): string {
  const blocks = view.cases.map((c) => {
    const lines = [caseHeading(c, tr)];
    if (c.record.serviceType) lines.push(tr.t('telegram.case.serviceType', { serviceType: tr.t(`serviceType.${c.record.serviceType}`) }));
    lines.push(...stageLines(c, tr));
    const cert = c.record.state.certificate;
    if (cert) lines.push(tr.t('telegram.case.certificate', { no: cert.certificateNo, issued: cert.issuedOn, expires: cert.expiresOn }));
    if (!c.obligations.length) lines.push(tr.t('telegram.deadline.none'));
    else {
      lines.push(tr.t('telegram.deadline.nearest'));
      for (const o of c.obligations.slice(0, NEAREST)) lines.push(`• ${deadlineLine(o, view.asOf, calendar, tr)}`, ...estimateNote(o, tr));
    }
    lines.push(contactLine(tr, answerFor(c)));
    return lines.join('\n');
  });
  return [tr.t('telegram.status.title', { asOf: view.asOf }), ...blocks].join('\n\n');
}

/** /deadlines: every open obligation with its date, the reason and the rule. */
export function deadlinesText(view: ChatView, calendar: WorkingDayCalendar, tr: Translator): string {
  const blocks = view.cases.map((c) => {
    const lines = [caseHeading(c, tr)];
    if (!c.obligations.length) lines.push(tr.t('telegram.deadline.none'));
    for (const o of c.obligations) lines.push(...obligationBlock(o, view.asOf, calendar, tr));
    return lines.join('\n');
  });
  return [tr.t('telegram.deadlines.title', { asOf: view.asOf }), ...blocks].join('\n\n');
}

function obligationBlock(o: PlannedObligation, asOf: IsoDate, calendar: WorkingDayCalendar, tr: Translator): string[] {
  const lines = [`• ${deadlineLine(o, asOf, calendar, tr)}`];
  if (o.opensOn && o.status === 'upcoming') lines.push(`  ${tr.t('telegram.deadline.opens', { opensOn: o.opensOn })}`);
  lines.push(`  ${tr.t('telegram.deadline.why', { explanation: tr.explain(o.explanation) })}`, `  ${tr.t('telegram.deadline.rules', { rules: o.rules.join(', ') })}`);
  return [...lines, ...estimateNote(o, tr).map((l) => `  ${l}`)];
}

function associationLines(a: Association, tr: Translator): string[] {
  return [
    a.name,
    ...(a.phone ? [tr.t('telegram.contact.phone', { phone: a.phone })] : []),
    ...(a.fax ? [tr.t('telegram.contact.fax', { fax: a.fax })] : []),
    ...(a.email ? [tr.t('telegram.contact.email', { email: a.email })] : []),
    ...(a.address ? [tr.t('telegram.contact.address', { address: a.address })] : []),
    ...(!a.phone && !a.email ? [tr.t('telegram.contact.noDetails')] : []),
  ];
}

/** /contact for a bound chat: whom each case deals with, from its scheme's directory. */
export function contactText(view: ChatView, tr: Translator): string {
  const blocks = view.cases.map((c) => {
    const { association, provinceListed, province } = answerFor(c);
    const lines = [tr.t('telegram.contact.forCase', { ref: c.record.ref, scheme: tr.t(`scheme.${c.record.scheme}`) })];
    if (!association) return [...lines, tr.t('contact.none')].join('\n');
    if (!provinceListed) lines.push(tr.t(`directory.${c.record.scheme}.provinceNotListed`, { province: province ?? '—' }));
    return [...lines, ...associationLines(association, tr)].join('\n');
  });
  return blocks.join('\n\n');
}

/** /contact for anyone: each scheme's public directory (for CNCE-NS, the application guide's, seed 000 §七). */
export function directoryText(tr: Translator): string {
  const blocks = allSchemes().map((scheme) => {
    const directory = contactBook().directory(scheme.id);
    if (!directory) return [tr.t(`directory.${scheme.id}.title`), tr.t('contact.none')].join('\n');
    const { centre, regional } = directory;
    if (!regional.length) return [tr.t(`directory.${scheme.id}.title`), ...associationLines(centre, tr)].join('\n');
    const rows = regional.map((a) =>
      tr.t('telegram.directory.row', { province: a.province ?? '', name: a.name, phone: a.phone ?? '—', fax: a.fax ?? '—', email: a.email ?? '—' }),
    );
    return [tr.t(`directory.${scheme.id}.title`), ...rows, '', tr.t(`directory.${scheme.id}.centre`), ...associationLines(centre, tr)].join('\n');
  });
  return blocks.join('\n\n');
}

/** /stages: the main line of each scheme, public information. */
export function stagesText(tr: Translator): string {
  const blocks = allSchemes().map((scheme) => {
    const seen = new Set<number>();
    const main = scheme.stages.filter((s) => !s.terminal && !seen.has(s.order) && seen.add(s.order));
    return [tr.t(`scheme.${scheme.id}`), ...main.map((s, i) => `${i + 1}. ${tr.t(`stage.${scheme.id}.${s.id}`)}`)].join('\n');
  });
  return [tr.t('telegram.stages.title'), ...blocks].join('\n\n');
}

/** "What do I do next": the stage's next step, and what the applicant's open obligations ask. */
export function nextStepText(view: ChatView, calendar: WorkingDayCalendar, tr: Translator): string {
  const blocks = view.cases.map((c) => {
    const lines = [caseHeading(c, tr), ...stageLines(c, tr)];
    for (const o of c.obligations.filter((ob) => ob.audience === 'applicant' && ob.status !== 'upcoming')) {
      lines.push(`• ${deadlineLine(o, view.asOf, calendar, tr)}`, `  ${tr.t(`reminder.todo.${o.kind}`)}`);
    }
    return lines.join('\n');
  });
  return blocks.join('\n\n');
}

/** "When does my certificate expire": each certificate's expiry and what renewal asks. */
export function expiryText(view: ChatView, calendar: WorkingDayCalendar, tr: Translator): string {
  const blocks = view.cases.map((c) => {
    const cert = c.record.state.certificate;
    if (!cert) {
      return tr.t('telegram.answer.noCertificate', { ref: c.record.ref, stage: tr.t(`stage.${c.record.scheme}.${c.record.state.stage}`) });
    }
    const left = timeLeft({ dueOn: cert.expiresOn, counting: 'calendar-days' }, view.asOf, calendar, tr);
    const lines = [tr.t('telegram.answer.expiry', { ref: c.record.ref, no: cert.certificateNo, expiresOn: cert.expiresOn, left })];
    const renewal = topicKinds(c.record.scheme, 'renewal');
    for (const o of c.obligations.filter((ob) => renewal.includes(ob.kind))) lines.push(...obligationBlock(o, view.asOf, calendar, tr));
    return lines.join('\n');
  });
  return blocks.join('\n\n');
}

/** A question about one kind of obligation (inspection, renewal, pledge): those obligations, or that there are none. */
export function topicText(intent: TopicIntent, view: ChatView, calendar: WorkingDayCalendar, tr: Translator): string {
  const blocks = view.cases.map((c) => {
    const kinds = topicKinds(c.record.scheme, intent);
    const found = c.obligations.filter((o) => kinds.includes(o.kind));
    if (!found.length) return tr.t('telegram.answer.topicNone', { ref: c.record.ref, topic: tr.t(`telegram.topic.${intent}`) });
    return [caseHeading(c, tr), ...found.flatMap((o) => [...obligationBlock(o, view.asOf, calendar, tr), `  ${tr.t(`reminder.todo.${o.kind}`)}`])].join('\n');
  });
  return blocks.join('\n\n');
}
