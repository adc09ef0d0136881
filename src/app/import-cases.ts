// Imports a file of cases at register size (100,000 rows): read once, chunk by chunk, each chunk
// checked against set-based look-ups and written in bulk, all in one transaction that only a file
// without a single problem commits. Nothing but the chunk in hand is held, so memory stays flat.
import { todayIn } from '../domain/calendar/calendar-date.js';
import type { DomainError, Result } from '../domain/result.js';
import type { ImportChunk, ImportItem, ImportProgress, ImportSource } from './import-ports.js';
import { newImportRun, planChunk, type CaseOutcome, type ImportProblem, type ImportRun } from './import-plan.js';
import type { Deps } from './ports.js';

export type { ImportItem, SourceLocation } from './import-ports.js';
export type { ImportProblem, CaseOutcome } from './import-plan.js';

export interface ImportSummary {
  readonly created: string[];
  readonly extended: string[];
  /** Cases whose stored header the file changed, as asked (`applyChanges`), each change audited. */
  readonly changed: string[];
  readonly unchanged: string[];
}

/** Imported, or refused with every problem the file has. */
export type ImportResult = Result<ImportSummary, ImportProblem[]>;

/** What an import would do, without writing: every case's outcome, and every problem with its reason. */
export interface ImportPreview {
  readonly outcomes: CaseOutcome[];
  readonly problems: ImportProblem[];
}

export interface ImportOptions {
  readonly actor: string;
  /** Apply a file that contradicts stored cases (level, organisation, province, service type, contact). */
  readonly applyChanges?: boolean;
  readonly onProgress?: (progress: ImportProgress) => void;
}

/** Cases read, checked and written at a time: big enough for set-based statements, small enough for flat memory. */
export const IMPORT_CHUNK_ROWS = 2_000;

/** Items already in hand (tests, small callers) as a source read in chunks like a file. */
export function itemsSource(items: readonly ImportItem[]): ImportSource {
  return {
    file: items[0]?.source.file ?? '',
    async *chunks() {
      for (let i = 0; i < items.length; i += IMPORT_CHUNK_ROWS) {
        yield { items: items.slice(i, i + IMPORT_CHUNK_ROWS), done: Math.min(i + IMPORT_CHUNK_ROWS, items.length), total: items.length };
      }
    },
  };
}

/** How many rows a reading passed through, or why it stopped. */
type Pass = Result<number>;

/** Reads the source once, planning each chunk; `use` gets each plan. */
async function eachChunk(
  source: ImportSource,
  phase: ImportProgress['phase'],
  options: ImportOptions,
  use: (chunk: ImportChunk) => Promise<void>,
): Promise<Pass> {
  let rows = 0;
  for await (const chunk of source.chunks()) {
    if ('error' in chunk) return { ok: false, error: chunk.error };
    await use(chunk);
    rows += chunk.items.length;
    options.onProgress?.({ phase, rows, done: chunk.done, total: chunk.total });
  }
  return { ok: true, value: rows };
}

function fileProblem(source: ImportSource, error: DomainError): ImportProblem {
  return { source: { file: source.file }, ref: null, field: null, error };
}

function startRun(deps: Deps, options: ImportOptions): ImportRun {
  return newImportRun(todayIn(deps.clock.now(), deps.zone), deps.policy, options.actor, options.applyChanges ?? false);
}

/** Checks a whole file against what is stored and says what importing it would do. Writes nothing. */
export async function previewImport(deps: Deps, source: ImportSource, options: ImportOptions): Promise<ImportPreview> {
  const run = startRun(deps, options);
  const preview: ImportPreview = { outcomes: [], problems: [] };
  const pass = await eachChunk(source, 'checking', options, async (chunk) => {
    const plan = await planChunk(run, chunk.items, deps.cases.imports);
    preview.outcomes.push(...plan.outcomes);
    preview.problems.push(...plan.problems);
  });
  if (!pass.ok) preview.problems.push(fileProblem(source, pass.error));
  else if (pass.value === 0) preview.problems.push(fileProblem(source, { code: 'import/empty', params: { file: source.file } }));
  return preview;
}

/**
 * Imports whole cases with their histories (history mode: earlier steps may be missing). Idempotent
 * by ref: a stored case must have a history the file's continues, and a header the file agrees with
 * unless `applyChanges`. Every case is written, or none is and every problem is reported.
 * `actor` alone may be passed for options (tests and small callers).
 *
 * One reading of the file, inside one transaction: each chunk is checked against what is stored
 * (this import's earlier chunks included) and written while the file has no problem; from the first
 * problem on, the rest is only checked, so that every problem is reported, and the transaction is
 * rolled back. Reading and deciding twice (check, then write) cost half the import's time.
 */
export async function importCases(deps: Deps, input: ImportSource | readonly ImportItem[], actorOrOptions: string | ImportOptions): Promise<ImportResult> {
  const source = Array.isArray(input) ? itemsSource(input) : (input as ImportSource);
  const options = typeof actorOrOptions === 'string' ? { actor: actorOrOptions } : actorOrOptions;
  const problems: ImportProblem[] = [];
  const summary: ImportSummary = { created: [], extended: [], changed: [], unchanged: [] };
  const run = startRun(deps, options);
  const saved = await deps.cases.imports
    .transaction(
      async (tx) => {
        const read = await eachChunk(source, 'importing', options, async (chunk) => {
          const plan = await planChunk(run, chunk.items, tx);
          problems.push(...plan.problems);
          for (const o of plan.outcomes) summary[o.kind].push(o.ref);
          if (!problems.length && plan.writes.length) await tx.write(plan.writes, plan.audit);
        });
        if (!read.ok) problems.push(fileProblem(source, read.error));
        else if (read.value === 0) problems.push(fileProblem(source, { code: 'import/empty', params: { file: source.file } }));
        if (problems.length) throw new ImportRefused();
      },
      deps.clock.now(),
      options.actor,
    )
    .catch((error: unknown) => {
      if (error instanceof ImportRefused) return null;
      throw error;
    });
  if (saved === null) return { ok: false, error: problems };
  if (!saved.ok) return { ok: false, error: [fileProblem(source, saved.error)] };
  return { ok: true, value: summary };
}

/** Thrown inside the transaction to roll back an import that found a problem (they are in `problems`). */
class ImportRefused extends Error {
  constructor() {
    super('import/refused');
  }
}
