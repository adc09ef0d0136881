// Several instances, one PostgreSQL database and a slow mail server: a dispatcher sends a row only
// while it holds the row's lease, renewing it before each send, so a batch slower than the lease is
// never taken over and sent again by another instance. No crash is needed to cause duplicates
// without the fence: only a mail server slower than the lease allows.
import { afterEach, describe, expect, it } from 'vitest';
import { createEmailDelivery } from '../../../src/adapters/email/email-delivery.js';
import { dispatchOutbox } from '../../../src/app/dispatch-outbox.js';
import type { DispatchDeps, DispatchReport } from '../../../src/app/dispatch-outbox.js';
import { importCases } from '../../../src/app/import-cases.js';
import { sweepReminders } from '../../../src/app/sweep-reminders.js';
import { startFakeSmtp } from '../../fakes/fake-smtp.js';
import type { FakeSmtpServer } from '../../fakes/fake-smtp.js';
import { pledgeCase } from '../../support/histories.js';
import { createReminderWorld } from '../../support/reminder-world.js';

const SERIES = { ref: 'CN-L', digits: 3, organization: '租约测试公司', mailbox: 'l' };
type World = Awaited<ReturnType<typeof createReminderWorld>>;

/** 12 in `npm test`; `npm run test:faults` sends 100 (about 210 s of a slow mail server). */
const MESSAGES = Number(process.env.FENCE_MESSAGES ?? 12);
/** Two instances claim every row between them; the third stays idle, ready to take over a lapsed lease. */
const BATCH = Math.ceil(MESSAGES / 2);

describe('three instances on one PostgreSQL database, with a mail server taking 4 s a message', () => {
  const worlds: World[] = [];
  let smtp: FakeSmtpServer | undefined;
  afterEach(async () => {
    for (const world of worlds.splice(0).reverse()) await world.close();
    await smtp?.close();
  });

  it(`CN-9: ${MESSAGES} pledge reminders, batches of ${BATCH} at 4 s a message against a 6-s lease, a third instance idle: each sent exactly once, no conflict`, { timeout: 120_000 + MESSAGES * 3_000 }, async () => {
    smtp = await startFakeSmtp();
    smtp.slowDown(4_000);
    // A batch at 4 s a message outlasts a 6-s lease many times over; the first two instances claim
    // every row and the third, idle, would take over any lease left to run out (without the fence,
    // 18 rows sent 41 messages).
    const policy = { quietHours: null, leaseMs: 6_000, batchSize: BATCH };
    const first = await createReminderWorld('postgres', new Date().toISOString(), policy);
    worlds.push(first);
    const others = [await createReminderWorld('postgres', new Date().toISOString(), policy, { url: first.database.url }), await createReminderWorld('postgres', new Date().toISOString(), policy, { url: first.database.url })];
    worlds.push(...others);
    const instance = (world: World): DispatchDeps => ({
      ...world.deps,
      // Real time: the leases run out on the wall clock while the mail server takes its time.
      clock: { now: () => new Date() },
      channels: { email: createEmailDelivery({ smtpUrl: smtp!.url, from: 'certbell <certbell@example.cn>' }) },
    });
    const [a, b, c] = [instance(first), instance(others[0]!), instance(others[1]!)];
    expect((await importCases(a, Array.from({ length: MESSAGES }, (_, i) => pledgeCase(SERIES, i + 1)), 'test')).ok).toBe(true);
    // CN-9: the notice ended 2026-11-10; on 2026-11-20 the reminder of 11-19 is due for all of them.
    expect((await sweepReminders(a, { asOf: '2026-11-20' })).enqueued).toBe(MESSAGES);

    const reports: DispatchReport[] = [];
    const run = async (deps: DispatchDeps, name: string) => {
      const deadline = Date.now() + 90_000 + MESSAGES * 3_000;
      while (Date.now() < deadline) {
        reports.push(await dispatchOutbox(deps, name));
        const open = [...(await deps.outbox.list({ status: 'pending' })), ...(await deps.outbox.list({ status: 'sending' }))];
        if (!open.length) return;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    await Promise.all([run(a, 'a'), run(b, 'b'), run(c, 'c')]);

    const recipients = smtp.received.map((m) => m.envelope.to.join(','));
    expect(recipients).toHaveLength(MESSAGES);
    expect(new Set(recipients).size).toBe(MESSAGES);
    expect((await a.outbox.list({ status: 'sent' })).length).toBe(MESSAGES);
    expect(reports.reduce((n, r) => n + r.conflicts, 0)).toBe(0);
    // The work was shared: more than one instance sent.
    expect(reports.filter((r) => r.sent > 0).length).toBeGreaterThan(1);
  });
});
