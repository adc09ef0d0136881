// Digests at the end of a certificate, on SQLite and PostgreSQL (docs/rules.md CN-13, "Expiry without
// renewal"; seed 000 §五): the applicant's digest says the certificate expired; the staff digest lists the
// expiry to confirm and the downgrade-or-cancel decision still pending.
import { describe, expect, it } from 'vitest';
import { createLapseFinder } from '../../../src/adapters/db/lapse-queries.js';
import { dispatchOutbox } from '../../../src/app/dispatch-outbox.js';
import { expireCertificates } from '../../../src/app/expire-certificates.js';
import { importCases } from '../../../src/app/import-cases.js';
import { recordEvent } from '../../../src/app/record-event.js';
import { enqueueContactDigests, enqueueStaffDigests } from '../../../src/app/send-digests.js';
import { createDigestWorld, nine, smtpForEachTest, to, type DigestWorld } from '../../support/digest-world.js';

describe.each(['sqlite', 'postgres'] as const)('digests at the end of a certificate, on %s', (kind) => {
  let world: DigestWorld;
  const smtp = smtpForEachTest(async () => world?.close());

  it('the expired certificate reaches the applicant; the expiry to confirm and the CN-13 decision reach staff', async () => {
    world = await createDigestWorld(kind, nine('2026-11-23'), { smtpUrl: smtp.url });
    const source = (ref: string) => ({ file: 'test', path: ref });
    const imported = await importCases(
      world.deps,
      [
        {
          // CN-11 [policy]: issued 2023-11-15 with no printed expiry → valid to 2026-11-14.
          source: source('CN-2023-0015'),
          header: { ref: 'CN-2023-0015', scheme: 'cnce-ns', organization: { name: '苏州过期安全有限公司', province: '江苏' }, serviceType: 'risk-assessment', level: 2, contacts: [{ name: 'Sun Li', email: 'sun.li@example.cn', locale: 'en' }] },
          events: [{ source: source('CN-2023-0015'), fields: { type: 'certificate-issued', date: '2023-11-15', certificateNo: 'CNCE-NS-2023-1115' } }, { source: source('CN-2023-0015'), fields: { type: 'annual-inspection-passed', date: '2025-11-01' } }],
        },
        {
          // CN-12: issued 2025-12-10, first window 2026-11-10 … 2026-12-09; failed on 2026-11-20 (CN-13).
          source: source('CN-2025-0016'),
          header: { ref: 'CN-2025-0016', scheme: 'cnce-ns', organization: { name: '无锡年检安全有限公司', province: '江苏' }, serviceType: 'risk-assessment', level: 3, contacts: [{ name: '周杰', email: 'zhou.jie@example.cn', locale: 'zh-CN' }] },
          events: [{ source: source('CN-2025-0016'), fields: { type: 'certificate-issued', date: '2025-12-10', certificateNo: 'CNCE-NS-2025-1210' } }],
        },
      ],
      'test',
    );
    expect(imported.ok).toBe(true);
    expect((await recordEvent(world.deps, { ref: 'CN-2025-0016', event: { type: 'annual-inspection-failed', date: '2026-11-20' } }, 'test')).ok).toBe(true);
    expect((await expireCertificates({ ...world.deps, lapses: createLapseFinder(world.database.db) })).expired).toEqual([{ ref: 'CN-2023-0015', date: '2026-11-15' }]);

    // The failed inspection's contact has nothing of their own within 60 days: the decision is staff's.
    expect((await enqueueContactDigests(world.digests, { asOf: '2026-11-23', period: '2026-W48' })).entries.map((e) => e.address)).toEqual(['sun.li@example.cn']);
    expect((await enqueueStaffDigests(world.digests, { asOf: '2026-11-23', period: '2026-11-23' })).enqueued).toBe(2);
    expect(await dispatchOutbox(world.dispatch, 'a')).toMatchObject({ sent: 3, failed: 0 });

    const sun = smtp.received.find((m) => to(m) === 'sun.li@example.cn')?.mail;
    // News, not an overdue deadline: neither the subject nor the line counts it as overdue.
    expect(sun?.subject).not.toContain('overdue');
    expect(sun?.text).toContain('since then · 2026-11-15 · Certificate expired, case CN-2023-0015 (CN-11)');
    expect(sun?.text).toContain('Certificate CNCE-NS-2023-1115 expired on 2026-11-14 without a new one: it is no longer valid from 2026-11-15.');
    expect(sun?.text).toContain("2026-11-14 is computed from the issue date 2023-11-15 under this body's policy.");
    // The staff-side confirmation is never in an applicant's digest.
    expect(sun?.text).not.toContain('staff confirmation');

    const staff = smtp.received.find((m) => to(m) === 'desk@certbody.example.cn')?.mail;
    expect(staff?.text).toContain('cnce-ns · 证书到期失效：待工作人员确认：1 项');
    expect(staff?.text).toContain('2026-11-15 · 已逾期 8 天 · CN-2023-0015 · 工作人员 · CN-11');
    expect(staff?.text).toContain('cnce-ns · 降级或取消证书的决定：1 项');
    // 15 working days from Fri 2026-11-20: Nov 23–27, Nov 30–Dec 4, Dec 7–11 → 2026-12-11.
    // The decision runs in PRC working days (CN-13 [policy]): the staff digest counts them as plan does, 18 calendar days being 14 working days.
    expect(staff?.text).toContain('2026-12-11 · 还剩 14 个工作日 · CN-2025-0016 · 工作人员 · CN-13');
  });
});
