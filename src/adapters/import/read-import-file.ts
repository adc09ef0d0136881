// Opens an import file as a source that reads it in chunks, or says precisely why the file as a
// whole cannot be read. Row-level checks (schemes, levels, dates, event order) belong to the import
// use case. Registers (.csv in UTF-8, UTF-16 or GB18030, and .xlsx) are streamed; JSON histories
// are small and read whole.
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { IMPORT_CHUNK_ROWS, itemsSource } from '../../app/import-cases.js';
import type { ImportItem, ImportSource } from '../../app/import-ports.js';
import type { DomainError, Result } from '../../domain/result.js';
import { csvRegisterChunks } from './csv-register.js';
import { decodedText, detectEncoding, UndecodableFile } from './decode-text.js';
import { xlsxRegisterChunks } from './xlsx-register.js';

export type ReadResult = Result<ImportItem[]>;

export async function openImportFile(path: string): Promise<Result<ImportSource>> {
  const file = basename(path);
  const kind = extname(path).toLowerCase();
  if (kind !== '.json' && kind !== '.csv' && kind !== '.xlsx') return refuse('import/unknown-format', { file });
  let size: number;
  try {
    const found = await stat(path);
    if (!found.isFile()) return refuse('import/unreadable', { file, reason: 'EISDIR' });
    size = found.size;
  } catch (error) {
    return refuse('import/unreadable', { file, reason: (error as NodeJS.ErrnoException).code ?? String(error) });
  }
  if (kind === '.xlsx') return { ok: true, value: { file, chunks: () => unchanged(path, size, xlsxRegisterChunks(path, file, IMPORT_CHUNK_ROWS)) } };
  const encoding = await detectEncoding(path);
  if (kind === '.csv') return { ok: true, value: { file, chunks: () => unchanged(path, size, csvRegisterChunks(path, file, encoding, size, IMPORT_CHUNK_ROWS)) } };
  let text = '';
  try {
    for await (const piece of decodedText(path, file, encoding)) text += piece.text;
  } catch (error) {
    if (error instanceof UndecodableFile) return { ok: false, error: error.refusal };
    throw error;
  }
  const read = readJsonCases(file, text);
  if (!read.ok) return read;
  if (!read.value.length) return refuse('import/empty', { file });
  return { ok: true, value: itemsSource(read.value) };
}

/** Passes the chunks on, and refuses the file if it changed while it was read (an import reads it twice). */
async function* unchanged<T>(path: string, size: number, chunks: AsyncIterable<T>): AsyncGenerator<T | { error: DomainError }> {
  const before = await stat(path);
  yield* chunks;
  const after = await stat(path);
  if (after.size !== size || after.mtimeMs !== before.mtimeMs) yield { error: { code: 'import/file-changed', params: { file: basename(path) } } };
}

function refuse(code: string, params: Record<string, string | number>): { ok: false; error: DomainError } {
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
  return { ok: true, value: items };
}

