// A reminder that fell due while its contact could be reached on no channel (no chat, email off) goes
// to the chat the contact binds later, once, on the next dispatch; and the sweep lists exactly what it
// enqueues. Real telegraf against the local fake Bot API, the real outbox, on both databases.
// CN-12: the Beijing case's first annual inspection window opened on 2026-11-10, so on 2026-11-21
// its current step is the "window opens" reminder.
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchOutbox } from '../../../src/app/dispatch-outbox.js';
import { sweepReminders } from '../../../src/app/sweep-reminders.js';
import { translator } from '../../../src/adapters/i18n/translator.js';
import { runCliCaptured } from '../../support/run-cli.js';
import { CASES, createAssistantWorld } from './assistant-world.js';
import type { AssistantWorld } from './assistant-world.js';

const zh = translator('zh-CN');

describe.each(['sqlite', 'postgres'] as const)('a chat bound after its reminder found no channel, on %s', (kind) => {
  let world: AssistantWorld;
  afterEach(async () => world?.close());

  async function sweptWithNoChannel() {
    world = await createAssistantWorld(kind, { reminders: true });
    const deps = world.reminders!;
    const swept = await sweepReminders(deps, {});
    // In the order the sweep reads, case by case: compared as a set.
    expect(swept.reminders.map((r) => `${r.caseRef} ${r.step} ${r.channel}`).sort()).toEqual(
      [`${CASES.xinjiang.ref} overdue none`, `${CASES.xinjiang.ref} overdue none`, `${CASES.wal.ref} overdue none`, `${CASES.beijing.ref} opens none`].sort(),
    );
    expect(await dispatchOutbox(deps, 'a')).toMatchObject({ sent: 0, failed: 4 });
    expect((await deps.outbox.list({ status: 'failed' })).map((r) => r.lastError)).toEqual(['no-channel', 'no-channel', 'no-channel', 'no-channel']);
    return deps;
  }

  const toChat = (chatId: number, from: number) => world.fake.sent.slice(from).filter((m) => m.chatId === chatId);

  it('the invitation binds the chat, the next dispatch sends the reminder to it once, and binding again sends nothing more', async () => {
    const deps = await sweptWithNoChannel();

    const bound = await world.bind(1001, CASES.beijing.ref, CASES.beijing.email);
    expect(bound.map((m) => m.text)).toEqual([zh.t('telegram.bound', { cases: CASES.beijing.ref, count: 1 })]);
    const before = world.fake.sent.length;
    expect(await dispatchOutbox(deps, 'a')).toMatchObject({ sent: 1, failed: 0, conflicts: 0 });
    const reminders = toChat(1001, before);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.text).toContain(CASES.beijing.ref);
    // Only the Beijing contact's reminder: the other cases' contacts have no chat yet.
    expect(world.fake.sent.slice(before).filter((m) => m.chatId !== 1001)).toEqual([]);
    const [late] = await deps.outbox.list({ caseRef: CASES.beijing.ref, status: 'sent' });
    expect(late).toMatchObject({ channel: 'telegram', address: '1001', step: 'opens', attempts: 1 });
    expect(late?.reminder).toMatch(/\|late$/);

    // A sweep now lists nothing for the chat, and enqueues nothing.
    expect((await sweepReminders(deps, { dryRun: true })).reminders).toEqual([]);
    expect((await sweepReminders(deps, {})).enqueued).toBe(0);

    // Binding again (the same chat with a new invitation, and a second chat): nothing more is sent.
    await world.bind(1001, CASES.beijing.ref, CASES.beijing.email);
    await world.bind(1002, CASES.beijing.ref, CASES.beijing.email);
    const again = world.fake.sent.length;
    expect(await dispatchOutbox(deps, 'a')).toMatchObject({ sent: 0, failed: 0 });
    expect(world.fake.sent.slice(again)).toEqual([]);
    expect(await deps.outbox.list({ caseRef: CASES.beijing.ref, status: 'sent' })).toHaveLength(1);
  });

  it('a chat bound without the assistant: certbell sweep --dry-run lists the reminder going to it, and certbell sweep enqueues exactly that, once', async () => {
    const deps = await sweptWithNoChannel();
    // Bound straight through the repository (the assistant was not running): no reminder queued yet.
    const token = await world.invitationToken(CASES.wal.ref, CASES.wal.email);
    expect(await world.assistant.invitations.redeem(token, '1003', new Date(deps.clock.now()))).toMatchObject({ kind: 'bound' });

    // `certbell sweep --dry-run` lists the reminder going to the chat, and `certbell sweep` enqueues exactly what it listed.
    const env = { DATABASE_URL: world.database.url, TELEGRAM_BOT_TOKEN: world.fake.token, TELEGRAM_API_ROOT: world.fake.url, LANG: 'C.UTF-8' };
    const sweep = async (...flags: string[]) => {
      const run = await runCliCaptured(['sweep', '--as-of', '2026-11-21', '--json', ...flags], env);
      expect(run.code, run.err).toBe(0);
      return JSON.parse(run.out) as { reminders: { key: string; caseRef: string; step: string; channel: string; address: string }[]; enqueued: number };
    };
    const dry = await sweep('--dry-run');
    expect(dry.reminders.map((r) => [r.caseRef, r.step, r.channel, r.address])).toEqual([[CASES.wal.ref, 'overdue', 'telegram', '1003']]);
    expect(dry.enqueued).toBe(0);
    const real = await sweep();
    expect(real.enqueued).toBe(1);
    expect(real.reminders.map((r) => r.key)).toEqual(dry.reminders.map((r) => r.key));
    expect((await deps.outbox.list({ caseRef: CASES.wal.ref, status: 'pending' })).map((r) => r.key)).toEqual(dry.reminders.map((r) => r.key));
    // Swept again: nothing listed, nothing enqueued.
    expect(await sweep('--dry-run')).toMatchObject({ reminders: [], enqueued: 0 });
    expect(await sweep()).toMatchObject({ reminders: [], enqueued: 0 });
    // The command line dates its row by the machine's clock; the test's clock stays on 2026-11-21.
    await world.database.db.prisma.outboxMessage.updateMany({ where: { key: { in: real.reminders.map((r) => r.key) } }, data: { notBefore: deps.clock.now() } });

    const before = world.fake.sent.length;
    expect(await dispatchOutbox(deps, 'a')).toMatchObject({ sent: 1 });
    expect(toChat(1003, before)).toHaveLength(1);
    expect(toChat(1003, before)[0]?.text).toContain(CASES.wal.ref);
    expect((await sweepReminders(deps, { dryRun: true, asOf: '2026-11-21' })).reminders).toEqual([]);
    expect(await dispatchOutbox(deps, 'a')).toMatchObject({ sent: 0 });
  });
});
