// What every command of the command line is given: the words, the terminal, the settings it reads,
// and the runtime, opened on first use (`calendar check` and `db …` never open it).
import type { ProgressStream } from './import-progress.js';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { AssistantDeps } from '../../app/answer-applicant.js';
import type { StaffDirectory } from '../../app/console/staff-ports.js';
import type { DigestDeps } from '../../app/digest-ports.js';
import type { DigestSchedule } from '../../app/digest-schedule.js';
import type { DispatchDeps } from '../../app/dispatch-outbox.js';
import type { EscalationDeps } from '../../app/escalation-ports.js';
import type { InviteDeps } from '../../app/invite-contact.js';
import type { Deps } from '../../app/ports.js';
import type { OutboxRepository } from '../../app/reminder-ports.js';
import type { ReminderPolicy } from '../../domain/reminders.js';
import { isIsoDate } from '../../domain/calendar/calendar-date.js';
import type { DomainError } from '../../domain/result.js';
import type { HolidayData } from '../../domain/calendar/working-days.js';
import type { MessageKey, Translator } from '../i18n/translator.js';
import type { LapseFinder } from '../../app/expire-certificates.js';

export interface Io {
  /** Writes a line; the promise, when there is one, settles once the line may be followed (backpressure). */
  out(text: string): void | Promise<void>;
  err(text: string): void;
  /** Where long commands (import) show how far they have got: a bar on a terminal, plain lines otherwise. */
  readonly progress?: ProgressStream;
}

/** The database and its repositories, as much of them as read-only and case commands use. */
export interface CliCore {
  readonly deps: Deps;
  readonly reminderPolicy: ReminderPolicy;
  readonly stores: { readonly staff: StaffDirectory; readonly outbox: Pick<OutboxRepository, 'list'> };
}

/** The composition root's runtime, as much of it as commands use. */
export interface CliRuntime {
  readonly deps: Deps;
  readonly reminders: DispatchDeps;
  readonly digests: DigestDeps;
  readonly invite: InviteDeps;
  readonly assistant: AssistantDeps;
  readonly stores: { readonly staff: StaffDirectory; readonly lapses: LapseFinder };
  readonly instance: string;
  resolveBotUsername(): Promise<string | null>;
}

export interface CliContext {
  readonly tr: Translator;
  readonly io: Io;
  /** Who is recorded in the audit log ("cli:" and the operator's name). */
  readonly actor: string;
  readonly zone: string;
  readonly databaseUrl: string;
  readonly holidays: { readonly file: string | null; load(): { readonly packaged: HolidayData; readonly operator: HolidayData | null } };
  readonly digest: {
    readonly mail: { readonly from: string; readonly replyTo?: string };
    readonly contactSchedule: DigestSchedule | null;
    readonly staffSchedule: DigestSchedule | null;
  };
  /** The database and repositories only: what a command that sends nothing needs (fast to start). */
  openCore(): Promise<CliCore>;
  /** Everything, channels included. */
  open(): Promise<CliRuntime>;
  /** Staff escalations when Slack is configured (loading the channels then only); otherwise null. */
  openEscalations(): Promise<EscalationDeps | null>;
}

/** A command adds itself under its parent (the program or a group such as `case`). */
export type CommandRegistration = (parent: Command, ctx: CliContext) => void;

/** Exit codes: 0 done, 1 refused (bad input, a rule said no), 2 usage, 3 configuration. */
export class Refused extends Error {
  constructor(readonly text: string) {
    super(text);
  }
}

export function dateOption(value: string, tr: Translator): string {
  if (!isIsoDate(value)) throw new Refused(tr.error({ code: 'date/invalid', params: { value } }));
  return value;
}

export function daysOption(value: string, tr: Translator): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new Refused(tr.t('cli.badDays', { value }));
  return n;
}

export function refusal(error: DomainError & { fields?: readonly { field: string; code: string; params: Readonly<Record<string, string | number>> }[] }, tr: Translator): Refused {
  const details = error.fields?.map((f) => `  ${tr.t('cli.field', { field: f.field })}: ${tr.error(f)}`) ?? [];
  return new Refused([tr.error(error), ...details].join('\n'));
}

/**
 * A subcommand with its options, every command declaring them the same way: the command's help is
 * `cli.help.<about>`, an option's is `cli.help.<its name>` (`--service-type <type>` → `serviceType`) unless
 * `help` names other words for it, and flags ending in `!` make an option that must be given.
 */
export function subcommand(parent: Command, tr: Translator, name: string, about: HelpWord, options: readonly string[], help: Readonly<Record<string, HelpWord>> = {}): Command {
  const command = parent.command(name).description(tr.t(`cli.help.${about}`));
  for (const spec of options) {
    const flags = spec.replace(/!$/, '');
    const key = new Option(flags).attributeName();
    // Named after the option's flags, which the compiler cannot read: test/unit/adapters/cli-help.test.ts
    // checks that every option of every command has its words in both languages.
    const word = (help[key] ?? key) as HelpWord;
    command.addOption(new Option(flags, tr.t(`cli.help.${word}`)).makeOptionMandatory(flags !== spec));
  }
  return command;
}

/** The name of a help text under `cli.help.` in the locale files. */
export type HelpWord = MessageKey extends infer K ? (K extends `cli.help.${infer W}` ? W : never) : never;
