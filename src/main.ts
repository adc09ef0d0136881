// The service's composition root: parse config, build adapters, start, and shut down cleanly.
import { pino } from 'pino';
import { pickLocale, translator } from './adapters/i18n/translator.js';
import { startScheduler } from './adapters/scheduler/scheduler.js';
import { dispatchOutbox } from './app/dispatch-outbox.js';
import { sweepReminders } from './app/sweep-reminders.js';
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
    if (!channel.on) log.info({ channel: channel.name }, tr.t('service.channelOff', { channel: channel.name, how: tr.t(channel.how) }));
    else if (channel.name === 'Slack') log.warn({ channel: channel.name }, tr.t('service.channelPending', { channel: channel.name }));
    else log.info({ channel: channel.name }, tr.t('service.channelReminders', { channel: channel.name }));
  }
  if (config.channels.telegram) log.info(tr.t('service.telegramAssistantPending'));

  const scheduler = await startScheduler({
    zone: config.zone,
    sweepAt: config.reminders.sweepAt,
    dispatchEverySeconds: config.reminders.dispatchEverySeconds,
    instance: runtime.instance,
    coordinator: runtime.coordinator,
    now: () => new Date(),
    sweep: async (since) => {
      const result = await sweepReminders(runtime.reminders, { since });
      log.info({ tick: result.asOf, enqueued: result.enqueued, unaddressed: result.unaddressed.length }, tr.t('service.sweepRan', { tick: result.asOf, enqueued: result.enqueued }));
    },
    dispatch: async () => {
      const report = await dispatchOutbox(runtime.reminders, runtime.instance);
      if (report.sent + report.retried + report.failed + report.cancelled + report.held > 0) log.info(report, tr.t('service.dispatched', { ...report }));
    },
    // Context for the operator; never the message bodies or the configuration.
    onError: (job, error) => log.error({ job, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, tr.t('service.jobFailed', { job })),
  });
  log.info(
    tr.t('service.schedulerStarted', { sweepAt: config.reminders.sweepAt, zone: config.zone, seconds: config.reminders.dispatchEverySeconds, instance: runtime.instance }),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, tr.t('service.stopping'));
    // In-flight deliveries finish and record their outcome before the database closes.
    await scheduler.stop();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const reason = error instanceof Error ? error.message : String(error);
  console.error(translator(pickLocale(process.env.CERTBELL_LANG ?? process.env.LANG)).t('service.failed', { reason }));
  process.exit(1);
});
