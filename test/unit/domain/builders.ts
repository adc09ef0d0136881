// Small helpers shared by the domain tests: fold a history, plan a case, pick one obligation.
// Nothing here reads the wall clock: every date is written out in the test that uses it.
import { packagedHolidayData } from '../../../src/adapters/calendar/holiday-data.js';
import type { IsoDate } from '../../../src/domain/calendar/calendar-date.js';
import type { CaseEventInput, CaseState, EventData, Obligation, ObligationKind, RuleId } from '../../../src/domain/case.js';
import { planObligations, type PlannedObligation } from '../../../src/domain/obligations.js';
import { defaultPolicy, type Policy } from '../../../src/domain/policy.js';
import type { DomainError } from '../../../src/domain/result.js';
import { cnceNs } from '../../../src/domain/schemes/cnce-ns/scheme.js';
import { applyEvent, foldEvents, initialState, type RecordingMode, type Scheme } from '../../../src/domain/schemes/scheme.js';
import { wal } from '../../../src/domain/schemes/wal/scheme.js';
import { WorkingDayCalendar } from '../../../src/domain/calendar/working-days.js';

export { cnceNs, wal };

/** The official PRC calendar as packaged (chinese-days: data up to 2026, none for 2027). */
export const calendar = new WorkingDayCalendar(packagedHolidayData());

export function ev(type: string, date: IsoDate, data?: EventData): CaseEventInput {
  return data === undefined ? { type, date } : { type, date, data };
}

export interface FoldOptions {
  readonly level?: number;
  readonly serviceType?: string | null;
  readonly mode?: RecordingMode;
  readonly policy?: Policy;
}

export function start(scheme: Scheme, options: FoldOptions = {}): CaseState {
  const serviceType = options.serviceType !== undefined ? options.serviceType : scheme.id === 'cnce-ns' ? 'risk-assessment' : null;
  return initialState(scheme, options.level ?? (scheme.id === 'cnce-ns' ? 3 : 4), serviceType);
}

/** The state after a history that must be accepted whole; a refusal fails the test with its code. */
export function fold(scheme: Scheme, events: readonly CaseEventInput[], options: FoldOptions = {}): CaseState {
  const result = foldEvents(scheme, start(scheme, options), events, options.policy ?? defaultPolicy, options.mode ?? 'live');
  if (!result.ok) {
    throw new Error(`event #${result.error.index} (${events[result.error.index]?.type}) refused: ${result.error.code} ${JSON.stringify(result.error.params)}`);
  }
  return result.value;
}

/** Applies one more event to an accepted state and returns why it is refused (fails the test if it is accepted). */
/** The stage a case is in after each event of its history, in turn. */
export function stagesAlong(scheme: Scheme, events: readonly CaseEventInput[], options: FoldOptions = {}): string[] {
  return events.map((_, n) => fold(scheme, events.slice(0, n + 1), options).stage);
}

/** An obligation with no case behind it: an applicant's deadline counted in calendar days. */
export function bareObligation(kind: ObligationKind, opensOn: IsoDate | null, dueOn: IsoDate, rules: readonly RuleId[]): Obligation {
  return { kind, rules, audience: 'applicant', opensOn, dueOn, counting: 'calendar-days', estimatedYears: [], occurrence: 'x', explanation: { key: kind, params: {} } };
}

export function refusalOf(scheme: Scheme, state: CaseState, event: CaseEventInput, options: FoldOptions = {}): DomainError {
  const result = applyEvent(scheme, state, event, options.policy ?? defaultPolicy, options.mode ?? 'live');
  if (result.ok) throw new Error(`${event.type} on ${event.date} was accepted in stage ${state.stage}; a refusal was expected`);
  return result.error;
}

export function accept(scheme: Scheme, state: CaseState, event: CaseEventInput, options: FoldOptions = {}): CaseState {
  const result = applyEvent(scheme, state, event, options.policy ?? defaultPolicy, options.mode ?? 'live');
  if (!result.ok) throw new Error(`${event.type} on ${event.date} refused: ${result.error.code} ${JSON.stringify(result.error.params)}`);
  return result.value;
}

export interface PlanInput {
  readonly ref: string;
  readonly organizationId?: string;
  readonly state: CaseState;
}

export function plan(
  cases: readonly PlanInput[],
  asOf: IsoDate,
  options: { policy?: Policy; withinDays?: number } = {},
): PlannedObligation[] {
  return planObligations(
    cases.map((c) => ({ ref: c.ref, organizationId: c.organizationId ?? `org-of-${c.ref}`, state: c.state })),
    { asOf, calendar, policy: options.policy ?? defaultPolicy, ...(options.withinDays === undefined ? {} : { withinDays: options.withinDays }) },
  );
}

export function planOne(state: CaseState, asOf: IsoDate, options: { policy?: Policy; withinDays?: number } = {}): PlannedObligation[] {
  return plan([{ ref: 'case-1', state }], asOf, options);
}

/** The one obligation of a kind; fails the test when there is none or more than one. */
export function only(obligations: readonly PlannedObligation[], kind: ObligationKind): PlannedObligation {
  const found = obligations.filter((o) => o.kind === kind);
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${kind} obligation, found ${found.length} among [${obligations.map((o) => o.kind).join(', ')}]`);
  }
  return found[0] as PlannedObligation;
}

export function kindsOf(obligations: readonly PlannedObligation[]): ObligationKind[] {
  return obligations.map((o) => o.kind).sort();
}

// ---- Standard histories ------------------------------------------------------------------------

/** CN-3: a CNCE-NS case recorded live from application to certificate, with the dates given. */
export function cnLivePath(d: {
  submitted: IsoDate;
  received: IsoDate;
  accepted: IsoDate;
  feePaid: IsoDate;
  steps: readonly [IsoDate, IsoDate, IsoDate, IsoDate, IsoDate];
  noticePublished: IsoDate;
  noticeEnded: IsoDate;
  pledgeSigned: IsoDate;
  issued: IsoDate;
  certificateNo?: string;
}): CaseEventInput[] {
  return [
    ev('application-submitted', d.submitted),
    ev('materials-received', d.received),
    ev('application-accepted', d.accepted),
    ev('fee-paid', d.feePaid),
    ev('document-assessment-completed', d.steps[0]),
    ev('onsite-assessment-completed', d.steps[1]),
    ev('comprehensive-assessment-completed', d.steps[2]),
    ev('report-issued', d.steps[3]),
    ev('expert-review-passed', d.steps[4]),
    ev('notice-published', d.noticePublished),
    ev('notice-ended', d.noticeEnded),
    ev('pledge-signed', d.pledgeSigned),
    ev('certificate-issued', d.issued, { certificateNo: d.certificateNo ?? 'CNCE-NS-TEST-001' }),
  ];
}

/** A CNCE-NS certificate imported as history (the earlier steps were never recorded). */
export function cnCertified(issuedOn: IsoDate, options: { certificateNo?: string; level?: number; expires?: IsoDate; policy?: Policy } = {}): CaseState {
  const data: EventData = { certificateNo: options.certificateNo ?? `CN-${issuedOn}`, ...(options.expires ? { expires: options.expires } : {}) };
  return fold(cnceNs, [ev('certificate-issued', issuedOn, data)], { mode: 'history', level: options.level ?? 3, ...(options.policy ? { policy: options.policy } : {}) });
}

/** WA-3: a 网安联 case recorded live from application to certificate. */
export function walLivePath(d: {
  submitted: IsoDate;
  reviewed: IsoDate;
  programme: IsoDate;
  documentAudit: IsoDate;
  onsiteAudit: IsoDate;
  granted: IsoDate;
  issued: IsoDate;
  certificateNo?: string;
}): CaseEventInput[] {
  return [
    ev('application-submitted', d.submitted),
    ev('application-reviewed', d.reviewed),
    ev('programme-established', d.programme),
    ev('document-audit-completed', d.documentAudit),
    ev('onsite-audit-completed', d.onsiteAudit),
    ev('certification-granted', d.granted),
    ev('certificate-issued', d.issued, { certificateNo: d.certificateNo ?? 'WAL-TEST-001' }),
  ];
}

/** A 网安联 certificate imported as history, followed by later events recorded live. */
export function walCertified(
  issuedOn: IsoDate,
  later: readonly CaseEventInput[] = [],
  options: { certificateNo?: string; expires?: IsoDate } = {},
): CaseState {
  const data: EventData = { certificateNo: options.certificateNo ?? `WAL-${issuedOn}`, ...(options.expires ? { expires: options.expires } : {}) };
  const issued = fold(wal, [ev('certificate-issued', issuedOn, data)], { mode: 'history' });
  let state = issued;
  for (const event of later) state = accept(wal, state, event);
  return state;
}
