// `certbell db migrate` and `certbell db status`.
import type { CommandRegistration } from '../context.js';

// The migrator (drivers, Prisma's adapters, the schema engine) is loaded by these commands only.
const migrator = () => import('../../db/migrator.js');

export const dbMigrate: CommandRegistration = (parent, { tr, io, databaseUrl }) => {
  parent
    .command('migrate')
    .description(tr.t('cli.help.dbMigrate'))
    .action(async () => {
      const { applied } = await (await migrator()).deployMigrations(databaseUrl);
      await io.out(tr.t('cli.migrated', { count: applied.length }));
    });
};

export const dbStatus: CommandRegistration = (parent, { tr, io, databaseUrl }) => {
  parent
    .command('status')
    .description(tr.t('cli.help.dbStatus'))
    .option('--json', tr.t('cli.help.json'))
    .action(async (o: { json?: boolean }) => {
      const status = await (await migrator()).migrationStatus(databaseUrl);
      if (o.json) await io.out(JSON.stringify(status, null, 2));
      else await io.out(tr.t('cli.migrationStatus', { applied: status.applied.length, pending: status.pending.join(', ') || '—' }));
    });
};
