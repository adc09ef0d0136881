// The service's composition root: parse config, build adapters, start, and shut down cleanly.
import { pino } from 'pino';
import { pickLocale, translator } from './adapters/i18n/translator.js';
import { buildRuntime } from './compose.js';
import { ConfigError, parseConfig } from './config.js';
import type { Config } from './config.js';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(translator(pickLocale(process.env.LANG)).t('error.config/invalid', { reason: error.message }));
    process.exit(3);
  }
  // JSON lines on stdout; nothing from the environment is logged but what config.ts chose to keep.
  const log = pino({ level: config.logLevel, base: { service: 'certbell' } });
  const tr = translator(config.lang ?? 'en');
  const runtime = await buildRuntime(config, { migrate: config.migrateOnStart });
  if (runtime.appliedMigrations.length) log.info({ migrations: runtime.appliedMigrations }, tr.t('service.migrated'));
  if (runtime.refreshed) log.info(runtime.refreshed, tr.t('service.recomputed', runtime.refreshed));
  log.info({ database: runtime.db.kind }, tr.t('service.started', { database: runtime.db.kind }));

  const channels = [
    { name: 'Telegram', on: config.channels.telegram, how: 'service.telegramHow' },
    { name: 'Slack', on: config.channels.slack, how: 'service.slackHow' },
    { name: 'Email', on: config.channels.email, how: 'service.emailHow' },
  ];
  for (const channel of channels) {
    // The channels arrive in later releases; until then a configured one says so instead of pretending.
    if (channel.on) log.warn({ channel: channel.name }, tr.t('service.channelPending', { channel: channel.name }));
    else log.info({ channel: channel.name }, tr.t('service.channelOff', { channel: channel.name, how: tr.t(channel.how) }));
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, tr.t('service.stopping'));
    clearInterval(keepAlive);
    await runtime.close();
    process.exit(0);
  };
  // Nothing else holds the event loop open until the scheduler and channels arrive.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const reason = error instanceof Error ? error.message : String(error);
  console.error(translator(pickLocale(process.env.CERTBELL_LANG ?? process.env.LANG)).t('service.failed', { reason }));
  process.exit(1);
});
