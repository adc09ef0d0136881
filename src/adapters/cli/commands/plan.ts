// `certbell plan`: every stored obligation as of a day, streamed page by page.
import { planPages } from '../../../app/plan-obligations.js';
import { nextReminders } from '../../../domain/reminders.js';
import { obligationJson, obligationLines } from '../render.js';
import { dateOption, daysOption, subcommand } from '../context.js';
import type { CommandRegistration } from '../context.js';

export const plan: CommandRegistration = (parent, { tr, io, openCore }) => {
  const out = io.out;
  subcommand(parent, tr, 'plan', 'plan', ['--as-of <date>'], { asOf: 'planAsOf' })
    .option('--within <days>', tr.t('cli.help.within'), (value: string) => daysOption(value, tr))
    .option('--json', tr.t('cli.help.json'))
    .action(async (o: { asOf?: string; within?: number; json?: boolean }) => {
      const asOf = o.asOf === undefined ? undefined : dateOption(o.asOf, tr);
      const { deps, reminderPolicy } = await openCore();
      // Written page by page: a plan of 100,000 cases runs to some 250,000 obligations.
      const { asOf: day, pages } = planPages(deps, { ...(asOf ? { asOf } : {}), ...(o.within === undefined ? {} : { withinDays: o.within }) });
      const next = nextReminders(reminderPolicy, day);
      if (o.json) {
        await out(`{\n  "asOf": ${JSON.stringify(day)},\n  "obligations": [`);
        // One obligation a line; the last one written only once it is known to be last (no comma).
        let held: string | null = null;
        for await (const page of pages) {
          const lines: string[] = [];
          for (const ob of page) {
            if (held !== null) lines.push(`${held},`);
            held = `    ${JSON.stringify(obligationJson(ob, tr, next(ob)))}`;
          }
          if (lines.length) await out(lines.join('\n'));
        }
        if (held !== null) await out(held);
        await out('  ]\n}');
        return;
      }
      await out(tr.t('cli.plan.title', { asOf: day }));
      let count = 0;
      for await (const page of pages) {
        if (page.length) await out(page.flatMap((ob) => obligationLines(ob, day, deps.calendar, tr, next(ob))).join('\n'));
        count += page.length;
      }
      await out(count ? tr.t('cli.plan.total', { count }) : tr.t('cli.plan.none'));
    });
};
