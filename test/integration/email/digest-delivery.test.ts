// Digests end to end on both databases: outbox rows per recipient and period, the real email channel
// (nodemailer) to the local SMTP server, and every message parsed back with mailparser.
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { messageIdFor } from '../../../src/adapters/email/email-delivery.js';
import { dispatchOutbox } from '../../../src/app/dispatch-outbox.js';
import { enqueueContactDigests, enqueueStaffDigests } from '../../../src/app/send-digests.js';
import { recordEvent } from '../../../src/app/record-event.js';
import type { ReceivedMail } from '../../fakes/fake-smtp.js';
import { createDigestWorld, FROM, nine, smtpForEachTest, STAFF, to, type DigestWorld } from '../../support/digest-world.js';

const week48 = { asOf: '2026-11-23', period: '2026-W48' };

function calendarOf(mail: ReceivedMail) {
  const ics = mail.mail.attachments.find((a) => a.filename === 'deadlines.ics');
  if (!ics) throw new Error('no calendar attached');
  return { attachment: ics, calendar: new ICAL.Component(ICAL.parse(ics.content.toString('utf8'))) };
}

describe.each(['sqlite', 'postgres'] as const)('email digests on %s', (kind) => {
  let world: DigestWorld;
  const smtp = smtpForEachTest(async () => world?.close());

  async function start() {
    world = await createDigestWorld(kind, nine('2026-11-23'), { smtpUrl: smtp.url });
    await world.importDigestCases();
  }

  it('sends one digest per contact with something to say, once per week, in each contact’s language, with a calendar and a one-click unsubscribe', async () => {
    await start();
    const run = await enqueueContactDigests(world.digests, week48);
    expect(run.enqueued).toBe(2);
    expect(run.entries.map((e) => e.address).sort()).toEqual(['li.na@example.com', 'zhang.wei@example.cn']);
    // Another instance, or a restart, enqueueing the same week adds nothing.
    expect((await enqueueContactDigests(world.digests, week48)).enqueued).toBe(0);
    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 2, failed: 0 });
    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 0 });
    expect(smtp.received.map(to).sort()).toEqual(['li.na@example.com', 'zhang.wei@example.cn']);

    const zhang = smtp.received.find((m) => to(m) === 'zhang.wei@example.cn') as ReceivedMail;
    const { mail } = zhang;
    expect(mail.subject).toBe('已逾期：年检 10月31日截止 · 北京安信网络科技有限公司，另有 1 项');
    expect(mail.from?.value).toEqual([{ name: '证书提醒', address: 'reminders@certbell.test' }]);
    expect(mail.replyTo?.value).toEqual([{ name: '认证部 王老师', address: 'cert-desk@certbody.example.cn' }]);
    expect(mail.text).toContain('张伟，您好：');
    expect(mail.text).toContain('已逾期 23 天 · 2026-10-31 · 年检，案件 CN-2025-0007（CN-12）');
    expect(mail.text).toContain('联系方式：北京市通信行业协会，电话 010-68028629，邮箱 tongjizu@189.cn。');
    expect(mail.html).toContain('<div id="deadlines" role="list">');
    expect(mail.html).toContain('年检，案件 CN-2026-0001（CN-12）');
    expect(mail.headers.get('content-type')).toMatchObject({ value: 'multipart/mixed' });
    const contactId = (await world.contactRow('zhang.wei@example.cn')).id;
    expect(mail.messageId).toBe(messageIdFor(`digest|contact|${contactId}|2026-W48`, FROM));
    const header = (key: string) => mail.headerLines.find((h) => h.key === key)?.line.replace(/\r?\n[ \t]+/g, ' ');
    expect(header('list-unsubscribe')).toBe(`List-Unsubscribe: <${world.links.url(contactId)}>`);
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    const { attachment, calendar } = calendarOf(zhang);
    expect(attachment.contentType).toBe('text/calendar');
    expect(calendar.getAllSubcomponents('vevent').map((v) => (v.getFirstPropertyValue('dtstart') as ICAL.Time).toString())).toEqual(['2026-10-31', '2027-01-09']);
    // Headers travel as 7-bit encoded words whatever the language.
    expect(zhang.raw.toString('latin1').split('\r\n\r\n')[0]).toMatch(/^[\x20-\x7e\r\n\t]*$/);

    const li = smtp.received.find((m) => to(m) === 'li.na@example.com') as ReceivedMail;
    expect(li.mail.subject).toBe('Overdue: Surveillance information, due 20 Sep · Shanghai Shield Security Co., Ltd., 1 more deadline');
    expect(li.mail.text).toContain('Dear Li Na,');
    expect(calendarOf(li).calendar.getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('summary'))).toEqual([
      'Surveillance information, case WA-2025-0003 (WA-8)',
      'Surveillance audit, case WA-2025-0003 (WA-4)',
    ]);
  });

  it('renders at send time: an obligation met since the row was written is left out, and an empty digest is cancelled', async () => {
    await start();
    await enqueueContactDigests(world.digests, week48);
    // The overdue CN-12 inspection of CN-2025-0007 is passed before the dispatcher runs.
    expect((await recordEvent(world.deps, { ref: 'CN-2025-0007', event: { type: 'annual-inspection-passed', date: '2026-11-23' } }, 'test')).ok).toBe(true);
    await world.database.db.prisma.contact.updateMany({ where: { email: 'li.na@example.com' }, data: { digestUnsubscribedAt: new Date(nine('2026-11-23')) } });
    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 1, cancelled: 1 });
    const [zhang] = smtp.received;
    expect(zhang?.mail.subject).toBe('年检 1月9日截止 · 北京安信网络科技有限公司');
    expect(zhang?.mail.text).not.toContain('CN-2025-0007');
    expect((await world.digests.outbox.list({ status: 'cancelled' })).map((r) => [r.address, r.lastError])).toEqual([['li.na@example.com', 'unsubscribed']]);
  });

  it('sends the staff digest to every staff address once a day, with the undelivered reminders that still matter', async () => {
    await start();
    // A reminder of the still-open WA-4 audit that no channel could carry, and one of an obligation met long ago.
    const failed = (key: string, kind: string, occurrence: string) => ({
      key, reminder: key, purpose: 'reminder' as const, detail: null, caseRef: 'WA-2025-0003', kind, occurrence, step: 'due-30d', contactId: 'x',
      channel: 'none' as const, address: '', locale: 'en', status: 'failed' as const, lastError: 'no-channel', notBefore: new Date(nine('2026-11-20')),
    });
    await world.digests.outbox.enqueue([failed('r1', 'surveillance-audit', 'WAL-2025-0003@2025-12-20#0'), failed('r2', 'surveillance-audit', 'WAL-2024-0001@old#9')], new Date(nine('2026-11-20')));
    const run = await enqueueStaffDigests(world.digests, { asOf: '2026-11-23', period: '2026-11-23' });
    expect(run.enqueued).toBe(2);
    expect((await enqueueStaffDigests(world.digests, { asOf: '2026-11-23', period: '2026-11-23' })).enqueued).toBe(0);
    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 2 });
    expect(smtp.received.map(to).sort()).toEqual([...STAFF].sort());
    const { mail } = smtp.received[0] as ReceivedMail;
    expect(mail.subject).toBe('逾期 3 项 · 本周到期 0 项 · 30 天内到期 1 项 · 未送达 1 条（工作人员汇总 2026-11-23）');
    const lines = (mail.text ?? '').split('\n');
    expect(lines.slice(2, 9)).toEqual([
      '已逾期: 3',
      '  cnce-ns · 材料审查：1 项',
      '    2026-10-23 · 已逾期 31 天 · CN-2026-0004 · 工作人员 · CN-6',
      '  cnce-ns · 年检：1 项',
      '    2026-10-31 · 已逾期 23 天 · CN-2025-0007 · 申请单位 · CN-12',
      '  wal · 提交监督审核信息：1 项',
      '    2026-09-20 · 已逾期 64 天 · WA-2025-0003 · 申请单位 · WA-8',
    ]);
    expect(mail.text).toContain('  WA-2025-0003 · 监督审核 · due-30d · none —：no-channel');
    expect(mail.text).not.toContain('WAL-2024-0001');
    expect(mail.attachments).toEqual([]);
  });

  it('records an address the server refuses for good on the contact, tells staff once, and sends it no more digests', async () => {
    await start();
    smtp.rejectRecipient('zhang.wei@example.cn', { code: 550, message: '5.1.1 <zhang.wei@example.cn>: Recipient address rejected: User unknown' });
    await enqueueContactDigests(world.digests, week48);
    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 1, failed: 1 });
    const contact = await world.contactRow('zhang.wei@example.cn');
    expect(contact.emailRejectedAt?.toISOString()).toBe(nine('2026-11-23'));
    expect(contact.emailRejectedReason).toBe('RCPT TO: 550 5.1.1 <zhang.wei@example.cn>: Recipient address rejected: User unknown');
    // The reports to staff go out on the next dispatch.
    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 2 });
    const reports = smtp.received.filter((m) => STAFF.includes(to(m)));
    expect(reports.map((m) => m.mail.subject)).toEqual(['【certbell】邮箱地址被拒收：张伟（北京安信网络科技有限公司）', '【certbell】邮箱地址被拒收：张伟（北京安信网络科技有限公司）']);
    expect(reports[0]?.mail.text).toContain('案件：CN-2025-0007, CN-2026-0001');
    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 0, failed: 0 });
    // Next Monday the contact is skipped, and says why.
    world.setNow(nine('2026-11-30'));
    const next = await enqueueContactDigests(world.digests, { asOf: '2026-11-30', period: '2026-W49' });
    expect(next.entries.map((e) => e.address)).toEqual(['li.na@example.com']);
    expect(next.skipped).toEqual([{ contactId: contact.id, email: 'zhang.wei@example.cn', reason: 'address-rejected' }]);
  });

  it('keeps a digest while the SMTP server is down and sends it once when it is back', async () => {
    await start();
    await enqueueStaffDigests(world.digests, { asOf: '2026-11-23', period: '2026-11-23' });
    await smtp.stop();
    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 0, retried: 2 });
    const pending = await world.digests.outbox.list({ status: 'pending' });
    expect(pending.map((r) => [r.attempts, r.notBefore.toISOString()])).toEqual([
      // 30 s back-off with the jitter pinned at half way: 22.5 s.
      [1, '2026-11-23T01:00:22.500Z'],
      [1, '2026-11-23T01:00:22.500Z'],
    ]);
    await smtp.start();
    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 0 });
    world.advance(22_500);
    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 2 });
    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 0 });
    expect(smtp.received.map(to).sort()).toEqual([...STAFF].sort());
  });

  it('does not send twice when an instance dies between rendering and sending, nor while it still holds the row', async () => {
    await start();
    await enqueueStaffDigests(world.digests, { asOf: '2026-11-23', period: '2026-11-23' });
    const second = await createDigestWorld(kind, nine('2026-11-23'), { smtpUrl: smtp.url, join: { url: world.database.url } });
    try {
      // Instance a claims both rows and renders the first, then dies before sending anything.
      const claimed = await world.dispatch.outbox.claim('a', world.dispatch.clock.now(), 10, world.dispatch.dispatch.leaseMs);
      expect(claimed).toHaveLength(2);
      const composed = await world.dispatch.composers?.digest?.compose(claimed[0]!, world.dispatch.clock.now());
      expect(composed?.kind).toBe('send');
      // Instance b, while a's lease runs: nothing to take.
      expect(await dispatchOutbox(second.dispatch, 'b')).toMatchObject({ sent: 0 });
      second.advance(world.dispatch.dispatch.leaseMs - 1);
      expect(await dispatchOutbox(second.dispatch, 'b')).toMatchObject({ sent: 0 });
      // Once the lease has run out, b takes the rows over and sends each once.
      second.advance(2);
      expect(await dispatchOutbox(second.dispatch, 'b')).toMatchObject({ sent: 2 });
      expect(await dispatchOutbox(second.dispatch, 'b')).toMatchObject({ sent: 0 });
      expect(smtp.received.map(to).sort()).toEqual([...STAFF].sort());
      // The message carries the Message-ID of its outbox key, the same on any instance.
      const desk = smtp.received.find((m) => to(m) === STAFF[0]);
      expect(desk?.mail.messageId).toBe(messageIdFor(`digest|staff|${STAFF[0]}|2026-11-23`, FROM));
      // Instance a wakes up late and tries to record an outcome: the row is no longer its own.
      await world.dispatch.outbox.finish(claimed[0]!.id, 'a', { status: 'failed', error: 'late', attempted: true }, world.dispatch.clock.now());
      expect((await world.digests.outbox.list({})).map((r) => r.status)).toEqual(['sent', 'sent']);
    } finally {
      await second.close();
    }
  });
});
