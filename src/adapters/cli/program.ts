// The `certbell` command line: one file per command under commands/, put together here, and how the
// outcome of a run becomes an exit code.
import { Command, CommanderError, Option } from 'commander';
import { HolidayFileError } from '../calendar/holiday-data.js';
import { ContactsFileError } from '../contacts-file.js';
import { locales } from '../../domain/locale.js';
import { ReminderPolicyFileError } from '../reminder-policy-file.js';
import { calendarCheck } from './commands/calendar-check.js';
import { caseAdd } from './commands/case-add.js';
import { caseShow } from './commands/case-show.js';
import { contactResubscribe } from './commands/contact-resubscribe.js';
import { dbMigrate, dbStatus } from './commands/db.js';
import { digestPreview } from './commands/digest-preview.js';
import { dispatch } from './commands/dispatch.js';
import { eventRecord } from './commands/event-record.js';
import { importFile } from './commands/import.js';
import { invite, inviteRevoke } from './commands/invite.js';
import { outbox } from './commands/outbox.js';
import { plan } from './commands/plan.js';
import { registerStaffCommand } from './commands/staff.js';
import { sweep } from './commands/sweep.js';
import { Refused, refusal } from './context.js';
import type { CliContext } from './context.js';
import type { MessageKey } from '../i18n/translator.js';

export function buildProgram(ctx: CliContext): Command {
  const { tr, io } = ctx;
  const program = new Command('certbell')
    .description(tr.t('cli.description'))
    .addOption(new Option('--lang <locale>', tr.t('cli.help.lang')).choices([...locales, 'zh']))
    .exitOverride()
    .configureOutput({ writeOut: (s) => void io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  const group = (name: string, description: MessageKey) => program.command(name).description(tr.t(description));

  const db = group('db', 'cli.help.db');
  dbMigrate(db, ctx);
  dbStatus(db, ctx);
  const cases = group('case', 'cli.help.case');
  caseAdd(cases, ctx);
  caseShow(cases, ctx);
  eventRecord(group('event', 'cli.help.event'), ctx);
  importFile(program, ctx);
  plan(program, ctx);
  sweep(program, ctx);
  dispatch(program, ctx);
  outbox(program, ctx);
  inviteRevoke(invite(program, ctx), ctx);
  digestPreview(group('digest', 'cli.help.digest'), ctx);
  contactResubscribe(group('contact', 'cli.help.contact'), ctx);
  calendarCheck(group('calendar', 'cli.help.calendar'), ctx);
  registerStaffCommand(program, {
    tr,
    actor: ctx.actor,
    out: (text) => void io.out(text),
    refuse: (error) => {
      throw refusal(error, tr);
    },
    open: async () => {
      const { stores, deps } = await ctx.openCore();
      return { staff: stores.staff, clock: deps.clock };
    },
  });
  return program;
}

/** Runs one command line; resolves to its exit code (0 done, 1 refused, 2 usage, 3 configuration). */
export async function runProgram(ctx: CliContext, argv: readonly string[]): Promise<number> {
  const { tr, io } = ctx;
  try {
    await buildProgram(ctx).parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof Refused) {
      if (error.text) io.err(error.text);
      return 1;
    }
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ReminderPolicyFileError || error instanceof ContactsFileError) {
      io.err(tr.t('error.config/invalid', { reason: error.message }));
      return 3;
    }
    if (error instanceof HolidayFileError) {
      io.err(tr.error({ code: error.code, params: error.params as Record<string, string | number> }));
      return 3;
    }
    throw error;
  }
}
