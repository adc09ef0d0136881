// The Prisma case repository on real databases: atomic writes, optimistic concurrency, planning batches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseRepository } from '../../../src/adapters/db/case-repository.js';
import type { CaseWrite } from '../../../src/app/ports.js';
import type { CaseRepository } from '../../../src/app/ports.js';
import { defaultPolicy } from '../../../src/domain/policy.js';
import { schemeFor } from '../../../src/domain/schemes/index.js';
import { applyEvent, initialState } from '../../../src/domain/schemes/scheme.js';
import { createTestDatabase } from '../../support/databases.js';

const at = new Date('2026-11-21T02:00:00Z');
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
    cases = createCaseRepository(database.db);
  });
  afterAll(async () => database?.drop());

  it('stores a case with its events, contact, certificate and audit entry, and reads them back', async () => {
    const write = withEvent(newCase('WA-1'), 'certificate-issued', '2025-06-30', { certificateNo: 'WAL-1' });
    expect(await cases.save([write], audit('WA-1'), at)).toEqual({ ok: true, value: undefined });
    const stored = await cases.findByRef('WA-1');
    expect(stored).toMatchObject({ ref: 'WA-1', version: 1, level: 2, contacts: [{ email: 'wa-1@example.cn', locale: 'zh-CN' }] });
    expect(stored?.state.certificate).toEqual({ certificateNo: 'WAL-1', issuedOn: '2025-06-30', expiresOn: '2028-06-29', level: 2 });
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

  it('plans in batches that never split an organisation and return every case once', async () => {
    // Seven cases of one organisation between single-case ones, read in batches of 3 (WA-6).
    const writes = [newCase('B-1', 'Big Org'), ...Array.from({ length: 6 }, (_, i) => newCase(`B-${i + 2}`, 'Big Org')), newCase('S-1', 'Small A'), newCase('S-2', 'Small B')];
    expect((await cases.save(writes, audit('batch'), at)).ok).toBe(true);
    const batches: string[][] = [];
    for await (const batch of cases.planningBatches(3)) batches.push(batch.map((c) => c.ref));
    const all = batches.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(await database.db.prisma.case.count());
    const bigOrg = batches.filter((b) => b.some((ref) => ref.startsWith('B-')));
    expect(bigOrg).toHaveLength(1);
    expect(bigOrg[0]?.filter((ref) => ref.startsWith('B-'))).toHaveLength(7);
  });
});
