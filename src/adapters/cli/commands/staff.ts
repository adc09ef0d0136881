// `certbell staff add EMAIL | remove EMAIL | list`: who may sign in to the web console.
import { Option } from 'commander';
import type { Command } from 'commander';
import { addStaff, removeStaff } from '../../../app/console/manage-staff.js';
import type { ConsoleLocale, StaffDirectory } from '../../../app/console/staff-ports.js';
import type { DomainError, Result } from '../../../domain/result.js';
import { locales } from '../../../domain/locale.js';
import type { Translator } from '../../i18n/translator.js';
import { subcommand } from '../context.js';

export interface StaffCommandContext {
  readonly tr: Translator;
  readonly actor: string;
  out(text: string): void;
  /** Throws the translated refusal (exit code 1). */
  refuse(error: DomainError): never;
  open(): Promise<{ readonly staff: StaffDirectory; readonly clock: { now(): Date } }>;
}

export function registerStaffCommand(program: Command, ctx: StaffCommandContext): void {
  const { tr } = ctx;
  const staff = program.command('staff').description(tr.t('cli.help.staff'));
  /** A change to the list: said in words once made, or refused. */
  const done = (result: Result<{ readonly email: string }>, words: 'cli.staff.added' | 'cli.staff.removed') => {
    if (!result.ok) ctx.refuse(result.error);
    ctx.out(tr.t(words, { email: result.value.email }));
  };
  subcommand(staff, tr, 'add', 'staffAdd', [])
    .argument('<email>', tr.t('cli.help.staffEmail'))
    .addOption(new Option('--locale <locale>', tr.t('cli.help.staffLocale')).choices(locales).default('zh-CN'))
    .action(async (email: string, o: { locale: ConsoleLocale }) => done(await addStaff(await ctx.open(), { email, locale: o.locale, actor: ctx.actor }), 'cli.staff.added'));
  subcommand(staff, tr, 'remove', 'staffRemove', [])
    .argument('<email>', tr.t('cli.help.staffEmail'))
    .action(async (email: string) => done(await removeStaff(await ctx.open(), { email, actor: ctx.actor }), 'cli.staff.removed'));
  subcommand(staff, tr, 'list', 'staffList', ['--json'])
    .action(async (o: { json?: boolean }) => {
      const members = await (await ctx.open()).staff.list();
      if (o.json) return ctx.out(JSON.stringify(members.map((m) => ({ email: m.email, locale: m.locale, addedAt: m.addedAt.toISOString(), addedBy: m.addedBy })), null, 2));
      if (!members.length) return ctx.out(tr.t('cli.staff.none'));
      ctx.out(tr.t('cli.staff.title', { count: members.length }));
      for (const m of members) ctx.out(`  ${tr.t('cli.staff.row', { email: m.email, locale: m.locale, addedAt: m.addedAt.toISOString().slice(0, 10), addedBy: m.addedBy })}`);
    });
}
