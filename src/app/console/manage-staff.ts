// The operator lists who may use the web console (`certbell staff add|remove|list`).
import { fail, ok } from '../../domain/result.js';
import type { Result } from '../../domain/result.js';
import type { ConsoleLocale, StaffDirectory, StaffMember } from './staff-ports.js';

// One address, nothing around it: the same shape the mail adapter accepts.
const EMAIL = /^[^\s@,;:<>()[\]"\\]+@[^\s@,;:<>()[\]"\\]+\.[^\s@,;:<>()[\]"\\]+$/;

export function normalStaffEmail(email: string): string | null {
  const e = email.trim().toLowerCase();
  return EMAIL.test(e) ? e : null;
}

export async function addStaff(
  deps: { readonly staff: StaffDirectory; readonly clock: { now(): Date } },
  input: { readonly email: string; readonly locale: ConsoleLocale; readonly actor: string },
): Promise<Result<StaffMember>> {
  const email = normalStaffEmail(input.email);
  if (!email) return fail('staff/bad-email', { email: input.email.trim() });
  const at = deps.clock.now();
  const member: StaffMember = { email, locale: input.locale, addedAt: at, addedBy: input.actor };
  const added = await deps.staff.add(member, { actor: input.actor, action: 'staff.add', subject: email, details: { locale: input.locale } });
  if (!added) return fail('staff/exists', { email });
  return ok(member);
}

export async function removeStaff(
  deps: { readonly staff: StaffDirectory; readonly clock: { now(): Date } },
  input: { readonly email: string; readonly actor: string },
): Promise<Result<{ readonly email: string }>> {
  const email = normalStaffEmail(input.email);
  if (!email) return fail('staff/bad-email', { email: input.email.trim() });
  const at = deps.clock.now();
  const removed = await deps.staff.remove(email, at, { actor: input.actor, action: 'staff.remove', subject: email, details: {} });
  if (!removed) return fail('staff/not-found', { email });
  return ok({ email });
}
