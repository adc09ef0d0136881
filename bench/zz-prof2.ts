import { generateCases } from './seed.js';
import { packagedHolidayData } from '../src/adapters/calendar/holiday-data.js';
import { planObligations } from '../src/domain/obligations.js';
import { defaultPolicy } from '../src/domain/policy.js';
import { WorkingDayCalendar } from '../src/domain/working-days.js';
const data = generateCases(20000);
const planned = data.cases.map((c) => ({ ref: c.ref, organizationId: c.organizationId, state: JSON.parse(JSON.stringify(c.state)) }));
const calendar = new WorkingDayCalendar(packagedHolidayData());
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const obs = planObligations(planned, { asOf: '2026-11-21', calendar, policy: defaultPolicy });
  console.log('planObligations', obs.length, (performance.now() - t).toFixed(0), 'ms');
}
