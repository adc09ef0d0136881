// An Excel (.xlsx) certificate register: the first sheet, with the CSV's columns, read as a stream.
// Cells come typed (dates, numbers, rich text); each is turned into the text a CSV would hold.
import type { ImportChunk, ImportItem } from '../../app/import-ports.js';
import type { DomainError } from '../../domain/result.js';
import { registerHeader, registerItem, type RegisterRow } from './register-rows.js';

export async function* xlsxRegisterChunks(path: string, file: string, rowsPerChunk: number): AsyncGenerator<ImportChunk | { error: DomainError }> {
  // Loaded only for an .xlsx file: exceljs is several hundred modules.
  const { default: ExcelJS } = await import('exceljs');
  // Styles are needed to tell a date from a number.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' });
  let columns: string[] | null = null;
  let items: ImportItem[] = [];
  let rows = 0;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const cells = (row.values as unknown[]).slice(1).map(cellText);
        if (!columns) {
          const header = registerHeader(file, cells);
          if ('error' in header) return yield { error: header.error };
          columns = header.columns;
          continue;
        }
        if (cells.every((c) => c === '')) continue;
        const record: Record<string, string> = {};
        columns.forEach((name, k) => {
          if (name) record[name] = cells[k] ?? '';
        });
        items.push(registerItem(file, row.number, record as RegisterRow));
        rows++;
        if (items.length >= rowsPerChunk) {
          yield { items, done: rows, total: 0 };
          items = [];
        }
      }
      break; // the first sheet only
    }
  } catch (error) {
    return yield { error: { code: 'import/bad-xlsx', params: { file, reason: (error as Error).message } } };
  }
  if (!columns) return yield { error: { code: 'import/empty', params: { file } } };
  if (items.length) yield { items, done: rows, total: 0 };
}

/** A cell as the text a CSV register would hold. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown };
    if (v.richText) return v.richText.map((r) => r.text).join('').trim();
    if (v.result !== undefined) return cellText(v.result);
    if (typeof v.text === 'string') return v.text.trim();
  }
  return '';
}
