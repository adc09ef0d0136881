// Staff acting from Slack through real bolt: each button and modal with valid and invalid input, the
// slash command, forged, stale, future-dated and replayed requests, and an outsider trying everything.
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchOutbox } from '../../../src/app/dispatch-outbox.js';
import { reescalateEscalations } from '../../../src/app/reescalate-escalations.js';
import { sweepEscalations } from '../../../src/app/sweep-escalations.js';
import { blockText, caseItem, createSlackWorld, GROUP_MEMBER, nine, OUTSIDER, STAFF_CHANNEL, STAFF_USER } from './slack-world.js';
import type { SlackWorld } from './slack-world.js';

/** A world with one CNCE-NS case whose annual inspection (CN-12) is overdue, escalated and posted. */
async function escalatedWorld(kind: 'sqlite' | 'postgres') {
  const world = await createSlackWorld(kind, nine('2026-04-01'));
  await world.importCases([caseItem('CN-2026-0001', 'cnce-ns', [['certificate-issued', '2026-03-31', { certificateNo: 'CNCE-NS-2026-0001' }]], 'zhang.wei@example.cn')]);
  world.setNow(nine('2027-04-01'));
  const [escalation] = (await sweepEscalations(world.escalation)).raised;
  if (!escalation) throw new Error('no escalation raised');
  await dispatchOutbox(world.dispatch, 'a');
  const posted = world.fake.messages[0];
  if (!posted) throw new Error('nothing posted');
  return { world, id: escalation.id, message: { channel: posted.channel, ts: posted.ts } };
}

describe.each(['sqlite', 'postgres'] as const)('Slack actions on %s', (kind) => {
  let world: SlackWorld;
  afterEach(async () => world?.close());

  it('Acknowledge updates the message with who and when, writes the audit log, and stops re-escalation', async () => {
    const setup = await escalatedWorld(kind);
    world = setup.world;
    world.setNow('2027-04-01T02:15:00.000Z');
    expect((await world.click('escalation.acknowledge', setup.id, STAFF_USER, setup.message)).status).toBe(200);
    await world.waitForCalls('chat.postEphemeral', 1);
    const message = world.fake.message(setup.message.channel, setup.message.ts);
    expect(message?.text).toContain(`Acknowledged by <@${STAFF_USER}> at 2027-04-01 10:15.`);
    expect(blockText(message?.blocks)).not.toContain('escalation.acknowledge');
    expect(blockText(message?.blocks)).toContain('escalation.record');
    expect(world.fake.callsOf('chat.postEphemeral')[0]?.params).toMatchObject({ channel: STAFF_CHANNEL, user: STAFF_USER, text: 'You acknowledged the escalation for case CN-2026-0001.' });
    expect((await world.audit()).map((a) => [a.actor, a.action, a.subject])).toEqual([[`slack:${STAFF_USER}`, 'escalation.acknowledge', 'CN-2026-0001']]);
    world.advance(48 * 3_600_000);
    expect(await reescalateEscalations(world.escalation)).toEqual([]);
    // A second click is told who acknowledged it, and changes nothing.
    await world.click('escalation.acknowledge', setup.id, GROUP_MEMBER, setup.message);
    const [, second] = await world.waitForCalls('chat.postEphemeral', 2);
    expect(second?.params.text).toBe(`The escalation for case CN-2026-0001 was already acknowledged by <@${STAFF_USER}>.`);
    expect(await world.audit()).toHaveLength(1);
  });

  it('Snooze 1 day (by a member of a staff user group) re-escalates when the day is over; Snooze 3 days waits three', async () => {
    const setup = await escalatedWorld(kind);
    world = setup.world;
    await world.click('escalation.snooze.1', setup.id, GROUP_MEMBER, setup.message);
    await world.waitForCalls('chat.postEphemeral', 1);
    expect(world.fake.message(setup.message.channel, setup.message.ts)?.text).toContain('Snoozed until 2027-04-02 09:00.');
    world.advance(24 * 3_600_000 - 1);
    expect(await reescalateEscalations(world.escalation)).toEqual([]);
    world.advance(1);
    expect(await reescalateEscalations(world.escalation)).toHaveLength(1);
    expect(await reescalateEscalations(world.escalation)).toEqual([]);
    await world.click('escalation.snooze.3', setup.id, STAFF_USER, setup.message);
    await world.waitForCalls('chat.postEphemeral', 2);
    world.advance(3 * 24 * 3_600_000 - 1);
    expect(await reescalateEscalations(world.escalation)).toEqual([]);
    world.advance(1);
    expect(await reescalateEscalations(world.escalation)).toHaveLength(1);
    expect((await world.audit()).map((a) => [a.actor, a.action, JSON.parse(a.details).days])).toEqual([
      [`slack:${GROUP_MEMBER}`, 'escalation.snooze', 1],
      [`slack:${STAFF_USER}`, 'escalation.snooze', 3],
    ]);
  });

  it('Record event opens a modal of the events legal in the stage; bad input is refused on its field, a good one is recorded and resolves the escalation', async () => {
    const setup = await escalatedWorld(kind);
    world = setup.world;
    await world.click('escalation.record', setup.id, STAFF_USER, setup.message);
    const [open] = await world.waitForCalls('views.open', 1);
    const view = open?.params.view as Record<string, unknown>;
    const options = ((view.blocks as Record<string, unknown>[]).find((b) => b.block_id === 'event')?.element as { options: { value: string }[] }).options.map((o) => o.value);
    expect(options).toContain('annual-inspection-passed');
    expect(options).not.toContain('fee-paid');
    // In the future: refused on the date.
    const future = await world.submit(view, { event: { type: 'static_select', selected_option: { value: 'annual-inspection-passed' } }, date: { type: 'datepicker', selected_date: '2027-04-05' } }, STAFF_USER);
    expect(future.json()).toEqual({ response_action: 'errors', errors: { date: expect.stringContaining('2027-04-05') } });
    // Not legal in the case's stage (CN-3): refused on the event.
    const illegal = await world.submit(view, { event: { type: 'static_select', selected_option: { value: 'fee-paid' } }, date: { type: 'datepicker', selected_date: '2027-04-01' } }, STAFF_USER);
    expect(illegal.json()).toMatchObject({ response_action: 'errors', errors: { event: expect.any(String) } });
    const missing = await world.submit(view, { date: { type: 'datepicker', selected_date: '2027-04-01' } }, STAFF_USER);
    expect(missing.json()).toEqual({ response_action: 'errors', errors: { event: 'Choose one of the events listed.' } });
    const record = await world.deps.cases.findByRef('CN-2026-0001');
    expect(await world.deps.cases.history(record?.id ?? '')).toHaveLength(1);
    const values = { event: { type: 'static_select', selected_option: { value: 'annual-inspection-passed' } }, date: { type: 'datepicker', selected_date: '2027-04-01' } };
    // private_metadata is not trusted: without the escalation the modal was opened for, refused…
    const state = JSON.parse(String(view.private_metadata)) as Record<string, unknown>;
    const unanchored = await world.submit({ ...view, private_metadata: JSON.stringify({ ...state, escalationId: null }) }, values, STAFF_USER);
    expect(unanchored.json()).toMatchObject({ response_action: 'errors' });
    expect(await world.deps.cases.history(record?.id ?? '')).toHaveLength(1);
    // …and the case is the escalation's, whatever caseRef the metadata names.
    const good = await world.submit({ ...view, private_metadata: JSON.stringify({ ...state, caseRef: 'WA-2099-9999' }) }, values, STAFF_USER);
    expect(good.status).toBe(200);
    expect(good.text).toBe('');
    await world.waitForCalls('chat.postEphemeral', 1);
    expect(world.fake.callsOf('chat.postEphemeral')[0]?.params.text).toBe('Recorded for case CN-2026-0001: Annual inspection passed on 2027-04-01. Stage now: Certified, under post-certification supervision.');
    expect((await world.deps.cases.history(record?.id ?? '')).map((e) => [e.type, e.recordedBy])).toEqual([
      ['certificate-issued', 'test'],
      ['annual-inspection-passed', `slack:${STAFF_USER}`],
    ]);
    expect(world.fake.message(setup.message.channel, setup.message.ts)?.text).toContain('the obligation behind this alert is no longer open');
  });

  it('Invite contact opens a modal with the contact’s email; a stranger’s address is refused, the contact’s gets a link only the staff member sees', async () => {
    const setup = await escalatedWorld(kind);
    world = setup.world;
    await world.click('escalation.invite', setup.id, STAFF_USER, setup.message);
    const [open] = await world.waitForCalls('views.open', 1);
    const view = open?.params.view as Record<string, unknown>;
    expect(blockText(view)).toContain('zhang.wei@example.cn');
    const stranger = await world.submit(view, { email: { type: 'email_text_input', value: 'someone@else.cn' } }, STAFF_USER);
    expect(stranger.json()).toMatchObject({ response_action: 'errors', errors: { email: expect.any(String) } });
    expect(await world.database.db.prisma.invitation.count()).toBe(0);
    const good = await world.submit(view, { email: { type: 'email_text_input', value: 'zhang.wei@example.cn' } }, STAFF_USER);
    expect(good.text).toBe('');
    const [told] = await world.waitForCalls('chat.postEphemeral', 1);
    expect(told?.params).toMatchObject({ channel: STAFF_CHANNEL, user: STAFF_USER });
    expect(String(told?.params.text)).toMatch(/^Invitation for 张伟 \(case CN-2026-0001\), valid until 2027-04-08 09:00\. .*https:\/\/t\.me\/certbell_test_bot\?start=[A-Za-z0-9_-]+$/);
    expect(await world.database.db.prisma.invitation.findMany()).toMatchObject([{ caseRef: 'CN-2026-0001', issuedBy: `slack:${STAFF_USER}` }]);
    // The link never went to a channel.
    expect(world.fake.messages.map((m) => m.text).join('\n')).not.toContain('t.me');
  });

  it('/certbell answers case, overdue, upcoming, record, invite and help, privately unless asked to post', async () => {
    const setup = await escalatedWorld(kind);
    world = setup.world;
    const help = (await world.slash('help')).json();
    expect(help).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('/certbell upcoming [DAYS]') });
    const shown = (await world.slash('case CN-2026-0001')).json();
    expect(shown.text).toBe('Case CN-2026-0001: CN-2026-0001 网络科技有限公司');
    expect(blockText(shown.blocks)).toContain('2027-03-30 · Annual inspection · overdue · CN-12');
    expect((await world.slash('case CN-9999')).json().text).toContain('CN-9999');
    const overdue = (await world.slash('overdue post')).json();
    expect(overdue).toMatchObject({ response_type: 'in_channel', text: '*Overdue obligations* (as of 2027-04-01): 1' });
    const upcoming = (await world.slash('upcoming 400')).json();
    expect(upcoming.text).toBe('Usage: `/certbell upcoming [DAYS]`, DAYS from 1 to 366.');
    // CN-12's first inspection is overdue, not upcoming; the second (due 2028-03-30) is shown now that the first
    // was missed; the renewal (CN-14) is due 2029-03-30, beyond a year.
    const year = (await world.slash('upcoming 366')).json();
    expect([year.text, blockText(year.blocks)]).toEqual(['*Due within 366 days* (as of 2027-04-01): 1', expect.stringContaining('2028-03-30 · Annual inspection · upcoming · CN-12')]);
    expect(blockText((await world.slash('upcoming')).json().blocks)).toContain('Nothing.');
    expect((await world.slash('record CN-2026-0001 annual-inspection-passed 2027-13-01')).json().text).toContain('2027-13-01');
    expect((await world.slash('record CN-2026-0001 annual-inspection-passed')).json().text).toContain('Usage: `/certbell record');
    const recorded = (await world.slash('record CN-2026-0001 annual-inspection-passed 2027-04-01')).json();
    expect(recorded.text).toBe('Recorded for case CN-2026-0001: Annual inspection passed on 2027-04-01. Stage now: Certified, under post-certification supervision.');
    expect(world.fake.message(setup.message.channel, setup.message.ts)?.text).toContain('no longer open');
    const invite = (await world.slash('invite CN-2026-0001 zhang.wei@example.cn post')).json();
    expect(invite.response_type).toBe('ephemeral');
    expect(invite.text).toContain('https://t.me/certbell_test_bot?start=');
    expect((await world.slash('frobnicate')).json().text).toBe('Unknown command `frobnicate`. Try `/certbell help`.');
    expect((await world.audit()).map((a) => [a.actor, a.action]).sort()).toEqual([[`slack:${STAFF_USER}`, 'event.record'], [`slack:${STAFF_USER}`, 'invitation.issue']]);
  });

  it('refuses forged, stale and future-dated requests, and processes a replay or a retry once', async () => {
    const setup = await escalatedWorld(kind);
    world = setup.world;
    const body = world.clickBody('escalation.acknowledge', setup.id, STAFF_USER, setup.message);
    const type = 'application/x-www-form-urlencoded';
    const nowSeconds = Math.floor(Date.now() / 1000);
    expect((await world.send(body, type, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await world.send(body, type, { timestamp: nowSeconds - 6 * 60 })).status).toBe(401);
    expect((await world.send(body, type, { timestamp: nowSeconds + 10 * 60 })).status).toBe(401);
    expect(world.fake.callsOf('chat.update')).toEqual([]);
    expect((await world.escalation.escalations.byId(setup.id))?.status).toBe('open');
    // Slightly ahead of our clock is within tolerance; the same signed request replayed is acknowledged and ignored.
    const signed = { timestamp: nowSeconds + 60 };
    expect((await world.send(body, type, signed)).status).toBe(200);
    expect((await world.send(body, type, signed)).status).toBe(200);
    // Slack's retry of the same request: a new timestamp and signature, the same trigger, X-Slack-Retry-Num.
    expect((await world.send(body, type, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);
    await world.waitForCalls('chat.postEphemeral', 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(world.fake.callsOf('chat.postEphemeral')).toHaveLength(1);
    expect(world.fake.callsOf('chat.update')).toHaveLength(1);
    expect(await world.audit()).toHaveLength(1);
    // A replayed slash command is answered once.
    const slash = world.slashBody('record CN-2026-0001 annual-inspection-passed 2027-04-01', STAFF_USER);
    expect((await world.send(slash, type)).json().text).toContain('Recorded for case CN-2026-0001');
    const replay = await world.send(slash, type);
    expect([replay.status, replay.text]).toEqual([200, '']);
    expect((await world.audit()).map((a) => a.action)).toEqual(['escalation.acknowledge', 'event.record']);
  });

  it('an outsider is refused every action in words and nothing changes', async () => {
    const setup = await escalatedWorld(kind);
    world = setup.world;
    for (const action of ['escalation.acknowledge', 'escalation.snooze.1', 'escalation.snooze.3', 'escalation.record', 'escalation.invite']) {
      expect((await world.click(action, setup.id, OUTSIDER, setup.message)).status).toBe(200);
    }
    const refusals = await world.waitForCalls('chat.postEphemeral', 5);
    expect(refusals.map((c) => [c.params.user, c.params.text])).toEqual(
      Array(5).fill([OUTSIDER, 'Only certification staff may use certbell in Slack. Ask an administrator to add you to SLACK_STAFF_USERS or to a staff user group.']),
    );
    expect(world.fake.callsOf('views.open')).toEqual([]);
    // Modals submitted by someone who is not (or no longer) staff.
    const recordView = { type: 'modal', callback_id: 'certbell.record-event', private_metadata: JSON.stringify({ caseRef: 'CN-2026-0001', escalationId: setup.id, channelId: STAFF_CHANNEL }), blocks: [] };
    const submitted = await world.submit(recordView, { event: { type: 'static_select', selected_option: { value: 'annual-inspection-passed' } }, date: { type: 'datepicker', selected_date: '2027-04-01' } }, OUTSIDER);
    expect(submitted.json()).toMatchObject({ response_action: 'errors', errors: { event: expect.stringContaining('Only certification staff') } });
    const inviteView = { ...recordView, callback_id: 'certbell.invite-contact' };
    expect((await world.submit(inviteView, { email: { type: 'email_text_input', value: 'zhang.wei@example.cn' } }, OUTSIDER)).json()).toMatchObject({ response_action: 'errors' });
    for (const text of ['help', 'case CN-2026-0001', 'overdue', 'upcoming', 'record CN-2026-0001 annual-inspection-passed 2027-04-01', 'invite CN-2026-0001 zhang.wei@example.cn']) {
      expect((await world.slash(text, OUTSIDER)).json()).toEqual({ response_type: 'ephemeral', text: expect.stringContaining('Only certification staff') });
    }
    expect((await world.escalation.escalations.byId(setup.id))?.status).toBe('open');
    expect(world.fake.callsOf('chat.update')).toEqual([]);
    expect(await world.audit()).toEqual([]);
    expect(await world.database.db.prisma.invitation.count()).toBe(0);
    const record = await world.deps.cases.findByRef('CN-2026-0001');
    expect(await world.deps.cases.history(record?.id ?? '')).toHaveLength(1);
    expect(world.logs.filter((l) => l.level === 'warn' && l.details.userId === OUTSIDER)).toHaveLength(13);
  });
});
