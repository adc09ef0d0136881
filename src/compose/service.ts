// The long-running service: the runtime, the listeners that are configured, the scheduler, and a
// clean shutdown: no new send after the signal, the one in flight bounded, the rest given back.
import type { Translator } from '../adapters/i18n/translator.js';
import { startScheduler } from '../adapters/scheduler/scheduler.js';
import { dispatchOutbox } from '../app/dispatch-outbox.js';
import { expireCertificates } from '../app/expire-certificates.js';
import { sweepReminders } from '../app/sweep-reminders.js';
import type { Config } from '../config/index.js';
import { digestJobs, startPublicHttp } from './digests.js';
import { startOps } from './ops.js';
import { buildRuntime } from './runtime.js';
import { startSlack } from './slack.js';
import { startTelegramAssistant } from './telegram.js';
import { errorFields } from '../app/errors.js';
import type { Logger } from '../app/logger.js';

export interface RunningService {
  stop(): Promise<void>;
}

/**
 * After SIGTERM a send in flight has this long to be answered before it is cut short and its row
 * given back; rows claimed and not started are given back at once. Within STOP_LIMIT_MS (main.ts).
 */
export const SEND_GRACE_MS = 10_000;

export async function startService(config: Config, log: Logger, tr: Translator): Promise<RunningService> {
  const runtime = await buildRuntime(config, { migrate: config.migrateOnStart, log });
  if (runtime.appliedMigrations.length) log.info({ migrations: runtime.appliedMigrations }, tr.t('service.migrated'));
  if (runtime.refreshed) log.info(runtime.refreshed, tr.t('service.recomputed', runtime.refreshed));
  await runtime.db.warm();
  log.info({ database: runtime.db.kind }, tr.t('service.started', { database: runtime.db.kind }));

  const channels = [
    { name: 'Telegram', on: config.channels.telegram, how: 'service.telegramHow' },
    { name: 'Slack', on: config.channels.slack, how: 'service.slackHow' },
    { name: 'Email', on: config.channels.email, how: 'service.emailHow' },
  ] as const;
  for (const channel of channels) {
    if (!channel.on) log.info({ channel: channel.name }, tr.t('service.channelOff', { channel: channel.name, how: tr.t(channel.how) }));
    else if (channel.name === 'Slack') continue; // startSlack says how it runs
    else log.info({ channel: channel.name }, tr.t('service.channelReminders', { channel: channel.name }));
  }
  const assistant = await startTelegramAssistant(config, runtime, log, tr);
  const slack = await startSlack(config, { escalations: runtime.escalations, invite: config.channels.telegram ? runtime.invite : null, stores: runtime.stores }, log, tr);

  const publicHttp = await startPublicHttp(config, runtime, log, tr);
  const ops = await startOps(config, runtime, log, tr);
  // Loaded only when configured: a service without the console never loads its server.
  const web = config.web.port === null ? null : await (await import('./web.js')).startWebConsole(config, runtime, log, tr);
  const dispatchDeps = ops?.dispatchDeps ?? runtime.reminders;
  const stopping = new AbortController();
  const dispatchStop = { signal: stopping.signal, graceMs: SEND_GRACE_MS };
  const scheduler = await startScheduler({
    zone: config.zone,
    sweepAt: config.reminders.sweepAt,
    dispatchEverySeconds: config.reminders.dispatchEverySeconds,
    instance: runtime.instance,
    coordinator: runtime.stores.coordinator,
    now: () => new Date(),
    sweep: async (since) => {
      // Counted page by page rather than kept: a catch-up sweep over 100,000 cases finds as many reminders.
      let unaddressed = 0;
      // Certificates not renewed lapse first, so that today's reminders and escalations see it.
      const lapsed = await expireCertificates({ ...runtime.deps, lapses: runtime.stores.lapses });
      if (lapsed.expired.length) log.info({ tick: lapsed.asOf, expired: lapsed.expired.length }, tr.t('service.certificatesExpired', { tick: lapsed.asOf, count: lapsed.expired.length }));
      const result = await sweepReminders(runtime.reminders, { since }, (page) => void (unaddressed += page.unaddressed.length));
      ops?.metrics.sweepEnqueued(result.enqueued);
      log.info({ tick: result.asOf, enqueued: result.enqueued, unaddressed }, tr.t('service.sweepRan', { tick: result.asOf, enqueued: result.enqueued }));
      await slack?.afterSweep();
    },
    dispatch: async () => {
      await slack?.everyTick();
      const report = await dispatchOutbox(dispatchDeps, runtime.instance, dispatchStop);
      if (report.sent + report.retried + report.failed + report.cancelled + report.held + report.released > 0) log.info(report, tr.t('service.dispatched', { ...report }));
      if (report.escalationsFailed > 0) log.error({ escalationsFailed: report.escalationsFailed }, tr.t('service.escalationsFailed', { failed: report.escalationsFailed }));
      if (report.conflicts > 0) log.warn({ conflicts: report.conflicts }, tr.t('service.dispatchConflicts', { conflicts: report.conflicts }));
    },
    // Context for the operator; never the message bodies or the configuration.
    onError: (job, error) => log.error({ job, err: errorFields(error) }, tr.t('service.jobFailed', { job })),
    periodic: digestJobs(config, runtime, log, tr),
    onSweep: (event) => ops?.metrics.onSweep(event),
  });
  log.info(
    {},
    tr.t('service.schedulerStarted', { sweepAt: config.reminders.sweepAt, zone: config.zone, seconds: config.reminders.dispatchEverySeconds, instance: runtime.instance }),
  );

  return {
    stop: async () => {
      ops?.shuttingDown();
      // No new send starts; rows claimed and not started go back to pending; the send in flight has
      // SEND_GRACE_MS to finish, and every outcome is recorded before the database closes.
      stopping.abort();
      await scheduler.stop();
      await slack?.stop();
      await publicHttp?.close();
      await web?.close();
      await assistant?.stop();
      if (assistant) log.info({}, tr.t('telegram.log.stopped'));
      // Last before the database: a probe during the drain reads "shutting down", not a refused connection.
      await ops?.close();
      await runtime.close();
    },
  };
}
