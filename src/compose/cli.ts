// The command line's context: its settings from the configuration, and the runtime loaded and opened on
// first use.
import type { CliContext, Io } from '../adapters/cli/context.js';
import type { Translator } from '../adapters/i18n/translator.js';
import type { Config } from '../config/index.js';
import { loadHolidays } from './holidays.js';
import type { Core } from './core.js';
import type { Runtime } from './runtime.js';

export function cliContext(config: Config, tr: Translator, io: Io): CliContext & { close(): Promise<void> } {
  let core: Promise<Core> | null = null;
  let runtime: Promise<Runtime> | null = null;
  const openCore = () => (core ??= import('./core.js').then((m) => m.openCore(config, { migrate: config.migrateOnStart })));
  const open = () =>
    (runtime ??= Promise.all([import('./runtime.js'), openCore()]).then(([m, opened]) => m.buildRuntime(config, { migrate: config.migrateOnStart }, opened)));
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
    // Loaded on first use: `--help`, `calendar check` and `db …` never load the database; commands
    // that send nothing never load the channels. Either way the database is opened once.
    openCore,
    open,
    openEscalations: async () => (config.channels.slack ? (await open()).escalations : null),
    close: async () => {
      const opened = runtime ?? core;
      runtime = core = null;
      await (await opened?.catch(() => null))?.close();
    },
  };
}
