// Sweep, outbox and dispatcher on real databases with a simulated clock.
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchOutbox } from '../../../src/app/dispatch-outbox.js';
import { importCases } from '../../../src/app/import-cases.js';
import { recordEvent } from '../../../src/app/record-event.js';
import { sweepReminders } from '../../../src/app/sweep-reminders.js';
import { certified, createReminderWorld, nine } from '../../support/reminder-world.js';

type World = Awaited<ReturnType<typeof createReminderWorld>>;

describe.each(['sqlite', 'postgres'] as const)('reminders on %s', (kind) => {
  let world: World;
  afterEach(async () => world?.close());

  it('sweeps once per reminder, dispatches it, and a dry run writes nothing', async () => {
    world = await createReminderWorld(kind, nine('2026-11-21'));
    expect((await importCases(world.deps, [certified('CN-1', '2026-03-31', 'zhang@example.cn')], 'test')).ok).toBe(true);
    // CN-12: the window of the first inspection opens 2027-02-28.
    world.setNow(nine('2027-02-27'));
    expect((await sweepReminders(world.deps)).enqueued).toBe(0);
    world.setNow(nine('2027-02-28'));
    const dry = await sweepReminders(world.deps, { dryRun: true });
    expect(dry.reminders.map((r) => [r.caseRef, r.kind, r.step, r.channel, r.address])).toEqual([['CN-1', 'annual-inspection', 'opens', 'email', 'zhang@example.cn']]);
    expect(await world.deps.outbox.list({})).toEqual([]);
    expect((await sweepReminders(world.deps)).enqueued).toBe(1);
    expect((await sweepReminders(world.deps)).enqueued).toBe(0);
    expect(await dispatchOutbox(world.deps, 'a')).toMatchObject({ sent: 1 });
    expect(await dispatchOutbox(world.deps, 'a')).toMatchObject({ sent: 0 });
    const [mail] = world.email.delivered;
    // CN-12: the last day is the day before the anniversary (seed 000 §五).
    expect(mail?.subject).toBe('【certbell】年检须于 2027-03-30 前完成（CN-1）');
    expect(mail?.text).toContain('案件 CN-1 的年检须于 2027-03-30 前完成（还剩 30 天）。');
    expect(mail?.text).toContain('依据：证书签发于 2026-03-31：第 1 年年检须在签发周年日 2027-03-31 前一个月内完成，最后一天为周年日前一天 2027-03-30（CN-12）。');
    expect(mail?.text).toContain('联系方式：北京市通信行业协会，电话 010-68028629，邮箱 tongjizu@189.cn。');
    expect((await world.deps.outbox.list({ status: 'sent' })).map((e) => e.key)).toEqual(['CN-1|annual-inspection|NO-CN-1#1|opens|' + (await world.deps.recipients.recipientsOf(['CN-1'])).get('CN-1')?.[0]?.contactId + '|email']);
  });

  it('cancels a reminder whose obligation was met before it went out', async () => {
    world = await createReminderWorld(kind, nine('2026-11-21'));
    await importCases(world.deps, [certified('CN-1', '2026-03-31', 'zhang@example.cn')], 'test');
    world.setNow(nine('2027-03-17'));
    expect((await sweepReminders(world.deps)).enqueued).toBe(1);
    expect((await recordEvent(world.deps, { ref: 'CN-1', event: { type: 'annual-inspection-passed', date: '2027-03-17' } }, 'test')).ok).toBe(true);
    expect(await dispatchOutbox(world.deps, 'a')).toMatchObject({ sent: 0, cancelled: 1 });
    expect(world.email.attempts).toEqual([]);
    expect((await world.deps.outbox.list({})).map((e) => [e.status, e.lastError])).toEqual([['cancelled', 'obligation-met']]);
  });

  it('holds chat messages in quiet hours, obeys retry_after, and falls back to email when the chat is blocked', async () => {
    world = await createReminderWorld(kind, nine('2026-11-21'));
    await importCases(world.deps, [certified('CN-1', '2026-03-31', 'zhang@example.cn', 'en')], 'test');
    await world.bindChat('zhang@example.cn', '1001');
    // 22:00 in Shanghai on 2027-03-23 (the 7-day reminder, due 2027-03-30): held until 08:00.
    world.setNow('2027-03-23T14:00:00.000Z');
    expect((await sweepReminders(world.deps)).reminders.map((r) => [r.step, r.channel, r.address])).toEqual([['due-7d', 'telegram', '1001']]);
    expect(await dispatchOutbox(world.deps, 'a')).toMatchObject({ held: 1, sent: 0 });
    world.setNow('2027-03-23T23:59:00.000Z');
    expect(await dispatchOutbox(world.deps, 'a')).toMatchObject({ sent: 0, held: 0 });
    // 08:00 in Shanghai: Telegram says 429, retry after 2 s.
    world.setNow('2027-03-24T00:00:00.000Z');
    world.telegram.answer(() => ({ kind: 'retry', afterMs: 2000, reason: '429 Too Many Requests' }));
    // A rate limit defers the row; it is not an attempt, so no number of them can make it give up.
    expect(await dispatchOutbox(world.deps, 'a')).toMatchObject({ held: 1, retried: 0 });
    expect((await world.deps.outbox.list({ status: 'pending' })).map((r) => r.attempts)).toEqual([0]);
    world.advance(1999);
    expect(await dispatchOutbox(world.deps, 'a')).toMatchObject({ sent: 0, retried: 0 });
    world.advance(1);
    expect(await dispatchOutbox(world.deps, 'a')).toMatchObject({ sent: 1 });
    expect(world.telegram.delivered.map((m) => [m.address, m.subject, m.at.toISOString()])).toEqual([
      ['1001', '[certbell] Annual inspection due by 2027-03-30 (CN-1)', '2027-03-24T00:00:02.000Z'],
    ]);
    // The 1-day reminder: the user has blocked the bot; the email fallback goes out at once.
    world.setNow(nine('2027-03-29'));
    await sweepReminders(world.deps);
    world.telegram.answer(() => ({ kind: 'blocked', reason: 'Forbidden: bot was blocked by the user' }));
    expect(await dispatchOutbox(world.deps, 'a')).toMatchObject({ failed: 1, fellBack: 1 });
    expect(await dispatchOutbox(world.deps, 'a')).toMatchObject({ sent: 1 });
    expect(world.email.delivered.map((m) => [m.address, m.subject])).toEqual([['zhang@example.cn', '[certbell] Annual inspection due by 2027-03-30 (CN-1)']]);
    // The chat is now marked blocked: the overdue notice goes by email directly.
    world.setNow(nine('2027-03-31'));
    expect((await sweepReminders(world.deps)).reminders.map((r) => [r.step, r.channel])).toEqual([['overdue', 'email']]);
    await dispatchOutbox(world.deps, 'a');
    expect(world.email.delivered.at(-1)?.subject).toBe('[certbell] OVERDUE: Annual inspection was due by 2027-03-30 (CN-1)');
  });

  it('reports to staff a reminder that could not be delivered, once, and never reports a failed report', async () => {
    world = await createReminderWorld(kind, nine('2026-11-21'));
    await importCases(world.deps, [certified('CN-1', '2026-03-31', 'gone@example.cn')], 'test');
    world.setNow(nine('2027-02-28'));
    await sweepReminders(world.deps);
    world.email.answer(() => ({ kind: 'rejected', reason: '550 5.1.1 <gone@example.cn>: Recipient address rejected' }));
    expect(await dispatchOutbox(world.deps, 'a')).toMatchObject({ failed: 1, reported: 1 });
    // The staff report goes out at the next dispatch, in the staff's language.
    expect(await dispatchOutbox(world.deps, 'a')).toMatchObject({ sent: 1 });
    const [report] = world.email.delivered;
    expect(report?.address).toBe('staff@certbody.example.cn');
    expect(report?.subject).toBe('【certbell】提醒未能送达：案件 CN-1 的年检');
    expect(report?.text).toContain('原因：rejected: 550 5.1.1 <gone@example.cn>: Recipient address rejected');
    // The refusal is kept on the contact, so that digests stop going to a dead address.
    const contact = await world.database.db.prisma.contact.findFirstOrThrow({ where: { email: 'gone@example.cn' } });
    expect([contact.emailRejectedAt?.toISOString(), contact.emailRejectedReason]).toEqual([nine('2027-02-28'), 'rejected: 550 5.1.1 <gone@example.cn>: Recipient address rejected']);
    // Nothing more: the report is not repeated, and a failing report is not itself reported.
    expect(await dispatchOutbox(world.deps, 'a')).toMatchObject({ sent: 0, failed: 0, reported: 0 });
    world.setNow(nine('2027-03-17'));
    await sweepReminders(world.deps);
    world.email.answer(
      () => ({ kind: 'rejected', reason: '550 gone' }),
      () => ({ kind: 'rejected', reason: '550 staff mailbox full' }),
    );
    expect(await dispatchOutbox(world.deps, 'a')).toMatchObject({ failed: 1, reported: 1 });
    expect(await dispatchOutbox(world.deps, 'a')).toMatchObject({ failed: 1, reported: 0 });
    expect((await world.deps.outbox.list({ status: 'failed' })).map((r) => [r.purpose, r.address])).toEqual([
      ['reminder', 'gone@example.cn'],
      ['reminder', 'gone@example.cn'],
      ['staff-report', 'staff@certbody.example.cn'],
    ]);
  });

  it('reports to staff a reminder the sweep found no channel for (no chat, email off), instead of dropping it', async () => {
    world = await createReminderWorld(kind, nine('2026-11-21'));
    await importCases(world.deps, [certified('CN-1', '2026-03-31', 'zhang@example.cn')], 'test');
    world.setNow(nine('2027-02-28'));
    const swept = await sweepReminders({ ...world.deps, channels: { telegram: world.telegram } });
    expect(swept.reminders.map((r) => [r.channel, r.status, r.lastError])).toEqual([['none', 'pending', 'no-channel']]);
    expect(await dispatchOutbox(world.deps, 'a')).toMatchObject({ failed: 1, reported: 1 });
    expect(await dispatchOutbox(world.deps, 'a')).toMatchObject({ sent: 1 });
    expect(world.email.delivered.map((m) => [m.address, m.subject])).toEqual([['staff@certbody.example.cn', '【certbell】提醒未能送达：案件 CN-1 的年检']]);
    expect(world.email.delivered[0]?.text).toContain('no-channel');
  });

  it('gives each row to one dispatcher, and takes over rows whose dispatcher died', async () => {
    world = await createReminderWorld(kind, nine('2026-11-21'));
    const items = Array.from({ length: 40 }, (_, i) => certified(`CN-${i + 1}`, '2026-03-31', `c${i + 1}@example.cn`));
    expect((await importCases(world.deps, items, 'test')).ok).toBe(true);
    world.setNow(nine('2027-02-28'));
    expect((await sweepReminders(world.deps)).enqueued).toBe(40);
    const now = world.deps.clock.now();
    const [a, b] = await Promise.all([world.deps.outbox.claim('a', now, 25, 60_000), world.deps.outbox.claim('b', now, 25, 60_000)]);
    const ids = [...(a ?? []), ...(b ?? [])].map((e) => e.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    // Dispatcher a dies holding its rows; b takes them over once the lease has run out, not before.
    expect(await world.deps.outbox.claim('b', new Date(now.getTime() + 59_000), 50, 60_000)).toEqual([]);
    const taken = await world.deps.outbox.claim('b', new Date(now.getTime() + 60_001), 50, 60_000);
    expect(taken.length).toBe(40);
    // A late answer from a (its lease gone) changes nothing.
    await world.deps.outbox.finish(taken[0]!.id, 'a', { status: 'failed', error: 'late', attempted: true }, now);
    expect((await world.deps.outbox.list({ status: 'failed' })).length).toBe(0);
  });
});
