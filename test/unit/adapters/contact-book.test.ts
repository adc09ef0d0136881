// One contact book for every surface: the schemes' directories (CN-17, WA-18), with the operator's
// corrections from CERTBELL_CONTACTS_FILE, checked field by field; a scheme without a directory still
// answers (with the staff), and every message then says so.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ContactsFileError, loadContactOverrides } from '../../../src/adapters/contacts-file.js';
import { contactLine } from '../../../src/adapters/i18n/message-parts.js';
import { renderReminder } from '../../../src/adapters/i18n/reminder-messages.js';
import { translator } from '../../../src/adapters/i18n/translator.js';
import { contactText } from '../../../src/adapters/telegram/render.js';
import { contactBook, createContactBook, directoryEntryIds, useContactBook } from '../../../src/app/contacts/contact-book.js';
import type { PlannedObligation } from '../../../src/domain/obligations.js';
import { provincialAssociations } from '../../../src/domain/schemes/cnce-ns/contacts.js';
import { registerScheme } from '../../../src/domain/schemes/registry.js';
import { demoScheme } from '../../fixtures/schemes/demo/scheme.js';

const dir = mkdtempSync(join(tmpdir(), 'certbell-contacts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => useContactBook(createContactBook()));

function file(content: unknown): string {
  const path = join(dir, `contacts-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('the contact book', () => {
  it('CN-17: every province of the guide answers with its association, by its Chinese or pinyin name; 上海 and 新疆 with the centre', () => {
    const book = createContactBook();
    for (const a of provincialAssociations) {
      expect(book.answer('cnce-ns', `${a.province}${a.province === '宁夏' ? '回族自治区' : '省'}`)).toMatchObject({ provinceListed: true, association: { id: a.id, phone: a.phone, email: a.email } });
      expect(book.answer('cnce-ns', a.aliases[0]!).association?.id).toBe(a.id);
    }
    for (const province of ['上海', '上海市', '新疆维吾尔自治区', null]) {
      expect(book.answer('cnce-ns', province)).toMatchObject({ provinceListed: false, province, association: { id: 'cnce-ns-centre', phone: '010-68094562' } });
    }
    expect(contactLine(translator('zh-CN'), book.answer('cnce-ns', '上海'))).toBe(
      '联系方式：中国通信企业协会通信网络安全专业委员会 通信网络安全服务能力评定中心，电话 010-68094562。未列出上海的地方机构，故由该认证体系的中心负责。',
    );
  });

  it('WA-18: 网安联 is named with no phone or email until the operator gives them, and then every surface has them', () => {
    const published = contactLine(translator('en'), contactBook().answer('wal', '北京'));
    expect(published).toBe('Whom to contact: 网安联认证中心 (no phone or email is published; the staff who handle your application will put you in touch).');
    const overrides = loadContactOverrides(file({ 'wal-centre': { phone: ' 010-12345678 ', email: 'cert@wal.example.cn' }, beijing: { email: null } }), directoryEntryIds());
    expect(overrides).toEqual({ 'wal-centre': { phone: '010-12345678', email: 'cert@wal.example.cn' }, beijing: { email: null } });
    useContactBook(createContactBook(overrides));
    expect(contactLine(translator('en'), contactBook().answer('wal', '北京'))).toBe('Whom to contact: 网安联认证中心, phone 010-12345678, email cert@wal.example.cn.');
    // A published value removed: the phone stays, the email is gone.
    expect(contactBook().answer('cnce-ns', '北京').association).toMatchObject({ phone: '010-68028629', email: null });

    const o: PlannedObligation = { kind: 'surveillance-audit', rules: ['WA-4'], audience: 'applicant', opensOn: null, dueOn: '2026-12-20', counting: 'calendar-days', estimatedYears: [], occurrence: 'x', explanation: { key: 'surveillance-audit-first', params: { issuedOn: '2025-12-20' } }, caseRef: 'WA-1', scheme: 'wal', status: 'open' };
    const reminder = renderReminder({ step: { id: 'due-30d', overdue: false }, obligation: o, recipient: { name: '张伟', locale: 'zh-CN', province: '北京' }, caseRef: 'WA-1', today: '2026-11-20' });
    expect(reminder.text).toContain('联系方式：网安联认证中心，电话 010-12345678，邮箱 cert@wal.example.cn。');
    const view = { asOf: '2026-11-20', cases: [{ record: { ref: 'WA-1', scheme: 'wal', serviceType: null, state: { scheme: 'wal', stage: 'certified', level: 1, serviceType: null, lastEventOn: null, certificate: null, on: {}, marks: {} }, organization: { province: '北京' } }, obligations: [] }] };
    expect(contactText(view, translator('en'))).toContain('Phone: 010-12345678');
  });

  it('refuses a bad file naming the file, the entry and the field', () => {
    const ids = directoryEntryIds();
    const bad = (content: unknown) => {
      try {
        loadContactOverrides(file(content), ids);
        return 'accepted';
      } catch (error) {
        expect(error).toBeInstanceOf(ContactsFileError);
        return (error as Error).message.replace(/^\S+contacts-\w+\.json: /, '');
      }
    };
    expect(bad({ 'wal-centre': { email: 'not an email' } })).toMatch(/^wal-centre\.email: /);
    expect(bad({ 'wal-centre': { phne: '1' } })).toMatch(/^wal-centre: .*phne/);
    expect(bad({ shanghai: { phone: '021-1' } })).toMatch(/^shanghai: not an entry of any scheme's contact directory \(entries: cnce-ns-centre, beijing, /);
    expect(bad({ beijing: { name: '' } })).toMatch(/^beijing\.name: /);
    expect(bad('{"wal-centre": ')).not.toBe('accepted');
  });

  it('a scheme without a contacts directory answers with the staff, on every surface', () => {
    registerScheme(demoScheme);
    const bare = { ...demoScheme, id: 'demo-bare', rulePrefix: 'DB', contacts: undefined, locale: { 'zh-CN': {}, en: {} } };
    registerScheme(bare);
    const answer = contactBook().answer('demo-bare', '北京');
    expect(answer).toEqual({ scheme: 'demo-bare', province: '北京', association: null, provinceListed: true });
    expect(contactLine(translator('en'), answer)).toBe('Whom to contact: the staff who handle your application.');
    expect(contactBook().directory('demo-bare')).toBeNull();
    expect(directoryEntryIds()).not.toContain(undefined);
    expect(contactBook().answer('demo-lab', '上海').association?.email).toBe('desk@demo-lab.example.cn');
  });
});
