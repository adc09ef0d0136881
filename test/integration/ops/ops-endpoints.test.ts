// /healthz, /readyz and /metrics over HTTP on 127.0.0.1, against a real database: readiness tells a
// pending migration, a database that does not answer and a shutdown apart; the outbox depth is what
// the database holds, and dispatch outcomes and sweeps are counted with their labels.
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultMigrationsDir } from '../../../src/adapters/db/migrator.js';
import { createOutboxRepository } from '../../../src/adapters/db/outbox-repository.js';
import { startHttpServer } from '../../../src/adapters/http/http-server.js';
import { opsRoutes } from '../../../src/adapters/metrics/ops-routes.js';
import { outboxSnapshot } from '../../../src/adapters/metrics/outbox-snapshot.js';
import { createReadinessCheck } from '../../../src/adapters/metrics/readiness.js';
import { createServiceMetrics } from '../../../src/adapters/metrics/service-metrics.js';
import type { NewOutboxEntry } from '../../../src/app/reminder-ports.js';
import { createTestDatabase, type TestDatabase } from '../../support/databases.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

const NOW = new Date('2026-11-23T02:00:00Z');

function row(n: number, channel: 'telegram' | 'email', purpose: NewOutboxEntry['purpose'], notBefore: Date): NewOutboxEntry {
  return { key: `k${n}`, reminder: `r${n}`, purpose, detail: null, caseRef: `CN-2026-${n}`, kind: 'pledge', occurrence: '1', step: 'due', contactId: `c${n}`, channel, address: `a${n}`, locale: 'zh-CN', status: 'pending', lastError: null, notBefore };
}

async function serve(database: TestDatabase, migrationsDir?: string) {
  const metrics = createServiceMetrics({ outbox: outboxSnapshot(database.db, () => NOW), processMetrics: false });
  const readiness = createReadinessCheck({ db: database.db, ...(migrationsDir ? { migrationsDir } : {}) });
  const errors: unknown[] = [];
  const server = await startHttpServer({ host: '127.0.0.1', port: 0, routes: opsRoutes({ readiness, metrics }), onError: (_route, error) => errors.push(error) });
  cleanups.push(() => server.close());
  const get = async (path: string) => {
    const response = await fetch(`http://${server.address}${path}`);
    return { status: response.status, body: await response.text() };
  };
  return { metrics, readiness, get, errors };
}

describe.each(['sqlite', 'postgres'] as const)('operations endpoints on %s', (kind) => {
  it('reads the outbox depth from the database at scrape time and counts outcomes, latency and sweeps', async () => {
    const database = await createTestDatabase(kind);
    cleanups.push(() => database.drop());
    const outbox = createOutboxRepository(database.db);
    await outbox.enqueue(
      [row(1, 'telegram', 'reminder', new Date(NOW.getTime() - 90_000)), row(2, 'telegram', 'reminder', new Date(NOW.getTime() + 3_600_000)), row(3, 'email', 'digest', new Date(NOW.getTime() - 30_000))],
      new Date(NOW.getTime() - 100_000),
    );
    const { metrics, get } = await serve(database);
    expect((await get('/healthz')).status).toBe(200);

    let scraped = (await get('/metrics')).body;
    expect(scraped).toMatch(/^certbell_outbox_messages\{status="pending",purpose="reminder",channel="telegram"\} 2$/m);
    expect(scraped).toMatch(/^certbell_outbox_messages\{status="pending",purpose="digest",channel="email"\} 1$/m);
    // The oldest row due is 90 s late; the one due in an hour does not count.
    expect(scraped).toMatch(/^certbell_outbox_oldest_due_seconds 90$/m);
    expect(scraped).not.toContain('process_cpu');

    // A row is delivered: the next scrape sees the database as it is now.
    const [claimed] = await outbox.claim('ops', NOW, 1, 60_000);
    await outbox.finish(claimed!.id, 'ops', { status: 'sent', attempted: true }, NOW);
    metrics.onOutcome({ purpose: 'reminder', channel: 'telegram', outcome: 'sent', latencyMs: 90_000 });
    metrics.onOutcome({ purpose: 'digest', channel: 'email', outcome: 'failed' });
    metrics.onOutcome({ purpose: 'digest', channel: 'email', outcome: 'retried' });
    metrics.onSweep({ outcome: 'done', seconds: 1.5 });
    metrics.onSweep({ outcome: 'skipped', seconds: 0.01 });
    metrics.sweepEnqueued(12);
    scraped = (await get('/metrics')).body;
    expect(scraped).toMatch(/^certbell_outbox_messages\{status="pending",purpose="reminder",channel="telegram"\} 1$/m);
    expect(scraped).toMatch(/^certbell_outbox_messages\{status="sent",purpose="reminder",channel="telegram"\} 1$/m);
    expect(scraped).toMatch(/^certbell_outbox_oldest_due_seconds 30$/m);
    expect(scraped).toMatch(/^certbell_deliveries_total\{channel="telegram",purpose="reminder"\} 1$/m);
    expect(scraped).toMatch(/^certbell_delivery_failures_total\{channel="email",purpose="digest"\} 1$/m);
    expect(scraped).toMatch(/^certbell_dispatch_outcomes_total\{channel="email",purpose="digest",outcome="retried"\} 1$/m);
    expect(scraped).toMatch(/^certbell_delivery_latency_seconds_bucket\{le="60",channel="telegram",purpose="reminder"\} 0$/m);
    expect(scraped).toMatch(/^certbell_delivery_latency_seconds_bucket\{le="300",channel="telegram",purpose="reminder"\} 1$/m);
    expect(scraped).toMatch(/^certbell_sweeps_total\{outcome="done"\} 1$/m);
    expect(scraped).toMatch(/^certbell_sweeps_total\{outcome="skipped"\} 1$/m);
    expect(scraped).toMatch(/^certbell_sweep_duration_seconds_sum\{outcome="done"\} 1.5$/m);
    expect(scraped).toMatch(/^certbell_sweep_enqueued_total 12$/m);
  });

  it('is ready only with every shipped migration applied, the database answering and no shutdown under way', async () => {
    const database = await createTestDatabase(kind);
    cleanups.push(() => database.drop());
    // This "release" ships one more migration than the database has applied.
    const newer = await mkdtemp(join(tmpdir(), 'certbell-migrations-'));
    cleanups.push(() => rm(newer, { recursive: true, force: true }));
    await cp(defaultMigrationsDir(kind), newer, { recursive: true });
    await mkdir(join(newer, '29990101000000_next_release'));

    const current = await serve(database);
    expect(await current.get('/readyz')).toEqual({ status: 200, body: 'ready\n' });
    const behind = await serve(database, newer);
    expect(await behind.get('/readyz')).toEqual({ status: 503, body: 'not ready: migrations pending: 29990101000000_next_release\n' });

    current.readiness.shuttingDown();
    expect(await current.get('/readyz')).toEqual({ status: 503, body: 'not ready: shutting down\n' });
    expect((await current.get('/healthz')).status).toBe(200);

    await database.db.close();
    const down = await serve(database);
    expect(await down.get('/readyz')).toEqual({ status: 503, body: 'not ready: database not answering\n' });
    // Alive all the same: a supervisor must not restart the process for the database's sake.
    expect((await down.get('/healthz')).status).toBe(200);
    // A scrape still answers, counting the failed reading instead of failing whole.
    const scraped = await down.get('/metrics');
    expect(scraped.status).toBe(200);
    expect(scraped.body).toMatch(/^certbell_outbox_scrape_errors_total 1$/m);
  });
});
