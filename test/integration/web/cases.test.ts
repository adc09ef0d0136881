// The case list over HTTP on both databases: search by ref, organisation, certificate number and
// contact email; filters by scheme, level, stage, province and status; sorting; paging; the Today
// page's numbers lead to exactly the cases behind them.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeConsole, signedInConsole, type WebClient, type WebWorld } from '../../support/web-world.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const STAFF = 'wang.fang@certbody.example.cn';

/** 55 more CNCE-NS applications in 湖北, materials received on successive days of October 2026. */
function moreCases(): object {
  return {
    cases: Array.from({ length: 55 }, (_, i) => ({
      ref: `CN-2026-1${String(i).padStart(3, '0')}`,
      scheme: 'cnce-ns',
      organization: { name: `湖北测试单位${String(i).padStart(2, '0')}有限公司`, province: '湖北' },
      serviceType: 'risk-assessment',
      level: 1 + (i % 3),
      contacts: [],
      events: [{ type: 'materials-received', date: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}` }],
    })),
  };
}

const refsOn = (text: string) => [...text.matchAll(/<a href="\/cases\/([^"?]+)">/g)].map((m) => decodeURIComponent(m[1]!));

describe.each(['sqlite', 'postgres'] as const)('the case list on %s', (kind) => {
  let world: WebWorld;
  let client: WebClient;
  let folder: string;
  beforeAll(async () => {
    ({ world, client } = await signedInConsole(kind, [STAFF]));
    folder = await mkdtemp(join(tmpdir(), 'certbell-web-'));
    await writeFile(join(folder, 'more.json'), JSON.stringify(moreCases()));
    await world.importFixture(join(folder, 'more.json'));
  });
  afterAll(async () => {
    await closeConsole(world);
    await rm(folder, { recursive: true, force: true });
  });

  const list = async (query: string) => {
    const page = await client.get(`/cases${query}`);
    expect(page.status).toBe(200);
    return page.text;
  };

  it('finds a case by a piece of its ref, its organisation, its certificate number or a contact email, ignoring case', async () => {
    expect(refsOn(await list('?q=2026-0002'))).toEqual(['CN-2026-0002']);
    expect(refsOn(await list(`?q=${encodeURIComponent('启明安全')}`))).toEqual(['WA-2025-0001']);
    expect(refsOn(await list('?q=wal-2024-0007'))).toEqual(['WA-2024-0007']);
    expect(refsOn(await list('?q=LILEI%40DUNAN'))).toEqual(['CN-2026-0002']);
    // % and _ are taken literally, not as wildcards.
    expect(refsOn(await list('?q=%25'))).toEqual([]);
    expect(await list('?q=%3Cscript%3E')).toContain('value="&lt;script&gt;"');
  });

  it('filters by scheme, level, stage, province and status, and says which values it did not understand', async () => {
    expect(refsOn(await list('?scheme=wal'))).toEqual(['WA-2024-0007', 'WA-2025-0001']);
    expect(refsOn(await list(`?province=${encodeURIComponent('湖北')}&level=2`)).every((r) => r.startsWith('CN-2026-1'))).toBe(true);
    expect(refsOn(await list(`?province=${encodeURIComponent('湖北')}&level=2`))).toHaveLength(18);
    expect(refsOn(await list('?stage=certified&scheme=cnce-ns'))).toEqual(['CN-2025-0001']);
    // CN-2026-0003's public notice ended 2026-10-27: its pledge (CN-9, 30 days) is due 2026-11-26.
    expect(refsOn(await list('?status=due-soon&kind=pledge'))).toEqual(['CN-2026-0003']);
    const overdue = refsOn(await list('?status=overdue'));
    expect(overdue.length).toBeGreaterThan(0);
    const odd = await list('?scheme=nope&level=9&status=late');
    expect(odd).toContain('Left out because their value was not understood: scheme, level, status.');
    expect(odd).toContain('Page 1 of 2 (60 cases)');
  });

  it('sorts by organisation or next deadline and pages through 60 cases 50 at a time', async () => {
    const first = await list('');
    expect(first).toContain('Page 1 of 2 (60 cases)');
    expect(refsOn(first)).toHaveLength(50);
    const second = await list('?page=2');
    expect(refsOn(second)).toHaveLength(10);
    expect(new Set([...refsOn(first), ...refsOn(second)]).size).toBe(60);
    expect(second).toContain('href="/cases?page=1" rel="prev"');
    const byOrganization = refsOn(await list(`?sort=organization&province=${encodeURIComponent('湖北')}`));
    expect(byOrganization[0]).toBe('CN-2026-1000');
    const byDue = refsOn(await list('?sort=due'));
    expect(byDue[0]).toBe(overdueFirst(await list('?status=overdue&sort=due')));
  });

  it('leads from each number on the Today page to the cases behind it', async () => {
    const today = (await client.get('/')).text;
    const links = [...today.matchAll(/<a class="n[^"]*" href="([^"]+)">(\d+)<\/a>/g)].map((m) => ({ href: m[1]!.replace(/&amp;/g, '&'), n: Number(m[2]) }));
    expect(links.length).toBeGreaterThanOrEqual(3);
    for (const link of links.filter((l) => l.n > 0)) {
      const target = await client.get(link.href);
      expect(target.status, link.href).toBe(200);
      expect(refsOn(target.text).length, link.href).toBeGreaterThan(0);
    }
  });
});

function overdueFirst(text: string): string {
  return [...text.matchAll(/<a href="\/cases\/([^"?]+)">/g)].map((m) => m[1]!)[0] ?? '';
}
