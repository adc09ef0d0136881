// The engine that folds events into a case's state: what it refuses, with which code, and how an
// import ("history" mode) may jump forward along a scheme's main line where a live recording may not.
import { describe, expect, it } from 'vitest';
import type { RuleId } from '../../../src/domain/case.js';
import { defaultPolicy } from '../../../src/domain/policy.js';
import { allSchemes, isSchemeId, schemeFor } from '../../../src/domain/schemes/registry.js';
import { applyEvent, foldEvents, stageOf } from '../../../src/domain/schemes/scheme.js';
import { accept, cnCertified, cnceNs, ev, fold, only, planOne, refusalOf, start, wal, walCertified } from './builders.js';

const ruleIds: Record<string, readonly RuleId[]> = {
  'cnce-ns': Array.from({ length: 17 }, (_, i) => `CN-${i + 1}` as RuleId),
  wal: Array.from({ length: 17 }, (_, i) => `WA-${i + 1}` as RuleId),
};

describe('scheme definitions are consistent', () => {
  it('both schemes are registered by id', () => {
    expect(allSchemes().map((s) => s.id)).toEqual(['cnce-ns', 'wal']);
    expect(schemeFor('wal')).toBe(wal);
    expect(isSchemeId('cnce-ns')).toBe(true);
    expect(isSchemeId('toString')).toBe(false);
  });

  it.each(allSchemes().map((s) => [s.id, s] as const))('%s: every stage and event cites rules of its own scheme, and names only stages that exist', (id, scheme) => {
    const valid = new Set(ruleIds[id]);
    for (const stage of scheme.stages) {
      expect(stage.rules.length, stage.id).toBeGreaterThan(0);
      for (const r of stage.rules) expect(valid.has(r), `${stage.id} cites ${r}`).toBe(true);
      // Someone acts next in every open stage, nobody in a closed one.
      if (stage.terminal) expect(stage.nextActor, stage.id).toBeUndefined();
      else expect(stage.nextActor, stage.id).toBeDefined();
    }
    for (const [type, spec] of Object.entries(scheme.events)) {
      for (const r of spec.rules) expect(valid.has(r), `${type} cites ${r}`).toBe(true);
      for (const from of spec.from) expect(() => stageOf(scheme, from), `${type} from ${from}`).not.toThrow();
      for (const from of spec.from) expect(stageOf(scheme, from).terminal, `${type} from terminal ${from}`).toBeFalsy();
    }
    expect(stageOf(scheme, scheme.initialStage).order).toBe(0);
  });
});

describe('refusals', () => {
  it("an unknown event type is refused with 'event/unknown'", () => {
    const error = refusalOf(cnceNs, start(cnceNs), ev('certificate-printed', '2025-09-26'));
    expect(error.code).toBe('event/unknown');
    expect(error.params).toMatchObject({ event: 'certificate-printed', scheme: 'cnce-ns' });
    // An event of the other scheme is unknown here too.
    expect(refusalOf(cnceNs, start(cnceNs), ev('surveillance-audit-completed', '2025-09-26')).code).toBe('event/unknown');
  });

  it("an event in the wrong stage is refused with 'event/illegal-in-stage' (CN-3, WA-3)", () => {
    expect(refusalOf(cnceNs, start(cnceNs), ev('pledge-signed', '2025-09-26'))).toEqual({
      code: 'event/illegal-in-stage',
      params: { event: 'pledge-signed', stage: 'application', allowed: 'pledge' },
    });
    const reviewing = fold(wal, [ev('application-submitted', '2025-11-03')]);
    expect(refusalOf(wal, reviewing, ev('onsite-audit-completed', '2025-11-20')).code).toBe('event/illegal-in-stage');
  });

  it("an event dated before the previous one is refused with 'event/before-previous'; the same day is fine", () => {
    const received = fold(cnceNs, [ev('application-submitted', '2025-09-22'), ev('materials-received', '2025-09-26')]);
    expect(refusalOf(cnceNs, received, ev('application-accepted', '2025-09-25'))).toEqual({
      code: 'event/before-previous',
      params: { event: 'application-accepted', date: '2025-09-25', previous: '2025-09-26' },
    });
    expect(accept(cnceNs, received, ev('application-accepted', '2025-09-26')).lastEventOn).toBe('2025-09-26');
  });

  it("an event after a terminal stage is refused with 'case/closed' (CN-4, CN-13, WA-3, WA-12, WA-13)", () => {
    const closed = [
      [cnceNs, fold(cnceNs, [ev('materials-received', '2025-09-26'), ev('application-rejected', '2025-10-20')])],
      [cnceNs, accept(cnceNs, cnCertified('2026-03-31'), ev('certificate-cancelled', '2026-05-01'))],
      [wal, fold(wal, [ev('application-submitted', '2025-11-03'), ev('certification-refused', '2025-11-17')])],
      [wal, walCertified('2026-03-10', [ev('certificate-revoked', '2027-09-12')])],
      [wal, walCertified('2026-03-10', [ev('certificate-cancelled', '2027-01-05')])],
    ] as const;
    for (const [scheme, state] of closed) {
      const type = scheme === wal ? 'application-submitted' : 'materials-received';
      expect(refusalOf(scheme, state, ev(type, '2027-12-01')).code, state.stage).toBe('case/closed');
      // A history import cannot reopen it either.
      expect(refusalOf(scheme, state, ev('certificate-issued', '2027-12-01', { certificateNo: 'N' }), { mode: 'history' }).code).toBe('case/closed');
    }
  });

  it("certificate-issued without a certificate number is refused with 'event/missing-field' (blank counts as missing, in both modes)", () => {
    const pending = fold(cnceNs, [ev('notice-ended', '2026-01-19'), ev('pledge-signed', '2026-01-30')], { mode: 'history' });
    const expected = { code: 'event/missing-field', params: { event: 'certificate-issued', field: 'certificateNo' } };
    expect(refusalOf(cnceNs, pending, ev('certificate-issued', '2026-03-31'))).toEqual(expected);
    expect(refusalOf(cnceNs, pending, ev('certificate-issued', '2026-03-31', { certificateNo: '   ' }))).toEqual(expected);
    expect(refusalOf(wal, start(wal), ev('certificate-issued', '2026-03-10', {}), { mode: 'history' })).toEqual(expected);
  });

  it("an expiry on or before the issue date is refused with 'certificate/expires-before-issue'", () => {
    const pending = fold(wal, [ev('certification-granted', '2026-02-27')], { mode: 'history' });
    expect(refusalOf(wal, pending, ev('certificate-issued', '2026-03-10', { certificateNo: 'W', expires: '2026-03-09' }))).toEqual({
      code: 'certificate/expires-before-issue',
      params: { expires: '2026-03-09', issued: '2026-03-10' },
    });
    expect(refusalOf(wal, pending, ev('certificate-issued', '2026-03-10', { certificateNo: 'W', expires: '2026-03-10' })).code).toBe(
      'certificate/expires-before-issue',
    );
    // A certificate number with spaces around it is kept trimmed.
    expect(accept(wal, pending, ev('certificate-issued', '2026-03-10', { certificateNo: ' W-1 ', expires: '2029-03-09' })).certificate).toEqual({
      certificateNo: 'W-1',
      issuedOn: '2026-03-10',
      expiresOn: '2029-03-09',
      level: 4,
    });
  });

  it("a date that is not a real day is refused with 'date/invalid'", () => {
    expect(refusalOf(cnceNs, start(cnceNs), ev('materials-received', '2025-02-29')).code).toBe('date/invalid');
    expect(refusalOf(cnceNs, start(cnceNs), ev('materials-received', '20250926')).code).toBe('date/invalid');
    const pending = fold(wal, [ev('certification-granted', '2026-02-27')], { mode: 'history' });
    expect(refusalOf(wal, pending, ev('certificate-issued', '2026-03-10', { certificateNo: 'W', expires: '2029-02-29' })).code).toBe('date/invalid');
  });

  it('foldEvents stops at the first refused event and says which one', () => {
    const result = foldEvents(
      cnceNs,
      start(cnceNs),
      [ev('materials-received', '2025-09-26'), ev('supplement-requested', '2025-09-29'), ev('supplement-received', '2025-10-09'), ev('supplement-requested', '2025-10-10')],
      defaultPolicy,
      'live',
    );
    expect(result).toEqual({ ok: false, error: { code: 'supplement/only-once', params: { event: 'supplement-requested', date: '2025-09-29' }, index: 3 } });
  });
});

describe('history mode: imports may jump forward along the main line, never backwards', () => {
  const jump = [ev('materials-received', '2025-09-26'), ev('certificate-issued', '2026-03-31', { certificateNo: 'CN-IMP' })];

  it('materials-received then certificate-issued is accepted in history mode and refused in live mode', () => {
    const imported = fold(cnceNs, jump, { mode: 'history' });
    expect(imported.stage).toBe('certified');
    // No expiry in the history: it is computed (CN-11 [policy]) and marked so, for staff to confirm.
    expect(imported.certificate).toEqual({ certificateNo: 'CN-IMP', issuedOn: '2026-03-31', expiresOn: '2029-03-30', level: 3, expiryComputed: true });
    expect(imported.lastEventOn).toBe('2026-03-31');
    const live = foldEvents(cnceNs, start(cnceNs), jump, defaultPolicy, 'live');
    expect(live).toMatchObject({ ok: false, error: { code: 'event/illegal-in-stage', index: 1 } });
  });

  it('an imported certificate plans exactly like one recorded step by step (CN-12, CN-14 from 2026-03-31)', () => {
    const imported = fold(cnceNs, jump, { mode: 'history' });
    const obligations = planOne(imported, '2026-04-01');
    expect(only(obligations, 'annual-inspection')).toMatchObject({ opensOn: '2027-02-28', dueOn: '2027-03-30' });
    expect(only(obligations, 'renewal')).toMatchObject({ opensOn: '2028-12-30', dueOn: '2029-03-30' });
  });

  it('a backward event is refused even in history mode', () => {
    const certified = cnCertified('2026-03-31');
    expect(refusalOf(cnceNs, certified, ev('materials-received', '2026-04-01'), { mode: 'history' }).code).toBe('event/illegal-in-stage');
    const walCert = walCertified('2026-03-10');
    expect(refusalOf(wal, walCert, ev('application-reviewed', '2026-04-01'), { mode: 'history' }).code).toBe('event/illegal-in-stage');
  });

  it('a jump skips the order checks of the steps it passes over, but never the checks on the event itself', () => {
    // Live, the expert review must follow the four other assessment steps; an import may start there.
    const imported = fold(cnceNs, [ev('materials-received', '2025-09-26'), ev('application-accepted', '2025-10-20'), ev('expert-review-passed', '2026-01-08')], { mode: 'history' });
    expect(imported.stage).toBe('public-notice-pending');
    // Jumping to certificate-issued still needs the certificate number (validate always runs).
    expect(refusalOf(cnceNs, start(cnceNs), ev('certificate-issued', '2026-03-31'), { mode: 'history' }).code).toBe('event/missing-field');
  });

  it('within the current stage history mode applies the same guards as live mode (CN-5 once-only holds on import)', () => {
    const state = fold(cnceNs, [ev('materials-received', '2025-09-26'), ev('supplement-requested', '2025-09-29'), ev('supplement-received', '2025-10-09')], { mode: 'history' });
    expect(refusalOf(cnceNs, state, ev('supplement-requested', '2025-10-10'), { mode: 'history' }).code).toBe('supplement/only-once');
  });

  it('WA-3 / WA-4: a 网安联 history can start at the certificate; surveillance is then due 12 months on', () => {
    const result = applyEvent(wal, start(wal), ev('certificate-issued', '2026-03-10', { certificateNo: 'W-IMP' }), defaultPolicy, 'history');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.stage).toBe('certified');
    // 2026-03-10 + 12 months = 2027-03-10.
    expect(only(planOne(result.value, '2026-03-10'), 'surveillance-audit').dueOn).toBe('2027-03-10');
    const live = applyEvent(wal, start(wal), ev('certificate-issued', '2026-03-10', { certificateNo: 'W-IMP' }), defaultPolicy, 'live');
    expect(live).toMatchObject({ ok: false, error: { code: 'event/illegal-in-stage' } });
  });
});
