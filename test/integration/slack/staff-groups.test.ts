// Staff user groups when Slack's usergroups.users.list is slow, hung or failing: real bolt over
// signed requests, the fake Web API answering that method late or with an error. A member of a staff
// group is answered within bolt's 3 s from the last list Slack gave; an outsider is still refused; the
// list refreshed in the background is used once it comes; the warning names the group, never a token.
import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_SLACK_TOKEN } from '../../fakes/fake-slack.js';
import { createSlackWorld, GROUP_MEMBER, nine, OUTSIDER } from './slack-world.js';
import type { SlackWorld } from './slack-world.js';

const REFUSED = 'Only certification staff may use certbell in Slack.';
/** bolt's acknowledgement deadline. */
const ACK_MS = 3_000;
const NEWCOMER = 'U0NEWCOMER';

describe.each(['sqlite', 'postgres'] as const)('staff user groups when Slack is slow or failing, on %s', (kind) => {
  let world: SlackWorld;
  afterEach(async () => world?.close());

  /** The slash command `help` by `user`: its answer and how long it took. */
  async function help(user: string) {
    const started = Date.now();
    const answer = await world.slash('help', user);
    return { tookMs: Date.now() - started, status: answer.status, text: String(answer.json().text ?? '') };
  }

  const staleWarnings = () => world.logs.filter((l) => l.level === 'warn' && l.details.group === 'S0STAFF');

  it('a member is answered within 3 s from the last known list while the call hangs or fails; an outsider is refused; a late answer is kept', async () => {
    // Every request asks Slack again (no trusted period), so that each one meets the slow API.
    world = await createSlackWorld(kind, nine('2027-04-01'), { staffCacheMs: 0 });

    // One successful lookup first.
    const first = await help(GROUP_MEMBER);
    expect(first.text).not.toContain(REFUSED);
    expect(world.fake.callsOf('usergroups.users.list')).toHaveLength(1);

    // Slack fails outright: the member is answered from the last known list, the outsider refused.
    world.fake.fail('usergroups.users.list', { error: 'internal_error' }, { error: 'internal_error' });
    const failing = await help(GROUP_MEMBER);
    expect(failing.text).toBe(first.text);
    expect((await help(OUTSIDER)).text).toContain(REFUSED);
    expect(staleWarnings().at(-1)?.details).toMatchObject({ group: 'S0STAFF', reason: 'internal_error', lastKnown: true });

    // Slack answers, but after more than 3 s: someone just added to the group is not yet known (refused
    // in time), and is let in once the list asked for in the background has come.
    world.fake.groups.set('S0STAFF', [GROUP_MEMBER, NEWCOMER]);
    world.fake.delay('usergroups.users.list', 4_000);
    const answered = world.fake.callsOf('usergroups.users.list').length;
    const early = await help(NEWCOMER);
    expect(early.text).toContain(REFUSED);
    expect(early.tookMs).toBeLessThan(ACK_MS);
    await world.waitForCalls('usergroups.users.list', answered + 1, 10_000);
    world.fake.delay('usergroups.users.list', 60_000);
    const late = await help(NEWCOMER);
    expect(late.text).toBe(first.text);
    expect(late.tookMs).toBeLessThan(ACK_MS);

    // Slack hangs on the member list (60 s, since the request above): a member is answered from the
    // last known list, in time; an outsider is still refused.
    const hung = await help(GROUP_MEMBER);
    expect(hung.status).toBe(200);
    expect(hung.text).toBe(first.text);
    expect(hung.tookMs).toBeLessThan(ACK_MS);
    const outsider = await help(OUTSIDER);
    expect(outsider.text).toContain(REFUSED);
    expect(outsider.tookMs).toBeLessThan(ACK_MS);
    expect(staleWarnings().at(-1)?.details).toMatchObject({ group: 'S0STAFF', reason: 'no answer within 1000 ms', lastKnown: true });

    // Warnings name the group and the reason, never the token.
    expect(JSON.stringify(world.logs)).not.toContain(FAKE_SLACK_TOKEN);
  }, 60_000);

  it('a group never listed grants nothing while Slack hangs, and the refusal still comes within 3 s', async () => {
    world = await createSlackWorld(kind, nine('2027-04-01'));
    world.fake.delay('usergroups.users.list', 60_000);
    const answer = await help(GROUP_MEMBER);
    expect(answer.text).toContain(REFUSED);
    expect(answer.tookMs).toBeLessThan(ACK_MS);
    expect(staleWarnings()[0]?.details).toMatchObject({ group: 'S0STAFF', lastKnown: false });
  });
});
