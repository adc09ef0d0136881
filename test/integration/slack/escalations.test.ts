// Each escalation kind on real dates, posted through the outbox to a local fake Slack by the real
// Slack delivery channel; re-escalation and resolution with a simulated clock.
import { describe, expect, it } from 'vitest';
import { dispatchOutbox } from '../../../src/app/dispatch-outbox.js';
import { reescalateEscalations } from '../../../src/app/reescalate-escalations.js';
import { recordEvent } from '../../../src/app/record-event.js';
import { sweepEscalations } from '../../../src/app/sweep-escalations.js';
import { sweepReminders } from '../../../src/app/sweep-reminders.js';
import { blockText, caseItem, ESCALATION_CHANNEL, ESCALATION_GROUP, nine, STAFF_CHANNEL, slackWorldPerTest } from './slack-world.js';
import { cnceThroughPublicNotice } from '../../support/histories.js';

describe.each(['sqlite', 'postgres'] as const)('escalations on %s', (kind) => {
  const slackWorld = slackWorldPerTest(kind);

  it('WA-4, WA-10, WA-12: a first surveillance audit overdue is escalated the day after 2027-03-31, and at 6 months overdue again, proposing revocation', async () => {
    const world = await slackWorld(nine('2026-04-01'));
    await world.importCases([caseItem('WA-2026-0001', 'wal', [['certificate-issued', '2026-03-31', { certificateNo: 'WAL-2026-0001' }]])]);
    expect(await world.raisedOn('2027-03-31')).toEqual([]);
    expect(await world.raisedOn('2027-04-01')).toEqual(['WA-2026-0001 surveillance-overdue/overdue WA-4,WA-10,WA-12']);
    expect(await world.raisedOn('2027-04-02')).toEqual([]);
    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 1 });
    const [posted] = world.fake.messages;
    expect(posted?.channel).toBe(STAFF_CHANNEL);
    expect(posted?.text).toContain('Surveillance audit overdue: case WA-2026-0001');
    const blocks = blockText(posted?.blocks ?? []);
    expect(blocks).toContain('The surveillance audit was due by 2027-03-31 and is 1 day overdue (WA-4).');
    expect(blocks).toContain('suspending the certificate (WA-10)');
    expect(blocks).toContain('at 6 months overdue, on 2027-09-30, it provides for revocation (WA-12)');
    expect(blocks).toContain('WA-2026-0001 网络科技有限公司');
    // The escalation remembers where its message is, so that later versions replace it.
    const [stored] = await world.escalation.escalations.unresolved('WA-2026-0001');
    expect([stored?.channelId, stored?.messageTs]).toEqual([STAFF_CHANNEL, posted?.ts]);
    expect(await world.raisedOn('2027-09-29')).toEqual([]);
    expect(await world.raisedOn('2027-09-30')).toEqual(['WA-2026-0001 surveillance-overdue/revocation WA-12,WA-4,WA-10']);
  });

  it('WA-5: after an audit on 2027-03-15 the next is due by 2028-06-15 and escalated on 2028-06-16', async () => {
    const world = await slackWorld(nine('2027-03-16'));
    await world.importCases([
      caseItem('WA-2026-0002', 'wal', [
        ['certificate-issued', '2026-03-31', { certificateNo: 'WAL-2026-0002' }],
        ['surveillance-audit-completed', '2027-03-15'],
      ]),
    ]);
    expect(await world.raisedOn('2028-06-15')).toEqual([]);
    expect(await world.raisedOn('2028-06-16')).toEqual(['WA-2026-0002 surveillance-overdue/overdue WA-5,WA-10,WA-12']);
  });

  it('WA-11, WA-12: a suspension from 2027-05-10 reaches its 3-month mark on 2027-08-10 and its 6-month limit on 2027-11-10', async () => {
    const world = await slackWorld(nine('2027-05-11'));
    await world.importCases([
      caseItem('WA-2026-0003', 'wal', [
        ['certificate-issued', '2026-03-31', { certificateNo: 'WAL-2026-0003' }],
        ['surveillance-audit-completed', '2027-03-20'],
        ['certificate-suspended', '2027-05-10'],
      ]),
    ]);
    expect(await world.raisedOn('2027-08-09')).toEqual([]);
    expect(await world.raisedOn('2027-08-10')).toEqual(['WA-2026-0003 suspension/three-months WA-11,WA-12']);
    expect(await world.raisedOn('2027-11-09')).toEqual([]);
    expect(await world.raisedOn('2027-11-10')).toEqual(['WA-2026-0003 suspension/six-months WA-11,WA-12']);
    await dispatchOutbox(world.dispatch, 'a');
    expect(world.fake.messages.map((m) => m.text.split('\n')[0])).toEqual(['Suspension at its 3-month mark: case WA-2026-0003', 'Suspension at its 6-month limit: case WA-2026-0003']);
    expect(blockText(world.fake.messages[1]?.blocks ?? [])).toContain('without the required corrections the scheme provides for revocation (WA-12)');
  });

  it('CN-12, CN-13: an annual inspection due by 2027-03-30, the day before the anniversary (seed 000 §五), is escalated on 2027-03-31', async () => {
    const world = await slackWorld(nine('2026-04-01'));
    await world.importCases([caseItem('CN-2026-0001', 'cnce-ns', [['certificate-issued', '2026-03-31', { certificateNo: 'CNCE-NS-2026-0001' }]])]);
    expect(await world.raisedOn('2027-03-30')).toEqual([]);
    expect(await world.raisedOn('2027-03-31')).toEqual(['CN-2026-0001 annual-inspection-overdue/overdue CN-12,CN-13']);
    await dispatchOutbox(world.dispatch, 'a');
    expect(blockText(world.fake.messages[0]?.blocks ?? [])).toContain('leads to downgrading or cancelling the certificate (CN-13)');
  });

  it('CN-6: materials received 2026-11-16 are warned on 2026-12-02 (12 of 15 working days) and breached on 2026-12-08', async () => {
    const world = await slackWorld(nine('2026-11-16'));
    await world.importCases([caseItem('CN-2026-0002', 'cnce-ns', [['materials-received', '2026-11-16']])]);
    expect(await world.raisedOn('2026-12-01')).toEqual([]);
    expect(await world.raisedOn('2026-12-02')).toEqual(['CN-2026-0002 material-review/warning CN-6']);
    expect(await world.raisedOn('2026-12-07')).toEqual([]);
    expect(await world.raisedOn('2026-12-08')).toEqual(['CN-2026-0002 material-review/breach CN-6']);
    await dispatchOutbox(world.dispatch, 'a');
    expect(blockText(world.fake.messages[0]?.blocks ?? [])).toContain('12 of 15 working days have passed (80%); the formal review is due by 2026-12-07, 3 working days left (CN-6).');
  });

  it('CN-7: a fee voucher received 2026-03-20 is warned on 2026-06-11 (56 of 70 working days, after Qingming, May Day and Dragon Boat) and breached on 2026-07-03', async () => {
    const world = await slackWorld(nine('2026-03-20'));
    await world.importCases([caseItem('CN-2026-0003', 'cnce-ns', [['materials-received', '2026-03-02'], ['application-accepted', '2026-03-10'], ['fee-paid', '2026-03-20']])]);
    expect(await world.raisedOn('2026-06-10')).toEqual([]);
    expect(await world.raisedOn('2026-06-11')).toEqual(['CN-2026-0003 assessment/warning CN-7']);
    expect(await world.raisedOn('2026-07-02')).toEqual([]);
    expect(await world.raisedOn('2026-07-03')).toEqual(['CN-2026-0003 assessment/breach CN-7']);
  });

  it('CN-9: a pledge not returned 31 days after the notice ended on 2026-10-20 is escalated on 2026-11-20; a configured 40 days waits to 2026-11-29', async () => {
    const history = cnceThroughPublicNotice('2026-10-10', '2026-10-20');
    let world = await slackWorld(nine('2026-10-21'));
    await world.importCases([caseItem('CN-2026-0004', 'cnce-ns', history)]);
    expect(await world.raisedOn('2026-11-19')).toEqual([]);
    expect(await world.raisedOn('2026-11-20')).toEqual(['CN-2026-0004 pledge-not-returned/overdue CN-9']);
    await world.close();
    world = await slackWorld(nine('2026-10-21'), { pledgeEscalateDays: 40 });
    await world.importCases([caseItem('CN-2026-0004', 'cnce-ns', history)]);
    expect(await world.raisedOn('2026-11-28')).toEqual([]);
    expect(await world.raisedOn('2026-11-29')).toEqual(['CN-2026-0004 pledge-not-returned/overdue CN-9']);
  });

  it('a reminder no channel could deliver is escalated in Slack once, beside the staff email, in the gathered notice of its dispatch', async () => {
    const world = await slackWorld(nine('2026-04-01'));
    await world.importCases([caseItem('CN-2026-0005', 'cnce-ns', [['certificate-issued', '2026-03-31', { certificateNo: 'CNCE-NS-2026-0005' }]])]);
    world.setNow(nine('2027-02-28'));
    expect((await sweepReminders(world.dispatch)).enqueued).toBe(1);
    world.email.answer(() => ({ kind: 'rejected', reason: '550 mailbox unavailable' }));
    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ failed: 1, reported: 2 });
    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 2 });
    expect(world.email.delivered.map((m) => m.address)).toEqual(['staff@certbody.example.cn']);
    const [posted] = world.fake.messages;
    expect(posted?.text).toContain('1 reminder could not be delivered');
    expect(blockText(posted?.blocks ?? [])).toContain('CN-2026-0005');
    expect(blockText(posted?.blocks ?? [])).toContain('rejected: 550 mailbox unavailable');
    expect(blockText(posted?.blocks ?? [])).toContain('CN-12');
    expect((await world.escalation.escalations.unresolved()).map((e) => e.kind)).toEqual(['undelivered-reminder']);
  });

  it('re-posts an escalation nobody acknowledged within 24 hours to the escalation channel, mentioning the group, once', async () => {
    const world = await slackWorld(nine('2026-04-01'));
    await world.importCases([caseItem('CN-2026-0006', 'cnce-ns', [['certificate-issued', '2026-03-31', { certificateNo: 'CNCE-NS-2026-0006' }]])]);
    await world.raisedOn('2027-04-01');
    await dispatchOutbox(world.dispatch, 'a');
    world.advance(24 * 3_600_000 - 60_000);
    expect(await reescalateEscalations(world.escalation)).toEqual([]);
    world.advance(60_000);
    expect((await reescalateEscalations(world.escalation)).map((e) => e.caseRef)).toEqual(['CN-2026-0006']);
    expect(await reescalateEscalations(world.escalation)).toEqual([]);
    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 1 });
    const reposted = world.fake.messages[1];
    expect(reposted?.channel).toBe(ESCALATION_CHANNEL);
    expect(blockText(reposted?.blocks ?? [])).toContain(`<!subteam^${ESCALATION_GROUP}> Not acknowledged within 24 hours.`);
    world.advance(7 * 24 * 3_600_000);
    expect(await reescalateEscalations(world.escalation)).toEqual([]);
  });

  it('once the obligation is met, the open escalation is resolved and its message says so', async () => {
    const world = await slackWorld(nine('2026-04-01'));
    await world.importCases([caseItem('CN-2026-0007', 'cnce-ns', [['certificate-issued', '2026-03-31', { certificateNo: 'CNCE-NS-2026-0007' }]])]);
    await world.raisedOn('2027-04-01');
    await dispatchOutbox(world.dispatch, 'a');
    world.setNow(nine('2027-04-03'));
    expect((await recordEvent(world.deps, { ref: 'CN-2026-0007', event: { type: 'annual-inspection-passed', date: '2027-04-02' } }, 'test')).ok).toBe(true);
    const swept = await sweepEscalations(world.escalation);
    expect(swept.resolved.map((e) => e.caseRef)).toEqual(['CN-2026-0007']);
    const message = world.fake.messages[0];
    expect(world.fake.callsOf('chat.update')).toHaveLength(1);
    expect(message?.text).toContain('Resolved at 2027-04-03 09:00: the obligation behind this alert is no longer open.');
    expect(blockText(message?.blocks ?? [])).toContain('Latest event: Annual inspection passed on 2027-04-02.');
    expect(blockText(message?.blocks ?? [])).not.toContain('escalation.acknowledge');
    // Resolved: never re-escalated.
    world.advance(48 * 3_600_000);
    expect(await reescalateEscalations(world.escalation)).toEqual([]);
  });

  it('an escalation whose obligation was met before it went out is cancelled, not posted', async () => {
    const world = await slackWorld(nine('2026-04-01'));
    await world.importCases([caseItem('CN-2026-0008', 'cnce-ns', [['certificate-issued', '2026-03-31', { certificateNo: 'CNCE-NS-2026-0008' }]])]);
    await world.raisedOn('2027-04-01');
    expect((await recordEvent(world.deps, { ref: 'CN-2026-0008', event: { type: 'annual-inspection-passed', date: '2027-04-01' } }, 'test')).ok).toBe(true);
    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 0, cancelled: 1 });
    expect(world.fake.callsOf('chat.postMessage')).toEqual([]);
    expect((await world.escalation.escalations.unresolved()).length).toBe(0);
  });

  it("obeys Slack's 429 Retry-After through the outbox, then posts", async () => {
    const world = await slackWorld(nine('2026-04-01'));
    await world.importCases([caseItem('CN-2026-0009', 'cnce-ns', [['certificate-issued', '2026-03-31', { certificateNo: 'CNCE-NS-2026-0009' }]])]);
    await world.raisedOn('2027-04-01');
    world.fake.fail('chat.postMessage', { status: 429, retryAfter: 7 });
    // Deferred, not attempted: Slack's rate limit never uses up an escalation's attempts.
    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ held: 1, retried: 0, sent: 0 });
    expect((await world.dispatch.outbox.list({ status: 'pending' })).map((r) => r.attempts)).toEqual([0]);
    world.advance(6_999);
    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 0 });
    world.advance(1);
    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 1 });
    expect(world.fake.callsOf('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    const [sent] = await world.dispatch.outbox.list({ status: 'sent' });
    expect(sent?.purpose).toBe('escalation');
  });
});
