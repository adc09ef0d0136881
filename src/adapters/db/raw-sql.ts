// Plain SQL over each driver: PostgreSQL's pool or client, and Prisma's raw queries (or a SQLite
// connection of its own for bulk writes, sqlite-writer.ts). Bulk inserts pass each chunk as one JSON parameter.
import type pg from 'pg';
import type { PrismaClient } from './generated/sqlite/client.js';

export type Param = string | number | null;

/** Plain SQL through the driver. Placeholders are `?` (rewritten for PostgreSQL). */
export interface RawSql {
  rows<T>(sql: string, params?: readonly Param[]): Promise<T[]>;
  run(sql: string, params?: readonly Param[]): Promise<void>;
  /**
   * Inserts many rows, each chunk as one JSON parameter that the database expands itself (binding
   * millions of parameters one by one was the slowest part of bulk writes). With `ignoreConflicts`,
   * rows that would break a unique constraint are skipped. Returns how many rows were inserted.
   */
  insertMany(table: string, columns: readonly string[], rows: readonly (readonly Param[])[], options?: { readonly ignoreConflicts?: boolean }): Promise<number>;
}

/**
 * How long a SQLite connection waits for another connection's write lock before failing with
 * "database is locked". Two processes (the bot and a CLI command, say) may share one file.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

const quote = (name: string) => `"${name}"`;

/** PostgreSQL's numbered placeholders for the `?` this module's callers write. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export function postgresSql(client: pg.Pool | pg.PoolClient): RawSql {
  return {
    rows: async <T>(sql: string, params: readonly Param[] = []) => (await client.query(numbered(sql), [...params])).rows as T[],
    run: async (sql, params = []) => {
      await client.query(numbered(sql), [...params]);
    },
    insertMany: async (table, columns, rows, options = {}) => {
      let inserted = 0;
      for (let i = 0; i < rows.length; i += BULK_CHUNK) {
        const chunk = rows.slice(i, i + BULK_CHUNK);
        const { shared, varying } = splitChunk(columns, chunk);
        const byName = (row: readonly Param[], ks: readonly number[]) => Object.fromEntries(ks.map((k) => [columns[k]!, row[k]]));
        // json_populate_record(set) types every column from the table itself; the shared values are
        // one record, joined to every row.
        const select = columns.map((c, k) => `${shared.has(k) ? 's' : 'r'}.${quote(c)}`);
        const result = await client.query(
          `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) SELECT ${select.join(', ')} FROM json_populate_recordset(NULL::${quote(table)}, $1::json) AS r CROSS JOIN json_populate_record(NULL::${quote(table)}, $2::json) AS s${options.ignoreConflicts ? ' ON CONFLICT DO NOTHING' : ''}`,
          [JSON.stringify(chunk.map((row) => byName(row, varying))), JSON.stringify(byName(chunk[0]!, [...shared.keys()]))],
        );
        inserted += result.rowCount ?? 0;
      }
      return inserted;
    },
  };
}

const BULK_CHUNK = 5_000;

/**
 * Plain SQL inside a Prisma transaction. Its bulk insert is written for SQLite (json_each); on
 * PostgreSQL, rows and run only (placeholders numbered).
 */
export function prismaSql(client: Pick<PrismaClient, '$queryRawUnsafe' | '$executeRawUnsafe'>, kind: 'sqlite' | 'postgres' = 'sqlite'): RawSql {
  const text = (sql: string) => (kind === 'postgres' ? numbered(sql) : sql);
  return {
    rows: async <T>(sql: string, params: readonly Param[] = []) => client.$queryRawUnsafe<T[]>(text(sql), ...params),
    run: async (sql, params = []) => {
      await client.$executeRawUnsafe(text(sql), ...params);
    },
    insertMany: async (table, columns, rows, options = {}) => {
      let inserted = 0;
      for (let i = 0; i < rows.length; i += BULK_CHUNK) {
        const chunk = rows.slice(i, i + BULK_CHUNK);
        const { shared, varying } = splitChunk(columns, chunk);
        const select = columns.map((_, k) => (shared.has(k) ? '?' : `json_extract(value, '$[${varying.indexOf(k)}]')`));
        // WHERE true: SQLite needs it to read an upsert clause after INSERT … SELECT.
        inserted += await client.$executeRawUnsafe(
          `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) SELECT ${select.join(', ')} FROM json_each(?) WHERE true${options.ignoreConflicts ? ' ON CONFLICT DO NOTHING' : ''}`,
          ...[...shared.values()],
          JSON.stringify(chunk.map((row) => varying.map((k) => row[k]!))),
        );
      }
      return inserted;
    },
  };
}

/**
 * Splits a chunk's columns into those with one value on every row, passed once, and those that vary,
 * expanded from JSON row by row: that expansion is the cost of a bulk insert, and bulk rows such as a
 * sweep's reminders share most of their columns (purpose, status, times…).
 */
function splitChunk(columns: readonly string[], chunk: readonly (readonly Param[])[]): { shared: Map<number, Param>; varying: number[] } {
  const shared = new Map<number, Param>();
  const varying: number[] = [];
  columns.forEach((_, k) => {
    const first = chunk[0]![k]!;
    if (chunk.length > 1 && chunk.every((row) => row[k] === first)) shared.set(k, first);
    else varying.push(k);
  });
  return { shared, varying };
}
