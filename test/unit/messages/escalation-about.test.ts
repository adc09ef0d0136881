// What an escalation tells staff about its case: the certificate number, the body the applicant deals
// with (the contact book's answer), and each contact with whether certbell can reach them.
import { expect, it } from 'vitest';
import { translator } from '../../../src/adapters/i18n/translator.js';
import { escalationMessage } from '../../../src/adapters/slack/blocks.js';
import { escalationAbout } from '../../../src/app/escalation-about.js';
import type { EscalationDeps } from '../../../src/app/escalation-ports.js';
import { escalationRecord } from '../../support/escalation-record.js';
import { importCases } from '../../../src/app/import-cases.js';
import { fakeDeps } from '../../fakes/deps.js';

it('CN-12, CN-17: names the certificate, the Guangdong association, and which contacts a chat or an email still reaches', async () => {
  const deps = fakeDeps('2026-11-23T01:00:00Z');
  const imported = await importCases(
    deps,
    [
      {
        source: { file: 'test', path: 'CN-GD-1' },
        header: {
          ref: 'CN-GD-1',
          scheme: 'cnce-ns',
          organization: { name: '深圳远望信息安全有限公司', province: '广东省' },
          serviceType: 'risk-assessment',
          level: 2,
          contacts: [
            { name: '王芳', email: 'wang.fang@example.cn', locale: 'zh-CN' },
            { name: 'Li Na', email: 'li.na@example.com', locale: 'en' },
            { name: '陈静', email: 'chen.jing@example.cn', locale: 'zh-CN' },
          ],
        },
        events: [{ source: { file: 'test', path: 'CN-GD-1' }, fields: { type: 'certificate-issued', date: '2025-11-20', certificateNo: 'CNCE-NS-2025-GD1' } }],
      },
    ],
    'test',
  );
  expect(imported.ok).toBe(true);
  const record = (await deps.cases.findByRef('CN-GD-1'))!;
  const [wang, li, chen] = record.contacts.map((c) => c.id);
  const at = new Date('2026-11-20T00:00:00Z');
  const escalationDeps = {
    ...deps,
    reach: {
      recipients: {
        recipientsOf: () =>
          Promise.resolve(
            new Map([
              [
                'CN-GD-1',
                [
                  { contactId: wang!, province: '广东省', name: '王芳', email: 'wang.fang@example.cn', locale: 'zh-CN', chats: [{ chatId: '1', status: 'active' as const }] },
                  { contactId: li!, province: '广东省', name: 'Li Na', email: 'li.na@example.com', locale: 'en', chats: [{ chatId: '2', status: 'blocked' as const }] },
                  { contactId: chen!, province: '广东省', name: '陈静', email: 'chen.jing@example.cn', locale: 'zh-CN', chats: [] },
                ],
              ],
            ]),
          ),
        markChatBlocked: () => Promise.resolve(),
      },
      digests: {
        contactsOf: () =>
          Promise.resolve([
            { contactId: li!, name: 'Li Na', email: 'li.na@example.com', locale: 'en', organization: '', province: null, caseRefs: [], emailRejectedAt: at, emailRejectedReason: '550', digestUnsubscribedAt: null },
            { contactId: chen!, name: '陈静', email: 'chen.jing@example.cn', locale: 'zh-CN', organization: '', province: null, caseRefs: [], emailRejectedAt: null, emailRejectedReason: null, digestUnsubscribedAt: at },
          ]),
      },
    },
  } as unknown as EscalationDeps;
  const escalation = escalationRecord({
    id: 'e-1',
    key: 'k',
    kind: 'annual-inspection-overdue',
    caseRef: 'CN-GD-1',
    occurrence: 'x',
    stage: 'overdue',
    detail: { scheme: 'cnce-ns', organization: '深圳远望信息安全有限公司', obligationKind: 'annual-inspection', obligationOccurrence: 'x', rules: ['CN-12'], facts: { year: 1, issuedOn: '2025-11-20', anniversary: '2026-11-20', overdueDays: 1 }, raisedOn: '2026-11-21' },
    raisedAt: at,
  });
  const about = await escalationAbout(escalationDeps, escalation);
  expect(about.certificateNo).toBe('CNCE-NS-2025-GD1');
  expect(about.body.association?.id).toBe('guangdong');
  expect(about.contacts.map((c) => [c.name, c.chat, c.emailState])).toEqual([
    ['王芳', 'active', 'ok'],
    ['Li Na', 'blocked', 'refused'],
    ['陈静', 'none', 'unsubscribed'],
  ]);
  const text = JSON.stringify(escalationMessage(translator('en'), { escalation, mode: 'post', today: '2026-11-21', about }, { zone: 'Asia/Shanghai', escalationGroup: null, acknowledgeWithinHours: 4 }).blocks);
  expect(text).toContain('*Certificate*\\nCNCE-NS-2025-GD1');
  expect(text).toContain('The applicant deals with: 广东省通信行业协会, phone 020-87626826, email lms@gdca.gov.cn.');
  expect(text).toContain('• 王芳 · wang.fang@example.cn · Telegram chat bound · email reachable');
  expect(text).toContain('• Li Na · li.na@example.com · Telegram chat blocked the bot · email refused by the mail server');
  expect(text).toContain('• 陈静 · chen.jing@example.cn · no Telegram chat · unsubscribed from digests (reminders still go)');
});
