// The command line's context: its settings from the configuration, and the runtime loaded and opened on
// first use.
import type { CliContext, Io } from '../adapters/cli/context.js';
import type { Translator } from '../adapters/i18n/translator.js';
import type { Config } from '../config/index.js';
import { loadHolidays } from './holidays.js';
import type { Runtime } from './runtime.js';

export function cliContext(config: Config, tr: Translator, io: Io): CliContext & { close(): Promise<void> } {
  let runtime: Runtime | null = null;
  const { secrets, digests } = config;
  return {
    tr,
    io,
    actor: `cli:${config.actor}`,
    zone: config.zone,
    databaseUrl: config.databaseUrl,
    holidays: { file: config.holidaysFile, load: () => loadHolidays(config) },
    digest: {
      mail: { from: secrets.smtpFrom, ...(secrets.smtpReplyTo ? { replyTo: secrets.smtpReplyTo } : {}) },
      contactSchedule: digests.contactSchedule,
      staffSchedule: digests.staffSchedule,
    },
    // Loaded on first use: `--help`, `calendar check` and `db …` never load the database, the channels
    // or the rest of the runtime, and start in a fraction of the time.
    open: async () => (runtime ??= await (await import('./runtime.js')).buildRuntime(config, { migrate: config.migrateOnStart })),
    close: async () => {
      await runtime?.close();
      runtime = null;
    },
  };
}
