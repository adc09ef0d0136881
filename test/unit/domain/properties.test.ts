// Properties of the schemes over random legal histories (fast-check, fixed seeds, bounded runs).
// A history is grown event by event: at each step one of the events legal in the current stage is
// tried on a later (or the same) day and kept only if the scheme accepts it, so every generated
// history is one a person could have recorded live.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, addYears, compareDates, yearOf, type IsoDate } from '../../../src/domain/calendar/calendar-date.js';
import type { CaseEventInput, CaseState, EventData, Obligation, SchemeId } from '../../../src/domain/case.js';
import { computeObligations, planObligations, type PlannedCase, type PlannedObligation } from '../../../src/domain/obligations.js';
import { defaultPolicy, type Policy } from '../../../src/domain/policy.js';
import { schemeFor } from '../../../src/domain/schemes/registry.js';
import { applyEvent, initialState, type RecordingMode, type Scheme } from '../../../src/domain/schemes/scheme.js';
import { calendar } from './builders.js';

// ---- Generators ---------------------------------------------------------------------------------

/** Events that end a case; tried less often so that histories get far enough to be interesting. */
const ENDINGS = new Set(['application-rejected', 'expert-review-failed', 'certificate-cancelled', 'certification-refused', 'certificate-revoked']);

interface Step {
  readonly pick: number;
  readonly gap: number;
  readonly variant: number;
}

interface CaseSpec {
  readonly scheme: SchemeId;
  readonly level: number;
  readonly startOffset: number;
  readonly steps: readonly Step[];
}

interface Recorded {
  readonly event: CaseEventInput;
  readonly before: CaseState;
  readonly after: CaseState;
}

interface History {
  readonly scheme: Scheme;
  readonly initial: CaseState;
  readonly records: readonly Recorded[];
  readonly final: CaseState;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  pick: fc.nat({ max: 10_000 }),
  // Mostly weeks to months apart, sometimes the same day.
  gap: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 45 }), fc.integer({ min: 46, max: 400 })),
  variant: fc.nat({ max: 11 }),
});

const caseArb: fc.Arbitrary<CaseSpec> = fc.record({
  scheme: fc.constantFrom<SchemeId>('cnce-ns', 'wal'),
  level: fc.integer({ min: 1, max: 3 }),
  startOffset: fc.integer({ min: 0, max: 1000 }), // a start between 2024-01-01 and 2026-09-27
  steps: fc.array(stepArb, { maxLength: 60, size: 'max' }),
});

const policyArb: fc.Arbitrary<Policy> = fc.record({
  certificateValidity: fc.record({ years: fc.constant(3), minusDays: fc.constantFrom(0, 1) }),
  pledgeDueDays: fc.integer({ min: 1, max: 90 }),
  materialReviewRestartsOnSupplement: fc.boolean(),
});

function dataFor(type: string, date: IsoDate, index: number, variant: number, state: CaseState): EventData | undefined {
  // Certificate numbers are unique within a history, as real ones are.
  if (type === 'certificate-issued') return { certificateNo: `N-${index}`, ...(variant % 3 === 0 ? { expires: addYears(date, 3) } : {}) };
  if (type === 'certificate-downgraded' && variant % 2 === 1) return { level: state.level - 1 };
  // WA-15, WA-16: the dates these events carry, on or after the event's own day.
  if (type === 'surveillance-audit-scheduled') return { scheduledFor: addDays(date, variant * 20) };
  if (type === 'surveillance-audit-passed-with-nonconformities') return { correctBy: addDays(date, 1 + variant * 10) };
  // CN-14: now and then an operator records a renewal before its window, with the override.
  if (type === 'renewal-applied' && variant % 4 === 0) return { outsideWindow: true };
  return undefined;
}

function grow(spec: CaseSpec, policy: Policy): History {
  const scheme = schemeFor(spec.scheme);
  const initial = initialState(scheme, spec.level, scheme.serviceTypes ? (scheme.serviceTypes[spec.level % scheme.serviceTypes.length] ?? null) : null);
  const records: Recorded[] = [];
  let state = initial;
  let date = addDays('2024-01-01', spec.startOffset);
  for (const [index, step] of spec.steps.entries()) {
    const legal = Object.entries(scheme.events)
      .filter(([, e]) => e.from.includes(state.stage))
      .flatMap(([type]) => (ENDINGS.has(type) ? [type] : [type, type, type, type, type, type]));
    if (legal.length === 0) break; // a terminal stage: nothing more can happen
    // Start at the picked event and take the first one the scheme accepts (a guard may say no, e.g. to an
    // assessment step out of order); when none is accepted the step is skipped.
    const on = addDays(date, step.gap);
    for (let k = 0; k < legal.length; k++) {
      const type = legal[(step.pick + k) % legal.length] as string;
      const data = dataFor(type, on, index, step.variant, state);
      const event: CaseEventInput = data === undefined ? { type, date: on } : { type, date: on, data };
      const result = applyEvent(scheme, state, event, policy, 'live');
      if (!result.ok) continue;
      records.push({ event, before: state, after: result.value });
      state = result.value;
      date = on;
      break;
    }
  }
  return { scheme, initial, records, final: state };
}

function planSingle(state: CaseState, asOf: IsoDate, policy: Policy): PlannedObligation[] {
  return planObligations([{ ref: 'case', organizationId: 'org', state }], { asOf, calendar, policy });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

const seeds = { seed: 0x2025_0926, numRuns: 150, endOnFailure: true } as const;

// ---- Properties ---------------------------------------------------------------------------------

describe('properties over random legal histories', () => {
  it('the generator reaches the interesting stages (sanity check of the properties below)', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(caseArb, policyArb, (spec, policy) => {
        for (const r of grow(spec, policy).records) reached.add(`${r.after.scheme}:${r.after.stage}:${r.event.type}`);
      }),
      { ...seeds, numRuns: 300 },
    );
    for (const wanted of [
      'cnce-ns:pledge:notice-ended',
      'cnce-ns:certified:annual-inspection-passed',
      'cnce-ns:certified:certificate-downgraded',
      'cnce-ns:renewal:renewal-applied',
      'cnce-ns:material-review:supplement-received',
      'wal:certified:surveillance-audit-completed',
      'wal:suspended:certificate-suspended',
      'wal:recertification:renewal-applied',
      'wal:certified:certificate-issued',
      // The end of a certificate and the staff decisions (docs/rules.md, "Expiry without renewal", CN-13, WA-16).
      'cnce-ns:expired:certificate-expired',
      'cnce-ns:closed:case-closed',
      'cnce-ns:inspection-failed:annual-inspection-failed',
      'wal:expired:certificate-expired',
      'wal:certified:surveillance-audit-failed',
      'wal:certified:surveillance-audit-passed-with-nonconformities',
      'wal:certified:nonconformities-closed',
      'wal:certified:surveillance-audit-scheduled',
    ]) {
      expect(reached.has(wanted), wanted).toBe(true);
    }
  });

  it('planning is deterministic: the same facts give a deep-equal plan, whatever the order of the cases and however the states were built', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(caseArb, fc.nat({ max: 2 })), { minLength: 1, maxLength: 4 }),
        policyArb,
        fc.integer({ min: -60, max: 1500 }),
        fc.integer({ min: 0, max: 3 }),
        (specs, policy, asOfShift, rotate) => {
          const build = (): PlannedCase[] =>
            specs.map(([spec, org], i) => ({ ref: `case-${i}`, organizationId: `org-${org}`, state: grow(spec, policy).final }));
          const cases = build();
          const asOf = addDays(cases[0]?.state.lastEventOn ?? '2025-01-01', asOfShift);
          const options = { asOf, calendar, policy, withinDays: asOfShift % 2 === 0 ? undefined : 400 };
          const first = planObligations(cases, options);
          expect(planObligations(cases, options)).toEqual(first);
          // Fresh objects for the same facts (a replay), in another order.
          const replayed = build();
          const reordered = [...replayed.slice(rotate % replayed.length), ...replayed.slice(0, rotate % replayed.length)].reverse();
          expect(planObligations(reordered, options)).toEqual(first);
          // And through a JSON round trip, as states are stored beside the event history.
          expect(planObligations(JSON.parse(JSON.stringify(reordered)) as PlannedCase[], options)).toEqual(first);
        },
      ),
      seeds,
    );
  });

  it('due dates never come before the event they count from', () => {
    fc.assert(
      fc.property(caseArb, policyArb, fc.integer({ min: 0, max: 800 }), (spec, policy, later) => {
        for (const { after, event } of grow(spec, policy).records) {
          for (const asOf of [event.date, addDays(event.date, later)]) {
            const planned = planSingle(after, asOf, policy);
            for (const o of planned) checkAnchors(o, after, planned);
          }
        }
      }),
      seeds,
    );
  });

  it('an obligation met by its event never reappears after that event (pledge, renewal, inspection, surveillance information and audit)', () => {
    fc.assert(
      fc.property(caseArb, policyArb, (spec, policy) => {
        const { records } = grow(spec, policy);
        const plans = records.map((r) => ({ before: planSingle(r.before, r.event.date, policy), after: planSingle(r.after, r.event.date, policy) }));
        const laterPlans = (i: number) => plans.slice(i).map((p) => p.after);
        for (const [i, { event, before }] of records.entries()) {
          const met = metBy(event.type);
          if (!met) continue;
          // A pass recorded after a failure settles the failed year, which staff held; the next year stays due.
          const resettled = event.type === 'annual-inspection-passed' && records[i]?.before.stage === 'inspection-failed';
          const owed = plans[i]?.before.filter((o) => o.kind === met) ?? [];
          // CN-12: several years may be owed (each missed year is shown); a pass settles the earliest of them.
          const gone = resettled ? [] : event.type === 'annual-inspection-passed' ? owed.slice(0, 1) : owed;
          if (event.type === 'pledge-signed' || event.type === 'renewal-applied') {
            // CN-9: no pledge obligation once signed; CN-14 / WA-9: no renewal of this certificate once applied for.
            for (const plan of laterPlans(i)) {
              for (const o of plan) {
                if (o.kind === 'pledge') expect(event.type).not.toBe('pledge-signed');
                if (o.kind === 'renewal') expect(o.occurrence).not.toBe(before.certificate?.certificateNo);
              }
            }
          }
          // The occurrence it met is never planned again.
          for (const plan of laterPlans(i)) {
            for (const o of plan) {
              for (const g of gone) {
                if (event.type === 'surveillance-audit-completed' && g.occurrence.endsWith(`@${event.date}`)) continue; // see below
                expect(`${o.kind} ${o.occurrence}`).not.toBe(`${g.kind} ${g.occurrence}`);
              }
            }
          }
          if (event.type === 'surveillance-audit-completed') checkSurveillanceMovesLater(i, records, plans);
        }
      }),
      seeds,
    );
  });

  it('no event removes an obligation unless it fulfils it or is a recorded staff decision (docs/rules.md, "No deadline disappears"), over 1,000 random histories', () => {
    const owed = (state: CaseState, policy: Policy) =>
      computeObligations([{ ref: 'case', organizationId: 'org', state }], { calendar, policy }).map((o) => `${o.kind} ${o.occurrence}`);
    let checked = 0;
    fc.assert(
      fc.property(caseArb, policyArb, (spec, policy) => {
        const { scheme, records } = grow(spec, policy);
        for (const { event, before, after } of records) {
          const declared = scheme.events[event.type];
          if (declared?.decision || declared?.lapse) continue;
          const met = new Set(declared?.meets ?? []);
          const still = new Set(owed(after, policy));
          for (const key of owed(before, policy)) {
            if (met.has(key.split(' ')[0] ?? '')) continue;
            checked++;
            expect(still.has(key), `${scheme.id}: ${event.type} on ${event.date} in ${before.stage} removed ${key}`).toBe(true);
          }
        }
      }),
      { ...seeds, numRuns: 1000 },
    );
    // The property looked at obligations, not at empty histories.
    expect(checked).toBeGreaterThan(1000);
  });

  it('applyEvent is pure: a refused event leaves the (frozen) state unchanged, an accepted one returns a new state', () => {
    const allTypes = [...new Set([...Object.keys(schemeFor('cnce-ns').events), ...Object.keys(schemeFor('wal').events), 'no-such-event'])];
    fc.assert(
      fc.property(
        caseArb,
        fc.constantFrom(...allTypes),
        fc.integer({ min: -60, max: 400 }),
        fc.constantFrom<RecordingMode>('live', 'history'),
        fc.record({ certificateNo: fc.option(fc.constantFrom('', ' ', 'N-X'), { nil: undefined }), expiresShift: fc.option(fc.integer({ min: -10, max: 1200 }), { nil: undefined }), level: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }) }),
        fc.boolean(),
        (spec, type, shift, mode, raw, badDate) => {
          const { scheme, final } = grow(spec, defaultPolicy);
          const state = deepFreeze(final);
          const snapshot = structuredClone(state);
          const date = badDate && shift % 7 === 0 ? '2025-02-29' : addDays(state.lastEventOn ?? '2025-06-01', shift);
          const data: EventData = {
            ...(raw.certificateNo === undefined ? {} : { certificateNo: raw.certificateNo }),
            ...(raw.expiresShift === undefined ? {} : { expires: addDays(state.lastEventOn ?? '2025-06-01', raw.expiresShift) }),
            ...(raw.level === undefined ? {} : { level: raw.level }),
          };
          const event = deepFreeze<CaseEventInput>({ type, date, data });
          const result = applyEvent(scheme, state, event, defaultPolicy, mode);
          expect(state).toEqual(snapshot);
          expect(applyEvent(scheme, state, event, defaultPolicy, mode)).toEqual(result);
          if (result.ok) {
            expect(result.value).not.toBe(state);
            expect(result.value.lastEventOn).toBe(date);
          } else {
            expect(result.error.code).toMatch(/^[a-z-]+\/[a-z-]+$/);
          }
        },
      ),
      { ...seeds, numRuns: 300 },
    );
  });
});

// ---- Checks -------------------------------------------------------------------------------------

function after(a: IsoDate, b: IsoDate | undefined): boolean {
  return b !== undefined && compareDates(a, b) > 0;
}

/** Each kind of obligation against the fact it counts from. */
function checkAnchors(o: Obligation, state: CaseState, all: readonly Obligation[]): void {
  const where = `${o.kind} ${o.occurrence} due ${o.dueOn} in ${state.stage} ${JSON.stringify(state.on)}`;
  if (o.opensOn !== null) expect(compareDates(o.opensOn, o.dueOn) <= 0, where).toBe(true);
  const certificate = state.certificate;
  const audit = all.find((x) => x.kind === 'surveillance-audit');
  switch (o.kind) {
    case 'material-review':
      expect(after(o.dueOn, state.on.reviewClockFrom), where).toBe(true);
      expect(after(o.dueOn, state.on.materialsReceived ?? state.on.reviewClockFrom), where).toBe(true);
      break;
    case 'assessment':
      expect(after(o.dueOn, state.on.feePaid), where).toBe(true);
      break;
    case 'pledge':
      expect(after(o.dueOn, state.on.noticeEnded), where).toBe(true);
      break;
    case 'annual-inspection':
      // CN-12: after the issue date, and strictly before expiry (renewal takes over on the expiry day).
      expect(after(o.dueOn, certificate?.issuedOn), where).toBe(true);
      expect(certificate !== null && compareDates(o.dueOn, certificate.expiresOn) < 0, where).toBe(true);
      break;
    case 'renewal':
      expect(after(o.dueOn, certificate?.issuedOn), where).toBe(true);
      expect(certificate !== null && compareDates(o.dueOn, certificate.expiresOn) <= 0, where).toBe(true);
      break;
    case 'surveillance-audit': {
      const since = o.occurrence.slice(o.occurrence.lastIndexOf('@') + 1);
      expect(after(o.dueOn, since), where).toBe(true);
      expect(after(o.dueOn, certificate?.issuedOn), where).toBe(true);
      // WA-5 / WA-9: nothing is due past expiry.
      expect(certificate !== null && compareDates(o.dueOn, certificate.expiresOn) <= 0, where).toBe(true);
      break;
    }
    case 'surveillance-info':
      // WA-8: three months before the audit it prepares.
      expect(audit !== undefined && compareDates(o.dueOn, audit.dueOn) < 0, where).toBe(true);
      break;
    case 'suspension-end':
      expect(after(o.opensOn ?? '', state.on.suspended), where).toBe(true);
      expect(after(o.dueOn, o.opensOn ?? undefined), where).toBe(true);
      break;
    case 'revocation-review':
      expect(audit !== undefined && after(o.opensOn ?? '', audit.dueOn), where).toBe(true);
      expect(after(o.dueOn, o.opensOn ?? undefined), where).toBe(true);
      break;
    case 'inspection-decision':
      // CN-13: after the failed inspection.
      expect(after(o.dueOn, state.on.inspectionFailed), where).toBe(true);
      break;
    case 'suspension-decision':
      expect(after(o.dueOn, state.on.surveillanceAuditFailed), where).toBe(true);
      break;
    case 'nonconformity-correction':
      expect(after(o.dueOn, state.on.nonconformitiesFound), where).toBe(true);
      break;
    case 'recertification':
      // WA-17: by the expiry of the certificate being renewed.
      expect(o.dueOn, where).toBe(certificate?.expiresOn);
      break;
    case 'certificate-lapsed':
    case 'lapse-review':
      // Not before the day after expiry (docs/rules.md, "Expiry without renewal").
      expect(certificate !== null && after(o.opensOn ?? '', certificate.expiresOn), where).toBe(true);
      break;
  }
}

function metBy(type: string): Obligation['kind'] | null {
  switch (type) {
    case 'pledge-signed':
      return 'pledge';
    case 'renewal-applied':
      return 'renewal';
    case 'annual-inspection-passed':
      return 'annual-inspection';
    case 'surveillance-info-submitted':
      return 'surveillance-info';
    case 'surveillance-audit-completed':
      return 'surveillance-audit';
    default:
      return null;
  }
}

/**
 * WA-4 / WA-5: after a surveillance audit the next one is due no earlier than before, and strictly later
 * when the audit is the first after the issue day or falls in a later calendar year than the previous
 * one. (Two audits in the same calendar year may owe the next by the same 31 December: that is the
 * calendar-year rule, not a failure to move on.) When nothing was due before, nothing is due after.
 */
function checkSurveillanceMovesLater(
  i: number,
  records: readonly Recorded[],
  plans: readonly { before: PlannedObligation[]; after: PlannedObligation[] }[],
): void {
  const record = records[i];
  const plan = plans[i];
  if (!record || !plan) return;
  const prior = plan.before.find((o) => o.kind === 'surveillance-audit');
  const next = plan.after.find((o) => o.kind === 'surveillance-audit');
  const where = `${record.event.date}: ${prior?.dueOn} → ${next?.dueOn} (${JSON.stringify(record.before.on)})`;
  if (!prior) {
    expect(next, where).toBeUndefined();
    return;
  }
  if (!next) return; // past expiry: recertification takes over
  expect(compareDates(next.dueOn, prior.dueOn) >= 0, where).toBe(true);
  const previousAudit = record.before.on.lastSurveillanceAudit;
  const issued = record.before.certificate?.issuedOn ?? '';
  const strictly = previousAudit === undefined ? compareDates(record.event.date, issued) > 0 : yearOf(record.event.date) > yearOf(previousAudit);
  if (strictly) expect(compareDates(next.dueOn, prior.dueOn) > 0, where).toBe(true);
  // A new period: the obligation that was met is not planned again (unless the audit fell on the very day
  // the old period started, when both periods carry the same date in their occurrence).
  if (!prior.occurrence.endsWith(`@${record.event.date}`)) expect(next.occurrence).not.toBe(prior.occurrence);
}

describe('dates never move backwards', () => {
  // 2004–2028: the packaged holiday years and two beyond them (counted as estimates).
  const day = fc.integer({ min: 0, max: 25 * 366 }).map((n) => addDays('2004-01-01', n));

  it('a later start or a longer period never gives an earlier deadline, in calendar months (CN-12, WA-4) or PRC working days (CN-6, CN-7)', () => {
    fc.assert(
      fc.property(day, fc.nat(400), fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 40 }), (start, shift, n, months) => {
        const later = addDays(start, shift);
        const working = (d: IsoDate, k: number) => calendar.addWorkingDays(d, k).date;
        expect(compareDates(working(start, n), start)).toBe(1);
        expect(compareDates(working(start, n + 1), working(start, n))).toBe(1);
        expect(compareDates(working(later, n), working(start, n))).toBeGreaterThanOrEqual(0);
        expect(compareDates(addMonths(start, months), start)).toBe(1);
        expect(compareDates(addMonths(later, months), addMonths(start, months))).toBeGreaterThanOrEqual(0);
        expect(compareDates(addMonths(start, months + 1), addMonths(start, months))).toBe(1);
      }),
      { numRuns: 2000, seed: 20261121 },
    );
  });
});
