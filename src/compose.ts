// Builds the parts that the service (main.ts) and the command line (cli.ts) share.
import type { Deps } from './app/ports.js';
import { createCaseRepository } from './adapters/db/case-repository.js';
import { openDatabase } from './adapters/db/connect.js';
import type { Database } from './adapters/db/connect.js';
import { deployMigrations } from './adapters/db/migrator.js';
import { loadOperatorHolidays, mergeHolidayData, packagedHolidayData } from './adapters/calendar/holiday-data.js';
import type { Config } from './config.js';
import { WorkingDayCalendar } from './domain/working-days.js';
import type { HolidayData } from './domain/working-days.js';

export interface HolidaySources {
  readonly packaged: HolidayData;
  readonly operator: HolidayData | null;
}

export function loadHolidays(config: Config): HolidaySources {
  return { packaged: packagedHolidayData(), operator: config.holidaysFile ? loadOperatorHolidays(config.holidaysFile) : null };
}

export interface Runtime {
  readonly deps: Deps;
  readonly db: Database;
  readonly holidays: HolidaySources;
  readonly appliedMigrations: readonly string[];
  close(): Promise<void>;
}

export async function buildRuntime(config: Config, options: { readonly migrate: boolean }): Promise<Runtime> {
  const holidays = loadHolidays(config);
  const applied = options.migrate ? (await deployMigrations(config.databaseUrl)).applied : [];
  const db = await openDatabase(config.databaseUrl);
  const calendar = new WorkingDayCalendar(holidays.operator ? mergeHolidayData(holidays.packaged, holidays.operator) : holidays.packaged);
  return {
    deps: { cases: createCaseRepository(db), clock: { now: () => new Date() }, calendar, policy: config.policy, zone: config.zone },
    db,
    holidays,
    appliedMigrations: applied,
    close: () => db.close(),
  };
}
