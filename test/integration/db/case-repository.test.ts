// The Prisma case repository on real databases: atomic writes, optimistic concurrency, planning batches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packagedHolidayData } from '../../../src/adapters/calendar/holiday-data.js';
import { createCaseRepository } from '../../../src/adapters/db/case-repository.js';
import type { CaseWrite } from '../../../src/app/ports.js';
import type { CaseRepository } from '../../../src/app/ports.js';
import { sortByDue } from '../../../src/domain/obligations.js';
import { defaultPolicy } from '../../../src/domain/policy.js';
import { schemeFor } from '../../../src/domain/schemes/registry.js';
import { applyEvent, initialState } from '../../../src/domain/schemes/scheme.js';
import { WorkingDayCalendar } from '../../../src/domain/calendar/working-days.js';
import { createTestDatabase } from '../../support/databases.js';

const at = new Date('2026-11-21T02:00:00Z');
const rules = { calendar: new WorkingDayCalendar(packagedHolidayData()), policy: defaultPolicy };
async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

const audit = (subject: string) => [{ actor: 'test', action: 'test.write', subject, details: {} }];

function newCase(ref: string, organization = `Org of ${ref}`): CaseWrite {
  const scheme = schemeFor('wal');
  return {
    ref,
    scheme: 'wal',
    organization: { name: organization, province: '上海' },
    serviceType: null,
    level: 2,
    contacts: [{ name: '王芳', email: `${ref.toLowerCase()}@example.cn`, locale: 'zh-CN' }],
    newEvents: [],
    state: initialState(scheme, 2, null),
    create: true,
    expectedVersion: 0,
  };
}

function withEvent(write: CaseWrite, type: string, date: string, data?: { certificateNo: string }): CaseWrite {
  const next = applyEvent(schemeFor('wal'), write.state, { type, date, ...(data ? { data } : {}) }, defaultPolicy, 'history');
  if (!next.ok) throw new Error(next.error.code);
  return { ...write, newEvents: [...write.newEvents, { type, date, ...(data ? { data } : {}) }], state: next.value };
}

describe.each(['sqlite', 'postgres'] as const)('case repository on %s', (kind) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let cases: CaseRepository;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    // Tiny pages, so that every query crosses page boundaries, ties on due dates included.
    cases = createCaseRepository(database.db, rules, { refreshPageSize: 3, obligationPageSize: 2 });
  });
  afterAll(async () => database?.drop());

  it('stores a case with its events, contact, certificate and audit entry, and reads them back', async () => {
    const write = withEvent(newCase('WA-1'), 'certificate-issued', '2025-06-30', { certificateNo: 'WAL-1' });
    expect(await cases.save([write], audit('WA-1'), at)).toEqual({ ok: true, value: undefined });
    const stored = await cases.findByRef('WA-1');
    expect(stored).toMatchObject({ ref: 'WA-1', version: 1, level: 2, contacts: [{ email: 'wa-1@example.cn', locale: 'zh-CN' }] });
    expect(stored?.state.certificate).toEqual({ certificateNo: 'WAL-1', issuedOn: '2025-06-30', expiresOn: '2028-06-29', level: 2, expiryComputed: true });
    expect(await cases.history(stored?.id ?? '')).toMatchObject([{ seq: 1, type: 'certificate-issued', date: '2025-06-30', data: { certificateNo: 'WAL-1' }, recordedBy: 'test' }]);
    const certificate = await database.db.prisma.certificate.findFirst({ where: { certificateNo: 'WAL-1' } });
    expect(certificate).toMatchObject({ scheme: 'wal', issuedOn: '2025-06-30', expiresOn: '2028-06-29', status: 'valid' });
    expect(await database.db.prisma.auditEntry.count({ where: { subject: 'WA-1' } })).toBe(1);
  });

  it('lets exactly one of two writers that read the same version append', async () => {
    const stored = await cases.findByRef('WA-1');
    const base = { ...newCase('WA-1'), contacts: [], state: stored!.state, create: false, expectedVersion: stored!.version };
    const a = withEvent(base, 'surveillance-info-submitted', '2026-03-01');
    const b = withEvent(base, 'surveillance-audit-completed', '2026-05-20');
    const results = await Promise.all([cases.save([a], audit('WA-1'), at), cases.save([b], audit('WA-1'), at)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(['case/concurrent-change']);
    const after = await cases.findByRef('WA-1');
    expect(after?.version).toBe(2);
    expect((await cases.history(after?.id ?? '')).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('refuses a second case with the same ref, even when both writers raced', async () => {
    const results = await Promise.all([cases.save([newCase('WA-RACE')], audit('WA-RACE'), at), cases.save([newCase('WA-RACE')], audit('WA-RACE'), at)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(['case/exists']);
    expect(await database.db.prisma.case.count({ where: { ref: 'WA-RACE' } })).toBe(1);
  });

  it('never overwrites an existing case that has no events yet when asked to create it', async () => {
    expect((await cases.save([newCase('WA-EMPTY', 'First Org')], audit('WA-EMPTY'), at)).ok).toBe(true);
    const again = await cases.save([{ ...newCase('WA-EMPTY', 'Second Org'), level: 4 }], audit('WA-EMPTY'), at);
    expect(again.ok ? null : again.error.code).toBe('case/exists');
    expect(await cases.findByRef('WA-EMPTY')).toMatchObject({ organization: { name: 'First Org' }, level: 2 });
  });

  it('writes several cases all or nothing: a duplicate certificate in the last rolls back the first', async () => {
    const before = { cases: await database.db.prisma.case.count(), events: await database.db.prisma.caseEvent.count(), audit: await database.db.prisma.auditEntry.count() };
    const fine = withEvent(newCase('WA-2'), 'certificate-issued', '2025-07-01', { certificateNo: 'WAL-2' });
    const clash = withEvent(newCase('WA-3'), 'certificate-issued', '2025-07-02', { certificateNo: 'WAL-1' });
    const result = await cases.save([fine, clash], [...audit('WA-2'), ...audit('WA-3')], at);
    expect(result.ok ? null : result.error).toMatchObject({ code: 'certificate/duplicate', ref: 'WA-3' });
    expect({ cases: await database.db.prisma.case.count(), events: await database.db.prisma.caseEvent.count(), audit: await database.db.prisma.auditEntry.count() }).toEqual(before);
    expect(await cases.findByRef('WA-2')).toBeNull();
  });

  it('stores each case\'s obligations with the write, and shows WA-12 revocation review only once the audit is late', async () => {
    // Issued 2025-06-30, audited 2026-05-20: next audit 2027-08-20 (WA-5: 15 months come before the end of 2027).
    const issued = withEvent(newCase('WA-OB'), 'certificate-issued', '2025-06-30', { certificateNo: 'WAL-OB' });
    expect((await cases.save([withEvent(issued, 'surveillance-audit-completed', '2026-05-20')], audit('WA-OB'), at)).ok).toBe(true);
    const before = await collect(cases.obligations({ asOf: '2026-11-21', caseRef: 'WA-OB' }));
    expect(before.map((o) => [o.kind, o.dueOn])).toEqual([
      ['surveillance-info', '2027-05-20'],
      ['surveillance-audit', '2027-08-20'],
      ['renewal', '2028-03-29'],
    ]);
    const late = await collect(cases.obligations({ asOf: '2027-08-21', caseRef: 'WA-OB' }));
    expect(late.map((o) => [o.kind, o.dueOn])).toContainEqual(['revocation-review', '2028-02-20']);
    expect((await collect(cases.obligations({ asOf: '2027-08-21', caseRef: 'WA-OB', dueBy: '2027-06-01' }))).map((o) => o.kind)).toEqual(['surveillance-info']);
  });

  it('rewrites the obligations of the whole organisation when one of its cases changes (WA-6)', async () => {
    const lead = withEvent(newCase('WA-LEAD', 'Joint Org'), 'certificate-issued', '2026-03-10', { certificateNo: 'WAL-LEAD' });
    const second = withEvent(newCase('WA-SECOND', 'Joint Org'), 'certificate-issued', '2026-09-01', { certificateNo: 'WAL-SECOND' });
    expect((await cases.save([lead, second], audit('joint'), at)).ok).toBe(true);
    const auditOf = async (ref: string) => (await collect(cases.obligations({ asOf: '2026-11-21', caseRef: ref }))).find((o) => o.kind === 'surveillance-audit')?.dueOn;
    // The second certificate is audited with the lead, due 2026-03-10 + 12 months.
    expect(await auditOf('WA-SECOND')).toBe('2027-03-10');
    const stored = await cases.findByRef('WA-LEAD');
    const audited = withEvent({ ...lead, newEvents: [], contacts: [], create: false, expectedVersion: stored!.version, state: stored!.state }, 'surveillance-audit-completed', '2026-11-20');
    expect((await cases.save([audited], audit('WA-LEAD'), at)).ok).toBe(true);
    // One joint audit on 2026-11-20 counts for both: next due by the end of 2027, before 15 months (2028-02-20) (WA-5).
    expect(await auditOf('WA-LEAD')).toBe('2027-12-31');
    expect(await auditOf('WA-SECOND')).toBe('2027-12-31');
  });

  it('recomputes every obligation for a new fingerprint, in pages that never split an organisation, and only once', async () => {
    const many = Array.from({ length: 7 }, (_, i) => withEvent(newCase(`B-${i + 1}`, 'Big Org'), 'certificate-issued', '2026-01-0' + String(i + 1), { certificateNo: `WAL-B-${i + 1}` }));
    expect((await cases.save(many, audit('batch'), at)).ok).toBe(true);
    const before = await collect(cases.obligations({ asOf: '2030-01-01' }));
    // Read in pages of 2 with many ties on due dates: the same order the domain sorts in, nothing twice.
    expect(before).toEqual(sortByDue([...before]));
    expect(new Set(before.map((o) => `${o.caseRef} ${o.kind} ${o.occurrence}`)).size).toBe(before.length);
    await database.db.raw.run('DELETE FROM "Obligation"');
    const first = await cases.refreshObligations('fingerprint-1');
    expect(first).toEqual({ refreshed: true, cases: await database.db.prisma.case.count(), obligations: before.length });
    expect(await collect(cases.obligations({ asOf: '2030-01-01' }))).toEqual(before);
    expect(await cases.refreshObligations('fingerprint-1')).toEqual({ refreshed: false, cases: 0, obligations: 0 });
    // Pages of 3 would split Big Org's 7 cases; WA-6 still joins them to B-1, the earliest issued.
    const bigOrg = (await collect(cases.obligations({ asOf: '2026-11-21' }))).filter((o) => o.caseRef.startsWith('B-') && o.kind === 'surveillance-audit');
    expect(new Set(bigOrg.map((o) => o.dueOn))).toEqual(new Set(['2027-01-01']));
  });
});
