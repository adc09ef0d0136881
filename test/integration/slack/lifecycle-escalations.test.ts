// Slack at the end of a certificate, on SQLite and PostgreSQL (docs/rules.md CN-13, WA-17, "Expiry without
// renewal"; seed 000 §五, seed 002 §8): the downgrade-or-cancel decision after a failed inspection, the
// recertification unfinished before expiry, and the lapse itself, each posted, and resolved by the event
// that ends it; `/certbell case` shows the expired state.
import { describe, expect, it } from 'vitest';
import { createLapseFinder } from '../../../src/adapters/db/lapse-queries.js';
import { dispatchOutbox } from '../../../src/app/dispatch-outbox.js';
import { expireCertificates } from '../../../src/app/expire-certificates.js';
import { recordEvent } from '../../../src/app/record-event.js';
import { sweepEscalations } from '../../../src/app/sweep-escalations.js';
import { blockText, caseItem, nine, slackWorldPerTest } from './slack-world.js';

describe.each(['sqlite', 'postgres'] as const)('lifecycle escalations on %s', (kind) => {
  const slackWorld = slackWorldPerTest(kind);

  it('CN-13: a failed inspection on Fri 2026-11-20 is warned on 2026-12-08 (12 of 15 working days), breached 2026-12-12, resolved by the downgrade', async () => {
    const world = await slackWorld(nine('2026-11-20'));
    await world.importCases([caseItem('CN-2025-0013', 'cnce-ns', [['certificate-issued', '2025-12-10', { certificateNo: 'CNCE-NS-2025-0013' }]])]);
    expect((await recordEvent(world.deps, { ref: 'CN-2025-0013', event: { type: 'annual-inspection-failed', date: '2026-11-20' } }, 'test')).ok).toBe(true);
    // Nov 23–27 (5), Nov 30–Dec 4 (10), Dec 7 (11), Dec 8 (12 = 80% of 15), … Dec 11 (15).
    expect(await world.raisedOn('2026-12-07')).toEqual([]);
    expect(await world.raisedOn('2026-12-08')).toEqual(['CN-2025-0013 inspection-decision/warning CN-13']);
    expect(await world.raisedOn('2026-12-12')).toEqual(['CN-2025-0013 inspection-decision/breach CN-13']);
    await dispatchOutbox(world.dispatch, 'a');
    expect(world.fake.messages.map((m) => m.text.split('\n')[0])).toEqual([
      'Downgrade-or-cancel decision due soon: case CN-2025-0013',
      'Downgrade-or-cancel decision overdue: case CN-2025-0013',
    ]);
    expect(blockText(world.fake.messages[1]?.blocks ?? [])).toContain('no downgrade or cancellation is recorded (CN-13)');
    expect((await recordEvent(world.deps, { ref: 'CN-2025-0013', event: { type: 'certificate-downgraded', date: '2026-12-12' } }, 'test')).ok).toBe(true);
    world.setNow(nine('2026-12-13'));
    expect((await sweepEscalations(world.escalation)).resolved.map((e) => `${e.kind}/${e.stage}`).sort()).toEqual(['inspection-decision/breach', 'inspection-decision/warning']);
  });

  it('WA-17 and the lapse: recertification unfinished a month and a week before expiry 2026-12-31, then the certificate expires; staff are told and the case shows it', async () => {
    const world = await slackWorld(nine('2026-09-01'));
    await world.importCases([
      caseItem('WA-2024-0017', 'wal', [
        ['certificate-issued', '2024-01-01', { certificateNo: 'WAL-2024-0017', expires: '2026-12-31' }],
        ['surveillance-audit-completed', '2024-12-01'],
        ['surveillance-audit-completed', '2025-11-20'],
        ['renewal-applied', '2026-09-01'],
      ]),
    ]);
    expect(await world.raisedOn('2026-11-30')).toEqual([]);
    expect(await world.raisedOn('2026-12-01')).toEqual(['WA-2024-0017 recertification/one-month WA-17,WA-9']);
    expect(await world.raisedOn('2026-12-24')).toEqual(['WA-2024-0017 recertification/one-week WA-17,WA-9']);
    // The day after expiry the daily sweep records the lapse; the recertification escalation is resolved, and
    // the lapse is escalated at once.
    world.setNow(nine('2027-01-01'));
    expect((await expireCertificates({ ...world.deps, lapses: createLapseFinder(world.database.db) })).expired).toEqual([{ ref: 'WA-2024-0017', date: '2027-01-01' }]);
    const sweep = await sweepEscalations(world.escalation);
    expect(sweep.raised.map((e) => `${e.kind}/${e.stage} ${e.detail.rules.join(',')}`)).toEqual(['certificate-expired/expired WA-9']);
    expect(sweep.resolved.map((e) => `${e.kind}/${e.stage}`).sort()).toEqual(['recertification/one-month', 'recertification/one-week']);
    await dispatchOutbox(world.dispatch, 'a');
    const posted = world.fake.messages.find((m) => m.text.startsWith('Certificate expired without renewal'));
    expect(posted?.text.split('\n')[0]).toBe('Certificate expired without renewal: case WA-2024-0017');
    expect(blockText(posted?.blocks ?? [])).toContain('Certificate WAL-2024-0017 expired on 2026-12-31 and no new certificate is recorded');
    const shown = (await world.slash('case WA-2024-0017')).json();
    expect(blockText(shown.blocks as unknown[])).toContain('Stage: Certificate expired, not renewed');
    expect(blockText(shown.blocks as unknown[])).toContain('Expired certificate: staff confirmation');
  });
});
