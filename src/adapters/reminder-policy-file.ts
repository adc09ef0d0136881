// Reads an operator's reminder schedule: which reminders each obligation kind gets. The defaults
// stand for every kind the file does not mention.
import { z } from 'zod';
import { defaultReminderPolicy } from '../domain/schemes/registry.js';
import type { ReminderPolicy, ReminderRule } from '../domain/reminders.js';
import { readOperatorJson } from './operator-json-file.js';

const point = z.strictObject({
  from: z.enum(['opens', 'due']),
  days: z.number().int().min(-730).max(0).optional(),
  months: z.number().int().min(-24).max(0).optional(),
});

const rule = z.strictObject({
  points: z.array(point).max(20),
  repeatEveryDays: z.number().int().min(1).max(90).optional(),
  overdueNotice: z.boolean(),
});

// Only applicant-side kinds are reminded; staff-side deadlines go to staff as escalations.
const file = z.strictObject({
  pledge: rule.optional(),
  'annual-inspection': rule.optional(),
  renewal: rule.optional(),
  'surveillance-info': rule.optional(),
  'surveillance-audit': rule.optional(),
  'suspension-end': rule.optional(),
});

export class ReminderPolicyFileError extends Error {}

/** The defaults with the file's kinds replaced; throws ReminderPolicyFileError naming the file, place and reason. */
export function loadReminderPolicy(path: string): ReminderPolicy {
  const data = readOperatorJson(path, file, ReminderPolicyFileError);
  const defaults = defaultReminderPolicy();
  // A staff-side kind the applicant is told of (WA-11) stays so whatever schedule the file gives it.
  const overrides = Object.fromEntries(
    Object.entries(data)
      .filter(([, r]) => r !== undefined)
      .map(([kind, r]) => [kind, defaults[kind]?.staffSide ? { ...r, staffSide: true } : r]),
  ) as Record<string, ReminderRule>;
  return { ...defaults, ...overrides };
}
