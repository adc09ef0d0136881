// The stages and events of a 网安联 case (docs/rules.md, WA-1 … WA-14; source: the implementation
// scheme, basis T/BJCSA 02-2022, seed 002).
import type { RuleId } from '../../case.js';
import { checkCertificateIssued, issueCertificate } from '../certificate.js';
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
    from: ['certificate-pending', 'recertification'],
    validate: checkCertificateIssued,
    evolve: (state, event, policy) => ({
      ...moveTo(
        withMarks(
          withDates(state, { lastSurveillanceAudit: null, surveillanceInfoSubmitted: null, renewalApplied: null, suspended: null }),
          { surveillanceAudits: 0 },
        ),
        'certified',
      ),
      certificate: issueCertificate(state, event, policy),
    }),
  },
  'surveillance-info-submitted': fact(['WA-8'], surveilled, 'surveillanceInfoSubmitted', { meets: ['surveillance-info'] }),
  'surveillance-audit-completed': {
    // The audit closes its surveillance period: the period's information and revocation review with it.
    meets: ['surveillance-audit', 'surveillance-info', 'revocation-review'],
    rules: ['WA-4', 'WA-5'],
    from: surveilled,
    evolve: (state, event) =>
      withMarks(withDates(state, { lastSurveillanceAudit: event.date }), {
        surveillanceAudits: (state.marks.surveillanceAudits ?? 0) + 1,
      }),
  },
  'certificate-suspended': step(['WA-10', 'WA-11'], ['certified'], 'suspended', 'suspended'),
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
};

