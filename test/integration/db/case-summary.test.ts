// The console's case summaries stay in step with what they summarise on every path that writes a
// case: an import, a re-import that adds a contact, an event recorded through the use case, and the
// recompute of every obligation after a rules change. After each, every stored summary equals one
// computed afresh from the cases, obligations, certificates and contacts.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NOTHING_DUE, summarySelect } from '../../../src/adapters/db/case-summary.js';
import { recordEvent } from '../../../src/app/record-event.js';
import { createWebWorld, type WebWorld } from '../../support/web-world.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

type Row = readonly (string | number | null)[];

/** A summary as comparable values: the lines after ref and organisation are in no set order. */
function normalised(row: Row): Row {
  const values = row.map((v) => (typeof v === 'bigint' ? Number(v) : v));
  const [ref = '', organization = '', ...rest] = String(values[9] ?? '').split('\n');
  return [...values.slice(0, 9), [ref, organization, ...rest.filter(Boolean).sort()].join('\n')];
}

describe.each(['sqlite', 'postgres'] as const)('case summaries on %s', (kind) => {
  let world: WebWorld;
  let folder: string;
  beforeAll(async () => {
    world = await createWebWorld(kind, '2026-11-21T02:00:00Z');
    await world.importFixture();
    folder = await mkdtemp(join(tmpdir(), 'certbell-summary-'));
  });
  afterAll(async () => {
    await world?.close();
    await rm(folder, { recursive: true, force: true });
  });

  const stored = async (): Promise<Row[]> => {
    const rows = await world.runtime.db.raw.rows<Record<string, string | number | null>>(
      'SELECT "caseId", ref, scheme, level, stage, organization, province, "nextDueOn", "expiresOn", "searchText" FROM "CaseSummary" ORDER BY ref',
    );
    return rows.map((r) => normalised(Object.values(r)));
  };
  const fresh = async (): Promise<Row[]> => {
    const rows = await world.runtime.db.raw.rows<Record<string, string | number | null>>(`${summarySelect(kind, null)} ORDER BY x.ref`);
    return rows.map((r) => normalised(Object.values(r)));
  };
  const summaryOf = async (ref: string) => (await stored()).find((r) => r[1] === ref);

  it('has one summary per imported case, equal to one computed afresh', async () => {
    const rows = await stored();
    expect(rows.map((r) => r[1])).toEqual(['CN-2025-0001', 'CN-2026-0002', 'CN-2026-0003', 'WA-2024-0007', 'WA-2025-0001']);
    expect(rows).toEqual(await fresh());
    // Lower-cased ref, organisation, certificate number and contact address, one per line.
    const first = await summaryOf('CN-2025-0001');
    expect(String(first?.[9]).split('\n')).toContain('zhang.wei@anxin.example.cn');
    expect(String(first?.[9]).split('\n')[0]).toBe('cn-2025-0001');
  });

  it('follows a re-import that adds a contact to a case', async () => {
    const file = join(folder, 'more.json');
    await writeFile(
      file,
      JSON.stringify({
        cases: [
          {
            ref: 'WA-2024-0007',
            scheme: 'wal',
            organization: { name: '深圳云卫科技有限公司', province: '广东' },
            level: 2,
            contacts: [{ name: 'Chen Jing', email: 'Chen.Jing@yunwei.example.cn', locale: 'en' }],
            events: [{ type: 'certificate-issued', date: '2024-09-10', certificateNo: 'WAL-2024-0007' }],
          },
        ],
      }),
    );
    expect(String((await summaryOf('WA-2024-0007'))?.[9])).not.toContain('chen.jing');
    await world.importFixture(file);
    expect(String((await summaryOf('WA-2024-0007'))?.[9]).split('\n')).toContain('chen.jing@yunwei.example.cn');
    expect(await stored()).toEqual(await fresh());
  });

  it('follows an event recorded through the use case: the pledge met, the case owes nothing until its certificate (CN-9)', async () => {
    const before = await summaryOf('CN-2026-0003');
    expect(before?.[4]).toBe('pledge');
    expect(before?.[7]).not.toBe(NOTHING_DUE);
    const recorded = await recordEvent({ ...world.runtime.deps, clock: { now: world.now } }, { ref: 'CN-2026-0003', event: { type: 'pledge-signed', date: '2026-11-20' } }, 'cli:test');
    expect(recorded.ok).toBe(true);
    const after = await summaryOf('CN-2026-0003');
    expect(after?.[4]).toBe('certificate-pending');
    expect(await stored()).toEqual(await fresh());
  });

  it('is rebuilt with every obligation after a rules change', async () => {
    await world.runtime.db.raw.run('DELETE FROM "CaseSummary"');
    const refreshed = await world.runtime.deps.cases.refreshObligations('a-new-fingerprint');
    expect(refreshed.refreshed).toBe(true);
    expect((await stored()).length).toBe(5);
    expect(await stored()).toEqual(await fresh());
  });
});
