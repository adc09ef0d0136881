// The console as the case-page and list tests find it: Slack configured, an English and a Chinese
// member of staff (the English one signed in), the fixture cases imported, and the escalation sweep
// and the dispatcher run once on the console's day, so that the overdue revocation review is
// escalated and posted to Slack.
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import type { NewOutboxEntry } from '../../src/app/reminder-ports.js';
import { sweepEscalations } from '../../src/app/sweep-escalations.js';
import type { DatabaseKind } from '../../src/adapters/db/database-url.js';
import { FAKE_SLACK_TOKEN, startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { signedInConsole, type WebClient, type WebWorld } from './web-world.js';

export const STAFF = 'wang.fang@certbody.example.cn';
export const STAFF_ZH = 'li.na@certbody.example.cn';
/** Its surveillance audit was due by 2025-09-10; on 2026-11-23 the revocation review is overdue and escalated. */
export const OVERDUE = 'WA-2024-0007';
export const WITH_CONTACT = 'CN-2026-0002';

export async function createEscalatedConsole(kind: DatabaseKind, env: Readonly<Record<string, string>> = {}): Promise<{ world: WebWorld; slack: FakeSlack; client: WebClient }> {
  const slack = await startFakeSlack();
  const { world, client } = await signedInConsole(kind, [STAFF, [STAFF_ZH, 'zh-CN']], {
    SLACK_BOT_TOKEN: FAKE_SLACK_TOKEN,
    SLACK_SIGNING_SECRET: 'signing-secret-for-tests',
    SLACK_STAFF_CHANNEL: 'C0STAFF',
    SLACK_API_URL: slack.apiUrl,
    ...env,
  });
  const clock = { now: world.now };
  const raised = (await sweepEscalations({ ...world.runtime.escalations!, clock })).raised.map((e) => e.caseRef);
  if (raised.join() !== OVERDUE) throw new Error(`the sweep escalated ${raised.join() || 'nothing'}, not ${OVERDUE}`);
  const dispatched = await dispatchOutbox({ ...world.runtime.reminders, clock }, 'test');
  if (dispatched.sent !== 1) throw new Error(`the dispatcher sent ${dispatched.sent} messages, not the escalation alone`);
  return { world, slack, client };
}

/** What a refused action must not change: the rows a write would add, the cases' versions and the escalations' states. */
export async function fingerprint(world: WebWorld): Promise<string> {
  const p = world.runtime.db.prisma;
  const counts = await Promise.all([
    p.caseEvent.count(),
    p.auditEntry.count(),
    p.invitation.count(),
    p.outboxMessage.count({ where: { status: 'pending' } }),
    p.outboxMessage.count({ where: { status: 'failed' } }),
  ]);
  const cases = await p.case.findMany({ select: { ref: true, version: true, stage: true }, orderBy: { ref: 'asc' } });
  const escalations = await p.escalation.findMany({ select: { id: true, status: true, snoozedUntil: true }, orderBy: { id: 'asc' } });
  return JSON.stringify({ counts, cases, escalations });
}

/** The error a failed delivery written by `failedDelivery` carries. */
export const bounce = (step: string) => `550 5.1.1 mailbox unavailable (${step})`;

/** A reminder to the case's first contact that the sweep found no way to deliver, as it writes one. */
export async function failedDelivery(world: WebWorld, caseRef: string, step: string, notBefore: Date): Promise<void> {
  const [contact] = (await world.runtime.deps.cases.findByRef(caseRef))?.contacts ?? [];
  if (!contact) throw new Error(`${caseRef} has no contact`);
  const entry: NewOutboxEntry = {
    key: `reminder|${caseRef}|acceptance|#0|${step}|${contact.id}|email`,
    reminder: `reminder|${caseRef}|acceptance|#0|${step}|${contact.id}`,
    purpose: 'reminder',
    detail: null,
    caseRef,
    kind: 'acceptance',
    occurrence: '#0',
    step,
    contactId: contact.id,
    channel: 'email',
    address: contact.email,
    locale: 'en',
    status: 'failed',
    lastError: bounce(step),
    notBefore,
  };
  if ((await world.runtime.stores.outbox.enqueue([entry], world.now())) !== 1) throw new Error(`${entry.key} was not queued`);
}
