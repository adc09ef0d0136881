// Whether this instance should be sent work: the database answers, it has applied every migration
// this release ships, and the process is not shutting down. Cheap enough for a probe every few
// seconds: one SELECT on _prisma_migrations and a directory listing, no schema engine.
import { readdir } from 'node:fs/promises';
import type { Database } from '../db/connect.js';
import { defaultMigrationsDir } from '../db/migration-files.js';

export type Readiness = { readonly ready: true } | { readonly ready: false; readonly reason: string };

export interface ReadinessOptions {
  readonly db: Database;
  /** The release's migration history; defaults to prisma/migrations/<kind>. */
  readonly migrationsDir?: string;
  /** A probe that takes longer than this counts as the database not answering. */
  readonly timeoutMs?: number;
}

export interface ReadinessCheck {
  check(): Promise<Readiness>;
  /** From now on the instance reports not ready, so that a load balancer drains it. */
  shuttingDown(): void;
}

export function createReadinessCheck(options: ReadinessOptions): ReadinessCheck {
  const dir = options.migrationsDir ?? defaultMigrationsDir(options.db.kind);
  const timeoutMs = options.timeoutMs ?? 2_000;
  let stopping = false;

  const probe = async (): Promise<Readiness> => {
    const shipped = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    let applied: { migration_name: string }[];
    try {
      applied = await options.db.raw.rows<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL');
    } catch {
      return { ready: false, reason: 'database not answering' };
    }
    const done = new Set(applied.map((row) => row.migration_name));
    const pending = shipped.filter((name) => !done.has(name));
    return pending.length ? { ready: false, reason: `migrations pending: ${pending.join(', ')}` } : { ready: true };
  };

  return {
    async check() {
      if (stopping) return { ready: false, reason: 'shutting down' };
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<Readiness>((resolve) => {
        timer = setTimeout(() => resolve({ ready: false, reason: 'database not answering' }), timeoutMs);
      });
      try {
        return await Promise.race([probe(), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    shuttingDown() {
      stopping = true;
    },
  };
}
