// /status shows an expired certificate and a pending staff decision (docs/rules.md CN-13, "Expiry without
// renewal"; seed 000 §五), from the stored case, on SQLite and PostgreSQL, in both languages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLapseFinder } from '../../../src/adapters/db/lapse-queries.js';
import { expireCertificates } from '../../../src/app/expire-certificates.js';
import { importCases } from '../../../src/app/import-cases.js';
import { recordEvent } from '../../../src/app/record-event.js';
import { CASES, createAssistantWorld, texts } from './assistant-world.js';
import type { AssistantWorld } from './assistant-world.js';

const LAPSED = { ref: 'CN-2023-0009', email: 'sun.li@example.cn' };

describe.each(['sqlite', 'postgres'] as const)('/status at the end of a certificate, on %s', (kind) => {
  let world: AssistantWorld;
  beforeAll(async () => {
    world = await createAssistantWorld(kind);
    // CN-11 [policy]: issued 2023-11-15 with no printed expiry → valid to 2026-11-14, lapsed from 2026-11-15.
    const source = { file: 'test', path: LAPSED.ref };
    const imported = await importCases(
      world.assistant,
      [
        {
          source,
          header: { ref: LAPSED.ref, scheme: 'cnce-ns', organization: { name: '南京过期网络有限公司', province: '江苏' }, serviceType: 'risk-assessment', level: 2, contacts: [{ name: '孙丽', email: LAPSED.email, locale: 'zh-CN' }] },
          events: [
            { source, fields: { type: 'certificate-issued', date: '2023-11-15', certificateNo: 'CNCE-NS-2023-1115' } },
            { source, fields: { type: 'annual-inspection-passed', date: '2025-11-01' } },
          ],
        },
      ],
      'test',
    );
    expect(imported.ok).toBe(true);
    expect((await expireCertificates({ ...world.assistant, lapses: createLapseFinder(world.database.db) })).expired).toEqual([{ ref: LAPSED.ref, date: '2026-11-15' }]);
    // CN-13: the Beijing case's first inspection (window from 2026-11-10) failed on 2026-11-20.
    expect((await recordEvent(world.assistant, { ref: CASES.beijing.ref, event: { type: 'annual-inspection-failed', date: '2026-11-20' } }, 'test')).ok).toBe(true);
    await world.bind(2001, LAPSED.ref, LAPSED.email);
    await world.bind(2002, CASES.beijing.ref, CASES.beijing.email);
  });
  afterAll(async () => world?.close());

  it('an expired certificate: the stage and the lapse, in Chinese and English; the staff confirmation is not shown', async () => {
    const zh = texts(await world.say(2001, '/status'));
    expect(zh).toContain('当前阶段：证书到期未换证');
    expect(zh).toContain('• 证书已到期失效：自 2026-11-15 起');
    const en = texts(await world.say(2001, '/status', 'en'));
    expect(en).toContain('Stage: Certificate expired, not renewed');
    expect(en).toContain('• Certificate expired: since 2026-11-15');
    expect(en).not.toContain('staff confirmation');
  });

  it('CN-13: a failed inspection shows the decision pending with the certification body, and the next year still due', async () => {
    const en = texts(await world.say(2002, '/status', 'en'));
    expect(en).toContain('Stage: Annual inspection failed, decision pending');
    // 15 working days from Fri 2026-11-20: Nov 23–27 (5), Nov 30–Dec 4 (10), Dec 7–11 (15).
    expect(en).toContain('Downgrade-or-cancel decision: by 2026-12-11');
    expect(en).toContain('the certification body acts');
    const zh = texts(await world.say(2002, '/status'));
    expect(zh).toContain('降级或取消证书的决定：2026-12-11 前');
  });
});
