// The operator's side of the service: a logger that keeps secrets out, and the /healthz, /readyz and
// /metrics listener. That listener is separate from the public unsubscribe server and bound to the
// loopback address unless CERTBELL_OPS_HOST says otherwise: metrics are for the operator's
// Prometheus, not for the applicants who follow unsubscribe links.
import { parseDatabaseUrl } from '../adapters/db/database-url.js';
import { startHttpServer } from '../adapters/http/http-server.js';
import type { RunningHttpServer } from '../adapters/http/http-server.js';
import type { Translator } from '../adapters/i18n/translator.js';
import { createServiceLogger } from '../adapters/logging/service-logger.js';
import { opsRoutes } from '../adapters/metrics/ops-routes.js';
import { outboxSnapshot } from '../adapters/metrics/outbox-snapshot.js';
import { createReadinessCheck } from '../adapters/metrics/readiness.js';
import type { ReadinessCheck } from '../adapters/metrics/readiness.js';
import { createServiceMetrics } from '../adapters/metrics/service-metrics.js';
import type { ServiceMetrics } from '../adapters/metrics/service-metrics.js';
import type { DispatchDeps } from '../app/dispatch-outbox.js';
import type { Config } from '../config/index.js';
import type { Runtime } from './runtime.js';
import { errorFields } from '../app/errors.js';
import type { Logger } from '../app/logger.js';

/** Every configured value that must never reach a log line. */
export function secretValues(config: Config): string[] {
  const { secrets } = config;
  const values = [secrets.telegramToken, secrets.telegramWebhookSecret, secrets.unsubscribeSecret, secrets.slackBotToken, secrets.slackSigningSecret, secrets.slackAppToken];
  const passwordOf = (url: string | null) => {
    if (!url) return null;
    try {
      const password = new URL(url).password;
      return password ? decodeURIComponent(password) : null;
    } catch {
      return null;
    }
  };
  values.push(passwordOf(secrets.smtpUrl));
  const database = parseDatabaseUrl(config.databaseUrl);
  if (database.kind === 'postgres') values.push(database.password ?? null);
  return values.filter((value): value is string => Boolean(value));
}

/** pino's logger itself: main also logs fatal lines. */
export function serviceLogger(config: Config): ReturnType<typeof createServiceLogger> {
  return createServiceLogger({ level: config.logLevel, secrets: secretValues(config) });
}

export interface Ops {
  readonly metrics: ServiceMetrics;
  readonly readiness: ReadinessCheck;
  /** The dispatcher's dependencies with its outcomes counted. */
  readonly dispatchDeps: DispatchDeps;
  /** Reports not ready from now on, so that a load balancer or supervisor drains this instance. */
  shuttingDown(): void;
  close(): Promise<void>;
}

/** The operator's listener, when CERTBELL_OPS_PORT is set; null otherwise. */
export async function startOps(config: Config, runtime: Runtime, log: Logger, tr: Translator): Promise<Ops | null> {
  if (config.ops.port === null) return null;
  const metrics = createServiceMetrics({ outbox: outboxSnapshot(runtime.db, () => new Date()) });
  const readiness = createReadinessCheck({ db: runtime.db });
  let server: RunningHttpServer | null = await startHttpServer({
    host: config.ops.host,
    port: config.ops.port,
    routes: opsRoutes({ readiness, metrics }),
    onError: (route, error) => log.error({ route, err: errorFields(error) }, tr.t('service.jobFailed', { job: route })),
  });
  log.info({ address: server.address }, tr.t('ops.listening', { address: server.address }));
  return {
    metrics,
    readiness,
    dispatchDeps: { ...runtime.reminders, onOutcome: (event) => metrics.onOutcome(event) },
    shuttingDown: () => readiness.shuttingDown(),
    async close() {
      await server?.close();
      server = null;
    },
  };
}
