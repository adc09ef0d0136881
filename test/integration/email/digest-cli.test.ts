// `certbell digest preview` end to end: the real command line on a real database writes the .eml that
// would be sent, which mailparser reads back.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packagedHolidayData } from '../../../src/adapters/calendar/holiday-data.js';
import { createCaseRepository } from '../../../src/adapters/db/case-repository.js';
import { messageIdFor } from '../../../src/adapters/email/email-delivery.js';
import { importCases } from '../../../src/app/import-cases.js';
import { defaultPolicy } from '../../../src/domain/policy.js';
import { WorkingDayCalendar } from '../../../src/domain/calendar/working-days.js';
import { createTestDatabase } from '../../support/databases.js';
import { digestCases } from '../../support/digest-cases.js';
import { runCliCaptured } from '../../support/run-cli.js';

describe.each(['sqlite', 'postgres'] as const)('certbell digest preview on %s', (kind) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let folder: string;
  let env: Record<string, string>;

  async function cli(...argv: string[]) {
    return runCliCaptured(argv, env);
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    folder = await mkdtemp(join(tmpdir(), 'certbell-digest-'));
    const calendar = new WorkingDayCalendar(packagedHolidayData());
    const deps = { cases: createCaseRepository(database.db, { calendar, policy: defaultPolicy }), clock: { now: () => new Date('2026-11-23T01:00:00Z') }, calendar, policy: defaultPolicy, zone: 'Asia/Shanghai' };
    expect((await importCases(deps, digestCases, 'test')).ok).toBe(true);
    env = {
      DATABASE_URL: database.url,
      CERTBELL_ACTOR: 'tester',
      LANG: 'C.UTF-8',
      SMTP_FROM: '证书提醒 <reminders@certbell.test>',
      CERTBELL_PUBLIC_URL: 'https://certbell.example.cn',
      CERTBELL_UNSUBSCRIBE_SECRET: 'cli-test-secret-0123456789abcdef-xyz',
      CERTBELL_STAFF_REPLY_TO: 'cert-desk@certbody.example.cn',
      CERTBELL_STAFF_EMAILS: 'desk@certbody.example.cn',
    };
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
    await database?.drop();
  });

  it("writes a contact's weekly digest as the .eml it would send, with its calendar and its Message-ID", async () => {
    const file = join(folder, 'zhang.eml');
    const result = await cli('digest', 'preview', '--contact', 'Zhang.Wei@example.cn', '--as-of', '2026-11-23', '--out', file);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toBe(`Wrote ${file}: 已逾期：年检 10月31日截止 · 北京安信网络科技有限公司，另有 1 项`);
    const raw = await readFile(file);
    // As sent: RFC 5322 lines end in CRLF, every one of them.
    expect(raw.toString('latin1')).toMatch(/\r\n/);
    expect(raw.toString('latin1')).not.toMatch(/(^|[^\r])\n/);
    const mail = await simpleParser(raw);
    expect(mail.to).toMatchObject({ value: [{ address: 'zhang.wei@example.cn' }] });
    expect(mail.replyTo?.value).toEqual([{ name: '', address: 'cert-desk@certbody.example.cn' }]);
    expect(mail.text).toContain('已逾期 23 天 · 2026-10-31 · 年检，案件 CN-2025-0007（CN-12）');
    expect(mail.html).toContain('id="deadlines"');
    const contact = await database.db.prisma.contact.findFirstOrThrow({ where: { email: 'zhang.wei@example.cn' } });
    // The default schedule is weekly: the preview carries the Message-ID the real send of W48 will have.
    expect(mail.messageId).toBe(messageIdFor(`digest|contact|${contact.id}|2026-W48`, env.SMTP_FROM!));
    const ics = mail.attachments.find((a) => a.filename === 'deadlines.ics');
    const events = new ICAL.Component(ICAL.parse(ics?.content.toString('utf8') ?? '')).getAllSubcomponents('vevent');
    expect(events.map((e) => (e.getFirstPropertyValue('dtstart') as ICAL.Time).toString())).toEqual(['2026-10-31', '2027-01-09']);
  });

  it('writes the staff digest to standard output', async () => {
    const result = await cli('digest', 'preview', '--staff', '--as-of', '2026-10-08', '--lang', 'en');
    expect(result.code).toBe(0);
    const mail = await simpleParser(Buffer.from(result.out));
    expect(mail.subject).toBe('逾期 1 项 · 本周到期 0 项 · 30 天内到期 2 项 · 未送达 0 条（工作人员汇总 2026-10-08）');
    expect(mail.to).toMatchObject({ value: [{ address: 'desk@certbody.example.cn' }] });
  });

  it('says so when there is nothing to say, and refuses an unknown contact in the chosen language', async () => {
    expect(await cli('digest', 'preview', '--contact', 'wang.fang@example.cn', '--as-of', '2026-11-23', '--lang', 'en')).toMatchObject({
      code: 0,
      out: 'Nothing to say on 2026-11-23: no digest would be sent.',
    });
    expect(await cli('digest', 'preview', '--contact', 'nobody@example.cn', '--lang', 'zh-CN')).toMatchObject({ code: 1, out: '', err: '没有电子邮箱为 nobody@example.cn 的联系人。' });
    expect(await cli('digest', 'preview', '--contact', 'nobody@example.cn', '--lang', 'en')).toMatchObject({ code: 1, err: 'No contact has the email address nobody@example.cn.' });
    expect(await cli('digest', 'preview', '--lang', 'en')).toMatchObject({ code: 2, err: 'Choose one of --contact EMAIL or --staff.' });
    expect(await cli('digest', 'preview', '--staff', '--as-of', '2026-13-01', '--lang', 'en')).toMatchObject({ code: 1 });
  });

  it('contact resubscribe: a contact who unsubscribed gets the digests again; an unknown address is refused in words', async () => {
    await database.db.prisma.contact.updateMany({ where: { email: 'zhang.wei@example.cn' }, data: { digestUnsubscribedAt: new Date('2026-11-20T01:00:00Z') } });
    const before = await cli('digest', 'preview', '--contact', 'zhang.wei@example.cn', '--as-of', '2026-11-23', '--lang', 'en', '--out', join(folder, 'before.eml'));
    expect(`${before.out}\n${before.err}`).toContain('Note: this contact unsubscribed on');
    expect(await cli('contact', 'resubscribe', ' Zhang.Wei@example.cn ', '--lang', 'en')).toMatchObject({ code: 0, out: 'zhang.wei@example.cn will get the digests again (北京安信网络科技有限公司).' });
    expect((await database.db.prisma.contact.findFirstOrThrow({ where: { email: 'zhang.wei@example.cn' } })).digestUnsubscribedAt).toBeNull();
    // Twice is the same.
    expect(await cli('contact', 'resubscribe', 'zhang.wei@example.cn', '--lang', 'zh-CN')).toMatchObject({ code: 0, out: 'zhang.wei@example.cn 将重新收到汇总邮件（北京安信网络科技有限公司）。' });
    expect(await cli('contact', 'resubscribe', 'nobody@example.cn', '--lang', 'en')).toMatchObject({ code: 1, err: 'No contact has the email address nobody@example.cn.' });
    expect(await cli('contact', 'resubscribe', '--lang', 'en')).toMatchObject({ code: 2 });
  });
});
