// A scheme is one folder plus a registration: a scheme that lives only under test/fixtures/schemes/demo
// goes through import (JSON and CSV), plan --json, a reminder, Telegram /status, a digest and a Slack
// escalation, with no change to src/.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import { importCases } from '../../src/app/import-cases.js';
import type { ImportItem } from '../../src/app/import-cases.js';
import { enqueueContactDigests } from '../../src/app/send-digests.js';
import { sweepEscalations } from '../../src/app/sweep-escalations.js';
import { sweepReminders } from '../../src/app/sweep-reminders.js';
import { registerScheme } from '../../src/domain/schemes/registry.js';
import { startFakeSmtp } from '../fakes/fake-smtp.js';
import type { FakeSmtpServer } from '../fakes/fake-smtp.js';
import { demoScheme } from '../fixtures/schemes/demo/scheme.js';
import { createTestDatabase } from '../support/databases.js';
import { createDigestWorld } from '../support/digest-world.js';
import { createReminderWorld } from '../support/reminder-world.js';
import { runCliCaptured } from '../support/run-cli.js';
import { createAssistantWorld, texts } from './telegram/assistant-world.js';
import { createSlackWorld, STAFF_CHANNEL } from './slack/slack-world.js';

registerScheme(demoScheme);

const nine = (day: string) => `${day}T01:00:00.000Z`;

function demoCase(ref: string, email: string, events: readonly (readonly [string, string, Record<string, string>?])[]): ImportItem {
  return {
    source: { file: 'test', path: ref },
    header: { ref, scheme: 'demo-lab', organization: { name: '示范检测有限公司', province: '北京' }, level: 1, contacts: [{ name: '赵六', email, locale: 'zh-CN' }] },
    events: events.map(([type, date, extra]) => ({ source: { file: 'test', path: ref }, fields: { type, date, ...extra } })),
  };
}

// DL-2: issued 2026-03-31, the first check due 2027-03-31 and open from 2027-02-28.
const issued = demoCase('DL-2026-0001', 'zhao@demo.example.cn', [['certificate-issued', '2026-03-31', { certificateNo: 'DL-C-1' }]]);

describe.each(['sqlite', 'postgres'] as const)('a scheme registered from outside src/ on %s', (kind) => {
  let dir: string;
  let smtp: FakeSmtpServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'certbell-demo-scheme-'));
    smtp = await startFakeSmtp();
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await smtp.close();
  });

  it('imports from JSON and from the CSV register, and plan --json lists its obligations with its rules', async () => {
    const database = await createTestDatabase(kind);
    try {
      const env = { DATABASE_URL: database.url, CERTBELL_ACTOR: 'tester', LANG: 'C.UTF-8' };
      const json = join(dir, 'demo.json');
      writeFileSync(json, JSON.stringify({ cases: [{ ref: 'DL-2026-0001', scheme: 'demo-lab', organization: { name: '示范检测有限公司', province: '北京' }, level: 1, events: [{ type: 'certificate-issued', date: '2026-03-31', certificateNo: 'DL-C-1' }] }] }));
      const csv = join(dir, 'demo.csv');
      // The register's last check becomes the scheme's own event (check-passed), as its folder says.
      writeFileSync(csv, 'ref,scheme,organization,province,level,certificate_no,issue_date,last_inspection_or_audit,contact_name,email,locale\nDL-2025-0002,demo-lab,示范二号有限公司,上海,2,DL-C-2,2025-06-30,2026-06-15,钱七,qian@demo.example.cn,en\n');
      expect((await runCliCaptured(['import', json, '--json'], env)).code).toBe(0);
      const fromCsv = await runCliCaptured(['import', csv, '--json'], env);
      expect(JSON.parse(fromCsv.out)).toMatchObject({ ok: true, created: ['DL-2025-0002'] });
      const plan = await runCliCaptured(['plan', '--as-of', '2027-03-15', '--json'], env);
      expect(plan.code).toBe(0);
      const body = JSON.parse(plan.out) as { obligations: Record<string, unknown>[] };
      expect(body.obligations.map((o) => [o.caseRef, o.kind, o.opensOn, o.dueOn, o.status, o.rule])).toEqual([
        ['DL-2026-0001', 'yearly-check', '2027-02-28', '2027-03-31', 'open', 'DL-2'],
        ['DL-2025-0002', 'yearly-check', '2027-05-15', '2027-06-15', 'upcoming', 'DL-2'],
      ]);
      const certificates = await database.db.prisma.certificate.findMany({ orderBy: { certificateNo: 'asc' } });
      expect(certificates.map((c) => [c.scheme, c.certificateNo, c.status])).toEqual([
        ['demo-lab', 'DL-C-1', 'valid'],
        ['demo-lab', 'DL-C-2', 'valid'],
      ]);
    } finally {
      await database.drop();
    }
  });

  it('reminds the applicant in their language, with the scheme’s own words and contact', async () => {
    const world = await createReminderWorld(kind, nine('2027-02-20'));
    try {
      expect((await importCases(world.deps, [issued], 'test')).ok).toBe(true);
      world.setNow(nine('2027-02-28'));
      expect((await sweepReminders(world.deps)).enqueued).toBe(1);
      expect(await dispatchOutbox(world.deps, 'a')).toMatchObject({ sent: 1 });
      const [mail] = world.email.delivered;
      expect(mail?.subject).toContain('年度核查');
      expect(mail?.text).toContain('上次核查于 2026-03-31：下次核查须在 12 个月内完成（DL-2）。');
      expect(mail?.text).toContain('需要做：向示范中心预约年度核查。');
      expect(mail?.text).toContain('联系方式：示范实验室认可中心，电话 010-00000000，邮箱 desk@demo-lab.example.cn。');
    } finally {
      await world.close();
    }
  });

  it('answers /status, /contact and a plain question in Telegram', async () => {
    const world = await createAssistantWorld(kind);
    try {
      expect((await importCases(world.assistant, [issued], 'test')).ok).toBe(true);
      await world.bind(3001, 'DL-2026-0001', 'zhao@demo.example.cn');
      const status = texts(await world.say(3001, '/status', 'en'));
      expect(status).toContain('Demo lab accreditation');
      expect(status).toContain('Accredited');
      expect(status).toContain('Yearly check: by 2027-03-31');
      expect(texts(await world.say(3001, '/contact'))).toContain('示范实验室认可中心');
      expect(texts(await world.say(3001, '年度核查什么时候'))).toContain('上次核查于 2026-03-31');
    } finally {
      await world.close();
    }
  });

  it('lists its obligations in the applicant’s digest', async () => {
    const world = await createDigestWorld(kind, nine('2027-02-22'), { smtpUrl: smtp.url });
    try {
      smtp.reset();
      expect((await importCases(world.deps, [issued], 'test')).ok).toBe(true);
      expect((await enqueueContactDigests(world.digests, { asOf: '2027-02-22', period: '2027-W08' })).enqueued).toBe(1);
      expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 1 });
      const [received] = smtp.received;
      expect(received?.mail.text).toContain('年度核查');
      expect(received?.mail.text).toContain('DL-2');
      expect(received?.mail.text).toContain('联系方式：示范实验室认可中心，电话 010-00000000，邮箱 desk@demo-lab.example.cn。');
    } finally {
      await world.close();
    }
  });

  it('escalates an overdue check to staff in Slack, with its own title, facts and next step', async () => {
    const world = await createSlackWorld(kind, nine('2027-03-01'));
    try {
      await world.importCases([issued]);
      world.setNow(nine('2027-04-01'));
      const raised = (await sweepEscalations(world.escalation)).raised.map((e) => `${e.caseRef} ${e.kind}/${e.stage} ${e.detail.rules.join(',')}`);
      expect(raised).toEqual(['DL-2026-0001 check-overdue/overdue DL-2,DL-3']);
      expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 1 });
      const [posted] = world.fake.messages;
      expect(posted?.channel).toBe(STAFF_CHANNEL);
      expect(posted?.text).toContain('Yearly check overdue: case DL-2026-0001');
      expect(JSON.stringify(posted?.blocks)).toContain('the accreditation may be withdrawn (DL-3)');
    } finally {
      await world.close();
    }
  });
});
