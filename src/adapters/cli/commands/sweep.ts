// `certbell sweep`: the reminders due as of a day, queued in the outbox (or only listed with --dry-run).
import type { NewOutboxEntry } from '../../../app/reminder-ports.js';
import { expireCertificates } from '../../../app/expire-certificates.js';
import { sweepReminders } from '../../../app/sweep-reminders.js';
import type { SweepPage } from '../../../app/sweep-reminders.js';
import { dateOption, subcommand } from '../context.js';
import type { CommandRegistration } from '../context.js';
import { keepHeapTight } from '../../tight-heap.js';

export const sweep: CommandRegistration = (parent, { tr, io, open }) => {
  const out = io.out;
  subcommand(parent, tr, 'sweep', 'sweep', ['--as-of <date>', '--dry-run', '--json'], { asOf: 'day' })
    .action(async (o: { asOf?: string; dryRun?: boolean; json?: boolean }) => {
      const asOf = o.asOf === undefined ? undefined : dateOption(o.asOf, tr);
      keepHeapTight();
      const { reminders, deps, stores } = await open();
      const dryRun = Boolean(o.dryRun);
      const day = asOf ? { asOf } : {};
      // Certificates not renewed by their expiry lapse before the reminders are looked at.
      const lapsed = dryRun ? null : await expireCertificates({ ...deps, lapses: stores.lapses }, day);
      if (lapsed && !o.json) for (const e of lapsed.expired) await out(tr.t('cli.sweep.expired', { caseRef: e.ref, date: e.date }));
      // Written page by page as the sweep finds them: 100,000 cases owe some 100,000 reminders.
      const row = (r: NewOutboxEntry) =>
        `  ${tr.t('cli.sweep.row', { caseRef: r.caseRef, kind: tr.t(`kind.${r.kind}`), step: r.step, channel: r.channel, address: r.channel === 'none' ? tr.t('cli.sweep.noChannel') : r.address })}`;
      const unaddressed: SweepPage['unaddressed'][number][] = [];
      let found = 0;
      let held: string | null = null;
      if (o.json) await out(`{\n  "dryRun": ${JSON.stringify(dryRun)},\n  "reminders": [`);
      const result = await sweepReminders(reminders, { ...day, dryRun }, async (page) => {
        unaddressed.push(...page.unaddressed);
        found += page.reminders.length;
        if (!page.reminders.length) return;
        if (!o.json) return out(page.reminders.map(row).join('\n'));
        // One reminder a line; the last one written only once it is known to be last (no comma).
        const lines: string[] = [];
        for (const { notBefore: _n, ...r } of page.reminders) {
          if (held !== null) lines.push(`${held},`);
          held = `    ${JSON.stringify(r)}`;
        }
        if (lines.length) await out(lines.join('\n'));
      });
      if (o.json) {
        if (held !== null) await out(held);
        await out(`  ],\n  "unaddressed": ${JSON.stringify(unaddressed)},\n  "expired": ${JSON.stringify(lapsed?.expired ?? [])},\n  "asOf": ${JSON.stringify(result.asOf)},\n  "enqueued": ${result.enqueued}\n}`);
        return;
      }
      for (const u of unaddressed) await out(`  ${tr.t('cli.sweep.unaddressed', { caseRef: u.caseRef, kind: tr.t(`kind.${u.kind}`), step: u.step })}`);
      await out(tr.t('cli.sweep.title', { asOf: result.asOf, count: found, dry: dryRun ? tr.t('cli.sweep.dry') : '' }));
      if (!dryRun) await out(tr.t('cli.sweep.enqueued', { count: result.enqueued }));
    });
};
