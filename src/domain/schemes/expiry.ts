// A certificate not renewed by its expiry lapses (docs/rules.md, CN-11 and WA-9, "Expiry without
// renewal"; seed 000 §五, seed 002 §7.2.1 and §8). What both schemes share: the event the daily sweep
// records the day after expiry, the stage it leads to, and what staff and the applicant are told.
// Each scheme passes its own rule ids; nothing here names a scheme.
import { addDays, compareDates } from '../calendar/calendar-date.js';
import type { IsoDate } from '../calendar/calendar-date.js';
import type { CaseEventInput, CaseState, Obligation, RuleId } from '../case.js';
import type { DomainError } from '../result.js';
import { checkCertificateIssued, withExpiryNotes } from './certificate.js';
import { moveTo, withDates } from './scheme.js';
import type { CertificateStatus, EventSpec, ObligationKindSpec, StageSpec } from './scheme.js';
import { escalationBase } from './escalating.js';
import type { EscalationRule, EscalationStage } from './escalating.js';

/** The event the sweep records, and the stages it leads to. */
export const CERTIFICATE_EXPIRED = 'certificate-expired';
export const EXPIRED_STAGE = 'expired';
export const CLOSED_STAGE = 'closed';

/**
 * The obligation kinds a lapse opens, the same in every scheme: the applicant is told once that the
 * certificate lapsed, and staff confirm it.
 */
export const lapseObligationKinds: readonly ObligationKindSpec[] = [
  { id: 'certificate-lapsed', notice: true, reminders: { points: [{ from: 'due' }], overdueNotice: false } },
  { id: 'lapse-review', staffOnly: true },
];

/**
 * A scheme's certificate status by stage: expired once it lapsed (the expired and closed stages), as
 * `otherwise` says in the scheme's own stages that change it, and valid in every other stage.
 */
export function certificateStatusByStage(otherwise: Readonly<Record<string, CertificateStatus>>): (stage: string) => CertificateStatus {
  const statuses = new Map(Object.entries(otherwise));
  return (stage) => (stage === EXPIRED_STAGE || stage === CLOSED_STAGE ? 'expired' : (statuses.get(stage) ?? 'valid'));
}

/** The day a certificate lapses: the day after its last valid day. */
export function lapsesOn(state: CaseState): IsoDate | null {
  return state.certificate ? addDays(state.certificate.expiresOn, 1) : null;
}

/**
 * `order` is that of the last stage a certificate is held in (renewal, recertification): a lapse is
 * no step of the main line, and the case's terminal stages come after it.
 */
export function expiryStages(order: number, rules: readonly RuleId[], closedRules: readonly RuleId[] = rules): StageSpec[] {
  return [
    // Staff confirm the lapse, or record the new certificate of a renewal still being assessed.
    { id: EXPIRED_STAGE, order, nextActor: 'staff', rules },
    { id: CLOSED_STAGE, order: order + 1, terminal: true, rules: closedRules },
  ];
}

/**
 * The lapse itself: recorded on or after the day after expiry, from any stage the certificate is
 * still held in. It is the certificate's own end, so it ends what was owed on it (`lapse`).
 */
export function expiryEvents(rules: readonly RuleId[], from: readonly string[]): Record<string, EventSpec> {
  return {
    [CERTIFICATE_EXPIRED]: {
      lapse: true,
      rules,
      from,
      validate: (state, event): DomainError | null => {
        const lapse = lapsesOn(state);
        if (!lapse) return { code: 'certificate/none', params: { event: event.type } };
        return compareDates(event.date, lapse) < 0
          ? { code: 'certificate/not-expired', params: { event: event.type, expiresOn: state.certificate?.expiresOn ?? '', lapsesOn: lapse } }
          : null;
      },
      evolve: (state, event) => moveTo(withDates(state, { expired: event.date }), EXPIRED_STAGE),
    },
    // Staff confirm the lapse: the case ends (a new application is a new case).
    'case-closed': {
      decision: true,
      rules,
      from: [EXPIRED_STAGE],
      evolve: (state, event) => moveTo(withDates(state, { closed: event.date }), CLOSED_STAGE),
    },
  };
}

/** certificate-issued after a lapse: only at the end of a renewal applied for before expiry. */
export function checkReissue(state: CaseState, event: CaseEventInput): DomainError | null {
  if (state.stage === EXPIRED_STAGE && !state.on.renewalApplied) {
    return { code: 'certificate/lapsed-without-renewal', params: { expired: state.on.expired ?? '' } };
  }
  return checkCertificateIssued(state, event);
}

/**
 * What an expired case owes: the applicant is told once that the certificate lapsed, and staff are
 * asked to confirm it (escalated at once); both end when staff close the case or a renewal already
 * applied for ends in a new certificate.
 */
export function expiredObligations(state: CaseState, rules: readonly RuleId[]): Obligation[] {
  const certificate = state.certificate;
  const expired = state.on.expired;
  if (state.stage !== EXPIRED_STAGE || !certificate || !expired) return [];
  const lapse = lapsesOn(state) ?? expired;
  const explanation = withExpiryNotes(
    {
      key: state.on.renewalApplied ? 'certificate-lapsed-renewal-pending' : 'certificate-lapsed',
      params: { certificateNo: certificate.certificateNo, expiresOn: certificate.expiresOn, lapsesOn: lapse, renewalAppliedOn: state.on.renewalApplied ?? '' },
    },
    certificate,
  );
  const base = { rules, opensOn: lapse, dueOn: expired, counting: 'calendar-days' as const, estimatedYears: [], occurrence: certificate.certificateNo, explanation };
  return [
    { ...base, kind: 'certificate-lapsed', audience: 'applicant' },
    { ...base, kind: 'lapse-review', audience: 'staff' },
  ];
}

/** The escalation staff get the day a certificate lapsed (kind 'certificate-expired'). */
export const expiryEscalationStages: Readonly<Record<string, readonly EscalationStage[]>> = { 'certificate-expired': ['expired'] };

export function lapseEscalation(rules: readonly RuleId[]): EscalationRule {
  return (o, asOf) => {
    if (o.opensOn && compareDates(asOf, o.opensOn) < 0) return null;
    return {
      ...escalationBase(o),
      kind: 'certificate-expired',
      stage: 'expired',
      rules,
      facts: {
        certificateNo: String(o.explanation.params.certificateNo ?? o.occurrence),
        expiresOn: String(o.explanation.params.expiresOn ?? ''),
        renewalAppliedOn: String(o.explanation.params.renewalAppliedOn ?? ''),
        computed: o.explanation.notes?.some((n) => n.key === 'expiry-computed') ? 1 : 0,
      },
    };
  };
}
