// Plain questions in Chinese and English, mapped to what the assistant answers.
import { describe, expect, it } from 'vitest';
import { regionalBodyOf } from '../../../src/domain/schemes/contacts.js';
import { cnceNsContacts } from '../../../src/domain/schemes/cnce-ns/contacts.js';
import { contactFor } from '../../../src/domain/schemes/registry.js';
import { matchQuestion, shownToApplicant } from '../../../src/domain/question-intent.js';
import { AttemptLimiter } from '../../../src/app/attempt-limiter.js';

describe('matchQuestion', () => {
  it.each([
    ['我的证书什么时候到期？', 'certificate-expiry'],
    ['证书有效期到哪天', 'certificate-expiry'],
    ['When does my certificate expire?', 'certificate-expiry'],
    ['when is my annual inspection', 'inspection'],
    ['年检什么时候', 'inspection'],
    ['监督审核哪天做', 'inspection'],
    ['怎么续证', 'renewal'],
    ['When should I renew?', 'renewal'],
    ['承诺书什么时候交', 'pledge'],
    ['下一步做什么', 'next-step'],
    ['What do I do next?', 'next-step'],
    ['我的案件进度', 'status'],
    ['where is my application', 'status'],
    ['有哪些截止日期', 'deadlines'],
    ['any deadlines?', 'deadlines'],
    ['应该联系谁？电话多少', 'contact'],
    ['whom do I call', 'contact'],
    ['认证流程是什么', 'stages'],
    ['help', 'help'],
  ] as const)('%s → %s', (question, intent) => {
    expect(matchQuestion(question)).toBe(intent);
  });

  it.each(['hello', '今天天气不错', '', '🙂', 'CN-2026-0001'])('%j is not understood', (question) => {
    expect(matchQuestion(question)).toBeNull();
  });

  it('keeps the revocation review (WA-10, WA-12) for staff', () => {
    expect(shownToApplicant('wal', 'revocation-review')).toBe(false);
    expect(shownToApplicant('cnce-ns', 'material-review')).toBe(true);
    expect(shownToApplicant('cnce-ns', 'annual-inspection')).toBe(true);
  });
});

describe('CN-17: the association of the registered province', () => {
  it.each([
    ['北京', '北京市通信行业协会'],
    ['北京市', '北京市通信行业协会'],
    ['广东省', '广东省通信行业协会'],
    ['Guangdong Province', '广东省通信行业协会'],
    ['宁夏回族自治区', '宁夏区通信行业协会'],
    ['黑龙江省', '黑龙江省通信行业协会'],
  ])('%s → %s', (province, name) => {
    expect(regionalBodyOf(cnceNsContacts, province)?.name).toBe(name);
  });

  it('a province the guide does not list goes to the CNCE-NS centre; wal goes to 网安联', () => {
    expect(contactFor('cnce-ns', '新疆')).toMatchObject({ provinceListed: false, association: { phone: '010-68094562' } });
    expect(contactFor('cnce-ns', null)).toMatchObject({ provinceListed: false });
    expect(contactFor('wal', '北京')).toMatchObject({ provinceListed: true, association: { name: '网安联认证中心' } });
  });
});

describe('AttemptLimiter', () => {
  it('allows maxFailures in a sliding window, then says how long to wait', () => {
    const limiter = new AttemptLimiter({ maxFailures: 3, windowMs: 1000 });
    for (const at of [0, 100, 200]) {
      expect(limiter.waitMs('a', at)).toBe(0);
      limiter.record('a', at);
    }
    expect(limiter.waitMs('a', 300)).toBe(700);
    expect(limiter.waitMs('b', 300)).toBe(0);
    expect(limiter.waitMs('a', 1000)).toBe(0);
  });
});
