// Issue 12, "imports that never corrupt a case": a register saved as GBK/GB18030, as UTF-16, as UTF-8
// with a byte-order mark and as an Excel workbook imports to exactly the cases of the plain UTF-8
// file, on both databases; a file that cannot be decoded is refused and nothing is stored.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { registerLines, writeRegister, type RegisterEncoding } from '../../../bench/generate-register.js';
import { packagedHolidayData } from '../../../src/adapters/calendar/holiday-data.js';
import { createCaseRepository } from '../../../src/adapters/db/case-repository.js';
import { openImportFile } from '../../../src/adapters/import/read-import-file.js';
import { translator } from '../../../src/adapters/i18n/translator.js';
import { importCases } from '../../../src/app/import-cases.js';
import type { Deps } from '../../../src/app/ports.js';
import { WorkingDayCalendar } from '../../../src/domain/calendar/working-days.js';
import { defaultPolicy } from '../../../src/domain/policy.js';
import { createTestDatabase, type TestDatabase } from '../../support/databases.js';

const ROWS = 120;
const folder = mkdtempSync(join(tmpdir(), 'certbell-encodings-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const calendar = new WorkingDayCalendar(packagedHolidayData());

function depsOf(database: TestDatabase): Deps {
  return { cases: createCaseRepository(database.db, { calendar, policy: defaultPolicy }), clock: { now: () => new Date('2026-11-21T02:00:00Z') }, calendar, policy: defaultPolicy, zone: 'Asia/Shanghai' };
}

/** Every stored fact of every case, without generated ids and times: what "identical cases" means. */
async function storedCases(database: TestDatabase): Promise<string> {
  const rows = (sql: string) => database.db.raw.rows<Record<string, unknown>>(sql);
  const cases = await rows(`SELECT c.ref, c.scheme, o.name, o.province, c."serviceType", c.level, c.stage, c.snapshot, c.version FROM "Case" c JOIN "Organization" o ON o.id = c."organizationId" ORDER BY c.ref`);
  const events = await rows(`SELECT c.ref, e.seq, e.type, e."occurredOn", e.data FROM "CaseEvent" e JOIN "Case" c ON c.id = e."caseId" ORDER BY c.ref, e.seq`);
  const contacts = await rows(`SELECT c.ref, k.name, k.email, k.locale FROM "CaseContact" l JOIN "Case" c ON c.id = l."caseId" JOIN "Contact" k ON k.id = l."contactId" ORDER BY c.ref, k.email`);
  const certificates = await rows(`SELECT c.ref, k."certificateNo", k.level, k."issuedOn", k."expiresOn", k.status FROM "Certificate" k JOIN "Case" c ON c.id = k."caseId" ORDER BY c.ref`);
  const obligations = await rows(`SELECT "caseRef", kind, occurrence, "opensOn", "dueOn", explanation FROM "Obligation" ORDER BY "caseRef", kind, occurrence`);
  return JSON.stringify({ cases, events, contacts, certificates, obligations }, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
}

/** The same register as a workbook, cells typed as an office keeps them: dates as dates, levels as numbers. */
async function writeWorkbook(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('登记表');
  const csvCells = (line: string) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].slice(0, 13).map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"'));
  for (const [i, line] of [...registerLines(ROWS)].entries()) {
    const cells: unknown[] = csvCells(line);
    if (i > 0) {
      cells[5] = Number(cells[5]);
      cells[7] = new Date(`${cells[7] as string}T00:00:00Z`);
    }
    sheet.addRow(cells);
  }
  workbook.addWorksheet('notes').addRow(['not read']);
  await workbook.xlsx.writeFile(path);
}

describe.each(['sqlite', 'postgres'] as const)('register encodings on %s', (kind) => {
  const imported = new Map<string, string>();

  async function importInto(path: string): Promise<{ ok: boolean; stored: string; problems: string[] }> {
    const database = await createTestDatabase(kind);
    try {
      const opened = await openImportFile(path);
      if (!opened.ok) return { ok: false, stored: await storedCases(database), problems: [opened.error.code] };
      const result = await importCases(depsOf(database), opened.value, 'test');
      return { ok: result.ok, stored: await storedCases(database), problems: result.ok ? [] : result.error.map((p) => p.error.code) };
    } finally {
      await database.drop();
    }
  }

  const encodings: RegisterEncoding[] = ['utf8', 'utf8-bom', 'utf16le', 'gb18030'];
  for (const encoding of encodings) {
    it(`imports the ${encoding} register`, async () => {
      const path = join(folder, `${kind}-${encoding}.csv`);
      await writeRegister(path, ROWS, { encoding });
      const result = await importInto(path);
      expect(result.problems).toEqual([]);
      expect(result.stored).not.toContain('\uFFFD');
      imported.set(encoding, result.stored);
    }, 60_000);
  }

  it('imports the .xlsx register (first sheet, typed cells)', async () => {
    const path = join(folder, `${kind}.xlsx`);
    await writeWorkbook(path);
    const result = await importInto(path);
    expect(result.problems).toEqual([]);
    imported.set('xlsx', result.stored);
  }, 60_000);

  it('every encoding and the workbook give identical cases, Chinese names intact', () => {
    const reference = imported.get('utf8')!;
    expect(JSON.parse(reference).cases).toHaveLength(ROWS);
    // The generator's first organisation, as the reference stores it.
    expect(reference).toContain([...registerLines(1)][1]!.split(',')[2]);
    for (const name of ['utf8-bom', 'utf16le', 'gb18030', 'xlsx']) expect(imported.get(name), name).toBe(reference);
  });

  it('refuses a file that is no known encoding, storing nothing, with a translated reason', async () => {
    const path = join(folder, `${kind}-binary.csv`);
    const text = [...registerLines(3)].join('\n');
    // GB18030 bytes with one byte that no GB18030 sequence has (0xFF) in the second row.
    const bytes = Buffer.concat([Buffer.from(text.slice(0, text.indexOf('\n') + 5), 'utf8'), Buffer.from([0xc4, 0xe3, 0xff]), Buffer.from(text.slice(text.indexOf('\n') + 5), 'utf8')]);
    writeFileSync(path, bytes);
    const result = await importInto(path);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(['import/undecodable']);
    expect(JSON.parse(result.stored).cases).toEqual([]);
    const error = { code: 'import/undecodable', params: { file: 'x.csv', encoding: 'gb18030', line: 2 } };
    expect(translator('en').error(error)).toContain('line 2 cannot be read as gb18030');
    expect(translator('zh-CN').error(error)).toContain('第 2 行无法按 gb18030 读取');
  }, 60_000);
});
