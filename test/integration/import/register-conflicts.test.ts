// Issue 12, "imports that never corrupt a case": a register that contradicts stored cases is refused
// whole, every difference listed with its place, unless the operator asks to apply the changes,
// which are then audited (a level change is an event of the case); names with control, bidi or
// zero-width characters are refused with field and line; a dry run says all this and writes nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliOnFreshDatabase } from '../../support/run-cli.js';

const header = 'ref,scheme,organization,province,service_type,level,certificate_no,issue_date,expiry,last_inspection_or_audit,contact_name,email,locale';
const rows = {
  cn: 'CN-C-1,cnce-ns,广州网安科技有限公司,广东,design-integration,3,CNCE-NS-2024-0101,2024-02-29,,2025-02-10,李娜,li.na@example.cn,zh-CN',
  wa: 'WA-C-1,wal,上海数安信息安全技术有限公司,上海,,2,WAL-2023-0042,2023-12-15,,2024-11-03,王伟,wang.wei@example.cn,zh-CN',
};
// CN-C-1 at level 2 in another province, WA-C-1 with another contact.
const changed = {
  cn: 'CN-C-1,cnce-ns,广州网安科技有限公司,广西,design-integration,2,CNCE-NS-2024-0101,2024-02-29,,2025-02-10,李娜,li.na@example.cn,zh-CN',
  wa: 'WA-C-1,wal,上海数安信息安全技术有限公司,上海,,2,WAL-2023-0042,2023-12-15,,2024-11-03,赵敏,zhao.min@example.cn,zh-CN',
};

const folder = mkdtempSync(join(tmpdir(), 'certbell-conflicts-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const file = (name: string, lines: string[]) => {
  const path = join(folder, name);
  writeFileSync(path, `${[header, ...lines].join('\n')}\n`);
  return path;
};

describe.each(['sqlite', 'postgres'] as const)('register re-imports on %s', (kind) => {
  const { cli, db } = cliOnFreshDatabase(kind);
  const stored = async () =>
    JSON.stringify(
      await Promise.all(
        ['Organization', 'Contact', 'Case', 'CaseContact', 'Certificate', 'CaseEvent', 'Obligation', 'AuditEntry'].map((t) =>
          db().raw.rows(`SELECT * FROM "${t}" ORDER BY 1, 2`),
        ),
      ),
      (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v),
    );

  beforeAll(async () => {
    expect((await cli('import', file('first.csv', [rows.cn, rows.wa]))).code).toBe(0);
  });

  it('refuses a contradicting register whole, listing every difference with its place, in both languages', async () => {
    const before = await stored();
    const path = file('changed.csv', [changed.cn, changed.wa]);
    const refused = await cli('import', path);
    expect(refused.code).toBe(1);
    expect(refused.err.split('\n')).toEqual([
      '3 problems; nothing was written:',
      '  changed.csv, line 2, CN-C-1, field level: Case CN-C-1: the file gives the level "2" but the stored case has "3". Nothing was written; to apply the file\'s values, import it again with --apply-changes (every change is audited).',
      '  changed.csv, line 2, CN-C-1, field province: Case CN-C-1: the file gives the province "广西" but the stored case has "广东". Nothing was written; to apply the file\'s values, import it again with --apply-changes (every change is audited).',
      '  changed.csv, line 3, WA-C-1, field contact: Case WA-C-1: the file gives the contact "zhao.min@example.cn" but the stored case has "wang.wei@example.cn". Nothing was written; to apply the file\'s values, import it again with --apply-changes (every change is audited).',
    ]);
    const chinese = await cli('--lang', 'zh-CN', 'import', path);
    expect(chinese.err).toContain('案件 CN-C-1：文件中的级别为“2”，但已存案件为“3”。未写入任何内容');
    expect(await stored()).toBe(before);
  });

  it('a dry run lists what the file would do, and writes nothing', async () => {
    const before = await stored();
    const preview = await cli('import', file('preview.csv', [changed.cn, rows.wa, 'CN-C-2,cnce-ns,北京安信网络科技有限公司,北京,risk-assessment,1,CNCE-NS-2025-0202,2025-05-06,,,,,']), '--dry-run', '--apply-changes', '--json');
    expect(preview.code).toBe(0);
    const outcomes = (JSON.parse(preview.out) as { outcomes: { kind: string; ref: string; differences?: unknown }[] }).outcomes;
    expect(outcomes.map((o) => [o.kind, o.ref])).toEqual([['changed', 'CN-C-1'], ['unchanged', 'WA-C-1'], ['created', 'CN-C-2']]);
    expect(outcomes[0]?.differences).toEqual([
      { field: 'level', stored: '3', value: '2' },
      { field: 'province', stored: '广东', value: '广西' },
    ]);
    expect(await stored()).toBe(before);
  });

  it('applies the changes when asked: audited, the level change an event of the case', async () => {
    const applied = await cli('import', file('changed.csv', [changed.cn, changed.wa]), '--apply-changes', '--json');
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.out)).toEqual({ ok: true, created: [], extended: [], changed: ['CN-C-1', 'WA-C-1'], unchanged: [] });
    const shown = JSON.parse((await cli('case', 'show', 'CN-C-1', '--json')).out) as { level: number; organization: { province: string }; history: { type: string; level?: number }[] };
    expect(shown.level).toBe(2);
    expect(shown.organization.province).toBe('广西');
    expect(shown.history.at(-1)).toMatchObject({ type: 'level-changed' });
    const audit = await db().raw.rows<{ subject: string; details: string }>(`SELECT subject, details FROM "AuditEntry" WHERE action = 'case.import-change' ORDER BY subject`);
    expect(audit.map((a) => [a.subject, (JSON.parse(a.details) as { differences: { field: string }[] }).differences.map((d) => d.field)])).toEqual([
      ['CN-C-1', ['level', 'province']],
      ['WA-C-1', ['contact']],
    ]);
    const contacts = await db().raw.rows<{ email: string }>(`SELECT k.email FROM "CaseContact" l JOIN "Contact" k ON k.id = l."contactId" JOIN "Case" c ON c.id = l."caseId" WHERE c.ref = 'WA-C-1'`);
    expect(contacts.map((c) => c.email)).toEqual(['zhao.min@example.cn']);
    // The changed register is now what is stored: importing it again changes nothing.
    const again = await cli('import', file('changed.csv', [changed.cn, changed.wa]), '--json');
    expect(JSON.parse(again.out)).toMatchObject({ ok: true, unchanged: ['CN-C-1', 'WA-C-1'] });
  });

  it('refuses control, bidi and zero-width characters and over-long names with field and line, normalising to NFC', async () => {
    const before = await stored();
    const bad = [
      'CN-T-1,cnce-ns,"北京安信\n网络科技有限公司",北京,risk-assessment,1,CNCE-NS-T1,2025-05-06,,,,,',
      'CN-T-2,cnce-ns,北京安信网络科技有限公司\u202E,北京,risk-assessment,1,CNCE-NS-T2,2025-05-06,,,,,',
      'CN-T-3,cnce-ns,北京安信网络科技有限公司,北京,risk-assessment,1,CNCE-NS-T3,2025-05-06,,,张\u200B伟,zhang@example.cn,zh-CN',
      `CN-T-4,cnce-ns,${'安'.repeat(201)},北京,risk-assessment,1,CNCE-NS-T4,2025-05-06,,,,,`,
    ];
    const refused = await cli('import', file('text.csv', bad), '--json');
    expect(refused.code).toBe(1);
    const problems = (JSON.parse(refused.out) as { problems: { source: { line: number }; field: string; error: { code: string }; message: string }[] }).problems;
    expect(problems.map((p) => [p.source.line, p.field, p.error.code])).toEqual([
      [3, 'organization.name', 'text/control-character'],
      [4, 'organization.name', 'text/invisible-character'],
      [5, 'contacts[0].name', 'text/invisible-character'],
      [6, 'organization.name', 'text/too-long'],
    ]);
    expect(problems[0]?.message).toBe('The organization.name contains a control character (U+000A) at character 5; remove it.');
    expect(await stored()).toBe(before);
    // NFC: a decomposed "é" is stored composed.
    expect((await cli('import', file('nfc.csv', ['CN-T-5,cnce-ns,Se\u0301curite\u0301 SA,北京,risk-assessment,1,CNCE-NS-T5,2025-05-06,,,,,']))).code).toBe(0);
    const [org] = await db().raw.rows<{ name: string }>(`SELECT o.name FROM "Case" c JOIN "Organization" o ON o.id = c."organizationId" WHERE c.ref = 'CN-T-5'`);
    expect(org?.name).toBe('Sécurité SA'.normalize('NFC'));
  });
});
