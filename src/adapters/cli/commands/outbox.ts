// `certbell outbox`: the outbox's rows, by status or case.
import { Option } from 'commander';
import type { OutboxStatus } from '../../../app/reminder-ports.js';
import type { CommandRegistration } from '../context.js';

export const outbox: CommandRegistration = (parent, { tr, io, openCore }) => {
  const out = io.out;
  parent
    .command('outbox')
    .description(tr.t('cli.help.outbox'))
    .addOption(new Option('--status <status>', tr.t('cli.help.status')).choices(['pending', 'sending', 'sent', 'failed', 'cancelled']))
    .option('--case <ref>', tr.t('cli.help.caseFilter'))
    .option('--json', tr.t('cli.help.json'))
    .action(async (o: { status?: OutboxStatus; case?: string; json?: boolean }) => {
      const { stores } = await openCore();
      const rows = await stores.outbox.list({ ...(o.status ? { status: o.status } : {}), ...(o.case ? { caseRef: o.case } : {}) });
      if (o.json) {
        await out(JSON.stringify(rows, null, 2));
        return;
      }
      await out(rows.length ? tr.t('cli.outbox.title', { count: rows.length }) : tr.t('cli.outbox.none'));
      for (const r of rows) {
        await out(
          `  ${tr.t('cli.outbox.row', {
            createdAt: r.createdAt.toISOString().slice(0, 16).replace('T', ' '),
            status: r.status,
            caseRef: r.caseRef,
            kind: tr.t(`kind.${r.kind}`),
            step: r.step,
            channel: r.channel,
            address: r.address,
            attempts: r.attempts,
            error: r.lastError ? `  (${r.lastError})` : '',
          })}`,
        );
      }
    });
};
