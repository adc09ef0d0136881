import { packagedHolidayData } from '../../src/adapters/calendar/holiday-data.js';
import type { Deps } from '../../src/app/ports.js';
import { defaultPolicy } from '../../src/domain/policy.js';
import { WorkingDayCalendar } from '../../src/domain/calendar/working-days.js';
import { InMemoryCases } from './in-memory-cases.js';

export const calendar = new WorkingDayCalendar(packagedHolidayData());

/** Use-case dependencies with an in-memory store and a clock pinned at the given instant. */
export function fakeDeps(now = '2026-11-21T02:00:00Z'): Deps & { cases: InMemoryCases } {
  return { cases: new InMemoryCases({ calendar, policy: defaultPolicy }), clock: { now: () => new Date(now) }, calendar, policy: defaultPolicy, zone: 'Asia/Shanghai' };
}
