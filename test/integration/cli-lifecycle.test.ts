// The end of a certificate through the command line, on a real SQLite file and a real PostgreSQL
// database (docs/rules.md CN-11, CN-14, WA-15, "Expiry without renewal"): the sweep records a lapse and
// `case show` shows it, a renewal before its window is refused unless overridden (and the override is
// audited), and a scheduled surveillance audit brings its information forward.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliOnFreshDatabase } from '../support/run-cli.js';

const cases = {
  cases: [
    {
      // CN-11 [policy]: no printed expiry → 2026-11-19; lapsed from 2026-11-20 (seed 000 §五).
      ref: 'CN-LAPSE',
      scheme: 'cnce-ns',
      organization: { name: '天津过期测试有限公司', province: '天津' },
      serviceType: 'risk-assessment',
      level: 2,
      contacts: [{ name: '赵磊', email: 'zhao.lei@example.cn', locale: 'zh-CN' }],
      events: [
        { type: 'certificate-issued', date: '2023-11-20', certificateNo: 'CNCE-NS-2023-1120' },
        { type: 'annual-inspection-passed', date: '2024-11-01' },
        { type: 'annual-inspection-passed', date: '2025-11-01' },
      ],
    },
    {
      // CN-14: printed expiry 2027-06-09, so the renewal window opens 2027-03-09.
      ref: 'CN-EARLY',
      scheme: 'cnce-ns',
      organization: { name: '天津提前测试有限公司', province: '天津' },
      serviceType: 'design-integration',
      level: 1,
      events: [{ type: 'certificate-issued', date: '2024-06-10', certificateNo: 'CNCE-NS-2024-0610', expires: '2027-06-09' }],
    },
    {
      // WA-4: issued 2026-03-10, first audit by 2027-03-10; WA-8 information by 2026-12-10.
      ref: 'WA-SCHED',
      scheme: 'wal',
      organization: { name: '天津监督测试有限公司', province: '天津' },
      level: 2,
      events: [{ type: 'certificate-issued', date: '2026-03-10', certificateNo: 'WAL-2026-0310', expires: '2029-03-09' }],
    },
  ],
};

describe.each(['sqlite', 'postgres'] as const)('the end of a certificate through the CLI on %s', (kind) => {
  const { cli, db } = cliOnFreshDatabase(kind);

  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'certbell-lifecycle-')), 'cases.json');
    writeFileSync(file, JSON.stringify(cases));
    expect((await cli('import', file)).code).toBe(0);
  });

  it('the sweep records the lapse of a certificate not renewed, once, and case show shows it in both languages', async () => {
    const swept = await cli('sweep');
    expect(swept.code).toBe(0);
    expect(swept.out).toContain('CN-LAPSE: certificate expired, recorded as of 2026-11-20 (not renewed).');
    expect((await cli('sweep')).out).not.toContain('CN-LAPSE: certificate expired');
    const shown = await cli('case', 'show', 'CN-LAPSE', '--as-of', '2026-11-21');
    expect(shown.out).toContain('Certificate expired, not renewed');
    expect(shown.out).toContain('Certificate CNCE-NS-2023-1120 expired on 2026-11-19 without a new one: it is no longer valid from 2026-11-20.');
    expect(shown.out).toContain("2026-11-19 is computed from the issue date 2023-11-20 under this body's policy. Staff: please confirm it from the certificate.");
    const zh = await cli('--lang', 'zh-CN', 'case', 'show', 'CN-LAPSE', '--as-of', '2026-11-21');
    expect(zh.out).toContain('阶段：证书到期未换证');
    expect(zh.out).toContain('证书 CNCE-NS-2023-1120 于 2026-11-19 到期且未换发新证，自 2026-11-20 起不再有效。');
    const json = JSON.parse((await cli('case', 'show', 'CN-LAPSE', '--as-of', '2026-11-21', '--json')).out) as { stage: string; obligations: { kind: string }[] };
    expect([json.stage, json.obligations.map((o) => o.kind)]).toEqual(['expired', ['certificate-lapsed', 'lapse-review']]);
    const events = await db().prisma.caseEvent.findMany({ where: { type: 'certificate-expired' } });
    expect(events.map((e) => [e.occurredOn, e.recordedBy])).toEqual([['2026-11-20', 'certbell']]);
  });

  it('CN-14: a renewal before its window is refused with the dates; --outside-window records it and says so in the audit log', async () => {
    const refused = await cli('event', 'record', 'CN-EARLY', 'renewal-applied', '--date', '2026-11-30');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('from 2027-03-09 to 2027-06-09; 2026-11-30 is before that window (CN-14)');
    expect(await db().prisma.caseEvent.count({ where: { type: 'renewal-applied' } })).toBe(0);
    const zh = await cli('--lang', 'zh-CN', 'event', 'record', 'CN-EARLY', 'renewal-applied', '--date', '2026-11-30');
    expect(zh.err).toContain('即 2027-03-09 至 2027-06-09；2026-11-30 早于该期间（CN-14）');
    const forced = await cli('event', 'record', 'CN-EARLY', 'renewal-applied', '--date', '2026-11-30', '--outside-window');
    expect(forced.code).toBe(0);
    const audit = await db().prisma.auditEntry.findFirst({ where: { subject: 'CN-EARLY', action: 'event.record' } });
    expect(audit?.actor).toBe('cli:tester');
    expect(JSON.parse(audit?.details ?? '{}')).toEqual({ type: 'renewal-applied', date: '2026-11-30', data: { outsideWindow: true }, override: 'outside-window' });
  });

  it('WA-15: a surveillance audit fixed for 2027-01-20 makes its information due 2026-10-20', async () => {
    const recorded = await cli('event', 'record', 'WA-SCHED', 'surveillance-audit-scheduled', '--date', '2026-09-01', '--scheduled-for', '2027-01-20');
    expect(recorded.code).toBe(0);
    const json = JSON.parse((await cli('case', 'show', 'WA-SCHED', '--as-of', '2026-09-01', '--json')).out) as { obligations: { kind: string; dueOn: string }[] };
    expect(json.obligations.map((o) => [o.kind, o.dueOn])).toEqual([
      ['surveillance-info', '2026-10-20'],
      ['surveillance-audit', '2027-03-10'],
      ['renewal', '2028-12-09'],
    ]);
  });
});
