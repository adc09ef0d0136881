// Block Kit's limits hold whatever the data: a 4,000-character organisation name, a long certificate
// number and many contacts with long names still give a message Slack accepts (at most 50 blocks, a
// header of 150 characters, section texts of 3,000, at most 10 fields of 2,000 each, buttons of 75).
import { describe, expect, it } from 'vitest';
import { translator } from '../../../src/adapters/i18n/translator.js';
import type { Block } from '../../../src/adapters/slack/blocks.js';
import { escalationMessage } from '../../../src/adapters/slack/blocks.js';
import { contactBook } from '../../../src/app/contacts/contact-book.js';
import { escalationRecord } from '../../support/escalation-record.js';

const organization = `<!channel> *Evil* ${'安'.repeat(2000)}${'A&B '.repeat(500)}`;

const escalation = escalationRecord({
  id: 'e-1',
  key: 'k',
  kind: 'annual-inspection-overdue',
  caseRef: 'CN-2026-0001',
  occurrence: '2026-01-10',
  stage: 'overdue',
  detail: { scheme: 'cnce-ns', organization, obligationKind: 'annual-inspection', obligationOccurrence: 'x', rules: ['CN-12', 'CN-13'], facts: { year: 1, issuedOn: '2025-11-20', anniversary: '2026-11-20', overdueDays: 3 }, raisedOn: '2026-11-23' },
  status: 'acknowledged',
  raisedAt: new Date('2026-11-23T01:00:00Z'),
  channelId: 'C1',
  messageTs: '1.2',
  acknowledgedBy: 'slack:U0STAFF',
  acknowledgedAt: new Date('2026-11-23T02:00:00Z'),
});

const about = {
  certificateNo: `CNCE-NS-${'9'.repeat(56)}`,
  body: contactBook().answer('cnce-ns', '北京'),
  contacts: Array.from({ length: 30 }, (_, i) => ({ name: `${'张'.repeat(200)}${i}`, email: `${'x'.repeat(60)}${i}@${'long-domain.'.repeat(10)}example.cn`, chat: 'blocked' as const, emailState: 'refused' as const })),
};

function texts(block: Block): { kind: string; text: string }[] {
  const out: { kind: string; text: string }[] = [];
  const text = block.text as { text?: string } | undefined;
  if (text?.text !== undefined) out.push({ kind: String(block.type), text: text.text });
  for (const f of (block.fields as { text: string }[] | undefined) ?? []) out.push({ kind: 'field', text: f.text });
  for (const e of (block.elements as Block[] | undefined) ?? []) out.push(...texts(e).map((t) => ({ ...t, kind: `${String(block.type)}>${t.kind}` })));
  return out;
}

describe('an escalation at Block Kit limits', () => {
  it.each(['zh-CN', 'en'] as const)('%s: a 4,000-character organisation, the certificate number and 30 contacts fit', (locale) => {
    for (const mode of ['post', 'reescalate', 'update'] as const) {
      const m = escalationMessage(translator(locale), { escalation, mode, today: '2026-11-23', about }, { zone: 'Asia/Shanghai', escalationGroup: 'S1', acknowledgeWithinHours: 4 });
      const blocks = m.blocks as Block[];
      expect(blocks.length).toBeLessThanOrEqual(50);
      for (const block of blocks) {
        if (block.type === 'header') expect((block.text as { text: string }).text.length).toBeLessThanOrEqual(150);
        if (block.fields) expect((block.fields as unknown[]).length).toBeLessThanOrEqual(10);
        for (const t of texts(block)) {
          const limit = t.kind === 'field' ? 2000 : t.kind.endsWith('button') || t.kind === 'actions>button' ? 75 : 3000;
          expect(t.text.length, `${t.kind}: ${t.text.slice(0, 40)}`).toBeLessThanOrEqual(limit);
        }
      }
      expect(m.text.length).toBeLessThanOrEqual(40_000);
      const all = JSON.stringify(blocks);
      // The certificate number and the first contacts are there; the data cannot ping or format.
      expect(all).toContain(about.certificateNo);
      expect(all).toContain('tongjizu@189.cn');
      expect(all).not.toContain('<!channel>');
      expect(all).toContain('<@U0STAFF>');
    }
  });
});
