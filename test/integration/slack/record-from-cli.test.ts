// Every entry point records an event through the same use case: recorded from the command line, an
// event that meets what an escalation was about resolves it at once (its Slack message says so), as
// when it is recorded from Slack, without waiting for the next sweep.
import { describe, expect, it } from 'vitest';
import { dispatchOutbox } from '../../../src/app/dispatch-outbox.js';
import { sweepEscalations } from '../../../src/app/sweep-escalations.js';
import { runCliCaptured } from '../../support/run-cli.js';
import { caseItem, nine, SIGNING_SECRET, STAFF_CHANNEL, slackWorldPerTest } from './slack-world.js';
import { FAKE_SLACK_TOKEN } from '../../fakes/fake-slack.js';

describe.each(['sqlite', 'postgres'] as const)('an event recorded from the command line, on %s', (kind) => {
  const slackWorld = slackWorldPerTest(kind);

  it('CN-12: resolves the overdue-inspection escalation it meets at once, and updates its Slack message', async () => {
    const world = await slackWorld(nine('2025-04-01'));
    await world.importCases([caseItem('CN-2025-0001', 'cnce-ns', [['certificate-issued', '2025-03-31', { certificateNo: 'CNCE-NS-2025-0001' }]])]);
    // Issued 2025-03-31: the first annual inspection was due before 2026-03-31; on 2026-04-01 it is overdue.
    world.setNow(nine('2026-04-01'));
    expect((await sweepEscalations(world.escalation)).raised.map((e) => e.kind)).toEqual(['annual-inspection-overdue']);
    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 1 });
    expect(await world.escalation.escalations.unresolved('CN-2025-0001')).toHaveLength(1);

    // The command line runs on the real clock (today is after 2026-04-02), with Slack configured.
    const run = await runCliCaptured(['event', 'record', 'CN-2025-0001', 'annual-inspection-passed', '--date', '2026-04-02'], {
      DATABASE_URL: world.database.url,
      CERTBELL_ACTOR: 'tester',
      LANG: 'C.UTF-8',
      CERTBELL_LANG: 'en',
      CERTBELL_STAFF_LOCALE: 'en',
      SLACK_BOT_TOKEN: FAKE_SLACK_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_STAFF_CHANNEL: STAFF_CHANNEL,
      SLACK_API_URL: world.fake.apiUrl,
    });
    expect(run.err).toBe('');
    expect(run.code).toBe(0);

    // No sweep in between: the escalation is resolved and its message says so.
    expect(await world.escalation.escalations.unresolved('CN-2025-0001')).toEqual([]);
    expect(world.fake.callsOf('chat.update')).toHaveLength(1);
    expect(world.fake.messages[0]?.text).toContain('the obligation behind this alert is no longer open');
  });
});
