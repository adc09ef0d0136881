// The holiday data the working-day calendar counts with: the packaged years and the operator's file.
import { loadOperatorHolidays, packagedHolidayData } from '../adapters/calendar/holiday-data.js';
import type { HolidayData } from '../domain/calendar/working-days.js';
import type { Config } from '../config/index.js';

export interface HolidaySources {
  readonly packaged: HolidayData;
  readonly operator: HolidayData | null;
}

export function loadHolidays(config: Pick<Config, 'holidaysFile'>): HolidaySources {
  return { packaged: packagedHolidayData(), operator: config.holidaysFile ? loadOperatorHolidays(config.holidaysFile) : null };
}
