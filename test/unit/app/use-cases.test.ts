import { describe, expect, it } from 'vitest';
import { addCase } from '../../../src/app/add-case.js';
import { importCases } from '../../../src/app/import-cases.js';
import type { ImportItem } from '../../../src/app/import-cases.js';
import { planAll } from '../../../src/app/plan-obligations.js';
import { recordEvent } from '../../../src/app/record-event.js';
import { showCase } from '../../../src/app/show-case.js';
import { fakeDeps } from '../../fakes/deps.js';

const cnHeader = {
  ref: 'CN-2026-0001',
  scheme: 'cnce-ns',
  organization: { name: '北京安信科技有限公司', province: '北京' },
  serviceType: 'risk-assessment',
  level: 2,
  contacts: [{ name: '张伟', email: 'Zhang.Wei@example.cn', locale: 'zh-CN' }],
};

function item(ref: string, events: { type: string; date: string; certificateNo?: string }[], extra: Partial<ImportItem['header']> = {}): ImportItem {
  return {
    source: { file: 'cases.json', path: `cases[${ref}]` },
    header: { ...cnHeader, ref, ...extra },
    events: events.map((fields, i) => ({ source: { file: 'cases.json', path: `cases[${ref}].events[${i}]` }, fields })),
  };
}

describe('add-case', () => {
  it('adds a case in its first stage with a normalised contact, and audits it', async () => {
    const deps = fakeDeps();
    const result = await addCase(deps, cnHeader, 'cli:alice');
    expect(result.ok).toBe(true);
    const stored = await deps.cases.findByRef('CN-2026-0001');
    expect(stored?.state.stage).toBe('application');
    expect(stored?.contacts.map((c) => c.email)).toEqual(['zhang.wei@example.cn']);
    expect(deps.cases.audit).toMatchObject([{ actor: 'cli:alice', action: 'case.add', subject: 'CN-2026-0001' }]);
  });

  it('refuses every bad field at once, naming each (CN-1 service type, CN-2 levels)', async () => {
    const deps = fakeDeps();
    const result = await addCase(
      deps,
      { ref: ' bad ref!', scheme: 'cnce-ns', organization: { name: ' ' }, serviceType: 'pentest', level: 4, contacts: [{ name: 'x', email: 'not-an-email', locale: 'fr' }] },
      'cli:alice',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('case/invalid');
    const fields = 'fields' in result.error ? result.error.fields.map((f) => `${f.field}:${f.code}`) : [];
    expect(fields).toEqual([
      'ref:case/bad-ref',
      'level:level/invalid',
      'serviceType:service-type/invalid',
      'organization.name:organization/missing-name',
      'contacts[0].email:contact/bad-email',
      'contacts[0].locale:contact/bad-locale',
    ]);
    expect(deps.cases.cases.size).toBe(0);
  });

  it('WA-1: a wal case takes levels 1–4 and no service type', async () => {
    const deps = fakeDeps();
    const base = { ref: 'WA-1', scheme: 'wal', organization: { name: 'Org' }, level: 4 };
    expect((await addCase(deps, base, 'cli:a')).ok).toBe(true);
    const withType = await addCase(deps, { ...base, ref: 'WA-2', serviceType: 'risk-assessment' }, 'cli:a');
    expect(withType.ok ? null : withType.error.code).toBe('case/invalid');
  });

  it('refuses a second case with the same ref', async () => {
    const deps = fakeDeps();
    await addCase(deps, cnHeader, 'cli:a');
    const again = await addCase(deps, cnHeader, 'cli:a');
    expect(again.ok ? null : again.error).toEqual({ code: 'case/exists', params: { ref: 'CN-2026-0001' } });
  });
});

describe('record-event', () => {
  it('records a legal event and moves the stage; CN-6 material review then falls due', async () => {
    const deps = fakeDeps();
    await addCase(deps, cnHeader, 'cli:a');
    const result = await recordEvent(deps, { ref: 'CN-2026-0001', event: { type: 'materials-received', date: '2026-09-25' } }, 'cli:a');
    expect(result.ok && result.value.state.stage).toBe('material-review');
    const view = await showCase(deps, 'CN-2026-0001', '2026-09-25');
    // 2026-09-25 (Mid-Autumn, a holiday) is day 0; Sep 26–27 off. Sep 28–30 are days 1–3; Oct 1–7 National Day
    // off; Oct 8–9 are 4–5; Sat Oct 10 is an adjusted working day (6); Oct 12–16 are 7–11; Oct 19–22 are 12–15.
    expect(view.ok && view.value.obligations.map((o) => [o.kind, o.dueOn, o.audience])).toEqual([['material-review', '2026-10-22', 'staff']]);
  });

  it('refuses an unknown case, a future date and an event illegal in the stage, storing nothing', async () => {
    const deps = fakeDeps('2026-11-20T17:00:00Z'); // 2026-11-21 01:00 in Shanghai
    await addCase(deps, cnHeader, 'cli:a');
    const unknown = await recordEvent(deps, { ref: 'NOPE', event: { type: 'fee-paid', date: '2026-11-01' } }, 'cli:a');
    expect(unknown.ok ? null : unknown.error.code).toBe('case/not-found');
    const future = await recordEvent(deps, { ref: 'CN-2026-0001', event: { type: 'materials-received', date: '2026-11-22' } }, 'cli:a');
    expect(future.ok ? null : future.error).toEqual({ code: 'event/in-future', params: { date: '2026-11-22', today: '2026-11-21' } });
    const today = await recordEvent(deps, { ref: 'CN-2026-0001', event: { type: 'materials-received', date: '2026-11-21' } }, 'cli:a');
    expect(today.ok).toBe(true);
    const illegal = await recordEvent(deps, { ref: 'CN-2026-0001', event: { type: 'pledge-signed', date: '2026-11-21' } }, 'cli:a');
    expect(illegal.ok ? null : illegal.error.code).toBe('event/illegal-in-stage');
    expect(await deps.cases.history((await deps.cases.findByRef('CN-2026-0001'))?.id ?? '')).toHaveLength(1);
  });
});

describe('import-cases', () => {
  const certified = [
    { type: 'materials-received', date: '2025-09-26' },
    { type: 'certificate-issued', date: '2026-03-31', certificateNo: 'CNCE-NS-2026-001' },
  ];

  it('imports a partial history in history mode and plans from it (CN-12, CN-14)', async () => {
    const deps = fakeDeps();
    const result = await importCases(deps, [item('CN-2025-0001', certified)], 'import:a');
    expect(result).toEqual({ ok: true, value: { created: ['CN-2025-0001'], extended: [], changed: [], unchanged: [] } });
    const plan = await planAll(deps, { asOf: '2026-11-21' });
    expect(plan.obligations.map((o) => [o.kind, o.opensOn, o.dueOn, o.status])).toEqual([
      // Issued 2026-03-31: first anniversary 2027-03-31, window from 2027-02-28 to the day before it (CN-12).
      ['annual-inspection', '2027-02-28', '2027-03-30', 'upcoming'],
      // Expires 2029-03-30 (3 years − 1 day): renewal window from 2028-12-30 (CN-14).
      ['renewal', '2028-12-30', '2029-03-30', 'upcoming'],
    ]);
  });

  it('is idempotent by ref, and extends a stored history that the file continues', async () => {
    const deps = fakeDeps();
    await importCases(deps, [item('CN-2025-0001', certified)], 'import:a');
    expect(await importCases(deps, [item('CN-2025-0001', certified)], 'import:a')).toEqual({ ok: true, value: { created: [], extended: [], changed: [], unchanged: ['CN-2025-0001'] } });
    const longer = [...certified, { type: 'change-reported', date: '2026-06-01' }];
    expect(await importCases(deps, [item('CN-2025-0001', longer)], 'import:a')).toEqual({ ok: true, value: { created: [], extended: ['CN-2025-0001'], changed: [], unchanged: [] } });
    expect((await deps.cases.findByRef('CN-2025-0001'))?.version).toBe(3);
  });

  it('applies whole or not at all, reporting every bad row with its place', async () => {
    const deps = fakeDeps();
    const items = [
      item('CN-OK-1', certified),
      item('CN-BAD-DATE', [{ type: 'materials-received', date: '2025-02-29' }]),
      item('CN-BAD-EVENT', [{ type: 'annual-inspection-passed', date: '2025-01-01' }, { type: 'materials-received', date: '2025-02-01' }]),
      item('CN-BAD-LEVEL', [], { level: 7 }),
      item('CN-OK-1', certified),
    ];
    const result = await importCases(deps, items, 'import:a');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.map((p) => [p.source.path, p.ref, p.field, p.error.code])).toEqual([
      ['cases[CN-BAD-DATE].events[0]', 'CN-BAD-DATE', 'date', 'date/invalid'],
      // An inspection before any certificate: CN-12 has nothing to inspect.
      ['cases[CN-BAD-EVENT].events[0]', 'CN-BAD-EVENT', 'type', 'inspection/none-due'],
      ['cases[CN-BAD-LEVEL]', 'CN-BAD-LEVEL', 'level', 'level/invalid'],
      ['cases[CN-OK-1]', 'CN-OK-1', 'ref', 'import/duplicate-ref'],
    ]);
    expect(deps.cases.cases.size).toBe(0);
    expect(deps.cases.audit).toHaveLength(0);
  });

  it('refuses a file whose history contradicts the stored one', async () => {
    const deps = fakeDeps();
    await importCases(deps, [item('CN-2025-0001', certified)], 'import:a');
    const other = [{ type: 'materials-received', date: '2025-09-27' }, certified[1]!];
    const result = await importCases(deps, [item('CN-2025-0001', other)], 'import:a');
    expect(result.ok ? null : result.error[0]?.error).toEqual({
      code: 'import/history-conflict',
      params: { ref: 'CN-2025-0001', position: 1, stored: 'materials-received 2025-09-26', value: 'materials-received 2025-09-27' },
    });
  });

  it('refuses a certificate number that another case holds, writing nothing', async () => {
    const deps = fakeDeps();
    const result = await importCases(deps, [item('CN-A', certified), item('CN-B', certified)], 'import:a');
    expect(result.ok ? null : result.error.map((p) => [p.ref, p.error.code])).toEqual([['CN-B', 'certificate/duplicate']]);
    expect(deps.cases.cases.size).toBe(0);
  });
});
