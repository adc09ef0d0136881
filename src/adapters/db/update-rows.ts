// Updates many rows by id in one statement per chunk, the new values passed as one JSON parameter
// (the update counterpart of RawSql.insertMany). Returns how many rows matched.
import type { RawSql } from './connect.js';
import type { DatabaseKind } from './database-url.js';

type Param = string | number | null;

const CHUNK = 5_000;
const quote = (name: string) => `"${name}"`;

/** `columns[0]` is the key ("id"); the others are set from each row. */
export async function updateRows(tx: RawSql, kind: DatabaseKind, table: string, columns: readonly string[], rows: readonly (readonly Param[])[]): Promise<number> {
  let matched = 0;
  const [key, ...set] = columns;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    let sql: string;
    let param: string;
    if (kind === 'postgres') {
      // json_populate_recordset types every value from the table's own columns.
      sql = `UPDATE ${quote(table)} AS t SET ${set.map((c) => `${quote(c)} = u.${quote(c)}`).join(', ')} FROM json_populate_recordset(NULL::${quote(table)}, ?::json) AS u WHERE t.${quote(key!)} = u.${quote(key!)} RETURNING t.${quote(key!)}`;
      param = JSON.stringify(chunk.map((row) => Object.fromEntries(columns.map((c, k) => [c, row[k]]))));
    } else {
      const values = columns.map((c, k) => `json_extract(value, '$[${k}]') AS ${quote(c)}`).join(', ');
      sql = `UPDATE ${quote(table)} SET ${set.map((c) => `${quote(c)} = u.${quote(c)}`).join(', ')} FROM (SELECT ${values} FROM json_each(?)) AS u WHERE ${quote(table)}.${quote(key!)} = u.${quote(key!)} RETURNING ${quote(table)}.${quote(key!)}`;
      param = JSON.stringify(chunk);
    }
    matched += (await tx.rows(sql, [param])).length;
  }
  return matched;
}
