import { generateCases } from './seed.js';
import { packagedHolidayData } from '../src/adapters/calendar/holiday-data.js';
import { defaultPolicy } from '../src/domain/policy.js';
import { schemeFor } from '../src/domain/schemes/index.js';
import { WorkingDayCalendar } from '../src/domain/working-days.js';
import { compareDates } from '../src/domain/calendar-date.js';
const data = generateCases(20000);
const planned = data.cases.map((c) => ({ ref: c.ref, organizationId: c.organizationId, state: JSON.parse(JSON.stringify(c.state)) }));
const calendar = new WorkingDayCalendar(packagedHolidayData());
const groups = new Map<string, typeof planned>();
for (const c of planned) { const g = groups.get(c.organizationId); if (g) g.push(c); else groups.set(c.organizationId, [c]); }
console.log('groups', groups.size, 'max', Math.max(...[...groups.values()].map((g) => g.length)));
for (let r = 0; r < 3; r++) {
  let t = performance.now();
  const out: any[] = [];
  for (const g of groups.values()) for (const c of g) {
    const sib = g.length === 1 ? [] : g.filter((s) => s !== c && s.state.scheme === c.state.scheme);
    for (const o of schemeFor(c.state.scheme).obligations(c.state, { asOf: '2026-11-21', ref: c.ref, calendar, policy: defaultPolicy, siblings: sib })) out.push({ ...o, caseRef: c.ref });
  }
  const t1 = performance.now();
  out.sort((a, b) => compareDates(a.dueOn, b.dueOn) || (a.caseRef < b.caseRef ? -1 : a.caseRef > b.caseRef ? 1 : 0));
  console.log('obligations', (t1 - t).toFixed(0), 'sort', (performance.now() - t1).toFixed(0));
}
