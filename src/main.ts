// The service's entry point: reads the environment, starts the service, and stops it on a signal.
import { parseDatabaseUrl } from './adapters/db/database-url.js';
import { claimSqliteService } from './adapters/db/service-lock.js';
import { pickLocale, translator } from './adapters/i18n/translator.js';
import { keepHeapTight } from './adapters/tight-heap.js';
import { serviceLogger } from './compose/ops.js';
import { startService } from './compose/service.js';
import { ConfigError, parseConfig } from './config/index.js';
import type { Config } from './config/index.js';
import { errorFields, errorMessage } from './app/errors.js';

/**
 * certbell exits within this long of SIGTERM or SIGINT, whatever hangs (the deployment guide's
 * TimeoutStopSec is longer): a send in flight is cut short well before (SEND_GRACE_MS), and past this
 * the process exits 1; rows still leased are taken over once their lease runs out.
 */
const STOP_LIMIT_MS = 30_000;

async function main(): Promise<void> {
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(translator(pickLocale(process.env.LANG)).t('error.config/invalid', { reason: error.message }));
    process.exit(3);
  }
  // JSON lines on stdout, scrubbed of every configured secret; message bodies are never logged.
  const log = serviceLogger(config);
  const tr = translator(config.lang ?? 'en');
  const database = parseDatabaseUrl(config.databaseUrl);
  const serviceLock = database.kind === 'sqlite' ? claimSqliteService(database.file) : null;
  if (database.kind === 'sqlite' && !serviceLock) {
    log.fatal({ database: database.file }, tr.t('service.sqliteInUse', { file: database.file }));
    process.exit(1);
  }
  keepHeapTight();
  // Signals are handled from the start: one that arrives while the service is still starting (a long
  // catch-up sweep, say) stops it once it has started, cleanly, rather than killing it mid-write.
  const starting = startService(config, log, tr);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, tr.t('service.stopping'));
    setTimeout(() => {
      log.error({ limitSeconds: STOP_LIMIT_MS / 1000 }, tr.t('ops.stopTimedOut', { seconds: STOP_LIMIT_MS / 1000 }));
      process.exit(1);
    }, STOP_LIMIT_MS).unref();
    try {
      await (await starting).stop();
      serviceLock?.release();
    } catch (error) {
      log.error({ err: errorFields(error) }, tr.t('ops.stopFailed'));
      process.exit(1);
    }
    log.info({}, tr.t('ops.stopped'));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  await starting;
}

main().catch((error: unknown) => {
  const reason = errorMessage(error);
  console.error(translator(pickLocale(process.env.CERTBELL_LANG ?? process.env.LANG)).t('service.failed', { reason }));
  process.exit(1);
});
