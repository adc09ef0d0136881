// Digest rendering for `npm run bench`: how many applicants' digests a second the real renderer
// (text, HTML and the .ics calendar, signed unsubscribe link) turns out, from cases seeded in SQLite.
// Planning is done first and not timed: this measures rendering. BENCH_DIGESTS sets how many.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagedHolidayData } from '../src/adapters/calendar/holiday-data.js';
import { createCaseRepository } from '../src/adapters/db/case-repository.js';
import { openDatabase } from '../src/adapters/db/connect.js';
import { createDigestRepository } from '../src/adapters/db/digest-repository.js';
import { deployMigrations } from '../src/adapters/db/migrator.js';
import { createDigestRenderer } from '../src/adapters/email/digest-email.js';
import { createUnsubscribeLinks } from '../src/adapters/email/unsubscribe-link.js';
import type { ContactDigest } from '../src/app/digest-ports.js';
import { contactDigestItems } from '../src/app/plan-digest.js';
import { addDays } from '../src/domain/calendar/calendar-date.js';
import type { PlannedObligation } from '../src/domain/obligations.js';
import { defaultPolicy } from '../src/domain/policy.js';
import { WorkingDayCalendar } from '../src/domain/calendar/working-days.js';
import { generateCases, seedSqlite } from './seed.js';

const DIGESTS = Number(process.env.BENCH_DIGESTS ?? 1_000);
const ROUNDS = 3;
const asOf = '2026-11-21';
const horizonDays = 60;

async function plannedDigests(): Promise<ContactDigest[]> {
  const dir = mkdtempSync(join(tmpdir(), 'certbell-bench-digests-'));
  const file = join(dir, 'digests.db');
  try {
    await deployMigrations(`file:${file}`);
    // Not every case has something due within the horizon: seed enough to have DIGESTS digests.
    seedSqlite(file, generateCases(DIGESTS * 3), true);
    const db = await openDatabase(`file:${file}`);
    const cases = createCaseRepository(db, { calendar: new WorkingDayCalendar(packagedHolidayData()), policy: defaultPolicy });
    await cases.refreshObligations('bench');
    const byCase = new Map<string, PlannedObligation[]>();
    for await (const page of cases.obligations({ asOf, dueBy: addDays(asOf, horizonDays) })) {
      for (const o of page) byCase.set(o.caseRef, [...(byCase.get(o.caseRef) ?? []), o]);
    }
    const contacts = await createDigestRepository(db).contactsOf([...byCase.keys()]);
    await db.close();
    return contacts
      .map((contact) => ({ asOf, period: '2026-W47', horizonDays, contact, items: contactDigestItems(contact.caseRefs.flatMap((ref) => byCase.get(ref) ?? []), asOf, horizonDays) }))
      .filter((digest) => digest.items.length > 0)
      .slice(0, DIGESTS);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const digests = await plannedDigests();
const renderer = createDigestRenderer({ zone: 'Asia/Shanghai', links: createUnsubscribeLinks('https://certbell.example.cn', 'bench-unsubscribe-secret-0123456789abcdef'), replyTo: '认证部 <desk@certbody.example.cn>' });
const at = new Date('2026-11-21T01:00:00Z');
// Warm-up: translator resources, the JIT, ical-generator's first calendar.
for (const digest of digests.slice(0, 200)) renderer.contactDigest(digest, at);
const rates: number[] = [];
let bytes = 0;
for (let round = 0; round < ROUNDS; round++) {
  bytes = 0;
  const started = performance.now();
  for (const digest of digests) {
    const message = renderer.contactDigest(digest, at);
    bytes += message.text.length + (message.html?.length ?? 0);
  }
  rates.push(digests.length / ((performance.now() - started) / 1000));
}
rates.sort((a, b) => a - b);
const perSecond = rates[Math.floor(ROUNDS / 2)]!;
const items = digests.reduce((sum, d) => sum + d.items.length, 0) / digests.length;
const figures = { digests: digests.length, itemsPerDigest: Number(items.toFixed(1)), perSecond: Math.round(perSecond), kbPerDigest: Number((bytes / digests.length / 1024).toFixed(1)), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
if (process.env.BENCH_JSON) console.log(JSON.stringify({ bench: 'digests', ...figures }));
else {
  const rows = [
    ['digests', 'items each', 'renders/s', 'KB text+HTML each', 'peak RSS MB'],
    [String(figures.digests), String(figures.itemsPerDigest), String(figures.perSecond), String(figures.kbPerDigest), String(figures.peakRssMb)],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log(`\nApplicants' digest rendering (text, HTML and .ics; median of ${ROUNDS} rounds; planning not timed; peak RSS of the whole process, seeding included)`);
  for (const r of rows) console.log(r.map((cell, i) => cell.padStart(widths[i]!)).join('  '));
}
