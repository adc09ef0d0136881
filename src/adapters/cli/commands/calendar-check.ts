// `certbell calendar check`: which years the working-day calendar has holiday data for.
import { todayIn, yearOf } from '../../../domain/calendar/calendar-date.js';
import type { CommandRegistration } from '../context.js';

export const calendarCheck: CommandRegistration = (parent, { tr, io, zone, holidays: sources }) => {
  parent
    .command('check')
    .description(tr.t('cli.help.calendarCheck'))
    .option('--json', tr.t('cli.help.json'))
    .action(async (o: { json?: boolean }) => {
      const holidays = sources.load();
      const packaged = [...holidays.packaged.keys()].sort((a, b) => a - b);
      const operator = holidays.operator ? [...holidays.operator.keys()].sort((a, b) => a - b) : [];
      const covered = [...new Set([...packaged, ...operator])].sort((a, b) => a - b);
      const thisYear = yearOf(todayIn(new Date(), zone));
      const missing = [thisYear, thisYear + 1].filter((y) => !covered.includes(y));
      if (o.json) {
        await io.out(JSON.stringify({ covered, packaged, operator, operatorFile: sources.file, missing }, null, 2));
        return;
      }
      const span = (years: number[]) => (years.length ? `${years[0]}–${years.at(-1)}` : '—');
      await io.out(
        [
          tr.t('cli.calendar.title'),
          tr.t('cli.calendar.covered', { years: operator.length ? covered.join(', ') : span(covered) }),
          sources.file
            ? tr.t('cli.calendar.sources', { packaged: span(packaged), file: sources.file, operator: operator.join(', ') || '—' })
            : tr.t('cli.calendar.noOperatorFile'),
          missing.length ? tr.t('cli.calendar.missingSoon', { years: missing.join(', ') }) : tr.t('cli.calendar.allCovered'),
        ].join('\n'),
      );
    });
};
