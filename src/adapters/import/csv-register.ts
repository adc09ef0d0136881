// A CSV certificate register, streamed: decoded piece by piece, parsed row by row, handed on in
// chunks, so that a register of any size takes the same memory.
import { Readable, pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import type { ImportChunk } from '../../app/import-ports.js';
import type { DomainError } from '../../domain/result.js';
import { decodedText, UndecodableFile, type TextEncoding } from './decode-text.js';
import { registerHeader, registerItem, type RegisterRow } from './register-rows.js';

export async function* csvRegisterChunks(path: string, file: string, encoding: TextEncoding, total: number, rowsPerChunk: number): AsyncGenerator<ImportChunk | { error: DomainError }> {
  let headerError: DomainError | null = null;
  const parser = parse({
    columns: (names: string[]) => {
      const header = registerHeader(file, names);
      if ('error' in header) {
        headerError = header.error;
        throw new Error(header.error.code);
      }
      return header.columns;
    },
    skip_empty_lines: true,
    trim: true,
    info: true,
  });
  let bytes = 0;
  const texts = Readable.from(
    (async function* () {
      for await (const piece of decodedText(path, file, encoding)) {
        bytes = piece.bytes;
        yield piece.text;
      }
    })(),
  );
  // pipeline destroys both streams on an error in either, and the parser's iteration then throws it.
  const rows = pipeline(texts, parser, () => undefined);
  let items: ReturnType<typeof registerItem>[] = [];
  try {
    for await (const { record, info } of rows as AsyncIterable<{ record: RegisterRow; info: { lines: number } }>) {
      items.push(registerItem(file, info.lines, record));
      if (items.length >= rowsPerChunk) {
        yield { items, done: bytes, total };
        items = [];
      }
    }
  } catch (error) {
    if (headerError) return yield { error: headerError };
    if (error instanceof UndecodableFile) return yield { error: error.refusal };
    return yield { error: { code: 'import/bad-csv', params: { file, reason: (error as Error).message } } };
  }
  if (items.length) yield { items, done: total, total };
}
