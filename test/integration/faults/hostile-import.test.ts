// Issue 7 §3: import files mangled at random (fast-check) never crash or hang the import, always get
// a translated reason when refused, and a refused file leaves the database exactly as it was.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packagedHolidayData } from '../../../src/adapters/calendar/holiday-data.js';
import { createCaseRepository } from '../../../src/adapters/db/case-repository.js';
import { openImportFile } from '../../../src/adapters/import/read-import-file.js';
import { translator } from '../../../src/adapters/i18n/translator.js';
import { importCases } from '../../../src/app/import-cases.js';
import type { Deps } from '../../../src/app/ports.js';
import type { DomainError } from '../../../src/domain/result.js';
import { defaultPolicy } from '../../../src/domain/policy.js';
import { WorkingDayCalendar } from '../../../src/domain/calendar/working-days.js';
import { createTestDatabase, type TestDatabase } from '../../support/databases.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');
const csv = fixture('register.csv');
const json = fixture('cases.json');

/** A text with some characters replaced, inserted or removed, or cut short: what a damaged file looks like. */
const mangled = (text: string) =>
  fc
    .array(
      fc.oneof(
        fc.record({ at: fc.nat(text.length), op: fc.constant('insert' as const), s: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(',', '"', '\n', '\r\n', '{', '}', '[', ']', '\u0000', '２０２６', '2026-02-30', '-1', '1e309', '\ufeff')) }),
        fc.record({ at: fc.nat(text.length), op: fc.constant('delete' as const), s: fc.constant('') }),
        fc.record({ at: fc.nat(text.length), op: fc.constant('cut' as const), s: fc.constant('') }),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((edits) =>
      edits.reduce((t, e) => {
        const at = Math.min(e.at, t.length);
        if (e.op === 'insert') return t.slice(0, at) + e.s + t.slice(at);
        if (e.op === 'delete') return t.slice(0, at) + t.slice(at + 1 + (at % 7));
        return t.slice(0, at);
      }, text),
    );

const translated = (error: DomainError) => {
  for (const locale of ['en', 'zh-CN'] as const) {
    const words = translator(locale).error(error);
    expect(words, `${locale} words for ${error.code}`).not.toMatch(/^error\./);
    expect(words).not.toBe('');
  }
};

describe('hostile import files', () => {
  let database: TestDatabase;
  let deps: Deps;
  const snapshot = async () => {
    const tables = ['Organization', 'Contact', 'Case', 'CaseContact', 'Certificate', 'CaseEvent', 'Obligation', 'AuditEntry'];
    const counts = await Promise.all(tables.map(async (t) => (await database.db.raw.rows<{ n: number }>(`SELECT COUNT(*) AS n FROM "${t}"`))[0]?.n));
    const cases = await database.db.raw.rows(`SELECT ref, stage, snapshot, version FROM "Case" ORDER BY ref`);
    return JSON.stringify({ counts, cases });
  };

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    const calendar = new WorkingDayCalendar(packagedHolidayData());
    deps = { cases: createCaseRepository(database.db, { calendar, policy: defaultPolicy }), clock: { now: () => new Date('2026-11-21T02:00:00Z') }, calendar, policy: defaultPolicy, zone: 'Asia/Shanghai' };
  });
  afterAll(() => database.drop());

  const folder = mkdtempSync(join(tmpdir(), 'certbell-hostile-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  for (const [name, text, extension] of [
    ['CSV register', csv, 'csv'],
    ['JSON histories', json, 'json'],
  ] as const) {
    it(`a mangled ${name} is imported whole or refused with translated reasons, leaving the database untouched`, async () => {
      let refused = 0;
      await fc.assert(
        fc.asyncProperty(mangled(text), async (input) => {
          const before = await snapshot();
          const path = join(folder, `register.${extension}`);
          writeFileSync(path, input);
          const opened = await openImportFile(path);
          if (!opened.ok) {
            translated(opened.error);
            refused++;
            return;
          }
          const result = await importCases(deps, opened.value, 'fuzz');
          if (result.ok) return;
          refused++;
          for (const problem of result.error) translated(problem.error);
          expect(await snapshot()).toBe(before);
        }),
        { numRuns: Number(process.env.FUZZ_RUNS ?? 150), seed: 20261121 },
      );
      // The mangling really does break files, so the refusal path was exercised.
      expect(refused).toBeGreaterThan(20);
    }, 120_000);
  }
});
