// Prisma's own schema engine, compiled to WebAssembly and driven through a driver adapter: what
// `prisma migrate` runs, without the native binary the Prisma CLI would download at start-up.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { delegate } from './migration-adapters.js';

export type { MigrationList, SchemaContainer, SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';

/** A failure the engine reports (a migration that fails, a missing table, a failed migration on record…). */
export class SchemaEngineError extends Error {
  constructor(
    message: string,
    /** Prisma's error code when the engine gives one (P1014: no such table, P3009: failed migrations…), or TIMEOUT. */
    readonly code: string | undefined,
    /** The migration being applied when the error happened, if any. */
    readonly migrationName: string | undefined,
  ) {
    super(message);
    this.name = 'SchemaEngineError';
  }
}

/** Our code for a lock or connection timeout, which the engine cannot name itself (see `explain`). */
export const TIMEOUT = 'TIMEOUT';

// The Rust side reports a panic's message through this global before trapping, as in the Prisma CLI.
const panicRegistry = {
  message: '',
  set_message(message: string) {
    this.message = message;
  },
  get() {
    return this.message;
  },
};

// The project compiles without the DOM library, which is where TypeScript declares WebAssembly.
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  RuntimeError: new () => Error;
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

let engineClass: Promise<typeof SchemaEngine> | undefined;

/**
 * Instantiates the wasm module once per process: wasm-bindgen's glue keeps module-level state, and
 * the Prisma CLI reports that instantiating it twice fails ("unwrap_throw failed").
 */
function loadSchemaEngine(): Promise<typeof SchemaEngine> {
  engineClass ??= (async () => {
    (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = panicRegistry;
    const glue = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    // The package's own entry imports the .wasm as an ES module, which Node cannot; load it by hand.
    const gluePath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const module = new wasm.Module(await readFile(gluePath.replace(/\.js$/, '.wasm')));
    const instance = new wasm.Instance(module, { './schema_engine_bg.js': withUnrefTimers(glue) });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue.SchemaEngine;
  })();
  return engineClass;
}

/**
 * The engine arms ~10 s timers as timeouts around its PostgreSQL work and leaves them pending when the
 * work finishes first, which would keep a finished CLI process alive for 10 s. Unreferenced timers
 * still fire while the process has other work; they only stop holding it open.
 */
function withUnrefTimers(glue: object): object {
  const imports: Record<string, unknown> = { ...glue };
  for (const [name, value] of Object.entries(imports)) {
    if (!name.startsWith('__wbg_setTimeout_') || typeof value !== 'function') continue;
    imports[name] = (...args: unknown[]) => {
      const timer = (value as (...args: unknown[]) => unknown)(...args);
      (timer as { unref?: () => void }).unref?.();
      return timer;
    };
  }
  return imports;
}

export interface EngineOptions {
  adapter: SqlMigrationAwareDriverAdapterFactory;
  /** The Prisma schema, when the command compares the database or history with it. */
  schema?: { path: string; content: string };
  /** Receives the engine's log lines (JSON); they are dropped otherwise, so nothing reaches stdout. */
  onLog?: (line: string) => void;
}

/** Starts an engine over `adapter`, runs `command`, and frees the engine and its connections. */
export async function withSchemaEngine<T>(
  { adapter, schema, onLog }: EngineOptions,
  command: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const SchemaEngineClass = await loadSchemaEngine();
  const connections = new ConnectionTracker(adapter);
  const bound = bindMigrationAwareSqlAdapterFactory(connections.factory);
  const datamodels: [string, string][] | undefined = schema ? [[schema.path, schema.content]] : undefined;
  let engine: SchemaEngine | undefined;
  try {
    engine = await SchemaEngineClass.new({ datamodels }, (line: string) => onLog?.(line), bound);
    return await command(explainingErrors(engine, bound.errorRegistry));
  } catch (error) {
    throw explain(error, bound.errorRegistry);
  } finally {
    try {
      engine?.free();
    } catch {
      // After a panic the engine is still "borrowed" and cannot be freed; only its memory is lost.
    }
    await connections.closeAll();
  }
}

/** The engine, with each command's failure already explained, so that `command` can react to it. */
function explainingErrors(engine: SchemaEngine, registry: ErrorRegistry): SchemaEngine {
  return new Proxy(engine, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      // Called on the engine itself: wasm-bindgen methods need it as `this`.
      return (...args: unknown[]) => {
        const result: unknown = value.apply(target, args);
        return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(explain(error, registry))) : result;
      };
    },
  });
}

/**
 * Freeing the engine does not dispose of the connection it opened on the main database (a pg pool
 * would keep the process alive, a SQLite file would stay locked), so every connection is tracked and
 * whatever the engine left open is closed afterwards.
 */
class ConnectionTracker {
  private readonly open = new Set<SqlDriverAdapter>();
  readonly factory: SqlMigrationAwareDriverAdapterFactory;

  constructor(inner: SqlMigrationAwareDriverAdapterFactory) {
    this.factory = {
      provider: inner.provider,
      adapterName: inner.adapterName,
      connect: async () => this.track(await inner.connect()),
      connectToShadowDb: async () => this.track(await inner.connectToShadowDb()),
    };
  }

  private track(adapter: SqlDriverAdapter): SqlDriverAdapter {
    const tracked = delegate(adapter, {
      dispose: async () => {
        if (!this.open.delete(tracked)) return;
        await adapter.dispose();
      },
    });
    this.open.add(tracked);
    return tracked;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open].map((adapter) => adapter.dispose()));
  }
}

interface ErrorRegistry {
  consumeError(id: number): { error: unknown } | undefined;
}

/** Turns what the engine throws into an Error that says what went wrong, without the Rust span trace. */
function explain(error: unknown, registry: ErrorRegistry): Error {
  if (error instanceof SchemaEngineError) return error;
  if (error instanceof wasm.RuntimeError) {
    const reason = panicRegistry.message || error.message;
    return new Error(`Prisma's schema engine crashed: ${reason}`, { cause: error });
  }
  if (!(error instanceof Error)) return new Error(String(error));
  // An exception thrown by our own JavaScript (an adapter, a connection) reaches the engine only as an
  // id ("External error id#0"); the adapter binding kept the original, which says what happened.
  const id = /External error id#(\d+)|GenericJs\s*\{\s*id:\s*(\d+)/.exec(error.message)?.slice(1).find(Boolean);
  const original = id === undefined ? undefined : registry.consumeError(Number(id))?.error;
  if (original instanceof Error) {
    const context = error.message.split('\n')[0]?.trim();
    return new Error(context && !context.startsWith('External error') ? `${context}: ${original.message}` : original.message, {
      cause: original,
    });
  }
  // The adapters report a SQLite "database is locked" past the busy timeout (and a pg timeout) as
  // "SocketTimeout", a kind this engine cannot deserialise; it then says only "unknown variant".
  if (error.message.includes('unknown variant `SocketTimeout`')) {
    return new SchemaEngineError(
      'The database stayed locked by another connection, or did not answer, for longer than the timeout.',
      TIMEOUT,
      undefined,
    );
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' && error.name !== 'SchemaConnectorError') return error;

  // The message is the database's error, then a span trace ("   0: …  with migration_name=\"…\"").
  const [reason = error.message] = error.message.split(/\n\s+0: /);
  const migrationName = /migration_name="([^"]+)"/.exec(error.message)?.[1];
  const cleaned = reason.replace(/^external connector error\n/, '').trim();
  return new SchemaEngineError(cleaned, typeof code === 'string' ? code : undefined, migrationName);
}
