// The service's composition root: parse config, build adapters, start, and shut down cleanly.
import { pickLocale, translator } from './adapters/i18n/translator.js';
import { startScheduler } from './adapters/scheduler/scheduler.js';
import { createInboundReceipts } from './adapters/db/inbound-receipts.js';
import { startAssistant } from './adapters/telegram/bot.js';
import type { RunningAssistant } from './adapters/telegram/bot.js';
import { dispatchOutbox } from './app/dispatch-outbox.js';
import { sweepReminders } from './app/sweep-reminders.js';
import { buildRuntime } from './compose.js';
import { startSlack } from './compose-slack.js';
import { digestJobs, startPublicHttp } from './compose-digests.js';
import { serviceLogger, startOps } from './compose-ops.js';
import type { Runtime } from './compose.js';
import type { Translator } from './adapters/i18n/translator.js';
import type { Logger } from 'pino';
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
  // JSON lines on stdout, scrubbed of every configured secret; message bodies are never logged.
  const log = serviceLogger(config);
  const tr = translator(config.lang ?? 'en');
  const runtime = await buildRuntime(config, { migrate: config.migrateOnStart, log });
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
    else if (channel.name === 'Slack') continue; // startSlack says how it runs
    else log.info({ channel: channel.name }, tr.t('service.channelReminders', { channel: channel.name }));
  }
  const assistant = await startTelegramAssistant(config, runtime, log, tr);
  const slack = await startSlack(config, { escalations: runtime.escalations, invite: config.channels.telegram ? runtime.invite : null, db: runtime.db }, log, tr);

  const publicHttp = await startPublicHttp(config, runtime, log, tr);
  const ops = await startOps(config, runtime, log, tr);
  // Loaded only when configured: a service without the console never loads its server.
  const web = config.web.port === null ? null : await (await import('./compose-web.js')).startWebConsole(config, runtime, log, tr);
  const dispatchDeps = ops?.dispatchDeps ?? runtime.reminders;
  const scheduler = await startScheduler({
    zone: config.zone,
    sweepAt: config.reminders.sweepAt,
    dispatchEverySeconds: config.reminders.dispatchEverySeconds,
    instance: runtime.instance,
    coordinator: runtime.coordinator,
    now: () => new Date(),
    sweep: async (since) => {
      const result = await sweepReminders(runtime.reminders, { since });
      ops?.metrics.sweepEnqueued(result.enqueued);
      log.info({ tick: result.asOf, enqueued: result.enqueued, unaddressed: result.unaddressed.length }, tr.t('service.sweepRan', { tick: result.asOf, enqueued: result.enqueued }));
      await slack?.afterSweep();
    },
    dispatch: async () => {
      await slack?.everyTick();
      const report = await dispatchOutbox(dispatchDeps, runtime.instance);
      if (report.sent + report.retried + report.failed + report.cancelled + report.held > 0) log.info(report, tr.t('service.dispatched', { ...report }));
    },
    // Context for the operator; never the message bodies or the configuration.
    onError: (job, error) => log.error({ job, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, tr.t('service.jobFailed', { job })),
    periodic: digestJobs(config, runtime, log, tr),
    onSweep: (event) => ops?.metrics.onSweep(event),
  });
  log.info(
    tr.t('service.schedulerStarted', { sweepAt: config.reminders.sweepAt, zone: config.zone, seconds: config.reminders.dispatchEverySeconds, instance: runtime.instance }),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, tr.t('service.stopping'));
    ops?.shuttingDown();
    try {
      // In-flight deliveries finish and record their outcome before the database closes.
      await scheduler.stop();
      await slack?.stop();
      await publicHttp?.close();
      await web?.close();
      await assistant?.stop();
      if (assistant) log.info(tr.t('telegram.log.stopped'));
      // Last before the database: a probe during the drain reads "shutting down", not a refused connection.
      await ops?.close();
      await runtime.close();
    } catch (error) {
      log.error({ err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, tr.t('ops.stopFailed'));
      process.exit(1);
    }
    log.info(tr.t('ops.stopped'));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

/** The applicants' assistant, when a bot token is set. Reminders still go out if it cannot start. */
async function startTelegramAssistant(config: Config, runtime: Runtime, log: Logger, tr: Translator): Promise<RunningAssistant | null> {
  const token = config.secrets.telegramToken;
  if (!token) return null;
  const { telegram } = config;
  try {
    const assistant = await startAssistant({
      token,
      apiRoot: config.secrets.telegramApiRoot,
      deps: runtime.assistant,
      receipts: createInboundReceipts(runtime.db),
      log,
      logTranslator: tr,
      mode: telegram.mode,
      ...(telegram.mode === 'webhook' && telegram.webhookUrl && config.secrets.telegramWebhookSecret
        ? { webhook: { url: telegram.webhookUrl, secret: config.secrets.telegramWebhookSecret, host: telegram.webhookHost, port: telegram.webhookPort } }
        : {}),
    });
    await runtime.resolveBotUsername();
    log.info({ channel: 'Telegram', mode: telegram.mode }, tr.t('telegram.log.started', { username: assistant.username, mode: telegram.mode }));
    return assistant;
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split(token).join('[token]');
    log.error({ channel: 'Telegram' }, tr.t('telegram.log.failedToStart', { reason }));
    return null;
  }
}

main().catch((error: unknown) => {
  const reason = error instanceof Error ? error.message : String(error);
  console.error(translator(pickLocale(process.env.CERTBELL_LANG ?? process.env.LANG)).t('service.failed', { reason }));
  process.exit(1);
});
