// The part of the composition root every command needs: the database, its repositories and the
// planning inputs. Read-only commands (plan, case show, outbox) stop here and never load the
// channels (telegraf, bolt, nodemailer), which is most of a command's start-up.
import { createHash } from 'node:crypto';
import type { Deps } from '../app/ports.js';
import { createContactBook, directoryEntryIds, useContactBook } from '../app/contacts/contact-book.js';
import { mergeHolidayData } from '../adapters/calendar/holiday-data.js';
import { loadContactOverrides } from '../adapters/contacts-file.js';
import { openDatabase } from '../adapters/db/connect.js';
import type { Database } from '../adapters/db/connect.js';
import { historyApplied } from '../adapters/db/migration-check.js';
import { loadReminderPolicy } from '../adapters/reminder-policy-file.js';
import type { Config } from '../config/index.js';
import { rulesVersion } from '../domain/obligations.js';
import type { Policy } from '../domain/policy.js';
import type { ReminderPolicy } from '../domain/reminders.js';
import { defaultReminderPolicy } from '../domain/schemes/registry.js';
import { WorkingDayCalendar } from '../domain/calendar/working-days.js';
import type { HolidayData } from '../domain/calendar/working-days.js';
import { loadHolidays } from './holidays.js';
import { createStores } from './stores.js';
import type { Stores } from './stores.js';

export interface Core {
  readonly deps: Deps;
  readonly stores: Stores;
  /** The reminder schedule: the schemes' defaults, with the operator's file laid over them. */
  readonly reminderPolicy: ReminderPolicy;
  readonly db: Database;
  readonly appliedMigrations: readonly string[];
  /** Set when the stored obligations had to be recomputed (new rules, policy or holiday data). */
  readonly refreshed: { readonly cases: number; readonly obligations: number } | null;
  close(): Promise<void>;
}

/** What stored obligations depend on besides the cases: a change to any of it recomputes them. */
export function planningFingerprint(policy: Policy, holidays: HolidayData): string {
  const days = [...holidays.entries()].sort(([a], [b]) => a - b);
  return createHash('sha256').update(JSON.stringify({ rulesVersion, policy, days })).digest('hex');
}

export async function openCore(config: Config, options: { readonly migrate: boolean }): Promise<Core> {
  const holidays = loadHolidays(config);
  const reminderPolicy = config.reminders.policyFile ? loadReminderPolicy(config.reminders.policyFile) : defaultReminderPolicy();
  // Every surface asks the one contact book: the schemes' directories with the operator's corrections.
  useContactBook(createContactBook(config.contactsFile ? loadContactOverrides(config.contactsFile, directoryEntryIds()) : {}));
  const applied = options.migrate && !(await historyApplied(config.databaseUrl)) ? (await (await import('../adapters/db/migrator.js')).deployMigrations(config.databaseUrl)).applied : [];
  const db = await openDatabase(config.databaseUrl);
  const data = holidays.operator ? mergeHolidayData(holidays.packaged, holidays.operator) : holidays.packaged;
  const calendar = new WorkingDayCalendar(data);
  const stores = createStores(db, { calendar, policy: config.policy });
  const refresh = await stores.cases.refreshObligations(planningFingerprint(config.policy, data));
  const deps: Deps = { cases: stores.cases, clock: { now: () => new Date() }, calendar, policy: config.policy, zone: config.zone };
  return {
    deps,
    stores,
    reminderPolicy,
    db,
    appliedMigrations: applied,
    refreshed: refresh.refreshed ? { cases: refresh.cases, obligations: refresh.obligations } : null,
    close: () => db.close(),
  };
}
