// `certbell sweep`: the reminders due as of a day, queued in the outbox (or only listed with --dry-run).
import { sweepReminders } from '../../../app/sweep-reminders.js';
import { dateOption } from '../context.js';
import type { CommandRegistration } from '../context.js';

export const sweep: CommandRegistration = (parent, { tr, io, open }) => {
  const out = io.out;
  parent
    .command('sweep')
    .description(tr.t('cli.help.sweep'))
    .option('--as-of <date>', tr.t('cli.help.day'))
    .option('--dry-run', tr.t('cli.help.dryRun'))
    .option('--json', tr.t('cli.help.json'))
    .action(async (o: { asOf?: string; dryRun?: boolean; json?: boolean }) => {
      const asOf = o.asOf === undefined ? undefined : dateOption(o.asOf, tr);
      const { reminders } = await open();
      const result = await sweepReminders(reminders, { ...(asOf ? { asOf } : {}), dryRun: Boolean(o.dryRun) });
      if (o.json) {
        await out(JSON.stringify({ asOf: result.asOf, dryRun: Boolean(o.dryRun), enqueued: result.enqueued, reminders: result.reminders.map(({ notBefore: _n, ...r }) => r), unaddressed: result.unaddressed }, null, 2));
        return;
      }
      await out(tr.t('cli.sweep.title', { asOf: result.asOf, count: result.reminders.length, dry: o.dryRun ? tr.t('cli.sweep.dry') : '' }));
      for (const r of result.reminders) {
        await out(`  ${tr.t('cli.sweep.row', { caseRef: r.caseRef, kind: tr.t(`kind.${r.kind}`), step: r.step, channel: r.channel, address: r.channel === 'none' ? tr.t('cli.sweep.noChannel') : r.address })}`);
      }
      for (const u of result.unaddressed) await out(`  ${tr.t('cli.sweep.unaddressed', { caseRef: u.caseRef, kind: tr.t(`kind.${u.kind}`), step: u.step })}`);
      if (!o.dryRun) await out(tr.t('cli.sweep.enqueued', { count: result.enqueued }));
    });
};
