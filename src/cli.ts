// The `certbell` command line: one verb per subcommand, the same composition as the service.
import { realpathSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { addCase } from './app/add-case.js';
import { importCases } from './app/import-cases.js';
import { dispatchOutbox } from './app/dispatch-outbox.js';
import { planPages } from './app/plan-obligations.js';
import type { OutboxStatus } from './app/reminder-ports.js';
import { sweepReminders } from './app/sweep-reminders.js';
import { recordEvent } from './app/record-event.js';
import { showCase } from './app/show-case.js';
import { inviteContact, revokeInvitations } from './app/invite-contact.js';
import { inviteErrorText, localTime } from './adapters/i18n/invite-messages.js';
import { parseEventInput } from './app/validate-case.js';
import { caseJson, caseText, obligationJson, obligationLines, problemsText } from './adapters/cli/render.js';
import { HolidayFileError } from './adapters/calendar/holiday-data.js';
import { ReminderPolicyFileError } from './adapters/reminder-policy-file.js';
import { deployMigrations, migrationStatus } from './adapters/db/migrator.js';
import { readImportFile } from './adapters/import/read-import-file.js';
import { pickLocale, translator } from './adapters/i18n/translator.js';
import type { Translator } from './adapters/i18n/translator.js';
import { buildRuntime, loadHolidays } from './compose.js';
import { previewDigest } from './adapters/cli/digest-preview.js';
import { registerStaffCommand } from './adapters/cli/commands/staff.js';
import { createStaffDirectory } from './adapters/db/staff-repository.js';
import type { Runtime } from './compose.js';
import { ConfigError, parseConfig } from './config.js';
import type { Config } from './config.js';
import { isIsoDate, todayIn, yearOf } from './domain/calendar/calendar-date.js';
import type { PlannedObligation } from './domain/obligations.js';
import { nextReminder } from './domain/reminders.js';
import type { DomainError } from './domain/result.js';

/** Exit codes: 0 done, 1 refused (bad input, a rule said no), 2 usage, 3 configuration. */
class Refused extends Error {
  constructor(readonly text: string) {
    super(text);
  }
}

/** --lang, else CERTBELL_LANG, else the shell's locale. */
function languageOf(argv: readonly string[], config: Config | null, env: Readonly<Record<string, string | undefined>>): Translator {
  const i = argv.indexOf('--lang');
  const asked = i >= 0 ? argv[i + 1] : undefined;
  return translator(pickLocale(asked ?? config?.lang ?? env.LC_ALL ?? env.LANG));
}

function dateOption(value: string, tr: Translator): string {
  if (!isIsoDate(value)) throw new Refused(tr.error({ code: 'date/invalid', params: { value } }));
  return value;
}

function daysOption(value: string, tr: Translator): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new Refused(tr.t('cli.badDays', { value }));
  return n;
}

function refusal(error: DomainError & { fields?: readonly { field: string; code: string; params: Readonly<Record<string, string | number>> }[] }, tr: Translator): Refused {
  const details = error.fields?.map((f) => `  ${tr.t('cli.field', { field: f.field })}: ${tr.error(f)}`) ?? [];
  return new Refused([tr.error(error), ...details].join('\n'));
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export function buildProgram(config: Config, tr: Translator, io: Io): { program: Command; close(): Promise<void> } {
  const out = io.out;
  let runtime: Runtime | null = null;
  const open = async () => (runtime ??= await buildRuntime(config, { migrate: config.migrateOnStart }));
  const close = async () => {
    await runtime?.close();
    runtime = null;
  };
  const actor = `cli:${config.actor}`;

  const program = new Command('certbell')
    .description(tr.t('cli.description'))
    .addOption(new Option('--lang <locale>', tr.t('cli.help.lang')).choices(['zh-CN', 'en', 'zh']))
    .exitOverride()
    .configureOutput({ writeOut: (s) => out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  const db = program.command('db').description(tr.t('cli.help.db'));
  db.command('migrate')
    .description(tr.t('cli.help.dbMigrate'))
    .action(async () => {
      const { applied } = await deployMigrations(config.databaseUrl);
      out(tr.t('cli.migrated', { count: applied.length }));
    });
  db.command('status')
    .description(tr.t('cli.help.dbStatus'))
    .option('--json', tr.t('cli.help.json'))
    .action(async (o: { json?: boolean }) => {
      const status = await migrationStatus(config.databaseUrl);
      if (o.json) out(JSON.stringify(status, null, 2));
      else out(tr.t('cli.migrationStatus', { applied: status.applied.length, pending: status.pending.join(', ') || '—' }));
    });

  const cases = program.command('case').description(tr.t('cli.help.case'));
  cases
    .command('add')
    .description(tr.t('cli.help.caseAdd'))
    .requiredOption('--ref <ref>', tr.t('cli.help.ref'))
    .requiredOption('--scheme <scheme>', tr.t('cli.help.scheme'))
    .requiredOption('--org <name>', tr.t('cli.help.org'))
    .option('--province <province>', tr.t('cli.help.province'))
    .option('--service-type <type>', tr.t('cli.help.serviceType'))
    .requiredOption('--level <level>', tr.t('cli.help.level'))
    .option('--contact-name <name>', tr.t('cli.help.contactName'))
    .option('--email <email>', tr.t('cli.help.email'))
    .option('--locale <locale>', tr.t('cli.help.locale'), 'zh-CN')
    .option('--json', tr.t('cli.help.json'))
    .action(async (o: Record<string, string | boolean | undefined>) => {
      const { deps } = await open();
      const result = await addCase(
        deps,
        {
          ref: o.ref,
          scheme: o.scheme,
          organization: { name: o.org, province: o.province },
          serviceType: o.serviceType,
          level: o.level,
          contacts: o.email ? [{ name: o.contactName, email: o.email, locale: o.locale }] : [],
        },
        actor,
      );
      if (!result.ok) throw refusal(result.error, tr);
      const c = result.value;
      out(o.json ? JSON.stringify({ ref: c.ref, scheme: c.scheme, level: c.level, stage: c.state.stage }) : tr.t('cli.caseAdded', { ref: c.ref, scheme: c.scheme, level: c.level }));
    });
  cases
    .command('show <ref>')
    .description(tr.t('cli.help.caseShow'))
    .option('--as-of <date>', tr.t('cli.help.asOf'))
    .option('--json', tr.t('cli.help.json'))
    .action(async (ref: string, o: { asOf?: string; json?: boolean }) => {
      const asOf = o.asOf === undefined ? undefined : dateOption(o.asOf, tr);
      const { deps } = await open();
      const result = await showCase(deps, ref, asOf);
      if (!result.ok) throw refusal(result.error, tr);
      out(o.json ? caseJson(result.value, tr) : caseText(result.value, deps.calendar, tr));
    });

  program
    .command('event')
    .description(tr.t('cli.help.event'))
    .command('record <ref> <event>')
    .description(tr.t('cli.help.eventRecord'))
    .requiredOption('--date <date>', tr.t('cli.help.date'))
    .option('--certificate-no <no>', tr.t('cli.help.certificateNo'))
    .option('--expires <date>', tr.t('cli.help.expires'))
    .option('--level <level>', tr.t('cli.help.newLevel'))
    .option('--note <text>', tr.t('cli.help.note'))
    .option('--json', tr.t('cli.help.json'))
    .action(async (ref: string, type: string, o: Record<string, string | boolean | undefined>) => {
      const parsed = parseEventInput({ type, date: o.date, certificateNo: o.certificateNo, expires: o.expires, level: o.level, note: o.note });
      if (!parsed.event) throw refusal(parsed.error, tr);
      const { deps } = await open();
      const result = await recordEvent(deps, { ref, event: parsed.event }, actor);
      if (!result.ok) throw refusal(result.error, tr);
      const c = result.value;
      out(
        o.json
          ? JSON.stringify({ ref: c.ref, event: type, date: parsed.event.date, stage: c.state.stage, version: c.version })
          : tr.t('cli.eventRecorded', { ref: c.ref, event: tr.t(`event.${type}`), date: parsed.event.date, stage: tr.t(`stage.${c.scheme}.${c.state.stage}`) }),
      );
    });

  program
    .command('import <file>')
    .description(tr.t('cli.help.import'))
    .option('--json', tr.t('cli.help.json'))
    .action(async (file: string, o: { json?: boolean }) => {
      const read = await readImportFile(resolve(file));
      if (!read.ok) throw refusal(read.error, tr);
      const { deps } = await open();
      const result = await importCases(deps, read.items, actor);
      if (!result.ok) {
        if (o.json) {
          out(JSON.stringify({ ok: false, problems: result.problems.map((p) => ({ ...p, message: tr.error(p.error) })) }, null, 2));
          throw new Refused('');
        }
        throw new Refused(problemsText(result.problems, tr));
      }
      const s = result.value;
      out(
        o.json
          ? JSON.stringify({ ok: true, ...s })
          : tr.t('cli.imported', { file, created: s.created.length, extended: s.extended.length, unchanged: s.unchanged.length }),
      );
    });

  program
    .command('plan')
    .description(tr.t('cli.help.plan'))
    .option('--as-of <date>', tr.t('cli.help.planAsOf'))
    .option('--within <days>', tr.t('cli.help.within'), (value: string) => daysOption(value, tr))
    .option('--json', tr.t('cli.help.json'))
    .action(async (o: { asOf?: string; within?: number; json?: boolean }) => {
      const asOf = o.asOf === undefined ? undefined : dateOption(o.asOf, tr);
      const { deps, reminders } = await open();
      const next = (ob: PlannedObligation) => nextReminder(ob, reminders.reminderPolicy, day);
      // Written page by page: a plan of 100,000 cases runs to some 250,000 obligations.
      const { asOf: day, pages } = planPages(deps, { ...(asOf ? { asOf } : {}), ...(o.within === undefined ? {} : { withinDays: o.within }) });
      if (o.json) {
        out(`{\n  "asOf": ${JSON.stringify(day)},\n  "obligations": [`);
        // One obligation a line; the last one written only once it is known to be last (no comma).
        let held: string | null = null;
        for await (const page of pages) {
          const lines: string[] = [];
          for (const ob of page) {
            if (held !== null) lines.push(`${held},`);
            held = `    ${JSON.stringify(obligationJson(ob, tr, next(ob)))}`;
          }
          if (lines.length) out(lines.join('\n'));
        }
        if (held !== null) out(held);
        out('  ]\n}');
        return;
      }
      out(tr.t('cli.plan.title', { asOf: day }));
      let count = 0;
      for await (const page of pages) {
        if (page.length) out(page.flatMap((ob) => obligationLines(ob, day, deps.calendar, tr, next(ob))).join('\n'));
        count += page.length;
      }
      out(count ? tr.t('cli.plan.total', { count }) : tr.t('cli.plan.none'));
    });

  program
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
        out(JSON.stringify({ asOf: result.asOf, dryRun: Boolean(o.dryRun), enqueued: result.enqueued, reminders: result.reminders.map(({ notBefore: _n, ...r }) => r), unaddressed: result.unaddressed }, null, 2));
        return;
      }
      out(tr.t('cli.sweep.title', { asOf: result.asOf, count: result.reminders.length, dry: o.dryRun ? tr.t('cli.sweep.dry') : '' }));
      for (const r of result.reminders) {
        out(`  ${tr.t('cli.sweep.row', { caseRef: r.caseRef, kind: tr.t(`kind.${r.kind}`), step: r.step, channel: r.channel, address: r.channel === 'none' ? tr.t('cli.sweep.noChannel') : r.address })}`);
      }
      for (const u of result.unaddressed) out(`  ${tr.t('cli.sweep.unaddressed', { caseRef: u.caseRef, kind: tr.t(`kind.${u.kind}`), step: u.step })}`);
      if (!o.dryRun) out(tr.t('cli.sweep.enqueued', { count: result.enqueued }));
    });

  program
    .command('dispatch')
    .description(tr.t('cli.help.dispatch'))
    .action(async () => {
      const { reminders, instance } = await open();
      out(tr.t('cli.dispatch.done', { ...(await dispatchOutbox(reminders, `cli-${instance}`)) }));
    });

  program
    .command('outbox')
    .description(tr.t('cli.help.outbox'))
    .addOption(new Option('--status <status>', tr.t('cli.help.status')).choices(['pending', 'sending', 'sent', 'failed', 'cancelled']))
    .option('--case <ref>', tr.t('cli.help.caseFilter'))
    .option('--json', tr.t('cli.help.json'))
    .action(async (o: { status?: OutboxStatus; case?: string; json?: boolean }) => {
      const { reminders } = await open();
      const rows = await reminders.outbox.list({ ...(o.status ? { status: o.status } : {}), ...(o.case ? { caseRef: o.case } : {}) });
      if (o.json) {
        out(JSON.stringify(rows, null, 2));
        return;
      }
      out(rows.length ? tr.t('cli.outbox.title', { count: rows.length }) : tr.t('cli.outbox.none'));
      for (const r of rows) {
        out(
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

  const invite = program
    .command('invite')
    .description(tr.t('cli.help.invite'))
    .argument('[ref]', tr.t('cli.help.ref'))
    .option('--email <email>', tr.t('cli.help.inviteEmail'))
    .option('--json', tr.t('cli.help.json'))
    .action(async (ref: string | undefined, o: { email?: string; json?: boolean }) => {
      if (!ref || !o.email) {
        invite.outputHelp({ error: true });
        throw new CommanderError(2, 'certbell.invite', '');
      }
      const runtime = await open();
      await runtime.resolveBotUsername();
      const result = await inviteContact(runtime.invite, { caseRef: ref, email: o.email, actor });
      if (!result.ok) throw new Refused(inviteErrorText(tr, result.error));
      const { link, expiresAt, contactName } = result.value;
      out(
        o.json
          ? JSON.stringify({ ref, email: o.email.trim().toLowerCase(), contactName, link, expiresAt: expiresAt.toISOString() })
          : tr.t('invite.created', { name: contactName, email: o.email.trim().toLowerCase(), ref, link, expiresAt: localTime(expiresAt, config.zone) }),
      );
    });
  invite
    .command('revoke')
    .description(tr.t('cli.help.inviteRevoke'))
    .option('--email <email>', tr.t('cli.help.inviteRevokeEmail'))
    .option('--case <ref>', tr.t('cli.help.inviteRevokeCase'))
    .option('--json', tr.t('cli.help.json'))
    .action(async (_own: unknown, command: Command) => {
      // `invite revoke --email …`: commander hands --email to `invite`, which declares it too.
      const o = command.optsWithGlobals<{ email?: string; case?: string; json?: boolean }>();
      const { invite: deps } = await open();
      const result = await revokeInvitations(deps, { ...(o.case ? { caseRef: o.case } : {}), ...(o.email ? { email: o.email } : {}), actor });
      if (!result.ok) throw new Refused(inviteErrorText(tr, result.error));
      out(o.json ? JSON.stringify(result.value) : tr.t('invite.revoked', result.value));
    });

  program
    .command('digest')
    .description(tr.t('cli.help.digest'))
    .command('preview')
    .description(tr.t('cli.help.digestPreview'))
    .option('--contact <email>', tr.t('cli.help.digestContact'))
    .option('--staff', tr.t('cli.help.digestStaff'))
    .option('--as-of <date>', tr.t('cli.help.digestAsOf'))
    .option('--out <file>', tr.t('cli.help.digestOut'))
    .action(async (o: { contact?: string; staff?: boolean; asOf?: string; out?: string }) => {
      if (Boolean(o.contact) === Boolean(o.staff)) {
        io.err(tr.t('digest.cli.needOne'));
        throw new CommanderError(2, 'certbell.digest', '');
      }
      const asOf = o.asOf === undefined ? todayIn(new Date(), config.zone) : dateOption(o.asOf, tr);
      const { digests } = await open();
      const mail = { from: config.secrets.smtpFrom, ...(config.secrets.smtpReplyTo ? { replyTo: config.secrets.smtpReplyTo } : {}) };
      const who = o.contact ? { contact: o.contact } : ('staff' as const);
      const preview = await previewDigest(digests, { who, asOf, schedule: o.contact ? config.digests.contactSchedule : config.digests.staffSchedule, mail }, tr);
      if (preview.kind === 'refused') throw new Refused(preview.text);
      if (preview.kind === 'nothing') return out(preview.text);
      for (const note of preview.notes) io.err(note);
      if (!o.out) return out(preview.eml.toString('utf8').trimEnd());
      await writeFile(resolve(o.out), preview.eml);
      out(tr.t('digest.cli.written', { file: o.out, subject: preview.subject }));
    });

  program
    .command('calendar')
    .description(tr.t('cli.help.calendar'))
    .command('check')
    .description(tr.t('cli.help.calendarCheck'))
    .option('--json', tr.t('cli.help.json'))
    .action((o: { json?: boolean }) => {
      const holidays = loadHolidays(config);
      const packaged = [...holidays.packaged.keys()].sort((a, b) => a - b);
      const operator = holidays.operator ? [...holidays.operator.keys()].sort((a, b) => a - b) : [];
      const covered = [...new Set([...packaged, ...operator])].sort((a, b) => a - b);
      const thisYear = yearOf(todayIn(new Date(), config.zone));
      const missing = [thisYear, thisYear + 1].filter((y) => !covered.includes(y));
      if (o.json) {
        out(JSON.stringify({ covered, packaged, operator, operatorFile: config.holidaysFile, missing }, null, 2));
        return;
      }
      const span = (years: number[]) => (years.length ? `${years[0]}–${years.at(-1)}` : '—');
      out(
        [
          tr.t('cli.calendar.title'),
          tr.t('cli.calendar.covered', { years: operator.length ? covered.join(', ') : span(covered) }),
          config.holidaysFile
            ? tr.t('cli.calendar.sources', { packaged: span(packaged), file: config.holidaysFile, operator: operator.join(', ') || '—' })
            : tr.t('cli.calendar.noOperatorFile'),
          missing.length ? tr.t('cli.calendar.missingSoon', { years: missing.join(', ') }) : tr.t('cli.calendar.allCovered'),
        ].join('\n'),
      );
    });

  registerStaffCommand(program, {
    tr,
    actor,
    out,
    refuse: (error) => {
      throw refusal(error, tr);
    },
    open: async () => {
      const { db, deps } = await open();
      return { staff: createStaffDirectory(db), clock: deps.clock };
    },
  });

  return { program, close };
}

export async function runCli(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: Io): Promise<number> {
  let config: Config;
  try {
    config = parseConfig({ ...env, CERTBELL_ACTOR: env.CERTBELL_ACTOR ?? safeUser() });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(languageOf(argv, null, env).t('error.config/invalid', { reason: error.message }));
    return 3;
  }
  const tr = languageOf(argv, config, env);
  const { program, close } = buildProgram(config, tr, io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof Refused) {
      if (error.text) io.err(error.text);
      return 1;
    }
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ReminderPolicyFileError) {
      io.err(tr.t('error.config/invalid', { reason: error.message }));
      return 3;
    }
    if (error instanceof HolidayFileError) {
      io.err(tr.error({ code: error.code, params: error.params as Record<string, string | number> }));
      return 3;
    }
    throw error;
  } finally {
    await close();
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Runs the command line in this process and exits with its code. */
export function runFromProcess(): void {
  runCli(process.argv.slice(2), process.env, {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`certbell: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(70);
    },
  );
}

// `tsx src/cli.ts …` (npm run certbell); bin/certbell.js calls runFromProcess itself.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) runFromProcess();
