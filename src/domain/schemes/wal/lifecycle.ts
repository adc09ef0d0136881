// The stages and events of a 网安联 case (docs/rules.md, WA-1 … WA-14; source: the implementation
// scheme, basis T/BJCSA 02-2022, seed 002).
import { compareDates, isIsoDate } from '../../calendar/calendar-date.js';
import type { CaseEventInput, RuleId } from '../../case.js';
import type { DomainError } from '../../result.js';
import { issueCertificate } from '../certificate.js';
import { checkReissue, expiryEvents, expiryStages } from '../expiry.js';
import { moveTo, withDates, withMarks } from '../scheme.js';
import type { EventSpec, StageSpec } from '../scheme.js';

// WA-3: the stages in order; a negative decision ends the case (the applicant may apply anew).
export const stages: readonly StageSpec[] = [
  { id: 'application', order: 0, nextActor: 'applicant', rules: ['WA-3', 'WA-2'] },
  { id: 'application-review', order: 1, nextActor: 'staff', rules: ['WA-3', 'WA-2'] },
  { id: 'audit-programme', order: 2, nextActor: 'staff', rules: ['WA-3'] },
  { id: 'document-audit', order: 3, nextActor: 'staff', rules: ['WA-3'] },
  { id: 'onsite-audit', order: 4, nextActor: 'staff', rules: ['WA-3'] },
  { id: 'evaluation-decision', order: 5, nextActor: 'staff', rules: ['WA-3'] },
  { id: 'certificate-pending', order: 6, nextActor: 'staff', rules: ['WA-3'] },
  { id: 'certified', order: 7, nextActor: 'applicant', rules: ['WA-4', 'WA-5', 'WA-8', 'WA-9'] },
  { id: 'suspended', order: 7, nextActor: 'applicant', rules: ['WA-10', 'WA-11', 'WA-13'] },
  { id: 'recertification', order: 8, nextActor: 'staff', rules: ['WA-9'] },
  { id: 'refused', order: 9, terminal: true, rules: ['WA-3'] },
  { id: 'revoked', order: 9, terminal: true, rules: ['WA-12'] },
  { id: 'cancelled', order: 9, terminal: true, rules: ['WA-13'] },
  // WA-9: a certificate not renewed by its expiry lapses ("到期后失效", seed 002 §7.2.1, §8).
  ...expiryStages(8, ['WA-9']),
];

// Surveillance goes on while recertification is under way (seed 002 §6.3.1, §7.2.1): an audit owed
// this year stays owed until the new certificate is issued.
export const surveilled = ['certified', 'suspended', 'recertification'];

function step(rules: RuleId[], from: string[], fact: string, to: string, ends: Pick<EventSpec, 'meets' | 'decision'> = {}): EventSpec {
  return { rules, from, ...ends, evolve: (state, event) => moveTo(withDates(state, { [fact]: event.date }), to) };
}

function fact(rules: RuleId[], from: string[], name: string, ends: Pick<EventSpec, 'meets' | 'decision'> = {}): EventSpec {
  return { rules, from, ...ends, evolve: (state, event) => withDates(state, { [name]: event.date }) };
}

export const events: Readonly<Record<string, EventSpec>> = {
  'application-submitted': step(['WA-3', 'WA-2'], ['application'], 'applicationSubmitted', 'application-review'),
  'application-reviewed': step(['WA-3', 'WA-2'], ['application-review'], 'applicationReviewed', 'audit-programme'),
  'programme-established': step(['WA-3'], ['audit-programme'], 'programmeEstablished', 'document-audit'),
  'document-audit-completed': step(['WA-3'], ['document-audit'], 'documentAuditCompleted', 'onsite-audit'),
  'onsite-audit-completed': step(['WA-3'], ['onsite-audit'], 'onsiteAuditCompleted', 'evaluation-decision'),
  'certification-granted': step(['WA-3'], ['evaluation-decision'], 'certificationGranted', 'certificate-pending'),
  'certification-refused': step(['WA-3', 'WA-2'], ['application-review', 'evaluation-decision'], 'certificationRefused', 'refused'),
  // WA-9: a recertification ends in a new certificate; its surveillance cycle starts afresh.
  'certificate-issued': {
    decision: true, // the new certificate's cycle replaces the old one's
    rules: ['WA-9', 'WA-4'],
    from: ['certificate-pending', 'recertification', 'expired'],
    validate: checkReissue,
    evolve: (state, event, policy) => ({
      ...moveTo(
        withMarks(
          withDates(state, { lastSurveillanceAudit: null, surveillanceInfoSubmitted: null, renewalApplied: null, suspended: null, expired: null, nonconformitiesFound: null, nonconformitiesCorrectBy: null }),
          { surveillanceAudits: 0, suspensionDecisionPending: null },
        ),
        'certified',
      ),
      certificate: issueCertificate(state, event, policy),
    }),
  },
  'surveillance-info-submitted': fact(['WA-8'], surveilled, 'surveillanceInfoSubmitted', { meets: ['surveillance-info'] }),
  // WA-4, WA-5, WA-16: an audit closes its surveillance period, whatever its outcome: the period's
  // information and revocation review with it. Passed (seed 002 §6.3.5), passed with nonconformities
  // to close by a date, or not passed, which leaves staff a decision on suspension (§7.2.3).
  'surveillance-audit-completed': audit(['WA-4', 'WA-5', 'WA-16']),
  'surveillance-audit-passed-with-nonconformities': audit(['WA-16', 'WA-4', 'WA-5'], 'correctBy'),
  'surveillance-audit-failed': audit(['WA-16', 'WA-10'], 'failed'),
  'nonconformities-closed': {
    meets: ['nonconformity-correction'],
    rules: ['WA-16'],
    from: surveilled,
    validate: (state, event) => (state.on.nonconformitiesFound ? null : { code: 'surveillance/no-nonconformities', params: { event: event.type } }),
    evolve: (state, event) => withDates(state, { nonconformitiesClosed: event.date, nonconformitiesFound: null, nonconformitiesCorrectBy: null }),
  },
  // WA-16: staff may decide that a failed audit does not call for suspension.
  'suspension-declined': {
    decision: true,
    rules: ['WA-16', 'WA-10'],
    from: surveilled,
    validate: (state, event) => (state.marks.suspensionDecisionPending ? null : { code: 'surveillance/no-decision-pending', params: { event: event.type } }),
    evolve: (state, event) => withMarks(withDates(state, { suspensionDeclined: event.date }), { suspensionDecisionPending: null }),
  },
  // WA-15: 网安联 fixes the surveillance audit's date (seed 002 §6.3.3); the information is then due 3 months before it.
  'surveillance-audit-scheduled': {
    rules: ['WA-15', 'WA-8'],
    from: surveilled,
    validate: (_state, event) => laterDate(event, 'scheduledFor', true),
    evolve: (state, event) => withDates(state, { surveillanceScheduled: event.date, surveillanceScheduledFor: event.data?.scheduledFor ?? event.date }),
  },
  'certificate-suspended': {
    meets: ['suspension-decision'],
    rules: ['WA-10', 'WA-11'],
    from: ['certified'],
    evolve: (state, event) => moveTo(withMarks(withDates(state, { suspended: event.date }), { suspensionDecisionPending: null }), 'suspended'),
  },
  'certificate-restored': {
    meets: ['suspension-end'],
    decision: true, // WA-13
    rules: ['WA-13'],
    from: ['suspended'],
    evolve: (state, event) => moveTo(withDates(state, { restored: event.date, suspended: null }), 'certified'),
  },
  'certificate-revoked': step(['WA-12'], surveilled, 'revoked', 'revoked', { decision: true }),
  'certificate-cancelled': step(['WA-13'], surveilled, 'cancelled', 'cancelled', { decision: true }),
  'renewal-applied': step(['WA-9'], ['certified'], 'renewalApplied', 'recertification', { meets: ['renewal'] }),
  // WA-7: a major change or a complaint may bring surveillance forward; staff decide how far.
  'major-change-reported': fact(['WA-7'], surveilled, 'majorChange'),
  'complaint-received': fact(['WA-7'], surveilled, 'complaint'),
  ...expiryEvents(['WA-9'], surveilled),
};


/** A surveillance audit with its outcome: passed, passed with nonconformities (closed by `correctBy`), or failed. */
function audit(rules: RuleId[], outcome?: 'correctBy' | 'failed'): EventSpec {
  return {
    // Each audit also reviews what was done about the last one's nonconformities (seed 002 §6.3.4).
    meets: ['surveillance-audit', 'surveillance-info', 'revocation-review', 'nonconformity-correction'],
    rules,
    from: surveilled,
    ...(outcome === 'correctBy' ? { validate: (_state, event) => laterDate(event, 'correctBy', false) } : {}),
    evolve: (state, event) => {
      const reviewed = state.on.nonconformitiesFound ? withDates(state, { nonconformitiesFound: null, nonconformitiesCorrectBy: null }) : state;
      const audited = withMarks(withDates(reviewed, { lastSurveillanceAudit: event.date }), { surveillanceAudits: (state.marks.surveillanceAudits ?? 0) + 1 });
      if (outcome === 'correctBy') return withDates(audited, { nonconformitiesFound: event.date, nonconformitiesCorrectBy: event.data?.correctBy ?? event.date });
      // A decision already pending keeps its date: the one decision answers both failures.
      if (outcome === 'failed' && !state.marks.suspensionDecisionPending) {
        return withMarks(withDates(audited, { surveillanceAuditFailed: event.date }), { suspensionDecisionPending: 1 });
      }
      return audited;
    },
  };
}

/** A date the event carries that must come after the event's own day (or on it, when `sameDay`). */
function laterDate(event: CaseEventInput, field: 'scheduledFor' | 'correctBy', sameDay: boolean): DomainError | null {
  const value = event.data?.[field];
  if (value === undefined) return { code: 'event/missing-field', params: { event: event.type, field } };
  if (!isIsoDate(value)) return { code: 'date/invalid', params: { value, field } };
  const order = compareDates(value, event.date);
  return order > 0 || (sameDay && order === 0) ? null : { code: 'surveillance/date-not-after', params: { field, value, date: event.date } };
}
