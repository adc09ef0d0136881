// Turns an import file into import items, or says precisely why the file as a whole cannot be read.
// Row-level checks (schemes, levels, dates, event order) belong to the import use case.
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ImportItem } from '../../app/import-cases.js';
import type { DomainError } from '../../domain/result.js';
import { findScheme } from '../../domain/schemes/registry.js';

export type ReadResult = { ok: true; items: ImportItem[] } | { ok: false; error: DomainError };

export async function readImportFile(path: string): Promise<ReadResult> {
  const file = basename(path);
  const kind = extname(path).toLowerCase();
  if (kind !== '.json' && kind !== '.csv') return refuse('import/unknown-format', { file });
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return refuse('import/unreadable', { file, reason: (error as NodeJS.ErrnoException).code ?? String(error) });
  }
  const result = kind === '.json' ? readJsonCases(file, text) : readCsvRegister(file, text);
  if (result.ok && result.items.length === 0) return refuse('import/empty', { file });
  return result;
}

function refuse(code: string, params: Record<string, string | number>): ReadResult {
  return { ok: false, error: { code, params } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON format of whole cases with their histories (README, "Importing"). */
export function readJsonCases(file: string, text: string): ReadResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return refuse('import/bad-json', { file, reason: (error as Error).message });
  }
  if (!isObject(doc) || !Array.isArray(doc.cases)) return refuse('import/bad-shape', { file, path: '$', reason: 'expected an object with a "cases" array' });
  const items: ImportItem[] = [];
  for (const [i, raw] of doc.cases.entries()) {
    const path = `cases[${i}]`;
    if (!isObject(raw)) return refuse('import/bad-shape', { file, path, reason: 'expected an object' });
    const organization = raw.organization;
    if (!isObject(organization)) return refuse('import/bad-shape', { file, path: `${path}.organization`, reason: 'expected an object with "name"' });
    const contacts = raw.contacts ?? [];
    if (!Array.isArray(contacts) || !contacts.every(isObject)) return refuse('import/bad-shape', { file, path: `${path}.contacts`, reason: 'expected an array of objects' });
    const events = raw.events ?? [];
    if (!Array.isArray(events)) return refuse('import/bad-shape', { file, path: `${path}.events`, reason: 'expected an array' });
    const badEvent = events.findIndex((e) => !isObject(e));
    if (badEvent >= 0) return refuse('import/bad-shape', { file, path: `${path}.events[${badEvent}]`, reason: 'expected an object' });
    items.push({
      source: { file, path },
      header: {
        ref: raw.ref,
        scheme: raw.scheme,
        organization: { name: organization.name, province: organization.province },
        serviceType: raw.serviceType,
        level: raw.level,
        contacts: contacts.map((c) => ({ name: c.name, email: c.email, locale: c.locale })),
      },
      events: (events as Record<string, unknown>[]).map((e, j) => ({
        source: { file, path: `${path}.events[${j}]` },
        fields: { type: e.type, date: e.date, certificateNo: e.certificateNo, expires: e.expires, level: e.level, note: e.note },
      })),
    });
  }
  return { ok: true, items };
}

/** The certificate register: one row per certificate (README, "Importing"). */
export const registerColumns = [
  'ref',
  'scheme',
  'organization',
  'province',
  'service_type',
  'level',
  'certificate_no',
  'issue_date',
  'expiry',
  'last_inspection_or_audit',
  'contact_name',
  'email',
  'locale',
] as const;
const requiredColumns = ['ref', 'scheme', 'organization', 'level', 'certificate_no', 'issue_date'];

type Row = Record<(typeof registerColumns)[number], string | undefined>;

export function readCsvRegister(file: string, text: string): ReadResult {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  let header: string[] = [];
  try {
    records = parse(text, {
      bom: true,
      columns: (names: string[]) => (header = names.map((h) => h.trim().toLowerCase())),
      skip_empty_lines: true,
      trim: true,
      info: true,
    });
  } catch (error) {
    return refuse('import/bad-csv', { file, reason: (error as Error).message });
  }
  const expected = registerColumns.join(', ');
  const unknown = header.find((h) => !(registerColumns as readonly string[]).includes(h));
  if (unknown !== undefined) return refuse('import/unknown-column', { file, column: unknown, expected });
  const missing = requiredColumns.find((c) => !header.includes(c));
  if (missing) return refuse('import/missing-column', { file, column: missing, expected });

  return {
    ok: true,
    items: records.map(({ record, info }) => {
      const row = record as Row;
      const source = { file, line: info.lines };
      const events: ImportItem['events'][number][] = [
        { source, fields: { type: 'certificate-issued', date: row.issue_date, certificateNo: row.certificate_no, expires: row.expiry } },
      ];
      if (row.last_inspection_or_audit) {
        // The scheme says what its last check is (CN-12 annual inspection, WA-4/WA-5 surveillance audit);
        // an unknown scheme is refused with the row's header.
        const type = findScheme(row.scheme ?? '')?.register.lastCheckEvent;
        if (type) events.push({ source, fields: { type, date: row.last_inspection_or_audit } });
      }
      return {
        source,
        header: {
          ref: row.ref,
          scheme: row.scheme,
          organization: { name: row.organization, province: row.province },
          serviceType: row.service_type,
          level: row.level,
          contacts: row.email ? [{ name: row.contact_name, email: row.email, locale: row.locale }] : [],
        },
        events,
      };
    }),
  };
}
