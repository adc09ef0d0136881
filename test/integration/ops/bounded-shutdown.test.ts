// SIGTERM while the mail server hangs: the real service process (`tsx src/main.ts`) starts no new
// send after the signal, cuts the one in flight short at its deadline, gives back every row it had
// claimed, and exits well within the bound the README states (30 s, under systemd's TimeoutStopSec).
// Started again with the mail server working, it sends every message exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import { createOutboxRepository } from '../../../src/adapters/db/outbox-repository.js';
import type { NewOutboxEntry } from '../../../src/app/reminder-ports.js';
import { startFakeSmtp } from '../../fakes/fake-smtp.js';
import type { FakeSmtpServer } from '../../fakes/fake-smtp.js';
import { createTestDatabase } from '../../support/databases.js';
import { startService } from '../../support/service-process.js';

/** The bound the README states for the service's exit after SIGTERM. */
const STOP_BOUND_MS = 30_000;
const MESSAGES = 6;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

function staffReport(n: number, notBefore: Date): NewOutboxEntry {
  const detail = { caseRef: `CN-2026-01${n}`, kind: 'pledge', step: 'due', channel: 'telegram', address: '42', reason: 'blocked' };
  return { key: `stop-${n}`, reminder: `stop-${n}`, purpose: 'staff-report', detail: JSON.stringify(detail), caseRef: detail.caseRef, kind: 'pledge', occurrence: '1', step: 'due', contactId: `contact-${n}`, channel: 'email', address: `desk${n}@certbody.example.cn`, locale: 'en', status: 'pending', lastError: null, notBefore };
}

/** The service on the test's database and mail server, killed after the test if it still runs. */
function startStoppable(databaseUrl: string, smtp: FakeSmtpServer) {
  const service = startService({
    DATABASE_URL: databaseUrl,
    CERTBELL_INSTANCE: 'stop-test',
    CERTBELL_SWEEP_AT: '23:59',
    CERTBELL_QUIET_HOURS: 'off',
    CERTBELL_DISPATCH_EVERY_SECONDS: '1',
    SMTP_URL: smtp.url,
  });
  cleanups.push(() => service.kill());
  return service;
}

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(['sqlite', 'postgres'] as const)('stopping the service on %s', (kind) => {
  it('SIGTERM while SMTP hangs: exits within the bound, gives back every claimed row; restarted, it sends each message exactly once', async () => {
    const database = await createTestDatabase(kind);
    cleanups.push(() => database.drop());
    const smtp = await startFakeSmtp();
    cleanups.push(() => smtp.stop());
    smtp.hangData();
    const now = Date.now();
    await createOutboxRepository(database.db).enqueue(
      Array.from({ length: MESSAGES }, (_, i) => staffReport(i + 1, new Date(now - 60_000))),
      new Date(now - 60_000),
    );

    const first = startStoppable(database.url, smtp);
    // The first message's content is with the mail server, which never answers it.
    await until('a send in flight', () => smtp.hangingNow === 1, 60_000, first.output);
    const claimed = await database.db.prisma.outboxMessage.count({ where: { status: 'sending', claimedBy: 'stop-test' } });
    expect(claimed).toBe(MESSAGES);

    const signalled = Date.now();
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const tookMs = Date.now() - signalled;
    expect(tookMs).toBeLessThan(STOP_BOUND_MS);
    // No send started after the signal: the server saw one message, and never a second.
    expect(smtp.hangingNow + smtp.received.length).toBeLessThanOrEqual(1);
    expect(first.output()).toContain('certbell stopped cleanly.');

    // Every row is pending again, lease cleared, no attempt counted (the stop, not the server, ended them).
    const rows = await database.db.prisma.outboxMessage.findMany({ orderBy: { key: 'asc' }, select: { key: true, status: true, attempts: true, claimedBy: true, claimedUntil: true, sentAt: true } });
    expect(rows).toEqual(Array.from({ length: MESSAGES }, (_, i) => ({ key: `stop-${i + 1}`, status: 'pending', attempts: 0, claimedBy: null, claimedUntil: null, sentAt: null })));

    // The mail server works again; the service, started again, sends each message once.
    smtp.hangData(false);
    const second = startStoppable(database.url, smtp);
    await until('every message sent', () => smtp.received.length >= MESSAGES, 60_000, second.output);
    // A few more dispatch ticks: nothing goes out twice.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const recipients = smtp.received.map((m) => m.envelope.to.join(',')).sort();
    expect(recipients).toEqual(Array.from({ length: MESSAGES }, (_, i) => `desk${i + 1}@certbody.example.cn`).sort());
    expect(new Set(smtp.received.map((m) => m.mail.messageId)).size).toBe(MESSAGES);
    const after = await database.db.prisma.outboxMessage.findMany({ select: { status: true, attempts: true } });
    expect(after).toEqual(Array.from({ length: MESSAGES }, () => ({ status: 'sent', attempts: 1 })));
  }, 180_000);
});
