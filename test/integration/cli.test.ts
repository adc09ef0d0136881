// The certbell command line end to end: real Prisma on a real SQLite file and a real PostgreSQL database.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSmtp } from '../fakes/fake-smtp.js';
import { createTestDatabase } from '../support/databases.js';
import { runCliCaptured } from '../support/run-cli.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

describe.each(['sqlite', 'postgres'] as const)('certbell CLI on %s', (kind) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: Record<string, string>;

  async function cli(...argv: string[]) {
    return runCliCaptured(argv, env);
  }

  async function rowCounts() {
    const p = database.db.prisma;
    return { cases: await p.case.count(), events: await p.caseEvent.count(), audit: await p.auditEntry.count(), certificates: await p.certificate.count() };
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    env = { DATABASE_URL: database.url, CERTBELL_ACTOR: 'tester', LANG: 'C.UTF-8' };
  });
  afterAll(async () => database?.drop());

  it('db migrate reports an up-to-date database', async () => {
    const result = await cli('db', 'migrate');
    expect(result).toMatchObject({ code: 0, out: 'Database is up to date (0 migrations applied now).' });
  });

  it('imports the JSON cases and plans exactly the obligations the rules give', async () => {
    const imported = await cli('import', fixture('cases.json'), '--json');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.out)).toEqual({
      ok: true,
      created: ['CN-2025-0001', 'CN-2026-0002', 'CN-2026-0003', 'WA-2025-0001', 'WA-2024-0007'],
      extended: [],
      changed: [],
      unchanged: [],
    });
    const plan = await cli('plan', '--as-of', '2026-11-21', '--json');
    expect(plan.code).toBe(0);
    const body = JSON.parse(plan.out) as { asOf: string; obligations: Record<string, unknown>[] };
    expect(body.asOf).toBe('2026-11-21');
    expect(body.obligations.map((o) => [o.caseRef, o.kind, o.audience, o.opensOn, o.dueOn, o.status, o.rule])).toEqual([
      // WA-4: issued 2024-09-10, first surveillance audit within 12 months; WA-8: information 3 months before.
      ['WA-2024-0007', 'surveillance-info', 'applicant', null, '2025-06-10', 'overdue', 'WA-8'],
      ['WA-2024-0007', 'surveillance-audit', 'applicant', null, '2025-09-10', 'overdue', 'WA-4'],
      // WA-12: revocation at 6 months overdue.
      ['WA-2024-0007', 'revocation-review', 'staff', '2025-09-11', '2026-03-10', 'overdue', 'WA-12'],
      // CN-9: notice ended 2026-10-27, pledge within the policy's 30 days.
      ['CN-2026-0003', 'pledge', 'applicant', '2026-10-27', '2026-11-26', 'open', 'CN-9'],
      // CN-6: materials received Mon 2026-11-16; 15 working days end Mon 2026-12-07.
      ['CN-2026-0002', 'material-review', 'staff', null, '2026-12-07', 'open', 'CN-6'],
      // CN-12: issued 2026-03-31, first anniversary 2027-03-31, window from 2027-02-28 to the day before it.
      ['CN-2025-0001', 'annual-inspection', 'applicant', '2027-02-28', '2027-03-30', 'upcoming', 'CN-12'],
      // WA-8 before the WA-5 audit below.
      ['WA-2025-0001', 'surveillance-info', 'applicant', null, '2027-05-20', 'open', 'WA-8'],
      // WA-9: expires 2027-09-09, renewal 3 months before.
      ['WA-2024-0007', 'renewal', 'applicant', null, '2027-06-09', 'open', 'WA-9'],
      // WA-5: audited 2026-05-20; 15 months (2027-08-20) comes before the end of 2027.
      ['WA-2025-0001', 'surveillance-audit', 'applicant', null, '2027-08-20', 'open', 'WA-5'],
      ['WA-2025-0001', 'renewal', 'applicant', null, '2028-03-29', 'open', 'WA-9'],
      // CN-14: expires 2029-03-30 (3 years − 1 day), renewal window from 2028-12-30.
      ['CN-2025-0001', 'renewal', 'applicant', '2028-12-30', '2029-03-30', 'upcoming', 'CN-14'],
    ]);
    expect(body.obligations[4]?.explanation).toBe('Materials received on 2026-11-16; the formal review finishes within 15 working days (CN-6).');
  });

  it('plan --within keeps what is overdue or due within the window', async () => {
    const plan = JSON.parse((await cli('plan', '--as-of', '2026-11-21', '--within', '30', '--json')).out) as { obligations: { caseRef: string; kind: string }[] };
    expect(plan.obligations.map((o) => `${o.caseRef}:${o.kind}`)).toEqual([
      'WA-2024-0007:surveillance-info',
      'WA-2024-0007:surveillance-audit',
      'WA-2024-0007:revocation-review',
      'CN-2026-0003:pledge',
      'CN-2026-0002:material-review',
    ]);
  });

  it('importing the same file again changes nothing', async () => {
    const before = await rowCounts();
    const again = await cli('import', fixture('cases.json'));
    expect(again).toMatchObject({ code: 0, out: 'Imported ' + fixture('cases.json') + ': 0 new, 0 extended, 0 changed, 5 unchanged.' });
    expect(await rowCounts()).toEqual(before);
  });

  it('imports the CSV certificate register, leap-day issue date included', async () => {
    const imported = await cli('import', fixture('register.csv'), '--json');
    expect(JSON.parse(imported.out)).toEqual({ ok: true, created: ['CN-R-1', 'WA-R-1'], extended: [], changed: [], unchanged: [] });
    const shown = JSON.parse((await cli('case', 'show', 'CN-R-1', '--as-of', '2026-11-21', '--json')).out) as Record<string, unknown>;
    // Issued 2024-02-29: anniversaries fall on 28 February; expiry 2027-02-28 − 1 day, computed (CN-11 [policy]).
    expect(shown.certificate).toEqual({ certificateNo: 'CNCE-NS-2024-0101', issuedOn: '2024-02-29', expiresOn: '2027-02-27', level: 3, expiryComputed: true });
    expect((shown.obligations as Record<string, unknown>[]).map((o) => [o.kind, o.opensOn, o.dueOn, o.status])).toEqual([
      // The 2025 inspection was passed on 2025-02-10; the 2026 one (anniversary 2026-02-28, last day 02-27) never was.
      ['annual-inspection', '2026-01-28', '2026-02-27', 'overdue'],
      ['renewal', '2026-11-27', '2027-02-27', 'upcoming'],
    ]);
    const wal = JSON.parse((await cli('case', 'show', 'WA-R-1', '--as-of', '2026-11-21', '--json')).out) as Record<string, unknown>;
    // Expires 2026-12-14: audited 2025-11-03, 2026 is the recertification year (WA-5 calendar-year rule waived)
    // and 15 months (2027-02-03) runs past expiry, so only the WA-9 renewal remains, already late.
    expect((wal.obligations as Record<string, unknown>[]).map((o) => [o.kind, o.dueOn, o.status])).toEqual([['renewal', '2026-09-14', 'overdue']]);
    expect(wal.organization).toEqual({ name: 'Acme Security, Ltd', province: '上海' });
  });

  it('refuses a CSV with bad rows whole, naming line, field and reason, and writes nothing', async () => {
    const before = await rowCounts();
    const result = await cli('import', fixture('register-bad.csv'));
    expect(result.code).toBe(1);
    expect(result.err.split('\n')).toEqual([
      '4 problems; nothing was written:',
      '  register-bad.csv, line 3, CN-B-2, field date: "2025-02-30" is not a valid date; write it as YYYY-MM-DD (for example 2026-03-31).',
      '  register-bad.csv, line 4, CN-B-3, field scheme: Unknown scheme "cnce"; known schemes: cnce-ns, wal.',
      '  register-bad.csv, line 5, WA-B-4, field level: "5" is not a level of wal; levels: 1, 2, 3, 4.',
      '  register-bad.csv, line 5, WA-B-4, field contacts[0].email: "bad-email" is not a valid email address.',
    ]);
    expect(await rowCounts()).toEqual(before);
  });

  it('answers in Chinese', async () => {
    const result = await cli('--lang', 'zh-CN', 'case', 'show', 'NO-SUCH-CASE');
    expect(result).toMatchObject({ code: 1, err: '没有编号为 NO-SUCH-CASE 的案件。' });
    const shown = await cli('--lang', 'zh-CN', 'case', 'show', 'CN-2026-0003', '--as-of', '2026-11-21');
    expect(shown.out).toContain('阶段：签订承诺书');
    expect(shown.out).toContain('下一步：申请单位签署《承诺书》并将原件反馈给通信安委会。（由申请单位办理）');
    expect(shown.out).toContain('公示于 2026-10-27 期满，须在 30 天内签署承诺书（CN-9；期限为本机构的规定）。');
  });

  it('adds a case and records events, refusing illegal ones without writing', async () => {
    const added = await cli('case', 'add', '--ref', 'WA-2026-0100', '--scheme', 'wal', '--org', '杭州安恒测试有限公司', '--level', '2', '--email', 'ops@example.cn');
    expect(added).toMatchObject({ code: 0, out: 'Case WA-2026-0100 added (wal, level 2).' });
    const recorded = await cli('event', 'record', 'WA-2026-0100', 'application-submitted', '--date', '2026-11-02');
    expect(recorded).toMatchObject({ code: 0, out: 'Recorded Application submitted on 2026-11-02 for case WA-2026-0100; stage is now: Application review.' });
    const before = await rowCounts();
    const illegal = await cli('event', 'record', 'WA-2026-0100', 'certificate-issued', '--date', '2026-11-03', '--certificate-no', 'X-1');
    expect(illegal).toMatchObject({
      code: 1,
      err: 'certificate-issued cannot be recorded while the case is in stage application-review; it is allowed in: certificate-pending, recertification, expired.',
    });
    const badDate = await cli('event', 'record', 'WA-2026-0100', 'application-reviewed', '--date', '2026-13-01');
    expect(badDate).toMatchObject({ code: 1, err: '"2026-13-01" is not a valid date; write it as YYYY-MM-DD (for example 2026-03-31).' });
    const unknown = await cli('event', 'record', 'WA-2026-0100', 'pledge-signed', '--date', '2026-11-03');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/^"pledge-signed" is not an event of wal; known events: application-submitted, /);
    expect(await rowCounts()).toEqual(before);
    const audit = await database.db.prisma.auditEntry.findMany({ where: { subject: 'WA-2026-0100' }, orderBy: { at: 'asc' } });
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['cli:tester', 'case.add'],
      ['cli:tester', 'event.record'],
    ]);
  });

  it('flags a CN-7 deadline that runs into a year without holiday data, and recomputes it when the operator adds the year', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'certbell-cli-')), 'assessment-into-2027.json');
    writeFileSync(
      file,
      JSON.stringify({
        cases: [
          {
            ref: 'CN-2026-0777',
            scheme: 'cnce-ns',
            organization: { name: '重庆测试评估有限公司', province: '重庆' },
            serviceType: 'risk-assessment',
            level: 1,
            events: [
              { type: 'materials-received', date: '2026-09-01' },
              { type: 'application-accepted', date: '2026-09-10' },
              { type: 'fee-paid', date: '2026-11-20' },
            ],
          },
        ],
      }),
    );
    try {
      expect((await cli('import', file)).code).toBe(0);
      const assessment = async (extra: Record<string, string>) => {
        const saved = env;
        env = { ...env, ...extra };
        try {
          const plan = JSON.parse((await cli('plan', '--as-of', '2026-11-21', '--json')).out) as { obligations: Record<string, unknown>[] };
          return plan.obligations.find((o) => o.caseRef === 'CN-2026-0777');
        } finally {
          env = saved;
        }
      };
      // Fee voucher Fri 2026-11-20 is day 0. 2026: Nov 23–Dec 31 hold 29 working days. 2027 has no data, so
      // weekends only: Jan 1 (30), Jan 4–Feb 26 eight weeks (70) → 2027-02-26, flagged as an estimate.
      expect(await assessment({})).toMatchObject({ kind: 'assessment', dueOn: '2027-02-26', estimate: true, rule: 'CN-7' });
      // A 2027 file (made up for this test: Jan 1 and Feb 6–12 off, Sat Feb 20 worked): Jan 4–Feb 5 (54),
      // Feb 15–19 (59), Sat Feb 20 (60), Feb 22–26 (65), Mar 1–5 (70) → 2027-03-05, no longer an estimate.
      expect(await assessment({ CERTBELL_HOLIDAYS_FILE: fixture('holidays-2027-made-up.json') })).toMatchObject({ dueOn: '2027-03-05', estimate: false });
      // Without the file again, the stored obligations are recomputed back to the estimate.
      expect(await assessment({})).toMatchObject({ dueOn: '2027-02-26', estimate: true });
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('refuses a malformed --within with a translated message', async () => {
    expect(await cli('plan', '--within', 'soon')).toMatchObject({ code: 1, out: '', err: '"soon" is not a whole number of days.' });
    expect(await cli('--lang', 'zh-CN', 'plan', '--within', '-3')).toMatchObject({ code: 1, err: '“-3”不是整数天数。' });
  });

  it('sweeps (dry run first), lists the outbox and dispatches through a real SMTP server', async () => {
    const smtp = await startFakeSmtp();
    try {
      // CN-2025-0001 (imported above): issued 2026-03-31, the first inspection window opens 2027-02-28.
      const withoutEmail = JSON.parse((await cli('sweep', '--as-of', '2027-02-28', '--dry-run', '--json')).out) as { reminders: Record<string, unknown>[] };
      const cn1 = withoutEmail.reminders.filter((r) => r.caseRef === 'CN-2025-0001');
      expect(cn1.map((r) => [r.kind, r.step, r.channel, r.lastError])).toEqual([['annual-inspection', 'opens', 'none', 'no-channel']]);
      env = { ...env, SMTP_URL: smtp.url, SMTP_FROM: 'certbell <certbell@example.cn>' };
      const dry = JSON.parse((await cli('sweep', '--as-of', '2027-02-28', '--dry-run', '--json')).out) as { enqueued: number; reminders: Record<string, unknown>[] };
      expect(dry.enqueued).toBe(0);
      expect(dry.reminders.filter((r) => r.caseRef === 'CN-2025-0001').map((r) => [r.channel, r.address])).toEqual([['email', 'zhang.wei@anxin.example.cn']]);
      expect(JSON.parse((await cli('outbox', '--json')).out)).toEqual([]);
      const swept = await cli('sweep', '--as-of', '2027-02-28');
      expect(swept.code).toBe(0);
      expect(swept.out).toContain('CN-2025-0001  Annual inspection  opens  → email zhang.wei@anxin.example.cn');
      expect(JSON.parse((await cli('sweep', '--as-of', '2027-02-28', '--json')).out)).toMatchObject({ enqueued: 0 });
      const pending = JSON.parse((await cli('outbox', '--status', 'pending', '--case', 'CN-2025-0001', '--json')).out) as Record<string, unknown>[];
      expect(pending.map((r) => [r.kind, r.step, r.channel, r.attempts])).toEqual([['annual-inspection', 'opens', 'email', 0]]);
      expect((await cli('dispatch')).out).toMatch(/^Outbox: \d+ sent, 0 to retry, 0 held, 0 failed, 0 cancelled\.$/);
      const mail = smtp.received.find((m) => m.envelope.to.includes('zhang.wei@anxin.example.cn'));
      expect(mail?.mail.subject).toBe('【certbell】年检须于 2027-03-30 前完成（CN-2025-0001）');
      expect((await cli('outbox', '--status', 'sent', '--case', 'CN-2025-0001')).out).toContain('sent  CN-2025-0001  Annual inspection  opens  email zhang.wei@anxin.example.cn  attempts 1');
    } finally {
      const { SMTP_URL: _u, SMTP_FROM: _f, ...rest } = env;
      env = rest;
      await smtp.close();
    }
  });

  it('takes the reminder schedule from an operator file, and refuses a bad one naming the place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'certbell-policy-'));
    try {
      const good = join(dir, 'reminders.json');
      writeFileSync(good, JSON.stringify({ 'annual-inspection': { points: [{ from: 'due', days: -3 }], overdueNotice: false } }));
      const planned = await (async () => {
        const saved = env;
        env = { ...env, CERTBELL_REMINDER_POLICY_FILE: good };
        try {
          return JSON.parse((await cli('sweep', '--as-of', '2027-03-28', '--dry-run', '--json')).out) as { reminders: Record<string, unknown>[] };
        } finally {
          env = saved;
        }
      })();
      // CN-2025-0001's inspection is due 2027-03-30, the day before its anniversary: with only "3 days before",
      // the step is due-3d on 03-27, the latest step due by 03-28.
      expect(planned.reminders.filter((r) => r.caseRef === 'CN-2025-0001').map((r) => r.step)).toEqual(['due-3d']);
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ 'material-review': { points: [], overdueNotice: true } }));
      const saved = env;
      env = { ...env, CERTBELL_REMINDER_POLICY_FILE: bad };
      try {
        const refused = await cli('sweep', '--dry-run');
        expect(refused.code).toBe(3);
        expect(refused.err).toContain('bad.json: (top): Unrecognized key: "material-review"');
      } finally {
        env = saved;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('calendar check lists the years with holiday data', async () => {
    const result = JSON.parse((await cli('calendar', 'check', '--json')).out) as { covered: number[]; operator: number[] };
    expect(result.covered[0]).toBe(2004);
    expect(result.covered.at(-1)).toBe(2026);
    expect(result.operator).toEqual([]);
  });
});
