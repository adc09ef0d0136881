// An operator's reminder schedule replaces the defaults kind by kind; a staff-side kind its applicant
// is told of (WA-11, the suspension) stays told whatever schedule the file gives it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadReminderPolicy, ReminderPolicyFileError } from '../../../src/adapters/reminder-policy-file.js';
import { reminderSchedule } from '../../../src/domain/reminders.js';
import type { CaseObligation } from '../../../src/domain/obligations.js';

const dir = mkdtempSync(join(tmpdir(), 'certbell-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const suspension: CaseObligation = {
  kind: 'suspension-end',
  rules: ['WA-11', 'WA-12'],
  audience: 'staff',
  opensOn: '2026-09-15',
  dueOn: '2026-12-15',
  counting: 'calendar-days',
  estimatedYears: [],
  occurrence: '2026-06-15',
  explanation: { key: 'suspension-end', params: {} },
  caseRef: 'WA-1',
  scheme: 'wal',
};

it('WA-11: a file that reschedules the suspension keeps telling the holder; a bad file is refused naming the place', () => {
  const path = join(dir, 'policy.json');
  writeFileSync(path, JSON.stringify({ 'suspension-end': { points: [{ from: 'due', days: -14 }], overdueNotice: false } }));
  const policy = loadReminderPolicy(path);
  expect(reminderSchedule(suspension, policy).map((s) => `${s.id} ${s.sendOn}`)).toEqual(['due-14d 2026-12-01']);
  // Defaults stand for the rest.
  expect(policy['annual-inspection']?.points.length).toBeGreaterThan(0);
  writeFileSync(path, JSON.stringify({ 'suspension-end': { points: [], overdueNotice: false, staffSide: false } }));
  expect(() => loadReminderPolicy(path)).toThrow(ReminderPolicyFileError);
});
