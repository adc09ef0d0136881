// What an import needs from the outside world: a file read chunk by chunk (as often as asked), and
// the case store's import side (ports.ts: ImportStore), which looks cases up and writes them in bulk.
import type { DomainError } from '../domain/result.js';
import type { CaseHeaderInput, EventInputFields } from './validate-case.js';

/** Where in a file something came from, so that an error can point at it. */
export interface SourceLocation {
  readonly file: string;
  /** 1-based line of a CSV row, or row of a spreadsheet. */
  readonly line?: number;
  /** A JSON path such as "cases[3].events[1]". */
  readonly path?: string;
}

export interface ImportItem {
  readonly source: SourceLocation;
  readonly header: CaseHeaderInput;
  readonly events: readonly { readonly source: SourceLocation; readonly fields: EventInputFields }[];
}

/** Some items of the file, and how far through it they are (bytes, or items when that is all there is). */
export interface ImportChunk {
  readonly items: readonly ImportItem[];
  readonly done: number;
  readonly total: number;
}

/**
 * An import file. `chunks()` reads it from the start each time it is called, never holding more than
 * a chunk, so that memory stays flat at any size. A file that cannot be read as a whole
 * (undecodable bytes, broken CSV, changed while it was read) ends the iteration with an error chunk.
 */
export interface ImportSource {
  readonly file: string;
  chunks(): AsyncIterable<ImportChunk | { readonly error: DomainError }>;
}

/** How far an import has got, for a progress display. */
export interface ImportProgress {
  readonly phase: 'checking' | 'importing';
  readonly rows: number;
  readonly done: number;
  readonly total: number;
}

export type { ImportLookup, ImportStore, ImportWrite, ImportWriter, StoredCase } from './ports.js';
