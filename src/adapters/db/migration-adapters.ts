// Driver adapters for Prisma's schema engine, with the fixes PRISMA-OFFLINE.md found necessary.
// They patch the behaviour of @prisma/adapter-better-sqlite3 and @prisma/adapter-pg 7.10.0 (pinned),
// and are used only while migrating, never by the application's PrismaClient.
import { randomBytes } from 'node:crypto';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { SQLITE_BUSY_TIMEOUT_MS } from './connect.js';
import type { PostgresDatabaseUrl } from './database-url.js';

/**
 * For SQLite: `file` is the database; the shadow database is always a fresh in-memory one.
 */
export function sqliteMigrationAdapter(file: string): SqlMigrationAwareDriverAdapterFactory {
  const factory = new PrismaBetterSqlite3({ url: file, timeout: SQLITE_BUSY_TIMEOUT_MS });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => runScriptsWhole(await factory.connect()),
    connectToShadowDb: async () => runScriptsWhole(await factory.connectToShadowDb()),
  };
}

/**
 * Pitfall 2: the engine replays a migration file as one argument-less raw command, which
 * better-sqlite3's prepare() refuses when it holds more than one statement; exec() runs scripts.
 */
function runScriptsWhole(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return delegate(adapter, {
    executeRaw: async (query) => {
      if (query.args.length > 0) return adapter.executeRaw(query);
      await adapter.executeScript(query.sql);
      return 0;
    },
  });
}

/**
 * For PostgreSQL: `connection` is the database to migrate. Shadow databases are created on
 * `shadowServer` with discrete connection fields and dropped after their pool is closed. Pitfall 5:
 * given a connection string, the stock `connectToShadowDb` connects to the main database (which the
 * engine then resets) and drops the shadow before closing its pool.
 */
export function postgresMigrationAdapter(
  connection: pg.PoolConfig,
  shadowServer: PostgresDatabaseUrl | undefined,
): SqlMigrationAwareDriverAdapterFactory {
  if (typeof handleRowDescription !== 'function') {
    throw new Error('pg.Client no longer has _handleRowDescription: the migrator\'s "char" fix (pitfall 4) must be revisited.');
  }
  const open = async (config: pg.PoolConfig) => {
    const pool = new pg.Pool({ ...config, Client: CatalogTextClient });
    return wholeScriptAsOneQuery(await new PrismaPg(pool, { disposeExternalPool: true }).connect());
  };
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => open(connection),
    connectToShadowDb: async () => {
      if (!shadowServer) throw new Error('This migration command has no shadow database server to use.');
      const shadow = await createScratchDatabase(shadowServer, 'certbell_shadow');
      try {
        const adapter = await open(shadow.config);
        return delegate(adapter, {
          dispose: async () => {
            await adapter.dispose();
            await shadow.drop();
          },
        });
      } catch (error) {
        await shadow.drop();
        throw error;
      }
    },
  };
}

/**
 * Pitfall 6: adapter-pg's executeScript splits on every ";" (breaking semicolons in strings, comments
 * and function bodies) and runs the pieces one by one. Sent whole as one simple-protocol query (what
 * an argument-less executeRaw does), PostgreSQL runs the script as one implicit transaction: a failed
 * migration leaves nothing behind.
 */
function wholeScriptAsOneQuery(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return delegate(adapter, {
    executeScript: async (script) => {
      await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
    },
  });
}

// Pitfall 4: the engine reads catalog columns of PostgreSQL's one-byte "char" type (OID 18), such as
// pg_class.relkind, which adapter-pg 7.10 refuses to map. Only the migrator's connections use this
// client class, which reports those columns as text (OID 25); pg already returns them as strings.
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
interface RowDescription {
  fields: { dataTypeID: number }[];
}
type RowDescriptionHandler = (this: pg.Client, message: RowDescription) => void;
// pg's internal hook for a result's column descriptions (checked before use, as pg is not pinned).
const handleRowDescription = (pg.Client.prototype as unknown as { _handleRowDescription?: RowDescriptionHandler })
  ._handleRowDescription;

class CatalogTextClient extends pg.Client {
  _handleRowDescription(message: RowDescription): void {
    for (const field of message.fields) {
      if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
    handleRowDescription!.call(this, message);
  }
}

/** Discrete connection fields: a connection string would override `database` (pitfall 5). */
export function postgresConfig(server: PostgresDatabaseUrl, database = server.database): pg.PoolConfig {
  return { host: server.host, port: server.port, user: server.user, password: server.password, database };
}

export interface ScratchDatabase {
  name: string;
  config: pg.PoolConfig;
  /**
   * Removes the database. Its pools must be closed first, unless `force` (PostgreSQL 13+) is given
   * to end the sessions still connected.
   */
  drop(options?: { force?: boolean }): Promise<void>;
}

/** Creates an empty, uniquely named database on `server`. */
export async function createScratchDatabase(server: PostgresDatabaseUrl, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await onServer(server, `CREATE DATABASE "${name}"`);
  return {
    name,
    config: postgresConfig(server, name),
    drop: ({ force = false } = {}) => onServer(server, `DROP DATABASE IF EXISTS "${name}"${force ? ' WITH (FORCE)' : ''}`),
  };
}

async function onServer(server: PostgresDatabaseUrl, sql: string): Promise<void> {
  const client = new pg.Client(postgresConfig(server));
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A plain object forwarding to `adapter`, with some methods replaced. The adapters keep private
 * fields, so their methods must keep being called on the adapter itself, not on a prototype child.
 */
export function delegate(adapter: SqlDriverAdapter, overrides: Partial<SqlDriverAdapter>): SqlDriverAdapter {
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw: (query) => adapter.executeRaw(query),
    executeScript: (script) => adapter.executeScript(script),
    startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
    ...overrides,
  };
}
