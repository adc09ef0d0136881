// The certificate register (README "Importing"): its columns, and one row as an import item. Shared
// by the CSV and the spreadsheet readers, which differ only in how they get the cells.
import type { ImportItem } from '../../app/import-ports.js';
import { headerFromFields } from '../../app/validate-case.js';
import type { DomainError } from '../../domain/result.js';
import { findScheme } from '../../domain/schemes/registry.js';

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

export type RegisterRow = Partial<Record<(typeof registerColumns)[number], string>>;

/** The header row's names, normalised, or why they are not the register's. */
export function registerHeader(file: string, names: readonly string[]): { columns: string[] } | { error: DomainError } {
  const columns = names.map((h) => h.replace(/^\uFEFF/, '').trim().toLowerCase());
  const expected = registerColumns.join(', ');
  const unknown = columns.find((h) => h !== '' && !(registerColumns as readonly string[]).includes(h));
  if (unknown !== undefined) return { error: { code: 'import/unknown-column', params: { file, column: unknown, expected } } };
  const missing = requiredColumns.find((c) => !columns.includes(c));
  if (missing) return { error: { code: 'import/missing-column', params: { file, column: missing, expected } } };
  return { columns };
}

export function registerItem(file: string, line: number, row: RegisterRow): ImportItem {
  const source = { file, line };
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
    header: headerFromFields({ ...row, serviceType: row.service_type, contactName: row.contact_name }),
    events,
  };
}
