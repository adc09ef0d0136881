// The stages and events of a CNCE-NS case (docs/rules.md, CN-1 … CN-17; source: the CNCE-NS
// application guide, seed 000).
import { addMonths, compareDates } from '../../calendar/calendar-date.js';
import type { CaseEventInput, CaseState } from '../../case.js';
import type { DomainError } from '../../result.js';
import { inspectionAnniversaries, inspectionWindowOpens, issueCertificate } from '../certificate.js';
import { checkReissue, expiryEvents, expiryStages } from '../expiry.js';
import { moveTo, withDates, withMarks } from '../scheme.js';
import type { EventSpec, StageSpec } from '../scheme.js';

// CN-3: the stages in order; CN-4: the outcomes that end a case early.
export const stages: readonly StageSpec[] = [
  { id: 'application', order: 0, nextActor: 'applicant', rules: ['CN-3', 'CN-17'] },
  { id: 'material-review', order: 1, nextActor: 'staff', rules: ['CN-3', 'CN-6'] },
  { id: 'awaiting-supplement', order: 1, nextActor: 'applicant', rules: ['CN-5'] },
  { id: 'contract-and-fee', order: 2, nextActor: 'applicant', rules: ['CN-3', 'CN-7'] },
  { id: 'assessment', order: 3, nextActor: 'staff', rules: ['CN-3', 'CN-7', 'CN-8'] },
  { id: 'public-notice-pending', order: 4, nextActor: 'staff', rules: ['CN-3'] },
  { id: 'public-notice', order: 5, nextActor: 'staff', rules: ['CN-3', 'CN-9'] },
  { id: 'pledge', order: 6, nextActor: 'applicant', rules: ['CN-9'] },
  { id: 'certificate-pending', order: 7, nextActor: 'staff', rules: ['CN-9', 'CN-10'] },
  { id: 'certified', order: 8, nextActor: 'applicant', rules: ['CN-11', 'CN-12', 'CN-14'] },
  { id: 'inspection-failed', order: 8, nextActor: 'staff', rules: ['CN-13'] },
  { id: 'renewal', order: 9, nextActor: 'staff', rules: ['CN-14'] },
  // CN-16: a decision may be appealed in writing to CNCE-NS.
  { id: 'not-accepted', order: 10, terminal: true, rules: ['CN-4', 'CN-16'] },
  { id: 'not-passed', order: 10, terminal: true, rules: ['CN-4', 'CN-16'] },
  { id: 'cancelled', order: 10, terminal: true, rules: ['CN-13', 'CN-16'] },
  // CN-11, CN-14: a certificate not renewed by its expiry lapses (seed 000 §五).
  ...expiryStages(9, ['CN-11', 'CN-14'], ['CN-11', 'CN-14', 'CN-16']),
];

/** The stages in which the case holds a certificate that can lapse. */
const holding = ['certified', 'inspection-failed', 'renewal'];

// CN-3, CN-7: the five steps of the assessment stage, in order; marks.assessmentStep counts those done.
const assessmentSteps = [
  'document-assessment-completed',
  'onsite-assessment-completed',
  'comprehensive-assessment-completed',
  'report-issued',
] as const;

function assessmentStep(type: string, index: number): EventSpec {
  return {
    rules: ['CN-3', 'CN-7'],
    from: ['assessment'],
    guard: (state): DomainError | null => {
      if (state.marks.awaitingSupplement) return { code: 'assessment/awaiting-supplement', params: { event: type } };
      const done = state.marks.assessmentStep ?? 0;
      if (done !== index) {
        const expected = done < assessmentSteps.length ? assessmentSteps[done] : 'expert-review-passed';
        return { code: 'assessment/out-of-order', params: { event: type, expected: expected ?? '' } };
      }
      return null;
    },
    evolve: (state, event) => withDates(withMarks(state, { assessmentStep: index + 1 }), { [type]: event.date }),
  };
}

// CN-3: the expert review is the last of the five steps and follows the report.
function expertReviewGuard(state: CaseState, event: CaseEventInput): DomainError | null {
  const done = state.marks.assessmentStep ?? 0;
  return done < assessmentSteps.length
    ? { code: 'assessment/out-of-order', params: { event: event.type, expected: assessmentSteps[done] ?? '' } }
    : null;
}

export const events: Readonly<Record<string, EventSpec>> = {
  'application-submitted': {
    rules: ['CN-3', 'CN-17'],
    from: ['application'],
    guard: (state, event) =>
      state.on.applicationSubmitted ? { code: 'event/already-recorded', params: { event: event.type, date: state.on.applicationSubmitted } } : null,
    evolve: (state, event) => withDates(state, { applicationSubmitted: event.date }),
  },
  'materials-received': {
    rules: ['CN-6'],
    from: ['application'],
    evolve: (state, event) => moveTo(withDates(state, { materialsReceived: event.date, reviewClockFrom: event.date }), 'material-review'),
  },
  // CN-5: material review may ask once for all missing material; document assessment may ask again.
  'supplement-requested': {
    meets: ['material-review'], // CN-5: asking for the missing material is the review's outcome; its clock restarts on receipt
    rules: ['CN-5'],
    from: ['material-review', 'assessment'],
    guard: (state, event): DomainError | null => {
      if (state.stage === 'material-review' && state.marks.reviewSupplementRequested) {
        return { code: 'supplement/only-once', params: { event: event.type, date: state.on.supplementRequested ?? '' } };
      }
      if (state.stage === 'assessment' && (state.marks.assessmentStep ?? 0) > 0) {
        return { code: 'supplement/after-document-assessment', params: { event: event.type } };
      }
      if (state.marks.awaitingSupplement) return { code: 'supplement/already-awaited', params: { event: event.type } };
      return null;
    },
    evolve: (state, event) => {
      const dated = withDates(state, { supplementRequested: event.date });
      return state.stage === 'material-review'
        ? moveTo(withMarks(dated, { reviewSupplementRequested: 1 }), 'awaiting-supplement')
        : withMarks(dated, { awaitingSupplement: 1 });
    },
  },
  'supplement-received': {
    rules: ['CN-5', 'CN-6'],
    from: ['awaiting-supplement', 'assessment'],
    guard: (state, event) =>
      state.stage === 'assessment' && !state.marks.awaitingSupplement
        ? { code: 'supplement/not-requested', params: { event: event.type } }
        : null,
    evolve: (state, event, policy) => {
      const dated = withDates(state, { supplementReceived: event.date });
      if (state.stage === 'assessment') return withMarks(dated, { awaitingSupplement: null });
      // [policy] the 15 working days of CN-6 count again from the day the complete materials arrive.
      const restarted = policy.materialReviewRestartsOnSupplement ? withDates(dated, { reviewClockFrom: event.date }) : dated;
      return moveTo(restarted, 'material-review');
    },
  },
  'application-accepted': {
    meets: ['material-review'],
    rules: ['CN-3', 'CN-6'],
    from: ['material-review'],
    evolve: (state, event) => moveTo(withDates(state, { applicationAccepted: event.date }), 'contract-and-fee'),
  },
  'application-rejected': {
    decision: true,
    rules: ['CN-4', 'CN-6'],
    from: ['material-review', 'awaiting-supplement'],
    evolve: (state, event) => moveTo(withDates(state, { applicationRejected: event.date }), 'not-accepted'),
  },
  // CN-7: the assessment stage starts the day the fee payment voucher is received.
  'fee-paid': {
    rules: ['CN-7'],
    from: ['contract-and-fee'],
    evolve: (state, event) => moveTo(withMarks(withDates(state, { feePaid: event.date }), { assessmentStep: 0 }), 'assessment'),
  },
  ...Object.fromEntries(assessmentSteps.map((type, index) => [type, assessmentStep(type, index)])),
  'expert-review-passed': {
    meets: ['assessment'],
    rules: ['CN-3', 'CN-7', 'CN-8'],
    from: ['assessment'],
    guard: expertReviewGuard,
    evolve: (state, event) => moveTo(withDates(state, { expertReviewPassed: event.date }), 'public-notice-pending'),
  },
  'expert-review-failed': {
    decision: true,
    rules: ['CN-4', 'CN-7'],
    from: ['assessment'],
    guard: expertReviewGuard,
    evolve: (state, event) => moveTo(withDates(state, { expertReviewFailed: event.date }), 'not-passed'),
  },
  'notice-published': {
    rules: ['CN-3'],
    from: ['public-notice-pending'],
    evolve: (state, event) => moveTo(withDates(state, { noticePublished: event.date }), 'public-notice'),
  },
  'notice-ended': {
    rules: ['CN-9'],
    from: ['public-notice'],
    evolve: (state, event) => moveTo(withDates(state, { noticeEnded: event.date }), 'pledge'),
  },
  'pledge-signed': {
    meets: ['pledge'],
    rules: ['CN-9'],
    from: ['pledge'],
    evolve: (state, event) => moveTo(withDates(state, { pledgeSigned: event.date }), 'certificate-pending'),
  },
  // CN-9: issued only after the pledge; a renewal (CN-14) ends in a new certificate too, even one
  // whose assessment outlasted the old certificate.
  'certificate-issued': {
    decision: true, // a new certificate replaces the old one's inspections and renewal
    rules: ['CN-9', 'CN-11'],
    from: ['certificate-pending', 'renewal', 'expired'],
    validate: checkReissue,
    evolve: (state, event, policy) => ({
      ...moveTo(withMarks(withDates(state, { renewalApplied: null, expired: null }), { inspectionsCovered: 0 }), 'certified'),
      certificate: issueCertificate(state, event, policy),
    }),
  },
  'annual-inspection-passed': {
    meets: ['annual-inspection', 'inspection-decision'], // a passed re-inspection settles the CN-13 question too
    rules: ['CN-12'],
    // An inspection still owed while the renewal is assessed is passed in that stage (seed 000 §五).
    from: ['certified', 'inspection-failed', 'renewal'],
    validate: (state, event) =>
      inspectionsOwed(state) === 0 ? { code: 'inspection/none-due', params: { event: event.type } } : null,
    evolve: (state, event) =>
      moveTo(withDates(coverInspection(state, event.date), { lastInspection: event.date }), state.stage === 'renewal' ? 'renewal' : 'certified'),
  },
  // CN-13: a failed inspection leads to downgrade or cancellation, which staff decide and record.
  'annual-inspection-failed': {
    meets: ['annual-inspection'], // the year was inspected; CN-13 now asks staff for a decision
    rules: ['CN-12', 'CN-13'],
    from: ['certified'],
    validate: (state, event) =>
      inspectionsOwed(state) === 0 ? { code: 'inspection/none-due', params: { event: event.type } } : null,
    evolve: (state, event) => moveTo(withDates(state, { inspectionFailed: event.date }), 'inspection-failed'),
  },
  'certificate-downgraded': {
    decision: true, // CN-13
    rules: ['CN-13', 'CN-2'],
    from: ['inspection-failed', 'certified'],
    validate: (state, event) => {
      const level = event.data?.level ?? state.level - 1;
      if (!Number.isInteger(level) || level < 1 || level >= state.level) {
        return { code: 'level/downgrade-invalid', params: { level, current: state.level } };
      }
      return null;
    },
    evolve: (state, event) => {
      const level = event.data?.level ?? state.level - 1;
      // The failed inspection's year is settled by the downgrade.
      const settled = state.stage === 'inspection-failed' ? coverInspection(state, event.date) : state;
      return {
        ...moveTo(withDates(settled, { downgraded: event.date }), 'certified'),
        level,
        certificate: state.certificate && { ...state.certificate, level },
      };
    },
  },
  'certificate-cancelled': {
    decision: true,
    rules: ['CN-13'],
    from: ['certified', 'inspection-failed', 'renewal'],
    evolve: (state, event) => moveTo(withDates(state, { cancelled: event.date }), 'cancelled'),
  },
  // CN-14: renewal is applied for within the 3 months before expiry; earlier only on an operator's
  // explicit override, which the audit log keeps with the event.
  'renewal-applied': {
    meets: ['renewal'],
    rules: ['CN-14'],
    from: ['certified'],
    validate: (state, event): DomainError | null => {
      const expiresOn = state.certificate?.expiresOn;
      if (!expiresOn || event.data?.outsideWindow) return null;
      const opensOn = addMonths(expiresOn, -3);
      return compareDates(event.date, opensOn) < 0 ? { code: 'renewal/before-window', params: { date: event.date, opensOn, expiresOn } } : null;
    },
    evolve: (state, event) => moveTo(withDates(state, { renewalApplied: event.date }), 'renewal'),
  },
  // CN-15: changes are reported promptly; an upgrade may be applied for at any time.
  'change-reported': {
    rules: ['CN-15'],
    from: ['certified', 'inspection-failed', 'renewal'],
    evolve: (state, event) => withDates(state, { changeReported: event.date }),
  },
  ...expiryEvents(['CN-11', 'CN-14'], holding),
  'upgrade-applied': {
    rules: ['CN-15'],
    from: ['certified'],
    evolve: (state, event) => withDates(state, { upgradeApplied: event.date }),
  },
};

function inspectionsOwed(state: CaseState): number {
  if (!state.certificate) return 0;
  return inspectionAnniversaries(state.certificate).length - (state.marks.inspectionsCovered ?? 0);
}

/**
 * CN-12: which anniversary a passed inspection settles. Normally the next one not yet settled; when a
 * history skipped some (an import keeps only the latest inspection), every anniversary whose window
 * had opened by that day counts as settled.
 */
function coverInspection(state: CaseState, date: string): CaseState {
  if (!state.certificate) return state;
  const anniversaries = inspectionAnniversaries(state.certificate);
  const opened = anniversaries.filter((a) => compareDates(inspectionWindowOpens(a), date) <= 0).length;
  const covered = Math.min(anniversaries.length, Math.max((state.marks.inspectionsCovered ?? 0) + 1, opened));
  return withMarks(state, { inspectionsCovered: covered });
}

