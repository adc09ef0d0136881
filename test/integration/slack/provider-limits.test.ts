// Escalations against a Slack stand-in as strict as Slack itself: its per-channel posting rate (about
// one message a second, answered 429 with Retry-After beyond it) and Block Kit's size limits
// (`invalid_blocks`). Time is the world's simulated clock, which the fake counts its rate on too.
import { describe, expect, it } from 'vitest';
import { dispatchOutbox } from '../../../src/app/dispatch-outbox.js';
import { reescalateEscalations } from '../../../src/app/reescalate-escalations.js';
import { sweepEscalations } from '../../../src/app/sweep-escalations.js';
import { sweepReminders } from '../../../src/app/sweep-reminders.js';
import { blockKitProblem } from '../../fakes/fake-slack.js';
import { caseItem, nine, STAFF_CHANNEL, slackWorldPerTest } from './slack-world.js';
import type { SlackWorld } from './slack-world.js';

/** Dispatches as the service does (every 15 s) until nothing is pending; the simulated time it took. */
async function dispatchUntilDone(world: SlackWorld): Promise<number> {
  const started = world.now().getTime();
  for (let tick = 0; tick < 500 && (await world.dispatch.outbox.list({ status: 'pending' })).length; tick++) {
    await dispatchOutbox(world.dispatch, 'a');
    world.advance(15_000);
  }
  return world.now().getTime() - started;
}

describe.each(['sqlite', 'postgres'] as const)("Slack's published limits on %s", (kind) => {
  const slackWorld = slackWorldPerTest(kind);

  it('CN-12: a burst of 200 annual-inspection escalations to one channel: all 200 posted, none given up, at the rate Slack allows', async () => {
    const world = await slackWorld(nine('2026-04-01'));
    world.fake.limitPosts({ intervalMs: 1000, burst: 3, now: () => world.now().getTime() });
    const refs = Array.from({ length: 200 }, (_, i) => `CN-2026-${String(i + 1).padStart(4, '0')}`);
    await world.importCases(refs.map((ref) => caseItem(ref, 'cnce-ns', [['certificate-issued', '2026-03-31', { certificateNo: `CNCE-NS-${ref}` }]])));
    // Issued 2026-03-31: the first inspection was due by the anniversary; on 2027-04-01 all 200 are overdue.
    world.setNow(nine('2027-04-01'));
    expect((await sweepEscalations(world.escalation)).raised).toHaveLength(200);

    const took = await dispatchUntilDone(world);

    const posts = world.fake.callsOf('chat.postMessage');
    expect(posts.filter((c) => c.status === 200)).toHaveLength(200);
    expect(world.fake.messages.filter((m) => m.channel === STAFF_CHANNEL)).toHaveLength(200);
    expect(await world.dispatch.outbox.list({ status: 'failed' })).toEqual([]);
    expect((await world.dispatch.outbox.list({ status: 'sent' })).filter((r) => r.purpose === 'escalation')).toHaveLength(200);
    // One a second is 200 s; certbell keeps a hair under the rate, and the dispatcher takes 50 rows
    // a run, every 15 s: 4 runs add at most 4 × 15 s.
    expect(took).toBeGreaterThanOrEqual(197_000);
    expect(took).toBeLessThanOrEqual(200 * 1_010 + 4 * 15_000 + 5_000);
    // Every post the stand-in accepted was within Block Kit's limits (it refuses the others).
    expect(posts.every((c) => blockKitProblem(c.params) === null)).toBe(true);
  });

  it('when Slack is stricter than expected, its 429s defer the posts and none is given up', async () => {
    const world = await slackWorld(nine('2026-04-01'));
    // One post every 3 s: certbell's pace of one a second meets a 429 on most posts.
    world.fake.limitPosts({ intervalMs: 3000, burst: 1, now: () => world.now().getTime() });
    const refs = Array.from({ length: 20 }, (_, i) => `CN-2026-${String(i + 1).padStart(4, '0')}`);
    await world.importCases(refs.map((ref) => caseItem(ref, 'cnce-ns', [['certificate-issued', '2026-03-31', { certificateNo: `CNCE-NS-${ref}` }]])));
    world.setNow(nine('2027-04-01'));
    expect((await sweepEscalations(world.escalation)).raised).toHaveLength(20);

    await dispatchUntilDone(world);

    const statuses = world.fake.callsOf('chat.postMessage').map((c) => c.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(8); // more 429s than the 8 attempts a row has
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(await world.dispatch.outbox.list({ status: 'failed' })).toEqual([]);
  });

  it('an organisation name of 4,000 characters full of <!channel>, line breaks and *_~ is posted within Block Kit limits and pings no one', async () => {
    const world = await slackWorld(nine('2026-04-01'));
    await world.importCases([caseItem('CN-2026-0001', 'cnce-ns', [['certificate-issued', '2026-03-31', { certificateNo: 'CNCE-NS-2026-0001' }]])]);
    // Stored before names were checked on import (today's import refuses such a name).
    const hostile = '<!channel> *urgent*_~ & <https://evil.example|pay here>\n'.repeat(80).slice(0, 4000);
    await world.database.db.raw.run('UPDATE "Organization" SET name = ?', [hostile]);
    world.setNow(nine('2027-04-01'));
    expect((await sweepEscalations(world.escalation)).raised).toHaveLength(1);

    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 1, failed: 0 });

    const [post] = world.fake.callsOf('chat.postMessage');
    expect(post?.status).toBe(200);
    expect(blockKitProblem(post!.params)).toBeNull();
    const everything = JSON.stringify(post!.params);
    expect(everything).not.toContain('<!channel>');
    expect(everything).not.toContain('<https://evil.example');
    expect(everything).toContain('&lt;!channel&gt;');
    // Cut with an ellipsis, never through an escape.
    expect(everything).toContain('…');
    expect(everything).not.toMatch(/&(a|am|l|g|lt|gt)…/);
  });
});

describe.each(['sqlite', 'postgres'] as const)('an escalation Slack refuses for good, on %s', (kind) => {
  const slackWorld = slackWorldPerTest(kind);

  it('CN-12: reaches staff by email instead, once, and the dispatch counts it for the error log', async () => {
    const world = await slackWorld(nine('2026-04-01'));
    await world.importCases([caseItem('CN-2026-0042', 'cnce-ns', [['certificate-issued', '2026-03-31', { certificateNo: 'CNCE-NS-2026-0042' }]])]);
    world.setNow(nine('2027-04-01'));
    expect((await sweepEscalations(world.escalation)).raised).toHaveLength(1);
    world.fake.fail('chat.postMessage', { error: 'channel_not_found' });

    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 0, failed: 1, escalationsFailed: 1, reported: 1 });
    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 1 });
    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 0, failed: 0 });

    const mails = world.email.delivered.filter((m) => m.address === 'staff@certbody.example.cn');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('【certbell】升级提醒未能发到 Slack：案件 CN-2026-0042 的年检');
    expect(mails[0]?.text).toContain('channel_not_found');
    expect(mails[0]?.text).toContain('certbell case show CN-2026-0042');
  });
});

describe.each(['sqlite', 'postgres'] as const)('what goes first, on %s', (kind) => {
  const slackWorld = slackWorldPerTest(kind);

  it('an escalation is claimed before earlier notices of undelivered reminders and staff reports', async () => {
    const world = await slackWorld(nine('2027-04-01'));
    const row = (key: string, purpose: 'escalation' | 'staff-report', at: number) => ({
      key,
      reminder: key,
      purpose,
      detail: null,
      caseRef: 'CN-2026-0001',
      kind: 'annual-inspection',
      occurrence: '2027',
      step: 'overdue',
      contactId: '',
      channel: purpose === 'escalation' ? ('slack' as const) : ('email' as const),
      address: purpose === 'escalation' ? STAFF_CHANNEL : 'staff@certbody.example.cn',
      locale: 'en',
      status: 'pending' as const,
      lastError: null,
      notBefore: new Date(world.now().getTime() - at),
    });
    await world.dispatch.outbox.enqueue(
      [
        row('escalation|undelivered-reminder|CN-2026-0001|x|failed|post', 'escalation', 60_000),
        row('report|1', 'staff-report', 50_000),
        row('escalation|annual-inspection-overdue|CN-2026-0001|2027|overdue|post', 'escalation', 1_000),
      ],
      world.now(),
    );
    const claimed = await world.dispatch.outbox.claim('a', world.now(), 3, 60_000);
    expect(claimed.map((r) => r.key)).toEqual([
      'escalation|annual-inspection-overdue|CN-2026-0001|2027|overdue|post',
      'escalation|undelivered-reminder|CN-2026-0001|x|failed|post',
      'report|1',
    ]);
  });
});

describe.each(['sqlite', 'postgres'] as const)('notices of undelivered reminders, on %s', (kind) => {
  const slackWorld = slackWorldPerTest(kind);

  it('CN-12: 30 reminders the mail server refuses in one dispatch make one Slack message, listing them all, never re-posted one by one', async () => {
    const world = await slackWorld(nine('2026-04-01'));
    const refs = Array.from({ length: 30 }, (_, i) => `CN-2026-${String(i + 1).padStart(4, '0')}`);
    await world.importCases(refs.map((ref) => caseItem(ref, 'cnce-ns', [['certificate-issued', '2026-03-31', { certificateNo: `CNCE-NS-${ref}` }]])));
    // CN-12: on 2027-02-28 the inspection window opens for all 30; the mail server refuses every address.
    world.setNow(nine('2027-02-28'));
    expect((await sweepReminders(world.dispatch)).enqueued).toBe(30);
    world.email.answer(...refs.map(() => () => ({ kind: 'rejected' as const, reason: '550 mailbox unavailable' })));

    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ failed: 30 });
    await dispatchUntilDone(world);

    const posts = world.fake.callsOf('chat.postMessage').filter((c) => c.status === 200);
    expect(posts).toHaveLength(1);
    expect(String(posts[0]?.params.text)).toContain('30 reminders could not be delivered');
    const listed = JSON.stringify(posts[0]?.params.blocks);
    for (const ref of refs) expect(listed).toContain(ref);
    expect(blockKitProblem(posts[0]!.params)).toBeNull();
    expect((await world.escalation.escalations.unresolved()).filter((e) => e.kind === 'undelivered-reminder')).toHaveLength(30);
    // A day later nobody acknowledged them: they stay in the staff digest, not 30 more posts.
    world.advance(25 * 3_600_000);
    expect(await reescalateEscalations(world.escalation)).toEqual([]);
  });
});
