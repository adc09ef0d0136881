// One DATABASE_URL names either a SQLite file or a PostgreSQL database; everything else in this folder
// branches on the parsed `kind`, so a typo fails here, once, with the reason.
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface SqliteDatabaseUrl {
  kind: 'sqlite';
  /** Absolute path of the database file (a relative URL is resolved against the working directory). */
  file: string;
}

export interface PostgresDatabaseUrl {
  kind: 'postgres';
  /** The URL as given, for drivers that take a connection string (it keeps options such as sslmode). */
  url: string;
  host: string;
  port: number;
  user: string;
  password: string | undefined;
  database: string;
}

export type DatabaseUrl = SqliteDatabaseUrl | PostgresDatabaseUrl;

export const DEFAULT_DATABASE_URL = 'file:./data/certbell.db';

const POSTGRES_DEFAULT_PORT = 5432;

export function parseDatabaseUrl(url: string): DatabaseUrl {
  const trimmed = url.trim();
  if (trimmed.startsWith('file:')) return parseSqliteUrl(trimmed);
  if (/^postgres(ql)?:\/\//.test(trimmed)) return parsePostgresUrl(trimmed);
  throw new Error(
    `Unsupported DATABASE_URL "${redact(trimmed)}": expected a SQLite file such as "${DEFAULT_DATABASE_URL}" ` +
      'or a PostgreSQL URL such as "postgresql://user@host:5432/certbell".',
  );
}

function parseSqliteUrl(url: string): SqliteDatabaseUrl {
  // `file:///abs/path.db` is a real file URL; `file:./x.db` and `file:/abs/x.db` are Prisma's style.
  const path = url.startsWith('file://') ? fileURLToPath(url) : url.slice('file:'.length);
  if (path === '') throw new Error(`Invalid SQLite DATABASE_URL "${url}": the file path is empty.`);
  if (path.includes('?')) {
    throw new Error(`Invalid SQLite DATABASE_URL "${url}": query parameters are not supported, give only the file path.`);
  }
  if (path === ':memory:') {
    throw new Error(`Invalid SQLite DATABASE_URL "${url}": an in-memory database cannot be shared or migrated; use a file.`);
  }
  return { kind: 'sqlite', file: isAbsolute(path) ? path : resolve(process.cwd(), path) };
}

function parsePostgresUrl(url: string): PostgresDatabaseUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Invalid PostgreSQL DATABASE_URL "${redact(url)}": it is not a well-formed URL.`);
  }
  const fail = (reason: string): never => {
    throw new Error(`Invalid PostgreSQL DATABASE_URL "${redact(url)}": ${reason}.`);
  };
  // Prisma's `?schema=` would need the same option on the client and on the migrator; tables live in the
  // connection's default schema instead, so the parameter is refused rather than silently ignored.
  if (parsed.searchParams.has('schema')) fail('the "schema" parameter is not supported (tables live in the default schema)');

  const host = decodeURIComponent(parsed.hostname).replace(/^\[(.*)\]$/, '$1');
  if (host === '') fail('the host is missing');
  const port = parsed.port === '' ? POSTGRES_DEFAULT_PORT : Number(parsed.port);
  const user = decodeURIComponent(parsed.username);
  if (user === '') fail('the user is missing (postgresql://user@host/database)');
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (database === '' || database.includes('/')) fail('the path must name exactly one database (postgresql://user@host/database)');
  const password = parsed.password === '' ? undefined : decodeURIComponent(parsed.password);

  return { kind: 'postgres', url, host, port, user, password, database };
}

/** Hides a password so that error messages can quote the URL. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}
